"""Option validation: clear usage errors in the user's language, and no effect without --plan."""

from __future__ import annotations

import pytest
from tests.engine.conftest import SuiteProject


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(
            ["--target", "staging"], ["--target", "staging", "sim, live"], id="unknown-target"
        ),
        pytest.param(
            ["--sim-speed", "fast"], ["--sim-speed", "fast", "max"], id="speed-not-number"
        ),
        pytest.param(["--sim-speed", "0"], ["--sim-speed", "0"], id="speed-zero"),
        pytest.param(["--sim-fault", "bogus"], ["--sim-fault", "bogus"], id="malformed-fault"),
        pytest.param(["--sim-seed", "x1"], ["--sim-seed", "x1"], id="seed-not-integer"),
        pytest.param(["--lang", "fr"], ["--lang", "fr", "zh-CN, en"], id="unknown-language"),
        pytest.param(
            ["--ca-bundle", "none.pem"], ["--ca-bundle", "none.pem"], id="missing-ca-bundle"
        ),
        pytest.param(["--ff"], ["--ff"], id="reordering-option"),
        pytest.param(["-n", "2", "--dist", "each"], ["--dist each"], id="xdist-dist-each"),
    ],
)
def test_bad_option_is_usage_error(
    project: SuiteProject, args: list[str], expected: list[str]
) -> None:
    project.stage("test_01_prepare_plan.py", ["test_read"])

    result = project.run(*args)

    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()
    error_lines = [line for line in result.errlines if "ERROR" in line]
    assert error_lines, result.errlines
    for fragment in expected:
        assert fragment in error_lines[0], error_lines


def test_missing_plan_file_is_usage_error(project: SuiteProject) -> None:
    project.stage("test_01_prepare_plan.py", ["test_read"])

    result = project.run(plan=project.root / "nowhere.xlsx")

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "nowhere.xlsx" in result.stderr.str()
    assert "文件不存在" in result.stderr.str()


def test_usage_error_in_english(project: SuiteProject) -> None:
    project.stage("test_01_prepare_plan.py", ["test_read"])

    result = project.run("--lang", "en", "--target", "staging")

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "invalid value 'staging' for --target" in result.stderr.str()


def test_suites_without_plan_is_usage_error(project: SuiteProject) -> None:
    project.stage("test_01_prepare_plan.py", ["test_read"])

    result = project.pytester.runpytest("suites")

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "--plan" in result.stderr.str()


def test_plain_tests_run_without_plan(project: SuiteProject) -> None:
    project.pytester.makepyfile(test_plain="def test_one():\n    assert True\n")

    result = project.pytester.runpytest("test_plain.py")

    result.assert_outcomes(passed=1)
