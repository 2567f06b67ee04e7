"""Mask secrets in test reports before any reporter (terminal, JUnit, pytest-html) sees them.

pytest prints argument values and, with ``--showlocals``, every local
variable of a failing test, and captures stdout, stderr and log records into
the report's sections. All of that passes through here in
``pytest_runtest_makereport``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

Mask = Callable[[str], str]


def _mask_longrepr(longrepr: object, mask: Mask) -> object:
    if longrepr is None:
        return None
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        path, line, reason = longrepr
        return (path, line, mask(str(reason)))
    text = str(longrepr)
    masked = mask(text)
    # Keep pytest's structured representation (colors, crash line) when it holds no secret.
    return longrepr if masked == text else masked


def redact_report(report: pytest.TestReport, mask: Mask) -> None:
    """Mask every secret in a report's failure text, captured sections and user properties."""
    report.longrepr = _mask_longrepr(report.longrepr, mask)  # type: ignore[assignment]
    report.sections = [(title, mask(content)) for title, content in report.sections]
    report.user_properties = [
        (name, mask(value) if isinstance(value, str) else value)
        for name, value in report.user_properties
    ]
