"""The run's report files: report.html, summary.json, junit.xml, run.log."""

from __future__ import annotations

import html
import json

from tests.engine.conftest import SuiteProject

ODD_IDS_STAGE = '''
import pytest


@pytest.mark.parametrize("name", ["<b>bold</b>"], ids=["<i>odd</i>"])
def test_names(plan_run, name, step_record):
    """Names with markup stay text."""
    step_record("names.count", 1)
'''


def test_report_files_written(project: SuiteProject) -> None:
    project.stage("test_01_prepare_plan.py", ["test_read"])

    project.run()

    directory = project.report_dir("run")
    for name in ("report.html", "junit.xml", "summary.json", "run.log", "acceptance.html"):
        assert (directory / name).is_file(), name


def test_report_html_escapes_and_says_simulated(project: SuiteProject) -> None:
    (project.root / "suites" / "test_01_prepare_plan.py").write_text(
        ODD_IDS_STAGE, encoding="utf-8"
    )

    project.run()

    page = (project.report_dir("run") / "report.html").read_text("utf-8")
    data = html.unescape(page)
    # pytest-html renders the row cells as HTML; the id must be text there.
    escaped_cell = (
        '<td class=\\"col-testId\\">'
        "suites/test_01_prepare_plan.py::test_names[&lt;i&gt;odd&lt;/i&gt;]</td>"
    )
    assert escaped_cell in data, data[data.find("col-testId") - 20 : data.find("col-testId") + 120]
    assert '"col-testId\\">suites/test_01_prepare_plan.py::test_names[<i>' not in data
    assert "模拟环境" in data
    assert "Names with markup stay text." in data
    assert "星河示例科技" in data
    assert "traffic.har" in data


def test_summary_has_key_results(project: SuiteProject) -> None:
    (project.root / "suites" / "test_01_prepare_plan.py").write_text(
        ODD_IDS_STAGE, encoding="utf-8"
    )

    project.run()

    summary = project.summary()
    step = summary["stages"][0]["steps"][0]
    assert summary["simulated"] is True
    assert summary["stages"][0]["stage"] == "01_prepare_plan"
    assert step["results"] == {"names.count": 1}, step
    assert step["criterion"] == "Names with markup stay text."


def test_run_log_is_json_lines(project: SuiteProject) -> None:
    project.stage("test_01_prepare_plan.py", ["test_read"])

    project.run()

    lines = (project.report_dir("run") / "run.log").read_text("utf-8").splitlines()
    assert lines, "run.log must not be empty"
    for line in lines:
        assert isinstance(json.loads(line), dict), line
