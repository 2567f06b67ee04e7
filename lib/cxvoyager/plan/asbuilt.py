"""Write deployed values back into a copy of the workbook (the as-built record)."""

from __future__ import annotations

import logging
import os
import tempfile
import warnings
from collections.abc import Mapping
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import MergedCell

from cxvoyager import i18n
from cxvoyager.errors import PlanError

logger = logging.getLogger(__name__)


def write_as_built(source: Path, dest: Path, values: Mapping[str, str]) -> None:
    """Copy the workbook ``source`` to ``dest`` with ``values`` written into their cells.

    Formulas, merged cells, fills and sheet protection of the source are kept.
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

    handle, name = tempfile.mkstemp(prefix=".as-built-", suffix=".xlsx", dir=dest.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        workbook.save(temporary)
        temporary.replace(dest)
    finally:
        temporary.unlink(missing_ok=True)
    logger.info("wrote as-built workbook %s with %d values", dest, len(values))
