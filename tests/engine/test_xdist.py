"""Several plans in parallel with pytest-xdist: each plan's steps in one worker, in stage order."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from tests.engine.conftest import SuiteProject
from tests.engine.test_secrets import LEAKY_STAGE

from cxvoyager.engine.parallel import plan_of_nodeid

# A verbose xdist result line: ``[gw1] [ 50%] PASSED suites/test_01_x.py::test_read[plan]``.
_WORKER_LINE = re.compile(r"^\[(gw\d+)\] \[\s*\d+%\] (PASSED|FAILED|SKIPPED|ERROR) (\S+)")

STEPS = [
    "suites/test_01_prepare_plan.py::test_read",
    "suites/test_02_init_cluster.py::test_deploy",
    "suites/test_15_cleanup.py::test_cleanup",
]


@pytest.fixture
def two_plans(project: SuiteProject) -> SuiteProject:
    """The scratch project with three stages and a second plan, ``site_b.xlsx``."""
    project.stage("test_01_prepare_plan.py", ["test_read"])
    project.stage("test_02_init_cluster.py", ["test_deploy"])
    project.stage("test_15_cleanup.py", ["test_cleanup"])
    project.set_cell("文档描述", "C15", "第二家示例公司", dest=project.root / "site_b.xlsx")
    return project


def run_parallel(project: SuiteProject, *args: str, report: str = "multi") -> pytest.RunResult:
    """Run both plans with two xdist workers and verbose output."""
    return project.pytester.runpytest(
        "suites",
        "--plan",
        str(project.plan),
        "--plan",
        str(project.root / "site_b.xlsx"),
        "--sim-speed",
        "max",
        "--state-dir",
        str(project.root / "state"),
        "--report-dir",
        str(project.report_dir(report)),
        "-n",
        "2",
        "-v",
        *args,
    )


def by_worker(result: pytest.RunResult) -> dict[str, list[tuple[str, str]]]:
    """Return each worker's ``(outcome, node id)`` lines in the order the worker reported them."""
    lines: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for line in result.outlines:
        match = _WORKER_LINE.match(line.strip())
        if match is not None:
            lines[match[1]].append((match[2], match[3]))
    return dict(lines)


def ledgers(project: SuiteProject) -> dict[str, dict[str, Any]]:
    """Return each ledger of the state directory by the plan file's stem."""
    found = {}
    for path in sorted((project.root / "state").glob("*.json")):
        document = json.loads(path.read_text("utf-8"))
        found[Path(document["plan"]["path"]).stem] = document
    return found


@pytest.mark.parametrize(
    ("nodeid", "expected"),
    [
        pytest.param("suites/test_01_prepare_plan.py::test_read[plan]", "plan", id="first-plan"),
        pytest.param("suites/test_01_prepare_plan.py::test_read[plan-2]", "plan-2", id="longest"),
        pytest.param("suites/test_02_init_cluster.py::test_x[site_b-a]", "site_b", id="own-params"),
        pytest.param("tests/test_other.py::test_read[plan]", None, id="not-a-suite"),
        pytest.param("suites/test_01_prepare_plan.py::test_read", None, id="no-plan-param"),
    ],
)
def test_plan_of_nodeid(nodeid: str, expected: str | None) -> None:
    assert plan_of_nodeid(nodeid, ["plan", "plan-2", "site_b"]) == expected


def test_plan_of_nodeid_single_plan() -> None:
    assert plan_of_nodeid("suites/test_01_prepare_plan.py::test_read", ["only"]) == "only"


def test_two_plans_run_in_own_workers(two_plans: SuiteProject) -> None:
    result = run_parallel(two_plans)

    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    workers = by_worker(result)
    assert len(workers) == 2, result.stdout.str()
    ran = sorted(nodeid for lines in workers.values() for _outcome, nodeid in lines)
    assert ran == sorted(f"{step}[{plan}]" for step in STEPS for plan in ("plan", "site_b"))
    for worker, lines in workers.items():
        plans = {nodeid.rsplit("[", 1)[1] for _outcome, nodeid in lines}
        assert len(plans) == 1, f"{worker} ran steps of several plans: {lines}"
        order = [nodeid.rsplit("[", 1)[0] for _outcome, nodeid in lines]
        assert order == STEPS, f"{worker} ran its plan out of stage order: {lines}"


