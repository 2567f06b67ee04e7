"""A failed step's reason is the exception's message, masked and shortened, in every record."""

from __future__ import annotations

import html

import pytest
from tests.engine.conftest import SuiteProject

from cxvoyager.engine.outcomes import MAX_REASON_CHARS, shorten_reason

# The password is an argument of the helper that raises, so pytest's traceback
# shows it and redaction turns the long representation into plain text.
TASK_FAILURE_STAGE = '''
from cxvoyager.errors import TaskFailedError


def _deploy(password):
    raise TaskFailedError(
        "部署任务 job-7 失败：主机 node-2 没有可用的数据盘", task_id="job-7", status="FAILED"
    )


def test_deploy(plan):
    """The cluster deploys."""
    _deploy(plan.cluster.admin_password.get_secret_value())
'''

EXPECTED = "部署任务 job-7 失败：主机 node-2 没有可用的数据盘"

# A long assertion message that quotes the password.
LONG_ASSERT_STAGE = """
def test_login(plan):
    '''The planned password logs in.'''
    password = plan.cluster.admin_password.get_secret_value()
    assert password == "other", "rejected " + password + " " + "x" * 2000
"""


def step_reason(summary: dict, step: str) -> str | None:
    for stage in summary["stages"]:
        for entry in stage["steps"]:
            if entry["step"] == step:
                reason: str | None = entry["reason"]
                return reason
    raise AssertionError(f"{step} is not in summary.json: {summary}")


def test_task_failure_message_is_reason(project: SuiteProject) -> None:
    (project.root / "suites" / "test_02_init_cluster.py").write_text(
        TASK_FAILURE_STAGE, encoding="utf-8"
    )

    result = project.run()

    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    key = "suites/test_02_init_cluster.py::test_deploy"
    assert step_reason(project.summary(), key) == EXPECTED
    assert project.ledger()["steps"][key]["reason"] == EXPECTED
    page = (project.report_dir("run") / "acceptance.html").read_text("utf-8")
    assert html.escape(EXPECTED) in page


def test_long_reason_masked_and_shortened(project: SuiteProject, plan_secrets: list[str]) -> None:
    (project.root / "suites" / "test_01_prepare_plan.py").write_text(
        LONG_ASSERT_STAGE, encoding="utf-8"
    )

    project.run()

    reason = step_reason(project.summary(), "suites/test_01_prepare_plan.py::test_login")
    assert reason is not None
    assert reason.startswith("AssertionError: rejected "), reason
    assert len(reason) == MAX_REASON_CHARS, len(reason)
    assert reason.endswith("…"), reason[-20:]
    for secret in plan_secrets:
        assert secret not in reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("  short  ", "short", id="stripped"),
        pytest.param("a" * MAX_REASON_CHARS, "a" * MAX_REASON_CHARS, id="at-limit"),
        pytest.param("a" * (MAX_REASON_CHARS + 1), "a" * (MAX_REASON_CHARS - 1) + "…", id="cut"),
    ],
)
def test_shorten_reason(text: str, expected: str) -> None:
    assert shorten_reason(text) == expected
