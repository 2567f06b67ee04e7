"""Wire the run's reports into pytest: report paths, pytest-html hooks and the secret scan."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cxvoyager.i18n import t
from cxvoyager.report.secretscan import scan_files

if TYPE_CHECKING:
    from cxvoyager.engine.hooks import Engine


def session_report_dir(engine: Engine) -> Path:
    """Return the directory of report.html and junit.xml.

    With one plan it is the plan's report directory; with several, the session's.
    """
    if engine.session_dir is not None:
        return engine.session_dir
    return next(iter(engine.runs.values())).report_dir


def configure_reports(config: pytest.Config, engine: Engine) -> None:
    """Point pytest-html and JUnit into the report directory and register the report plugins.

    Paths the user gave with ``--html`` or ``--junitxml`` are kept.
    """
    if hasattr(config, "workerinput"):
        return
    directory = session_report_dir(engine)
    if config.pluginmanager.hasplugin("html") and not config.getoption("htmlpath", None):
        config.option.htmlpath = str(directory / "report.html")
        config.option.self_contained_html = True
    if not config.option.xmlpath:
        config.option.xmlpath = str(directory / "junit.xml")
    if config.pluginmanager.hasplugin("html"):
        from cxvoyager.report.html import HtmlReportHooks

        config.pluginmanager.register(HtmlReportHooks(engine), "cxvoyager-html")
    config.pluginmanager.register(SecretScan(engine), "cxvoyager-secret-scan")


class SecretScan:
    """Scan every file the run wrote for the plans' secrets, after all reports are written."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> Generator[None, None, None]:
        """Let every other plugin write its files, then fail the run on any leaked secret."""
        result = yield
        writer = session.config.get_terminal_writer()
        for run in self.engine.runs.values():
            files = [path for path in run.report_dir.rglob("*") if path.is_file()]
            files += [run.ledger.path]
            if self.engine.session_dir is not None:
                files += [p for p in self.engine.session_dir.glob("*") if p.is_file()]
            secrets = run.masker.secrets
            for hit in scan_files(files, sorted(secrets)):
                writer.line(
                    t("engine.scan.leak", path=hit.path, plan=run.plan_id), red=True, bold=True
                )
                session.exitstatus = pytest.ExitCode.TESTS_FAILED
        return result
