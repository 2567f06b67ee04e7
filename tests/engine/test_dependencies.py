"""Stage order and step dependencies of a synthetic suite."""

from __future__ import annotations

import pytest
from tests.engine.conftest import SuiteProject, executed

SHUFFLING_CONFTEST = """
import random

pytest_plugins = ["cxvoyager.plugin", "fixtures.session"]


def pytest_collection_modifyitems(items):
    random.Random(7).shuffle(items)
"""


def build_suite(project: SuiteProject) -> None:
    project.stage("test_01_prepare_plan.py", ["test_read", "test_validate"])
    project.stage("test_02_init_cluster.py", ["test_discover", "test_deploy", "test_verify"])
    project.stage("test_03_config_cluster.py", ["test_dns"])
    project.stage("test_05_attach_cluster.py", ["test_attach"])
    project.stage(
        "test_07_check_cluster_healthy.py",
        ["test_hosts", "test_disks", "test_report"],
        independent=("test_hosts", "test_disks"),
    )
    project.stage("test_08_deploy_obs.py", ["test_obs"])
    project.stage("test_09_deploy_bak.py", ["test_bak"])
    project.stage("test_13_create_test_vms.py", ["test_vms"])
    project.stage("test_15_cleanup.py", ["test_cleanup"])


def test_stage_order_survives_shuffle(project: SuiteProject) -> None:
    build_suite(project)
    project.pytester.makeconftest(SHUFFLING_CONFTEST)

    result = project.run("-v")

    names = [nodeid.split("::")[-1] for nodeid in executed(result)]
    assert names == [
        "test_read",
        "test_validate",
        "test_discover",
        "test_deploy",
        "test_verify",
        "test_dns",
        "test_attach",
        "test_hosts",
        "test_disks",
        "test_report",
        "test_obs",
        "test_bak",
        "test_vms",
        "test_cleanup",
    ], result.stdout.str()
    assert result.ret == pytest.ExitCode.OK


def test_failed_step_skips_dependents(project: SuiteProject) -> None:
    build_suite(project)
    project.fail("test_deploy")

    result = project.run("-rs")

    result.assert_outcomes(passed=4, failed=1, skipped=9)
    output = result.stdout.str()
    assert "test_02_init_cluster.py::test_deploy（阶段 02_init_cluster）在运行" in output, output
    summary = project.summary()
    steps = {
        step["step"].split("::")[-1]: step for stage in summary["stages"] for step in stage["steps"]
    }
    assert steps["test_verify"]["skip_kind"] == "dependency", steps["test_verify"]
    assert "test_deploy" in steps["test_verify"]["reason"], steps["test_verify"]
    assert steps["test_dns"]["skip_kind"] == "dependency", steps["test_dns"]
    assert "test_deploy" in steps["test_vms"]["reason"], steps["test_vms"]
    assert steps["test_cleanup"]["outcome"] == "passed", steps["test_cleanup"]


def test_independent_failure_keeps_stage_running(project: SuiteProject) -> None:
    build_suite(project)
    project.fail("test_hosts")

    result = project.run()

    summary = project.summary()
    outcomes = {
        step["step"].split("::")[-1]: step["outcome"]
        for stage in summary["stages"]
        for step in stage["steps"]
    }
    assert outcomes["test_disks"] == "passed", outcomes
    assert outcomes["test_report"] == "passed", outcomes
    # The next stage needs every step of stage 07, independent ones included.
    assert outcomes["test_vms"] == "skipped", outcomes
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_apps_do_not_block_each_other(project: SuiteProject) -> None:
    build_suite(project)
    project.fail("test_obs")

    project.run()

    outcomes = {
        step["step"].split("::")[-1]: step["outcome"]
        for stage in project.summary()["stages"]
        for step in stage["steps"]
    }
    assert outcomes["test_obs"] == "failed", outcomes
    assert outcomes["test_bak"] == "passed", outcomes
    assert outcomes["test_vms"] == "passed", outcomes


def test_later_stage_alone_needs_earlier_pass(project: SuiteProject) -> None:
    build_suite(project)

    result = project.pytester.runpytest(
        "suites/test_03_config_cluster.py",
        "--plan",
        str(project.plan),
        "--sim-speed",
        "max",
        "--state-dir",
        str(project.root / "state"),
        "--report-dir",
        str(project.report_dir("alone")),
        "-rs",
    )

    result.assert_outcomes(skipped=1)
    assert "尚未运行" in result.stdout.str(), result.stdout.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_later_stage_alone_uses_ledger(project: SuiteProject) -> None:
    build_suite(project)
    project.run()

    result = project.pytester.runpytest(
        "suites/test_03_config_cluster.py",
        "--plan",
        str(project.plan),
        "--sim-speed",
        "max",
        "--state-dir",
        str(project.root / "state"),
        "--report-dir",
        str(project.report_dir("alone")),
    )

    result.assert_outcomes(passed=1)
