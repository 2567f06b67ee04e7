"""Helpers for the plan tests: build a mutated copy of the example plan."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from tests.conftest import EXAMPLE_PLAN

Edits = Mapping[str, object]
MakePlan = Callable[..., Path]


def apply_edits(workbook: Workbook, edits: Edits) -> None:
    """Write each ``"sheet!cell" -> value`` edit; None clears the cell."""
    for place, value in edits.items():
        sheet, cell = place.split("!")
        workbook[sheet][cell].value = value


@pytest.fixture
def make_plan(tmp_path: Path) -> MakePlan:
    """Return a function that saves the example plan with edits into tmp_path."""

    def make(
        edits: Edits | None = None,
        *,
        change: Callable[[Workbook], None] | None = None,
        name: str = "plan.xlsx",
    ) -> Path:
        workbook = openpyxl.load_workbook(EXAMPLE_PLAN)
        apply_edits(workbook, edits or {})
        if change is not None:
            change(workbook)
        path = tmp_path / name
        workbook.save(path)
        return path

    return make
