"""Findings: the problems a workbook check reports, and the result of a check.

A finding names the rule that fired, the cell it concerns, the value found
(masked when it is a secret) and a localized message with its fix. Checks
collect every finding before anyone acts on them, so the engineer fixes a
workbook in one pass instead of one error per run.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cxvoyager import i18n
from cxvoyager.plan.model import CellRef, PlanModel

MASK = "******"


class Severity(str, enum.Enum):
    """How much a finding matters.

    ``ERROR`` blocks the run, ``WARNING`` is masked_value and the run goes on.
    ``INFO`` is used by the network prechecks only, for observations such as
    a management port that is not up yet.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One problem found in a workbook.

    Attributes:
        rule: the rule id, such as ``ip.duplicate``.
        severity: error or warning.
        sheet: the sheet the problem is on, or None for file-level problems.
        cell: the cell, such as ``I3``, or None.
        value: the text found in the cell; secrets are ``******``.
        message: what is wrong, in the language active when the check ran.
        fix: what to change, in the same language.
        params: the message fields, so ``render_findings(lang=...)`` can
            rebuild the text in another language. Secrets are never among them.
    """

    rule: str
    severity: Severity
    sheet: str | None
    cell: str | None
    value: str | None
    message: str
    fix: str
    params: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)

    @property
    def location(self) -> str:
        """The place as ``sheet!cell`` (or only the sheet, or empty)."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def localized(self, lang: str | None) -> tuple[str, str]:
        """Return the message and the fix in ``lang`` (the active language when None)."""
        if lang is None:
            return self.message, self.fix
        fields = dict(self.params)
        message = i18n.t(f"plan.{self.rule}", lang=lang, **fields)
        fix = i18n.t(f"plan.{self.rule}.fix", lang=lang, **fields)
        return message, fix


@dataclass(frozen=True)
class PlanCheck:
    """The outcome of checking a workbook: the plan when it could be built, and every finding."""

    plan: PlanModel | None
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        """Findings of error severity."""
        return [item for item in self.findings if item.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """Findings of warning severity."""
        return [item for item in self.findings if item.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """Whether no finding is an error."""
        return not self.errors


class FindingSink:
    """Collects findings in the order they are found."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def add(
        self,
        rule: str,
        severity: Severity,
        ref: CellRef | None,
        value: str | None = None,
        *,
        secret: bool = False,
        **fields: Any,
    ) -> Finding:
        """Record a finding for ``ref``, building its message from the catalog.

        A ``ref`` with an empty cell names the whole sheet.

        The message fields always include ``location`` and ``value``; with
        ``secret`` the value is replaced by ``******`` before it is stored or
        formatted.
        """
        masked_value = MASK if secret and value is not None else value
        params = {key: str(item) for key, item in fields.items()}
        sheet = ref.sheet if ref is not None else None
        cell = ref.cell or None if ref is not None else None
        params["location"] = f"{sheet}!{cell}" if cell else sheet or ""
        params["value"] = "" if masked_value is None else masked_value
        finding = Finding(
            rule=rule,
            severity=severity,
            sheet=sheet,
            cell=cell,
            value=masked_value,
            message=i18n.t(f"plan.{rule}", **params),
            fix=i18n.t(f"plan.{rule}.fix", **params),
            params=tuple(sorted(params.items())),
        )
        # Cells shared by several rows (merged NIC cells) are read once per row.
        if finding not in self.findings:
            self.findings.append(finding)
        return finding

    def error(
        self, rule: str, ref: CellRef | None, value: str | None = None, **fields: Any
    ) -> None:
        """Record an error finding (see ``add``)."""
        self.add(rule, Severity.ERROR, ref, value, **fields)

    def warning(
        self, rule: str, ref: CellRef | None, value: str | None = None, **fields: Any
    ) -> None:
        """Record a warning finding (see ``add``)."""
        self.add(rule, Severity.WARNING, ref, value, **fields)

    @property
    def has_errors(self) -> bool:
        """Whether an error has been recorded."""
        return any(item.severity is Severity.ERROR for item in self.findings)
