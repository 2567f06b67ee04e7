"""Stage 01, prepare_plan: read the planning workbook, validate it, and precheck the network.

Assumes nothing from earlier stages. Every later stage needs this one: a
workbook with errors stops the run here, before any simulator or API call.
"""

from __future__ import annotations

from typing import Any

from cxvoyager.engine import planstage


def test_read_workbook(plan_check: Any) -> None:
    """The workbook opens and its sheets and headers are where the template puts them."""
    planstage.require_readable(plan_check)


def test_validate_fields_and_cross_sheet_rules(plan_check: Any, step_record: Any) -> None:
    """Every planned value is valid and the sheets agree with each other; warnings are listed."""
    warnings = planstage.require_valid(plan_check)

    step_record("plan.warnings", len(warnings))
    step_record("plan.hosts", len(plan_check.plan.hosts))


def test_network_prechecks(plan: Any, prober: Any, ledger: Any, step_record: Any) -> None:
    """Planned addresses are free, the new nodes answer, and DNS and NTP are reachable."""
    findings = planstage.require_network_ready(plan, prober, ledger=ledger)

    step_record("precheck.findings", len(findings))
