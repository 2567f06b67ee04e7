"""Shared context of the simulator's service handlers: plan, state, clock, faults."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from ipaddress import IPv4Address
from typing import Any

from cxvoyager.clock import Clock
from cxvoyager.plan.model import PlanModel
from cxvoyager.sim.faults import FaultInjector
from cxvoyager.sim.scheduler import Scheduler
from cxvoyager.sim.state import StateStore


@dataclass
class SimContext:
    """The running simulator's shared objects.

    Attributes:
        plan: the validated plan the simulated site is built from.
        store: the persisted state document (handlers run with its lock held).
        clock: the virtual clock every simulated duration is measured on.
        faults: the active ``--sim-fault`` faults.
        seed: seed for deterministic generated values (serials, MACs, fio noise).
    """

    plan: PlanModel
    store: StateStore
    clock: Clock
    faults: FaultInjector
    seed: int = 0
    scheduler: Scheduler = field(init=False)

    def __post_init__(self) -> None:
        self.scheduler = Scheduler(self, self.clock)

    @property
    def state(self) -> dict[str, Any]:
        """The state document."""
        return self.store.data

    def rng(self, *salt: object) -> random.Random:
        """Return a random generator that is deterministic for this seed and ``salt``."""
        # Simulated serials and measurements, not secrets: a seeded PRNG is the point.
        seed = f"{self.seed}:{self.plan.cluster.name}:" + ":".join(map(str, salt))
        return random.Random(seed)  # noqa: S311

    def planned_addresses(self) -> list[str]:
        """List every address the plan names, for the TLS certificate and the network table."""
        plan = self.plan
        addresses: list[IPv4Address] = [plan.cluster.vip]
        for host in plan.hosts:
            addresses += [host.management_ip, host.storage_ip]
            if host.bmc_ip is not None:
                addresses.append(host.bmc_ip)
        addresses += [component.ip for component in plan.components()]
        if plan.everoute is not None:
            addresses += [plan.everoute.vip, *plan.everoute.controllers]
        if plan.test_ip_range is not None:
            addresses += plan.test_ip_range.addresses()
        return sorted({str(address) for address in addresses}, key=lambda a: IPv4Address(a))
