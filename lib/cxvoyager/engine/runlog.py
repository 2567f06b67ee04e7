"""run.log: every log record of a plan's steps as JSON lines in its report directory."""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from cxvoyager.logfmt import JsonLinesFormatter

if TYPE_CHECKING:
    from cxvoyager.engine.planrun import PlanRun

_current_plan: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "cxvoyager_current_plan", default=None
)


class _PlanFilter(logging.Filter):
    """Pass records logged while a step of one plan runs (or outside any step)."""

    def __init__(self, plan_id: str) -> None:
        super().__init__()
        self.plan_id = plan_id

    def filter(self, record: logging.LogRecord) -> bool:
        current = _current_plan.get()
        return current is None or current == self.plan_id


class _MaskFilter(logging.Filter):
    """Mask the plan's secrets in the formatted message before any handler writes it."""

    def __init__(self, run: PlanRun) -> None:
        super().__init__()
        self.run = run

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = self.run.mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class _MaskedJsonLines(JsonLinesFormatter):
    """JSON lines whose finished text, tracebacks included, passes the plan's mask."""

    def __init__(self, run: PlanRun) -> None:
        super().__init__()
        self.run = run

    def format(self, record: logging.LogRecord) -> str:
        return self.run.mask(super().format(record))


class RunLog:
    """The run.log handlers of a session's plans, attached to the root logger."""

    def __init__(self) -> None:
        self._handlers: dict[str, logging.Handler] = {}
        self._saved_level: int | None = None

    def open(self, run: PlanRun) -> None:
        """Start writing the plan's run.log (INFO and above)."""
        handler = logging.FileHandler(run.report_dir / "run.log", encoding="utf-8")
        handler.setLevel(logging.INFO)
        # The mask filter covers the message; the formatter also covers tracebacks.
        handler.setFormatter(_MaskedJsonLines(run))
        handler.addFilter(_PlanFilter(run.plan_id))
        handler.addFilter(_MaskFilter(run))
        root = logging.getLogger()
        if self._saved_level is None:
            self._saved_level = root.level
            if root.getEffectiveLevel() > logging.INFO:
                root.setLevel(logging.INFO)
        root.addHandler(handler)
        self._handlers[run.plan_id] = handler

    @contextmanager
    def plan(self, plan_id: str) -> Iterator[None]:
        """Attribute every record logged inside the block to one plan."""
        token = _current_plan.set(plan_id)
        try:
            yield
        finally:
            _current_plan.reset(token)

    def close(self, plan_id: str) -> None:
        """Stop writing a plan's run.log; the last one restores the root level."""
        handler = self._handlers.pop(plan_id, None)
        if handler is None:
            return
        logging.getLogger().removeHandler(handler)
        handler.close()
        if not self._handlers and self._saved_level is not None:
            logging.getLogger().setLevel(self._saved_level)
            self._saved_level = None
