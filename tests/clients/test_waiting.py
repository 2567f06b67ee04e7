"""wait_until: state changes logged once, timeouts and failures named, backoff capped."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest

from cxvoyager.clients.waiting import wait_until
from cxvoyager.clock import VirtualClock
from cxvoyager.errors import StatusError, TaskFailedError, TransportError, WaitTimeoutError


class RecordingClock(VirtualClock):
    """A max-speed virtual clock that remembers every sleep."""

    def __init__(self) -> None:
        super().__init__(speed=None)
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        super().sleep(seconds)


def states(*values: str) -> Callable[[], str]:
    """Return a poll function that yields ``values`` and then repeats the last one."""
    iterator: Iterator[str] = iter(values)
    last = values[-1]

    def poll() -> str:
        return next(iterator, last)

    return poll


def test_each_state_change_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    """Every distinct state is logged once, however often it is polled."""
    caplog.set_level(logging.INFO, logger="cxvoyager.clients.waiting")
    poll = states("pending", "pending", "running", "running", "running", "done")

    result = wait_until(
        poll,
        is_done=lambda s: s == "done",
        what="cluster deployment job-1",
        clock=VirtualClock(None),
        timeout=600,
    )

    assert result == "done"
    messages = [r.getMessage() for r in caplog.records]
    for state in ("pending", "running", "done"):
        matching = [m for m in messages if m.startswith(f"cluster deployment job-1: {state} ")]
        assert len(matching) == 1, (state, messages)


def test_timeout_names_what_seconds_and_last_status() -> None:
    """A timeout raises WaitTimeoutError naming what was awaited, seconds waited and last status."""
    clock = VirtualClock(None)

    with pytest.raises(WaitTimeoutError) as caught:
        wait_until(
            states("INSTALLING"),
            is_done=lambda s: s == "RUNNING",
            what="OBS 实例 obs-1",
            clock=clock,
            timeout=900,
        )

    error = caught.value
    assert error.what == "OBS 实例 obs-1"
    assert error.last_status == "INSTALLING"
    assert 900 <= error.waited_seconds < 901, error.waited_seconds
    for part in ("OBS 实例 obs-1", "900", "INSTALLING"):
        assert part in str(error), (part, str(error))


def test_failure_reason_raises_task_failed() -> None:
    """is_failed returning a reason ends the wait with TaskFailedError carrying that reason."""
    poll = states("EXECUTING", "FAILED")

    with pytest.raises(TaskFailedError) as caught:
        wait_until(
            poll,
            is_done=lambda s: s == "SUCCESSED",
            is_failed=lambda s: "VM_DUPLICATED_NAME" if s == "FAILED" else None,
            what="task ck74rk21wg5lz0786opdnzz5m",
            clock=VirtualClock(None),
            timeout=300,
        )

    assert caught.value.status == "VM_DUPLICATED_NAME"
    assert caught.value.task_id == "task ck74rk21wg5lz0786opdnzz5m"
    assert "VM_DUPLICATED_NAME" in str(caught.value)


def test_transport_errors_tolerated_until_done(caplog: pytest.LogCaptureFixture) -> None:
    """A poll that loses the connection is retried; the wait still ends when the state is done."""
    outcomes: list[object] = [TransportError("reset", reason="reset"), "running", "done"]

    def poll() -> str:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return str(outcome)

    result = wait_until(
        poll, is_done=lambda s: s == "done", what="job", clock=VirtualClock(None), timeout=60
    )

    assert result == "done"
    assert "polling failed" in caplog.text


def test_transport_errors_until_deadline_give_timeout() -> None:
    """When every poll fails to connect, the timeout message carries the last connection error."""

    def poll() -> str:
        raise TransportError("Cannot reach fisheye: connection refused", reason="refused")

    with pytest.raises(WaitTimeoutError) as caught:
        wait_until(poll, is_done=bool, what="VIP", clock=VirtualClock(None), timeout=30)

    assert caught.value.last_status is None
    assert "connection refused" in str(caught.value)


def test_status_error_4xx_propagates() -> None:
    """A 404 while polling is a real error and ends the wait at once."""
    polls = 0

    def poll() -> str:
        nonlocal polls
        polls += 1
        raise StatusError("not found", status=404)

    with pytest.raises(StatusError):
        wait_until(poll, is_done=bool, what="job", clock=VirtualClock(None), timeout=60)
    assert polls == 1


def test_keyboard_interrupt_propagates() -> None:
    """Ctrl-C during a pause ends the wait with KeyboardInterrupt."""

    class InterruptedClock(VirtualClock):
        def sleep(self, seconds: float) -> None:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        wait_until(
            states("running"),
            is_done=lambda s: s == "done",
            what="job",
            clock=InterruptedClock(None),
            timeout=60,
        )


def test_pauses_back_off_to_cap() -> None:
    """Pauses grow from interval up to max_interval and the last one ends at the deadline."""
    clock = RecordingClock()

    with pytest.raises(WaitTimeoutError):
        wait_until(
            states("running"),
            is_done=lambda s: s == "done",
            what="job",
            clock=clock,
            timeout=100,
            interval=2,
            max_interval=10,
        )

    assert clock.sleeps[:4] == [2, 3, 4.5, 6.75]
    assert max(clock.sleeps) == 10
    assert sum(clock.sleeps) == pytest.approx(100, abs=0.01)


def test_describe_is_logged_not_raw_value(caplog: pytest.LogCaptureFixture) -> None:
    """describe() turns a polled object into the logged status."""
    caplog.set_level(logging.INFO, logger="cxvoyager.clients.waiting")
    tasks = iter(
        [{"status": "EXECUTING", "progress": 0.5}, {"status": "SUCCESSED", "progress": 1.0}]
    )

    wait_until(
        lambda: next(tasks),
        is_done=lambda task: task["status"] == "SUCCESSED",
        describe=lambda task: f"{task['status']} {task['progress']:.0%}",
        what="upload task",
        clock=VirtualClock(None),
        timeout=60,
    )

    assert "upload task: EXECUTING 50%" in caplog.text
