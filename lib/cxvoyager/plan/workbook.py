"""Open the workbook file and read cells, following plain cell references.

Workbooks saved by openpyxl (the template is one) carry no cached formula
values, so ``data_only=True`` would return None for ``=虚拟网络!B3``. The
workbook is loaded once with formulas, and a formula that is a plain
reference to another cell is followed to its source.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
import warnings
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook

from cxvoyager.plan import layout
from cxvoyager.plan.findings import FindingSink
from cxvoyager.plan.model import CellRef

logger = logging.getLogger(__name__)

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURE = b"PK\x03\x04"
# An encrypted .xlsx is an OLE container holding a stream of this name.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_REFERENCE = re.compile(
    r"^=\s*(?:(?:'(?P<quoted>[^']+)'|(?P<sheet>[^'!=\s]+))!)?"
    r"\$?(?P<column>[A-Z]{1,3})\$?(?P<row>[0-9]+)\s*$",
    re.IGNORECASE,
)


def _file_problem(path: Path) -> str | None:
    """Return the rule id of what makes ``path`` unreadable as .xlsx, or None."""
    if not path.is_file():
        return "file.missing"
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
            if head.startswith(_OLE_SIGNATURE):
                return "file.encrypted" if _ENCRYPTED_STREAM in stream.read() else "file.xls"
    except OSError:
        return "file.unreadable"
    if not head:
        return "file.empty"
    if not head.startswith(_ZIP_SIGNATURE):
        return "file.not_xlsx"
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return "file.unreadable"
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        return "file.not_workbook"
    return None


def open_workbook(path: str | os.PathLike[str], sink: FindingSink) -> Workbook | None:
    """Load the workbook with formulas kept, or record why it cannot be read.

    Returns:
        The workbook, or None after adding a ``file.*`` finding.
    """
    source = Path(path)
    problem = _file_problem(source)
    if problem is not None:
        sink.error(problem, None, str(source), path=str(source))
        return None
    try:
        # openpyxl warns about workbook parts it drops (extensions, slicers);
        # none of them carries plan data.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(source, data_only=False)
    except Exception as exc:  # any parser failure means the file is damaged
        logger.info("openpyxl could not read %s: %s", source, type(exc).__name__)
        sink.error(
            "file.unreadable", None, str(source), path=str(source), reason=type(exc).__name__
        )
        return None


def header_text(value: Any) -> str:
    """Return a header cell's text with full-width forms folded and whitespace collapsed."""
    if value is None:
        return ""
    return layout.squeeze(unicodedata.normalize("NFKC", str(value)))


class CellReader:
    """Read cell values, following formulas that are plain references.

    A formula of any other shape cannot be evaluated here; reading such a
    cell records a ``cell.formula`` error and returns no value.
    """

    def __init__(self, workbook: Workbook, sink: FindingSink) -> None:
        self.workbook = workbook
        self.sink = sink

    def value(self, sheet: str, coordinate: str) -> tuple[Any, bool]:
        """Return the value of ``sheet!coordinate`` and whether it could be read."""
        return self._resolve(sheet, coordinate.upper(), CellRef(sheet=sheet, cell=coordinate), [])

    def _resolve(
        self, sheet: str, coordinate: str, origin: CellRef, seen: list[str]
    ) -> tuple[Any, bool]:
        place = f"{sheet}!{coordinate}"
        if place in seen:
            self.sink.error("cell.formula_cycle", origin, None, chain=" -> ".join([*seen, place]))
            return None, False
        if sheet not in self.workbook.sheetnames:
            self.sink.error("cell.formula_target", origin, None, target=place)
            return None, False
        value = self.workbook[sheet][coordinate].value
        if not isinstance(value, str) or not value.startswith("="):
            if value is not None and not isinstance(value, (str, int, float, bool)):
                # ArrayFormula, DataTableFormula and the like.
                self.sink.error("cell.formula", origin, None, formula=type(value).__name__)
                return None, False
            return value, True

        match = _REFERENCE.match(value)
        if match is None:
            self.sink.error("cell.formula", origin, None, formula=value)
            return None, False
        target_sheet = match["quoted"] or match["sheet"] or sheet
        target = f"{match['column'].upper()}{match['row']}"
        return self._resolve(target_sheet, target, origin, [*seen, place])
