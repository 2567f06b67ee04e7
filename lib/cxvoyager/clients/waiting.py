"""The one waiting module: poll until a condition holds, with backoff and a deadline.

Every wait in the suite (deployment jobs, CloudTower tasks, VM readiness)
calls ``wait_until``; nothing else sleeps in a loop. Sleeping goes through
the ``Clock``, so in sim mode at speed ``max`` a 40-minute deployment passes
at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

from cxvoyager.clients.progress import ProgressReporter
from cxvoyager.clock import Clock
from cxvoyager.errors import TaskFailedError, TransportError, WaitTimeoutError
from cxvoyager.i18n import t

logger = logging.getLogger(__name__)

T = TypeVar("T")

BACKOFF_FACTOR = 1.5  # each pause is this much longer than the one before, up to max_interval


def _never_failed(_value: object) -> str | None:
    return None


def wait_until(
    poll: Callable[[], T],
    *,
    is_done: Callable[[T], bool],
    what: str,
    clock: Clock,
    timeout: float,
    is_failed: Callable[[T], str | None] = _never_failed,
    describe: Callable[[T], str] = str,
    interval: float = 2.0,
    max_interval: float = 30.0,
    progress: ProgressReporter | None = None,
) -> T:
    """Call ``poll`` until ``is_done`` holds for its value, and return that value.

    Pauses start at ``interval`` clock seconds and grow by ``BACKOFF_FACTOR``
    up to ``max_interval``; the last poll happens at the deadline. Each change
    of ``describe(value)`` is logged once at INFO. A ``TransportError`` from
    ``poll`` (the service restarting, say) is logged and tolerated until the
    deadline; any other error, such as a 4xx ``StatusError``, propagates.
    Ctrl-C (``KeyboardInterrupt``) ends the wait at once.

    Args:
        poll: reads the current state (one API call).
        is_done: whether the state is the awaited one.
        what: names what is awaited, for logs and errors (``集群部署任务 job-1``).
        clock: the clock the pauses go through.
        timeout: clock seconds before giving up.
        is_failed: returns a reason when the state is a failure, else None.
        describe: turns a state into the short text that is logged.
        interval: the first pause, in clock seconds.
        max_interval: the maximum pause, in clock seconds.
        progress: shows the current state on the terminal.

    Raises:
        TaskFailedError: ``is_failed`` returned a reason (``task_id`` is ``what``).
        WaitTimeoutError: the deadline passed; names ``what``, the seconds
            waited and the last state.
    """
    waiter = _Waiter(what=what, clock=clock, describe=describe, progress=progress)
    deadline = clock.now() + timeout
    pause = interval
    while True:
        outcome = waiter.poll_once(poll)
        if outcome.polled:
            value = cast(T, outcome.value)
            reason = is_failed(value)
            if reason is not None:
                raise TaskFailedError(
                    t("clients.wait.failed", what=what, reason=reason), task_id=what, status=reason
                )
            if is_done(value):
                waiter.log_done()
                return value

        remaining = deadline - clock.now()
        if remaining <= 0:
            raise waiter.timeout_error()
        waiter.sleep(min(pause, remaining))
        pause = min(pause * BACKOFF_FACTOR, max_interval)


@dataclass
class _Outcome(Generic[T]):
    polled: bool
    value: T | None


@dataclass
class _Waiter(Generic[T]):
    """The state of one wait: when it began, what was last seen, what to log."""

    what: str
    clock: Clock
    describe: Callable[[T], str]
    progress: ProgressReporter | None
    started: float = 0.0
    last_status: str | None = None
    last_error: str | None = None

    def __post_init__(self) -> None:
        self.started = self.clock.now()

    def poll_once(self, poll: Callable[[], T]) -> _Outcome[T]:
        try:
            value = poll()
        except TransportError as exc:
            self.last_error = str(exc)
            logger.warning("%s: polling failed, will retry until the deadline: %s", self.what, exc)
            return _Outcome(polled=False, value=None)
        status = self.describe(value)
        if status != self.last_status:
            logger.info("%s: %s (after %.0f s)", self.what, status, self.waited())
            self.last_status = status
        if self.progress is not None:
            self.progress.phase(status)
        return _Outcome(polled=True, value=value)

    def sleep(self, seconds: float) -> None:
        try:
            self.clock.sleep(seconds)
        except KeyboardInterrupt:
            logger.warning("%s: wait interrupted after %.0f s", self.what, self.waited())
            raise

    def waited(self) -> float:
        return self.clock.now() - self.started

    def log_done(self) -> None:
        logger.info("%s: finished waiting after %.0f s", self.what, self.waited())

    def timeout_error(self) -> WaitTimeoutError:
        waited = self.waited()
        status = self.last_status
        if status is None:
            status = self.last_error or t("clients.wait.no_status")
        return WaitTimeoutError(
            t("clients.wait.timeout", what=self.what, seconds=waited, status=status),
            what=self.what,
            waited_seconds=waited,
            last_status=self.last_status,
        )
