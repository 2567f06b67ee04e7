"""Time-driven state changes of the simulator, on the virtual clock.

A service schedules a named action to run ``delay`` simulated seconds from
now (``scheduler.at(120, "cluster.deploy.phase", host="10.0.20.11")``). Due
actions run, in time order, before each request is handled, so whatever a
client reads already reflects every change that was due. Actions are stored in
the state document, which lets a restarted simulator finish a deployment that
was running when the previous process stopped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from cxvoyager.clock import Clock

logger = logging.getLogger(__name__)

Action = Callable[[Any, float, dict[str, Any]], None]
_actions: dict[str, Action] = {}


def action(name: str) -> Callable[[Action], Action]:
    """Register ``fn(ctx, due_time, args)`` as the handler of the scheduled action ``name``.

    ``ctx`` is the simulator's ``SimContext``; ``due_time`` is the virtual time
    the action was due, which a chained action should use as its base so that
    a long jump of the clock keeps the intervals between phases.
    """

    def register(fn: Action) -> Action:
        known = _actions.get(name)
        # A module imported again (pytest's importlib mode, reloads) re-registers
        # the same function; two different functions under one name are a bug.
        if known is not None and _qualified(known) != _qualified(fn):
            raise RuntimeError(f"scheduled action {name!r} registered twice")
        _actions[name] = fn
        return fn

    return register


def _qualified(fn: Action) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


class Scheduler:
    """Runs scheduled actions when the virtual clock reaches their time."""

    def __init__(self, context: Any, clock: Clock) -> None:
        self.context = context
        self.clock = clock

    @property
    def state(self) -> dict[str, Any]:
        """The simulator state the queue is stored in."""
        state: dict[str, Any] = self.context.state
        return state

    def at(self, delay: float, name: str, *, base: float | None = None, **args: Any) -> None:
        """Schedule ``name`` to run ``delay`` simulated seconds after ``base`` (default: now)."""
        if name not in _actions:
            raise KeyError(f"no scheduled action named {name!r}")
        start = self.clock.now() if base is None else base
        queue = self.state.setdefault("schedule", [])
        queue.append({"at": start + max(delay, 0.0), "action": name, "args": args})
        queue.sort(key=lambda item: item["at"])

    def run_due(self) -> int:
        """Run every action whose time has come, oldest first; return how many ran."""
        queue: list[dict[str, Any]] = self.state.setdefault("schedule", [])
        now = self.clock.now()
        count = 0
        while queue and queue[0]["at"] <= now:
            item = queue.pop(0)
            # Handlers may schedule more actions; re-read the queue head each time.
            handler = _actions.get(item["action"])
            if handler is None:
                logger.error("dropped scheduled action %s: no handler registered", item["action"])
                continue
            handler(self.context, item["at"], item["args"])
            count += 1
        return count
