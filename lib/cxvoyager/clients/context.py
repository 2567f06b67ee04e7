"""Which stage and step is calling, for log lines and the traffic record.

The plugin wraps each test in ``step_context(stage=..., step=...)``. The
session, the waiting module and the HAR recorder read ``current_step``, so
every API call and log line names the step that made it.

``contextvars`` values do not flow into threads started with ``threading`` or
a ``ThreadPoolExecutor``: code that calls APIs from worker threads submits
``contextvars.copy_context().run`` so the workers see the caller's step.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class StepContext:
    """The suite step that is running.

    Attributes:
        stage: the stage module's name, such as ``02_init_cluster``.
        step: the test function's name, such as ``test_start_deployment``.
    """

    stage: str
    step: str


current_step: contextvars.ContextVar[StepContext | None] = contextvars.ContextVar(
    "cxvoyager_current_step", default=None
)


@contextmanager
def step_context(*, stage: str, step: str) -> Iterator[StepContext]:
    """Mark every API call and log line inside the block as made by ``stage``/``step``."""
    context = StepContext(stage=stage, step=step)
    token = current_step.set(context)
    try:
        yield context
    finally:
        current_step.reset(token)


def step_fields() -> dict[str, str]:
    """Return ``stage`` and ``step`` of the running step, empty strings outside a step."""
    context = current_step.get()
    if context is None:
        return {"stage": "", "step": ""}
    return {"stage": context.stage, "step": context.step}


class StepContextFilter(logging.Filter):
    """A logging filter that adds ``stage`` and ``step`` to records that lack them.

    Attach it to the handlers of ``run.log`` and the console, so lines logged
    by any module carry the step that was running.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Add the step fields and keep the record."""
        for name, value in step_fields().items():
            if not getattr(record, name, ""):
                setattr(record, name, value)
        return True
