"""Several --plan values run as independent plans, each with its own ledger and reports."""

from __future__ import annotations

import json

import pytest
from tests.engine.conftest import SuiteProject, executed


def two_plans(project: SuiteProject) -> tuple[str, str]:
    project.stage("test_01_prepare_plan.py", ["test_read"])
    project.stage("test_02_init_cluster.py", ["test_deploy"])
    project.stage("test_15_cleanup.py", ["test_cleanup"])
    other = project.set_cell("文档描述", "C15", "第二家示例公司", dest=project.root / "site_b.xlsx")
    return str(project.plan), str(other)


def run_both(project: SuiteProject, *args: str, report: str = "multi") -> pytest.RunResult:
    first, second = two_plans(project)
    return project.pytester.runpytest(
        "suites",
        "--plan",
        first,
        "--plan",
        second,
        "--sim-speed",
        "max",
        "--state-dir",
        str(project.root / "state"),
        "--report-dir",
        str(project.report_dir(report)),
        *args,
    )


def test_each_plan_runs_every_stage(project: SuiteProject) -> None:
    result = run_both(project, "-v")

    order = executed(result)
    assert order == [
        "suites/test_01_prepare_plan.py::test_read[plan]",
        "suites/test_02_init_cluster.py::test_deploy[plan]",
        "suites/test_15_cleanup.py::test_cleanup[plan]",
        "suites/test_01_prepare_plan.py::test_read[site_b]",
        "suites/test_02_init_cluster.py::test_deploy[site_b]",
        "suites/test_15_cleanup.py::test_cleanup[site_b]",
    ], result.stdout.str()
    assert result.ret == pytest.ExitCode.OK


def test_each_plan_has_own_ledger_and_reports(project: SuiteProject) -> None:
    run_both(project)

    ledgers = sorted((project.root / "state").glob("*.json"))
    assert len(ledgers) == 2, ledgers
    for path in ledgers:
        steps = json.loads(path.read_text("utf-8"))["steps"]
        assert sorted(steps) == [
            "suites/test_01_prepare_plan.py::test_read",
            "suites/test_02_init_cluster.py::test_deploy",
            "suites/test_15_cleanup.py::test_cleanup",
        ], steps
    session_dir = project.report_dir("multi")
    assert (session_dir / "report.html").is_file()
    assert (session_dir / "plan" / "summary.json").is_file()
    assert (session_dir / "site_b" / "acceptance.html").is_file()


def test_failure_in_one_plan_spares_other(project: SuiteProject) -> None:
    project.fail("test_read@plan")

    result = run_both(project, "-v")

    result.assert_outcomes(failed=1, skipped=1, passed=4)
    output = result.stdout.str()
    assert "test_deploy[plan] SKIPPED" in output, output
    assert "test_deploy[site_b] PASSED" in output, output
