"""pytest's live log uses the console format and never prints a plan secret."""

from __future__ import annotations

import pytest
from tests.engine.conftest import SuiteProject

LOGGING_STAGE = '''
import logging

logger = logging.getLogger("cxvoyager.delivery.demo")


def test_login(plan):
    """The planned account logs in."""
    password = plan.cluster.admin_password.get_secret_value()
    logger.info("logging in as admin with %s", password)
    logger.info("sending Authorization: Bearer abc123token")
    try:
        raise RuntimeError("the cluster rejected " + password)
    except RuntimeError:
        # The traceback is formatted by the handler, after any record filter ran.
        logger.warning("login attempt failed", exc_info=True)
'''


def test_live_log_masks_secrets(project: SuiteProject, plan_secrets: list[str]) -> None:
    (project.root / "suites" / "test_01_prepare_plan.py").write_text(
        LOGGING_STAGE, encoding="utf-8"
    )

    result = project.run("-o", "log_cli=true", "--log-cli-level=INFO", "-p", "no:xdist")

    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    output = result.stdout.str()
    lines = [line for line in result.outlines if "logging in as admin with" in line]
    assert len(lines) == 1, output
    assert "[01_prepare_plan/test_login]" in lines[0], lines
    assert "logging in as admin with ******" in lines[0], lines
    assert "abc123token" not in output
    assert "RuntimeError: the cluster rejected ******" in output, output
    for secret in plan_secrets:
        assert secret not in output, "a plan secret appeared in the live log"
