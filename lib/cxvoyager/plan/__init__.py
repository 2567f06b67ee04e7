"""Reading, validating and writing back the planning workbook."""
