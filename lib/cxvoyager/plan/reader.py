"""Read a planning workbook into a draft: check its layout, then read every sheet."""

from __future__ import annotations

import os
from typing import Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from cxvoyager.plan import layout
from cxvoyager.plan.draft import Draft
from cxvoyager.plan.fields import FieldReader
from cxvoyager.plan.findings import FindingSink
from cxvoyager.plan.model import CellRef
from cxvoyager.plan.sheet_components import read_components
from cxvoyager.plan.sheet_hosts import read_hosts
from cxvoyager.plan.sheet_networks import read_networks
from cxvoyager.plan.values import TEXT
from cxvoyager.plan.workbook import CellReader, header_text, open_workbook


def read_plan(path: str | os.PathLike[str], sink: FindingSink) -> Draft | None:
    """Read the workbook at ``path`` into a draft, recording findings in ``sink``.

    Returns:
        The draft, or None when the file is not a readable workbook or its
        layout differs from the template (values would come from wrong cells).
    """
    workbook = open_workbook(path, sink)
    if workbook is None:
        return None
    if not check_layout(workbook, sink):
        return None

    draft = Draft(source=os.fspath(path))
    fields = FieldReader(CellReader(workbook, sink), draft, sink)
    _read_document(fields)
    read_networks(fields)
    read_hosts(fields)
    read_components(fields)
    return draft


def _read_document(fields: FieldReader) -> None:
    for key, cell in (("customer", "C15"), ("project", "C16"), ("datacenter", "C17")):
        fields.read(key, layout.DOCUMENT, cell, TEXT, required=True)


def check_layout(workbook: Workbook, sink: FindingSink) -> bool:
    """Check that the four plan sheets exist and their headers are where the template has them.

    Returns:
        Whether the layout matches; each difference has been recorded.
    """
    ok = True
    for sheet in layout.SHEETS:
        if sheet not in workbook.sheetnames:
            found = ", ".join(workbook.sheetnames)
            sink.error("layout.sheet_missing", CellRef(sheet=sheet, cell=""), None, found=found)
            ok = False
            continue
        worksheet = workbook[sheet]
        for coordinate, expected in layout.HEADERS[sheet].items():
            ok = _check_header(worksheet, coordinate, expected, sink) and ok
    return ok


def _check_header(worksheet: Worksheet, coordinate: str, expected: str, sink: FindingSink) -> bool:
    expected_text = header_text(expected)
    found = header_text(worksheet[coordinate].value)
    if found == expected_text:
        return True
    ref = CellRef(sheet=worksheet.title, cell=coordinate)
    # Skip cells where the template has the same text on purpose (two 密码 columns).
    expected_at = {
        cell
        for cell, text in layout.HEADERS[worksheet.title].items()
        if header_text(text) == expected_text
    }
    elsewhere = _find_text(worksheet, expected_text, expected_at)
    if elsewhere is not None:
        sink.error("layout.header_moved", ref, found, expected=expected, found_at=elsewhere)
    else:
        sink.error("layout.header_mismatch", ref, found, expected=expected)
    return False


def _find_text(worksheet: Worksheet, expected_text: str, skip: set[str]) -> str | None:
    """Return the coordinate of the first cell near the top left whose text is ``expected_text``."""
    rows: Any = worksheet.iter_rows(
        min_row=1, max_row=layout.SEARCH_ROWS, max_col=layout.SEARCH_COLUMNS
    )
    for row in rows:
        for cell in row:
            if cell.coordinate in skip or not isinstance(cell.value, str):
                continue
            if header_text(cell.value) == expected_text:
                return str(cell.coordinate)
    return None
