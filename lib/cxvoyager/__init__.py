"""CXVoyager: deploy and accept a SmartX hyperconverged environment from its planning workbook."""

__version__ = "0.1.0"
