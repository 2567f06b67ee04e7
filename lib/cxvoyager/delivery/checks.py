"""Failure messages of stage steps: the step, the API call, what was expected and what was found."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cxvoyager.clients.context import step_fields
from cxvoyager.i18n import t


def mismatch(call: str, expected: Any, found: Any) -> str:
    """Return the message of a check that failed, naming the running step."""
    return t(
        "stages.check.mismatch",
        step=step_fields()["step"] or "-",
        call=call,
        expected=expected,
        found=found,
    )


def problems_text(call: str, problems: Iterable[str]) -> str:
    """Return the message of a check that found several problems, one per line."""
    listed = "\n".join(f"- {problem}" for problem in problems)
    return t("stages.check.problems", step=step_fields()["step"] or "-", call=call, problems=listed)
