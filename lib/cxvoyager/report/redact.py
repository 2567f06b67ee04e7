"""Mask secrets in test reports before any reporter (terminal, JUnit, pytest-html) receives them.

pytest prints argument values and, with ``--showlocals``, every local
variable of a failing test, and captures stdout, stderr and log records into
the report's sections. All of that passes through here in
``pytest_runtest_makereport``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from cxvoyager.report.secretscan import MASK

Mask = Callable[[str], str]

# Credentials a traceback shows as a headers dict or header line, also when
# the token was never learned as a secret (a fixed API token, a session cookie).
_CREDENTIAL_HEADER = re.compile(
    r"""(?P<name>x-smartx-token|authorization|cookie|set-cookie|x-auth-token)"""
    r"""(?P<sep>['"]?\s*[:=]\s*['"]?)(?P<value>[^'"\r\n,}]+)""",
    re.IGNORECASE,
)


def mask_credential_headers(text: str) -> str:
    """Mask the values of authentication headers that appear in free text."""
    return _CREDENTIAL_HEADER.sub(lambda match: f"{match['name']}{match['sep']}{MASK}", text)


def _mask_longrepr(longrepr: object, mask: Mask) -> object:
    if longrepr is None:
        return None
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        path, line, reason = longrepr
        return (path, line, mask(str(reason)))
    text = str(longrepr)
    masked = mask(text)
    # Keep pytest's structured representation (colors, crash line) when it contains no secret.
    return longrepr if masked == text else masked


def redact_report(report: pytest.TestReport, secret_mask: Mask) -> None:
    """Mask every secret and authentication header in a report's text, sections and properties."""

    def mask(text: str) -> str:
        return mask_credential_headers(secret_mask(text))

    report.longrepr = _mask_longrepr(report.longrepr, mask)  # type: ignore[assignment]
    report.sections = [(title, mask(content)) for title, content in report.sections]
    report.user_properties = [
        (name, mask(value) if isinstance(value, str) else value)
        for name, value in report.user_properties
    ]
