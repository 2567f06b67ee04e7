"""The engine with the project's real stage modules against the simulator."""

from __future__ import annotations

import shutil

import pytest
from tests.engine.conftest import PROJECT_DIR, SuiteProject

REAL_STAGES = sorted((PROJECT_DIR / "suites").glob("test_0[1-3]_*.py"))


@pytest.fixture
def real_suite(project: SuiteProject) -> SuiteProject:
    if len(REAL_STAGES) < 2:
        pytest.skip("stages 01 and 02 are not in suites/ yet")
    for module in REAL_STAGES:
        shutil.copy(module, project.root / "suites")
    return project


def test_injected_deploy_failure_then_lf(real_suite: SuiteProject) -> None:
    project = real_suite

    first = project.run("--sim-fault", "task:cluster-deploy:fail:1", report="first")
    second = project.run("--lf", report="second")

    ledger = project.ledger()
    first_outcomes = {
        step["step"]: step
        for stage in project.summary("first")["stages"]
        for step in stage["steps"]
    }
    failed = [key for key, step in first_outcomes.items() if step["outcome"] == "failed"]
    assert first.ret == pytest.ExitCode.TESTS_FAILED
    assert failed, first_outcomes
    assert all("test_02_" in key for key in failed), failed
    later = [step for key, step in first_outcomes.items() if "test_03_" in key]
    assert later, first_outcomes
    assert all(step["skip_kind"] == "dependency" for step in later), later
    # Progress lines of uploads and waits split -v lines, so read the run's summary.
    rerun = [
        step["step"] for stage in project.summary("second")["stages"] for step in stage["steps"]
    ]
    assert second.ret in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED), second.ret
    assert not [nodeid for nodeid in rerun if "test_01_" in nodeid], rerun
    expected = sorted(
        key
        for key, step in first_outcomes.items()
        if step["outcome"] == "failed" or step["skip_kind"] == "dependency"
    )
    assert sorted(rerun) == expected, rerun
    assert len(ledger["runs"]) == 2
