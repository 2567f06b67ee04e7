"""A monospace text table of findings, aligned for CJK text."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from cxvoyager import i18n
from cxvoyager.plan.findings import Finding

_HEADER_KEYS = (
    "plan.table.severity",
    "plan.table.rule",
    "plan.table.location",
    "plan.table.value",
    "plan.table.message",
    "plan.table.fix",
)
_MAX_VALUE_WIDTH = 40


def display_width(text: str) -> int:
    """Return the number of terminal columns ``text`` takes (wide CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _clip(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    clipped = ""
    for char in text:
        if display_width(clipped + char) > width - 1:
            break
        clipped += char
    return clipped + "…"


def _row(finding: Finding, lang: str | None) -> list[str]:
    message, fix = finding.localized(lang)
    severity = i18n.t(f"plan.severity.{finding.severity.value}", lang=lang)
    value = "" if finding.value is None else finding.value.replace("\n", " ")
    return [severity, finding.rule, finding.location, _clip(value, _MAX_VALUE_WIDTH), message, fix]


def render_findings(findings: Sequence[Finding], *, lang: str | None = None) -> str:
    """Render findings as a text table: severity, rule, location, value, problem, fix.

    Args:
        findings: the findings to show, in the order given.
        lang: ``zh-CN`` or ``en``; the active language when None.

    Returns:
        The table with one line per finding, or a one-line note when there is none.
    """
    if not findings:
        return i18n.t("plan.table.empty", lang=lang)
    header = [i18n.t(key, lang=lang) for key in _HEADER_KEYS]
    rows = [_row(finding, lang) for finding in findings]

    widths = [max(display_width(row[column]) for row in [header, *rows]) for column in range(5)]
    lines = []
    for row in [header, *rows]:
        cells = [_pad(text, width) for text, width in zip(row[:5], widths, strict=True)]
        lines.append(" | ".join([*cells, row[5]]).rstrip())
    rule_line = "-+-".join("-" * width for width in widths) + "-+-" + "-" * 8
    lines.insert(1, rule_line)
    return "\n".join(lines)
