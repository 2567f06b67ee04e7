"""Resuming with --lf from the ledger, stale results of a changed workbook, consolidated reports."""

from __future__ import annotations

import pytest
from tests.engine.conftest import SuiteProject, executed


def build_suite(project: SuiteProject) -> None:
    project.stage("test_01_prepare_plan.py", ["test_read", "test_validate"])
    project.stage("test_02_init_cluster.py", ["test_discover", "test_deploy", "test_verify"])
    project.stage("test_03_config_cluster.py", ["test_dns"])
    project.stage("test_15_cleanup.py", ["test_cleanup"])


def names(result: pytest.RunResult) -> list[str]:
    return [nodeid.split("::")[-1] for nodeid in executed(result)]


def test_lf_reruns_failed_and_dependents_only(project: SuiteProject) -> None:
    build_suite(project)
    project.fail("test_deploy")
    first = project.run(report="first")
    assert first.ret == pytest.ExitCode.TESTS_FAILED
    project.fail()

    second = project.run("--lf", "-v", report="second")

    assert names(second) == ["test_deploy", "test_verify", "test_dns", "test_cleanup"], (
        second.stdout.str()
    )
    assert second.ret == pytest.ExitCode.OK, second.stdout.str()
    assert "4 个此前已通过的步骤计为通过" not in second.stdout.str()
    assert "3 个此前已通过的步骤计为通过" in second.stdout.str(), second.stdout.str()


def test_lf_after_success_runs_only_cleanup(project: SuiteProject) -> None:
    build_suite(project)
    project.run(report="first")

    again = project.run("--lf", "-v", report="second")

    assert names(again) == ["test_cleanup"], again.stdout.str()


def test_lf_without_history_runs_everything(project: SuiteProject) -> None:
    build_suite(project)

    result = project.run("--lf", "-v")

    assert len(names(result)) == 7, result.stdout.str()
    assert "没有运行记录" in result.stdout.str()


def test_lf_twice_keeps_failure_until_fixed(project: SuiteProject) -> None:
    build_suite(project)
    project.fail("test_deploy")
    project.run(report="first")

    second = project.run("--lf", "-v", report="second")
    third = project.run("--lf", "-v", report="third")

    # pytest's own cache would forget the dependents after one rerun; the ledger does not.
    assert names(second) == ["test_deploy", "test_verify", "test_dns", "test_cleanup"]
    assert names(third) == ["test_deploy", "test_verify", "test_dns", "test_cleanup"]


def test_plain_rerun_checks_every_step(project: SuiteProject) -> None:
    build_suite(project)
    project.run(report="first")

    again = project.run("-v", report="second")

    assert len(names(again)) == 7, again.stdout.str()


def test_changed_workbook_reports_stale_stages(project: SuiteProject) -> None:
    build_suite(project)
    project.run(report="first")
    project.set_cell("文档描述", "C15", "另一家示例公司")

    result = project.run("-v", report="second")

    header = result.stdout.str()
    assert "规划设计表已变更" in header, header
    assert "01_prepare_plan, 02_init_cluster, 03_config_cluster, 15_cleanup" in header, header


def test_changed_workbook_not_credited_by_lf(project: SuiteProject) -> None:
    build_suite(project)
    project.run(report="first")
    project.set_cell("文档描述", "C15", "另一家示例公司")

    result = project.run("--lf", "-v", report="second")

    assert len(names(result)) == 7, result.stdout.str()


def test_acceptance_consolidates_runs(project: SuiteProject) -> None:
    build_suite(project)
    project.fail("test_deploy")
    project.run(report="first")
    project.fail()
    project.run("--lf", report="second")

    page = (project.report_dir("second") / "acceptance.html").read_text("utf-8")
    ledger = project.ledger()
    first_run, second_run = (run["run_id"] for run in ledger["runs"])

    assert "模拟环境" in page
    assert "星河示例科技" in page
    assert first_run in page, "stage 01 passed in the first run and must be credited to it"
    assert second_run in page
    assert page.count('class="failed"') == 0, "every step passed by the end of the second run"
    assert ledger["steps"]["suites/test_01_prepare_plan.py::test_read"]["run_id"] == first_run
    assert ledger["steps"]["suites/test_02_init_cluster.py::test_deploy"]["run_id"] == second_run


def test_acceptance_in_english(project: SuiteProject) -> None:
    build_suite(project)

    project.run("--lang", "en")

    page = (project.report_dir("run") / "acceptance.html").read_text("utf-8")
    assert "acceptance report" in page
    assert "Sign-off" in page