def test_two_plans_keep_own_ledgers(two_plans: SuiteProject) -> None:
    result = run_parallel(two_plans)

    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    found = ledgers(two_plans)
    assert sorted(found) == ["plan", "site_b"], found
    run_ids = set()
    for name, document in found.items():
        assert sorted(document["steps"]) == STEPS, name
        outcomes = {key: step["outcome"] for key, step in document["steps"].items()}
        assert set(outcomes.values()) == {"passed"}, (name, outcomes)
        assert len(document["runs"]) == 1, (name, document["runs"])
        assert document["runs"][0]["end"] is not None, (name, document["runs"])
        assert document["runs"][0]["counts"]["passed"] == 3, (name, document["runs"])
        run_ids.add(document["runs"][0]["run_id"])
    assert len(run_ids) == 1, f"the workers disagree on the run id: {run_ids}"


def test_two_plans_keep_own_report_dirs(two_plans: SuiteProject) -> None:
    run_parallel(two_plans)

    session_dir = two_plans.report_dir("multi")
    assert (session_dir / "report.html").is_file()
    assert (session_dir / "junit.xml").is_file()
    for plan_id in ("plan", "site_b"):
        plan_dir = session_dir / plan_id
        summary = json.loads((plan_dir / "summary.json").read_text("utf-8"))
        steps = [step["step"] for stage in summary["stages"] for step in stage["steps"]]
        assert steps == STEPS, (plan_id, summary)
        assert (plan_dir / "acceptance.html").is_file(), plan_id
        assert (plan_dir / "run.log").is_file(), plan_id
    assert sorted(path.name for path in session_dir.iterdir() if path.is_dir()) == [
        "plan",
        "site_b",
    ]


def test_failure_in_one_worker_spares_other(two_plans: SuiteProject) -> None:
    two_plans.fail("test_read@plan")

    result = run_parallel(two_plans)

    result.assert_outcomes(failed=1, skipped=1, passed=4)
    output = result.stdout.str()
    assert "PASSED suites/test_02_init_cluster.py::test_deploy[site_b]" in output, output
    assert "SKIPPED suites/test_02_init_cluster.py::test_deploy[plan]" in output, output
    found = ledgers(two_plans)
    assert found["plan"]["steps"][STEPS[0]]["outcome"] == "failed"
    assert found["site_b"]["steps"][STEPS[0]]["outcome"] == "passed"


def test_lf_reruns_only_failed_plan(two_plans: SuiteProject) -> None:
    two_plans.fail("test_read@plan")
    first = run_parallel(two_plans, report="first")
    assert first.ret == pytest.ExitCode.TESTS_FAILED, first.stdout.str()
    two_plans.fail()

    second = run_parallel(two_plans, "--lf", report="second")

    assert second.ret == pytest.ExitCode.OK, second.stdout.str()
    ran = sorted(nodeid for lines in by_worker(second).values() for _outcome, nodeid in lines)
    assert ran == [
        "suites/test_01_prepare_plan.py::test_read[plan]",
        "suites/test_02_init_cluster.py::test_deploy[plan]",
        "suites/test_15_cleanup.py::test_cleanup[plan]",
        "suites/test_15_cleanup.py::test_cleanup[site_b]",
    ], second.stdout.str()
    assert ledgers(two_plans)["plan"]["steps"][STEPS[1]]["outcome"] == "passed"
    output = second.stdout.str()
    assert "--lf：规划 plan 重跑 3 个" in output, output
    assert "--lf：规划 site_b 重跑 1 个" in output, output


def test_single_plan_in_one_worker(project: SuiteProject) -> None:
    project.stage("test_01_prepare_plan.py", ["test_read", "test_validate"])
    project.stage("test_02_init_cluster.py", ["test_deploy"])

    result = project.run("-n", "2", "-v")

    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    workers = by_worker(result)
    assert len(workers) == 1, workers
    order = [nodeid for lines in workers.values() for _outcome, nodeid in lines]
    assert order == [
        "suites/test_01_prepare_plan.py::test_read",
        "suites/test_01_prepare_plan.py::test_validate",
        "suites/test_02_init_cluster.py::test_deploy",
    ], result.stdout.str()
    assert (project.report_dir("run") / "summary.json").is_file()
    assert len(project.ledger()["runs"]) == 1


def test_no_secret_from_workers(two_plans: SuiteProject, plan_secrets: list[str]) -> None:
    (two_plans.root / "suites" / "test_02_init_cluster.py").write_text(
        LEAKY_STAGE, encoding="utf-8"
    )

    result = run_parallel(two_plans, "--showlocals", "--tb=long", "-rA")

    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    output = result.stdout.str() + result.stderr.str()
    assert "rejected" in output, "the failure itself must still be shown"
    for secret in plan_secrets:
        assert secret not in output, "a plan secret appeared in the controller's output"
