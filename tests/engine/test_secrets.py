"""No plan secret in any output, also with --showlocals -vv --tb=long; a leak fails the run."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from tests.engine.conftest import SuiteProject

LEAKY_STAGE = '''
import logging

logger = logging.getLogger("leaky")


def test_login(plan, report_dir):
    """Logging in with the planned password works."""
    password = plan.cluster.admin_password.get_secret_value()
    basic = "Basic " + __import__("base64").b64encode(("root:" + password).encode()).decode()
    print("trying", password, basic)
    logger.warning("login with %s failed", password)
    assert password == "something else", f"password {password} rejected"
'''

WRITING_STAGE = '''
def test_dump(plan, report_dir):
    """Writes the password to a file of its own, bypassing every mask."""
    (report_dir / "notes.txt").write_text(plan.cluster.admin_password.get_secret_value())
'''


def all_output_files(project: SuiteProject) -> list[Path]:
    return [
        path
        for path in project.root.rglob("*")
        if path.is_file()
        and path.suffix != ".py"
        and "plan" not in path.name
        and path.name != "fail.txt"
    ]


def test_no_secret_in_any_output(project: SuiteProject, plan_secrets: list[str]) -> None:
    (project.root / "suites" / "test_01_prepare_plan.py").write_text(LEAKY_STAGE, encoding="utf-8")

    result = project.run("--showlocals", "-vv", "--tb=long", "-rA")

    assert result.ret == pytest.ExitCode.TESTS_FAILED
    output = result.stdout.str() + result.stderr.str()
    assert "rejected" in output, "the failure itself must still be shown"
    files = all_output_files(project)
    assert any(path.name == "report.html" for path in files), files
    for secret in plan_secrets:
        assert secret not in output, "a plan secret appeared in the terminal output"
        for path in files:
            text = path.read_text("utf-8", errors="replace")
            assert secret not in text, f"a plan secret appeared in {path.name}"
    assert "安全检查失败" not in output, output


def test_base64_secret_masked(project: SuiteProject, plan_secrets: list[str]) -> None:
    (project.root / "suites" / "test_01_prepare_plan.py").write_text(LEAKY_STAGE, encoding="utf-8")

    result = project.run("-rA")

    output = result.stdout.str()
    for secret in plan_secrets:
        encoded = base64.b64encode(f"root:{secret}".encode()).decode()
        assert encoded not in output


def test_leaked_file_fails_run(project: SuiteProject) -> None:
    (project.root / "suites" / "test_01_prepare_plan.py").write_text(
        WRITING_STAGE, encoding="utf-8"
    )

    result = project.run()

    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "安全检查失败" in result.stdout.str(), result.stdout.str()
    assert "notes.txt" in result.stdout.str()
