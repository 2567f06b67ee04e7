"""Write deployed values back into a copy of the workbook (the as-built record)."""

from __future__ import annotations

import logging
import os
import tempfile
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import MergedCell

from cxvoyager import i18n
from cxvoyager.errors import PlanError

logger = logging.getLogger(__name__)


# Sheets whose password columns (row-2 header containing 密码) are masked in the
# as-built copy, with the last row that contains credentials.
_PASSWORD_SHEETS = {"主机规划": 19, "集群管理信息": 19}
_PASSWORD_HEADER = "密码"  # noqa: S105 - the header text of password columns, not a password
_MASK = "******"
_NOT_SECRET = {"", "N/A", "NA", "-", "---"}


def _mask_passwords(workbook: Any) -> None:
    """Replace every filled password cell with a mask: the as-built record is handed out."""
    for sheet_name, last_row in _PASSWORD_SHEETS.items():
        if sheet_name not in workbook.sheetnames:
            continue
        sheet = workbook[sheet_name]
        columns = [
            cell.column_letter
            for cell in sheet[2]
            if isinstance(cell.value, str) and _PASSWORD_HEADER in cell.value
        ]
        for column in columns:
            for row in range(3, last_row + 1):
                cell = sheet[f"{column}{row}"]
                if isinstance(cell, MergedCell) or cell.value is None:
                    continue
                if str(cell.value).strip().upper() not in _NOT_SECRET:
                    cell.value = _MASK
                    # Excel turns a password with "@" into a mailto: link that repeats it.
                    cell.hyperlink = None


def write_as_built(source: Path, dest: Path, values: Mapping[str, str]) -> None:
    """Copy the workbook ``source`` to ``dest`` with ``values`` written into their cells.

    Formulas, merged cells, fills and sheet protection of the source are kept.
    Every password cell is masked, because the as-built record is handed to
    the customer and kept with the run's reports.
    ``dest`` is replaced atomically, so a reader never sees half a file.

    Args:
        source: the planning workbook.
        dest: where the as-built workbook goes; its folder must exist.
        values: text by ``"sheet!cell"``, such as ``{"主机规划!E19": "SN-123"}``.

    Raises:
        PlanError: a key names no sheet, is not a cell, or is inside a merged
            range other than at its top-left cell.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # parts openpyxl drops hold no plan data
        workbook = openpyxl.load_workbook(source)
    for place, text in values.items():
        sheet, _, coordinate = place.partition("!")
        if sheet not in workbook.sheetnames or not coordinate:
            raise PlanError(i18n.t("plan.asbuilt.bad_place", place=place), place=place)
        try:
            cell = workbook[sheet][coordinate]
        except ValueError as exc:
            raise PlanError(i18n.t("plan.asbuilt.bad_place", place=place), place=place) from exc
        if isinstance(cell, (MergedCell, tuple)):  # a range such as A1:B2 is a tuple
            raise PlanError(i18n.t("plan.asbuilt.merged", place=place), place=place)
        cell.value = text
    _mask_passwords(workbook)

    handle, name = tempfile.mkstemp(prefix=".as-built-", suffix=".xlsx", dir=dest.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        workbook.save(temporary)
        temporary.replace(dest)
    finally:
        temporary.unlink(missing_ok=True)
    logger.info("wrote as-built workbook %s with %d values", dest, len(values))
