"""The virtual clock and the scheduler that drive every simulated duration."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from cxvoyager.clock import VirtualClock, parse_speed
from cxvoyager.sim import Simulator, scheduler
from tests.factories import make_plan


def test_max_speed_sleep_jumps_at_once() -> None:
    clock = VirtualClock(None)
    before_real, before_virtual = time.monotonic(), clock.now()
    clock.sleep(3600)
    assert clock.now() - before_virtual >= 3600
    assert time.monotonic() - before_real < 0.5


def test_speed_scales_real_time() -> None:
    clock = VirtualClock(100.0)
    before = clock.now()
    clock.sleep(20)  # 20 simulated seconds = 0.2 real seconds at 100x
    assert 19 <= clock.now() - before < 40


@pytest.mark.parametrize(
    ("text", "expected"), [("max", None), ("MAX", None), ("60", 60.0), ("0.5", 0.5)]
)
def test_speed_parses(text: str, expected: float | None) -> None:
    assert parse_speed(text) == expected


@pytest.mark.parametrize("text", ["0", "-3", "fast"])
def test_speed_rejected(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - float() and parse_speed raise plain ValueError
        parse_speed(text)


@scheduler.action("test.core.record")
def _record(ctx: Any, due: float, args: dict[str, Any]) -> None:
    ctx.state.setdefault("test_core_log", []).append((args["label"], due))
    if args.get("then"):
        ctx.scheduler.at(10, "test.core.record", base=due, label=args["then"])


def test_scheduled_actions_run_in_order_and_chain(tmp_path: Path) -> None:
    clock = VirtualClock(None)
    simulator = Simulator(make_plan(), state_dir=tmp_path, clock=clock)
    simulator.start()
    with simulator.context.store.lock:
        simulator.context.scheduler.at(60, "test.core.record", label="late")
        simulator.context.scheduler.at(30, "test.core.record", label="early", then="chained")
    clock.sleep(120)
    simulator.probe("10.0.20.11")  # any request runs the due actions
    log = simulator.context.state["test_core_log"]
    simulator.stop()
    assert [label for label, _ in log] == ["early", "chained", "late"]
    assert log[1][1] - log[0][1] == pytest.approx(10)


def test_pending_action_survives_restart(tmp_path: Path) -> None:
    first = Simulator(make_plan(), state_dir=tmp_path, clock=VirtualClock(None))
    first.start()
    with first.context.store.lock:
        first.context.scheduler.at(300, "test.core.record", label="after-restart")
        first.context.store.save()
    first.stop()

    clock = VirtualClock(None)
    second = Simulator(make_plan(), state_dir=tmp_path, clock=clock)
    second.start()
    clock.sleep(400)
    second.probe("10.0.20.11")
    log = second.context.state.get("test_core_log", [])
    second.stop()
    assert [label for label, _ in log] == ["after-restart"]
