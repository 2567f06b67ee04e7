"""pytest-html customization: title, environment table, criterion column, escaping, links.

pytest-html 4.x inserts the test id cell and hook-provided cells as raw HTML,
so every text from the plan or from test ids is escaped here.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import pytest

from cxvoyager.engine.outcomes import CRITERION_ATTR
from cxvoyager.i18n import t

if TYPE_CHECKING:
    from cxvoyager.engine.hooks import Engine
    from cxvoyager.engine.planrun import PlanRun


def environment_rows(run: PlanRun, engine: Engine) -> dict[str, str]:
    """Return the environment table of one plan, from the plan only (no CI variables or paths)."""
    plan = run.plan
    identity = run.ledger.identity
    rows = {
        t("engine.report.cluster"): identity.cluster,
        t("engine.report.target"): t("engine.report.target_sim")
        if engine.options.target == "sim"
        else t("engine.report.target_live"),
        t("engine.report.plan_file"): run.path.name,
        t("engine.report.fingerprint"): identity.fingerprint[:12],
        t("engine.report.start"): engine.started.isoformat(timespec="seconds"),
    }
    if plan is not None:
        rows = {
            t("engine.report.customer"): plan.customer,
            t("engine.report.project"): plan.project,
            t("engine.report.datacenter"): plan.datacenter,
            t("engine.report.node_count"): str(len(plan.hosts)),
            t("engine.report.smtx_version"): plan.cluster.smtx_version or "-",
            **rows,
        }
    # pytest-html inserts these values with innerHTML.
    return {escape(key): escape(value) for key, value in rows.items()}


class HtmlReportHooks:
    """pytest-html hooks for a suite run."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _first_run(self) -> PlanRun:
        return next(iter(self.engine.runs.values()))

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        """Replace pytest-metadata's environment (CI variables, paths) with the plan's facts."""
        metadata = self._metadata(session.config)
        if metadata is None:
            return
        metadata.clear()
        for run in self.engine.runs.values():
            prefix = f"[{escape(run.plan_id)}] " if len(self.engine.runs) > 1 else ""
            metadata.update(
                {prefix + key: value for key, value in environment_rows(run, self.engine).items()}
            )

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Add the end time to the environment table before pytest-html writes the page."""
        metadata = self._metadata(session.config)
        if metadata is not None:
            from datetime import datetime

            metadata[escape(t("engine.report.end"))] = (
                datetime.now().astimezone().isoformat(timespec="seconds")
            )

    @staticmethod
    def _metadata(config: pytest.Config) -> dict[str, Any] | None:
        try:
            # pytest-metadata ships no type information.
            from pytest_metadata.plugin import metadata_key  # type: ignore[import-untyped]
        except ImportError:
            return None
        return config.stash.get(metadata_key, None)

    def pytest_html_report_title(self, report: Any) -> None:
        """Title the page with customer and project (plain text; pytest-html escapes it)."""
        plan = self._first_run().plan
        customer = plan.customer if plan is not None else self._first_run().cluster
        project = plan.project if plan is not None else ""
        report.title = t("engine.report.html_title", customer=customer, project=project)

    def pytest_html_results_summary(
        self, prefix: list[str], summary: list[str], postfix: list[str], session: pytest.Session
    ) -> None:
        """Say first that a run was simulated, and link each plan's traffic record."""
        if self.engine.options.target == "sim":
            banner = escape(t("engine.report.simulated_banner"))
            prefix.insert(0, f'<p style="font-weight:bold;color:#8d6e00">{banner}</p>')
        for run in self.engine.runs.values():
            if run.options.traffic_record:
                relative = (
                    "traffic.har"
                    if self.engine.session_dir is None
                    else f"{run.plan_id}/traffic.har"
                )
                label = escape(t("engine.report.traffic_link"))
                prefix.append(f'<p><a href="{escape(relative)}">{label}</a></p>')

    def pytest_html_results_table_header(self, cells: list[str]) -> None:
        """Add the acceptance criterion column."""
        title = escape(t("engine.report.criterion"))
        cells.insert(2, f'<th class="sortable" data-column-type="criterion">{title}</th>')

    def pytest_html_results_table_row(self, report: pytest.TestReport, cells: list[str]) -> None:
        """Escape the test id cell and fill the criterion column."""
        test_id = report.nodeid if report.when == "call" else f"{report.nodeid}::{report.when}"
        cells[1] = f'<td class="col-testId">{escape(test_id)}</td>'
        criterion = getattr(report, CRITERION_ATTR, "") or ""
        cells.insert(2, f'<td class="col-criterion">{escape(criterion)}</td>')
