"""The checks of stage 01 (prepare_plan), each one call from a suite step.

Each check raises ``PlanError`` whose message is the rendered findings table;
the engine shows that table as the step's failure, without a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from cxvoyager.delivery import access
from cxvoyager.errors import PlanError

logger = logging.getLogger(__name__)

# Findings of these rule families mean the workbook itself could not be read:
# not a file, not an .xlsx, damaged, a sheet or header missing or moved.
READ_RULE_PREFIXES = ("file.", "layout.")


def _severity(finding: Any) -> str:
    return str(getattr(finding.severity, "value", finding.severity))


def _raise_if_errors(errors: Sequence[Any], listed: Sequence[Any]) -> None:
    """Raise the ``listed`` findings as a table when any of ``errors`` exists."""
    if not errors:
        return
    from cxvoyager.plan import render_findings

    raise PlanError(render_findings(list(listed)), findings=list(errors))


def require_readable(check: Any) -> None:
    """Pass when the workbook opened and its sheets and headers are where the template has them.

    Raises:
        PlanError: the file or its layout cannot be read; lists every such finding.
    """
    errors = [f for f in check.errors if f.rule.startswith(READ_RULE_PREFIXES)]
    _raise_if_errors(errors, errors)


def require_valid(check: Any) -> list[Any]:
    """Pass when no field or cross-sheet rule found an error; return the warnings.

    Warnings are logged as a table, so the step's report lists them.

    Raises:
        PlanError: some finding is an error; the table lists errors and warnings.
    """
    _raise_if_errors(check.errors, check.findings)
    if check.warnings:
        from cxvoyager.plan import render_findings

        logger.warning("workbook warnings:\n%s", render_findings(check.warnings))
    return list(check.warnings)


# Ledger outputs that show an earlier run of the plan deployed an owner's addresses.
_DEPLOYED_OUTPUTS = {
    "cluster": access.CLUSTER_DEPLOYED,
    "cloudtower": access.TOWER_VM_UUID,
}


def deployed_owners(ledger: Any) -> set[str]:
    """Return what earlier runs of this plan deployed (``cluster``, ``cloudtower``, ...)."""
    if ledger is None:
        return set()
    return {owner for owner, key in _DEPLOYED_OUTPUTS.items() if ledger.get_output(key)}


def require_network_ready(plan: Any, prober: Any, *, ledger: Any = None) -> list[Any]:
    """Run the network prechecks; pass when none is an error, and return every finding.

    On a rerun, addresses that an earlier run of the same plan deployed (read
    from the ledger) are in use as expected and are reported as info.

    Raises:
        PlanError: a precheck failed, for example a planned address is already in use.
    """
    from cxvoyager.plan.precheck import run_prechecks

    findings = list(run_prechecks(plan, prober, deployed=deployed_owners(ledger)))
    errors = [finding for finding in findings if _severity(finding) == "error"]
    _raise_if_errors(errors, findings)
    if findings:
        from cxvoyager.plan import render_findings

        logger.warning("network precheck findings:\n%s", render_findings(findings))
    return findings
