"""Combine the setup, call and teardown reports of a step into one outcome."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from cxvoyager.errors import CXVoyagerError
from cxvoyager.ledger import FAILED, PASSED, SKIPPED

# Attributes the engine sets on each report; plain strings, so they survive
# xdist's serialization from worker to controller.
PLAN_ATTR = "cxv_plan_id"
KEY_ATTR = "cxv_step_key"
STAGE_ATTR = "cxv_stage"
SKIP_KIND_ATTR = "cxv_skip_kind"
CRITERION_ATTR = "cxv_criterion"
REASON_ATTR = "cxv_reason"

# The maximum length, in characters, of a failure reason in the ledger, summary.json and
# acceptance.html.
MAX_REASON_CHARS = 500


@dataclass(frozen=True)
class StepResult:
    """A step's outcome in this session, from its phase reports."""

    outcome: str
    duration: float
    start: float
    skip_kind: str | None
    reason: str | None


def _skip_reason(report: pytest.TestReport) -> str | None:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return None


def failure_message(excinfo: pytest.ExceptionInfo[BaseException], longrepr: Any) -> str:
    """Return the message of the exception that failed a step phase, not yet masked.

    CXVoyager's own errors (``PlanError``, ``ApiError``, ``TaskFailedError``,
    ...) give their message alone. Any other exception gives pytest's crash
    line, such as ``AssertionError: ...`` or ``Failed: ...``.
    """
    if isinstance(excinfo.value, CXVoyagerError):
        return str(excinfo.value)
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None:
        return str(crash.message)
    return excinfo.exconly()


def shorten_reason(text: str) -> str:
    """Return ``text`` stripped and cut to ``MAX_REASON_CHARS``, marking a cut with an ellipsis."""
    text = text.strip()
    if len(text) <= MAX_REASON_CHARS:
        return text
    return text[: MAX_REASON_CHARS - 1] + "…"


def _failure_reason(report: pytest.TestReport) -> str:
    reason = getattr(report, REASON_ATTR, None)
    if reason is not None:
        return str(reason)
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return str(crash.message)
    text = str(report.longrepr or "")
    return text.strip().splitlines()[-1] if text.strip() else ""


def combine(reports: Sequence[pytest.TestReport]) -> StepResult:
    """Return the step's outcome: failed if any phase failed, skipped if it skipped, else passed."""
    duration = sum(report.duration for report in reports)
    start = min((getattr(report, "start", 0.0) for report in reports), default=0.0)
    for report in reports:
        if report.failed:
            return StepResult(FAILED, duration, start, None, _failure_reason(report))
    for report in reports:
        if report.skipped:
            kind = getattr(report, SKIP_KIND_ATTR, None)
            return StepResult(SKIPPED, duration, start, kind, _skip_reason(report))
    return StepResult(PASSED, duration, start, None, None)
