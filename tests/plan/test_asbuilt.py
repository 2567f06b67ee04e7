"""Writing deployed values back into a copy of the workbook."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from tests.conftest import EXAMPLE_PLAN

from cxvoyager.errors import PlanError
from cxvoyager.plan import check_plan
from cxvoyager.plan.asbuilt import write_as_built


def test_values_are_written(tmp_path: Path) -> None:
    dest = tmp_path / "plan.as-built.xlsx"
    write_as_built(EXAMPLE_PLAN, dest, {"主机规划!E19": "SN-0001", "集群管理信息!M3": "CT-SN"})
    workbook = openpyxl.load_workbook(dest)
    assert workbook["主机规划"]["E19"].value == "SN-0001"
    assert workbook["集群管理信息"]["M3"].value == "CT-SN"


def test_formulas_and_merges_are_kept(tmp_path: Path) -> None:
    dest = tmp_path / "plan.as-built.xlsx"
    write_as_built(EXAMPLE_PLAN, dest, {"主机规划!E19": "SN-0001"})
    sheet = openpyxl.load_workbook(dest)["主机规划"]
    assert sheet["C3"].value == "=虚拟网络!B3"
    assert "E19:G19" in {str(merged) for merged in sheet.merged_cells.ranges}


def test_as_built_reads_back_with_masked_passwords(tmp_path: Path) -> None:
    dest = tmp_path / "plan.as-built.xlsx"
    write_as_built(EXAMPLE_PLAN, dest, {"主机规划!E19": "SN-0001"})
    check = check_plan(dest)
    # Only the masked passwords fail: every other value reads as planned.
    assert {finding.rule for finding in check.findings} == {"password.weak"}
    assert {finding.value for finding in check.findings} == {"******"}


def test_source_is_untouched(tmp_path: Path) -> None:
    before = EXAMPLE_PLAN.read_bytes()
    write_as_built(EXAMPLE_PLAN, tmp_path / "out.xlsx", {"主机规划!E19": "SN-0001"})
    assert EXAMPLE_PLAN.read_bytes() == before


@pytest.mark.parametrize(
    "place",
    [
        pytest.param("不存在!A1", id="unknown-sheet"),
        pytest.param("主机规划", id="no-cell"),
        pytest.param("主机规划!F19", id="inside-merged-range"),
        pytest.param("主机规划!not-a-cell", id="not-a-cell"),
    ],
)
def test_bad_place_raises(tmp_path: Path, place: str) -> None:
    with pytest.raises(PlanError, match=place.split("!")[0]):
        write_as_built(EXAMPLE_PLAN, tmp_path / "out.xlsx", {place: "x"})


def test_as_built_masks_every_password(tmp_path: Path) -> None:
    from tests.conftest import EXAMPLE_PLAN

    from cxvoyager.plan import load_plan

    secrets = load_plan(EXAMPLE_PLAN).secrets()
    dest = tmp_path / "as-built.xlsx"
    write_as_built(EXAMPLE_PLAN, dest, {"主机规划!E19": "SN-1"})

    workbook = openpyxl.load_workbook(dest)
    values = {
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }
    assert values & set(secrets) == set()
    assert workbook["主机规划"]["M19"].value == "******"
    assert workbook["主机规划"]["E19"].value == "SN-1"


def test_as_built_of_template_drops_password_links(tmp_path: Path, reference_dir: Path) -> None:
    from cxvoyager.report.secretscan import scan_files

    template = reference_dir / "plan-template.xlsx"
    secrets = ["P@ssw0rd!123", "HC!r0cks"]  # the template's own sample passwords
    dest = tmp_path / "as-built.xlsx"
    write_as_built(template, dest, {"主机规划!E19": "SN-1"})

    assert scan_files([dest], secrets) == []
