"""Check a planning workbook: read it, run every rule, build the model when nothing fails."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from cxvoyager import i18n
from cxvoyager.errors import PlanError
from cxvoyager.plan import rules_addresses, rules_hosts, rules_networks
from cxvoyager.plan.build import build_plan
from cxvoyager.plan.draft import Draft
from cxvoyager.plan.findings import FindingSink, PlanCheck
from cxvoyager.plan.model import PlanModel
from cxvoyager.plan.reader import read_plan
from cxvoyager.plan.render import render_findings

logger = logging.getLogger(__name__)

Rule = Callable[[Draft, FindingSink], None]

# Every cross-field rule, in the order their findings are listed.
RULES: tuple[Rule, ...] = (
    rules_networks.check_architecture,
    rules_networks.check_gateways,
    rules_networks.check_subnet_overlap,
    rules_networks.check_business_networks,
    rules_networks.check_nics,
    rules_networks.check_bonds,
    rules_hosts.check_host_count,
    rules_hosts.check_hostnames,
    rules_hosts.check_cluster_name_copies,
    rules_hosts.check_bmc,
    rules_hosts.check_passwords,
    rules_addresses.check_unique_addresses,
    rules_addresses.check_addresses_in_subnets,
    rules_addresses.check_test_range,
    rules_hosts.check_time_and_name_servers,
)


def check_plan(path: str | os.PathLike[str], *, lang: str | None = None) -> PlanCheck:
    """Read and validate the workbook at ``path``, collecting every finding.

    This never raises for a bad workbook: a missing file, a file that is not
    an .xlsx, a moved header or an invalid value all end up as findings.

    Args:
        path: the planning workbook (.xlsx).
        lang: language of the finding messages; the active one when None.

    Returns:
        The plan (None when any finding is an error) and every finding.
    """
    previous = i18n.language()
    if lang is not None:
        i18n.set_language(lang)
    try:
        return _check(path)
    finally:
        i18n.set_language(previous)


def _check(path: str | os.PathLike[str]) -> PlanCheck:
    sink = FindingSink()
    draft = read_plan(path, sink)
    if draft is None:
        return PlanCheck(plan=None, findings=sink.findings)
    for rule in RULES:
        rule(draft, sink)

    plan = None if sink.has_errors else build_plan(draft, sink)
    check = PlanCheck(plan=plan, findings=sink.findings)
    logger.info(
        "checked plan %s: %d errors, %d warnings",
        os.fspath(path),
        len(check.errors),
        len(check.warnings),
    )
    return check


def load_plan(path: str | os.PathLike[str]) -> PlanModel:
    """Read and validate the workbook at ``path`` and return the plan.

    Raises:
        PlanError: the workbook has at least one error finding; the error
            carries every finding and renders them as a table.
    """
    check = check_plan(path)
    if check.plan is None:
        raise PlanError(
            render_findings(check.findings), findings=check.findings, path=os.fspath(path)
        )
    return check.plan
