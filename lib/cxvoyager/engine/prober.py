"""Network probers for the stage 01 prechecks."""

from __future__ import annotations

from typing import Any


class SimProber:
    """Answer the prechecks' questions from the simulator's view of the planned network.

    Implements the ``Prober`` protocol of ``cxvoyager.plan.precheck``; nothing
    leaves the machine.
    """

    def __init__(self, simulator: Any) -> None:
        self._simulator = simulator

    def address_in_use(self, address: str) -> bool:
        """Tell whether a simulated machine already uses ``address``."""
        return bool(self._simulator.probe(address))

    def port_open(self, address: str, port: int) -> bool:
        """Tell whether ``address`` accepts TCP connections on ``port``."""
        return bool(self._simulator.probe(address, port))


def prober_for(target: str, simulator: Any | None) -> Any:
    """Return the sim prober, or the real ``LiveProber`` in live mode."""
    if target == "sim":
        return SimProber(simulator)
    from cxvoyager.plan.precheck import LiveProber

    return LiveProber()
