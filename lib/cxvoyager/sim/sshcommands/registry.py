"""Registries of the simulated commands and of logs that grow over time."""

from __future__ import annotations

from collections.abc import Callable

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.sshcommands.shell import Call, Output

Handler = Callable[[Call], Output]
_commands: dict[str, tuple[Handler, tuple[str, ...] | None]] = {}
_live_sources: dict[str, Callable[[SimContext], str]] = {}


def command(*names: str, kinds: tuple[str, ...] | None = None) -> Callable[[Handler], Handler]:
    """Register a handler for the command ``names`` on machines of ``kinds`` (None: every kind).

    A kind ``app`` matches every ``app:<kind>`` machine.
    """

    def register(handler: Handler) -> Handler:
        for name in names:
            if name in _commands:
                raise RuntimeError(f"command {name!r} registered twice")
            _commands[name] = (handler, kinds)
        return handler

    return register


def lookup(name: str, machine_kind: str) -> Handler | None:
    """Return the handler of ``name`` on a machine of ``machine_kind``, or None when it has none."""
    entry = _commands.get(name)
    if entry is None:
        return None
    handler, kinds = entry
    base_kind = machine_kind.split(":", 1)[0]
    if kinds is not None and machine_kind not in kinds and base_kind not in kinds:
        return None
    return handler


def live_source(name: str) -> Callable[[Callable[[SimContext], str]], Callable[[SimContext], str]]:
    """Register ``fn(ctx) -> text`` as the current content of the growing log ``name``."""

    def register(reader: Callable[[SimContext], str]) -> Callable[[SimContext], str]:
        _live_sources[name] = reader
        return reader

    return register


def read_live_source(ctx: SimContext, name: str) -> str:
    """Return the current content of the growing log ``name`` ("" when unknown)."""
    reader = _live_sources.get(name)
    return "" if reader is None else reader(ctx)
