"""Stage 01 against the real workbook checks: findings as a table, nothing started on errors."""

from __future__ import annotations

import shutil

import pytest
from tests.engine.conftest import PROJECT_DIR, SuiteProject

SIM_STAGE = '''
def test_discover(simulator):
    """The simulator starts only after the plan validated."""
'''


@pytest.fixture
def real_stage_01(project: SuiteProject) -> SuiteProject:
    shutil.copy(PROJECT_DIR / "suites" / "test_01_prepare_plan.py", project.root / "suites")
    (project.root / "suites" / "test_02_init_cluster.py").write_text(SIM_STAGE, encoding="utf-8")
    return project


def test_invalid_plan_shows_findings_table(real_stage_01: SuiteProject) -> None:
    project = real_stage_01
    project.set_cell("主机规划", "I19", "10.0.300.1")

    result = project.run("-rs", "--tb=long")

    output = result.stdout.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "主机规划!I19" in output, output
    assert "10.0.300.1" in output, output
    assert "Traceback" not in output, output
    assert "planstage.py" not in output, "the table replaces the traceback"
    result.assert_outcomes(passed=1, failed=1, skipped=2)
    assert "test_validate_fields_and_cross_sheet_rules" in output.split("short test summary")[-1]


def test_invalid_plan_starts_no_simulator(real_stage_01: SuiteProject) -> None:
    project = real_stage_01
    project.set_cell("主机规划", "I19", "10.0.300.1")

    project.run()

    assert not list((project.root / "state").glob("*/sim")), "no simulator state may be created"


def test_unreadable_workbook_fails_read_step(real_stage_01: SuiteProject) -> None:
    project = real_stage_01
    project.plan.write_bytes(b"not a workbook")

    result = project.run("-rs")

    result.assert_outcomes(failed=1, skipped=3)
    output = result.stdout.str()
    assert "test_read_workbook" in output.split("short test summary")[-1], output
    assert "Traceback" not in output, output
