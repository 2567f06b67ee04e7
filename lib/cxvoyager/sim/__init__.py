"""A stateful simulator of the SmartX APIs the suite calls, served on loopback.

``Simulator`` plays every address of a plan: uninitialized nodes (deployment
API), the SMTX OS cluster API on nodes and VIP, CloudTower REST and GraphQL,
apps, BMC Redfish and test-VM guests. It imports nothing from the suite's
clients: it speaks raw JSON in the real shapes, so a wrong field name on the
client side fails here instead of at the customer site.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxvoyager.clock import Clock, VirtualClock
from cxvoyager.plan.model import PlanModel
from cxvoyager.sim import network
from cxvoyager.sim.app import create_app, service_modules
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.faults import FaultInjector, FaultSpecError, parse_fault
from cxvoyager.sim.server import Listener, issue_certificate
from cxvoyager.sim.site import initialize
from cxvoyager.sim.state import StateStore

__all__ = ["FaultSpecError", "SimEndpoints", "Simulator", "parse_fault"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SimEndpoints:
    """Loopback ports and CA certificate of the running simulator (all on 127.0.0.1)."""

    http_port: int
    https_port: int
    ca_pem: Path
    ssh_ports: dict[str, int] = field(default_factory=dict)


class Simulator:
    """The simulated site of one plan.

    Args:
        plan: the validated plan.
        state_dir: where state persists between runs (None keeps it in memory).
        clock: the virtual clock shared with the suite (a new max-speed clock when None).
        faults: ``--sim-fault`` specs.
        seed: seed for generated values.
        http_port / https_port: fixed ports for the standalone server (0 = ephemeral).
    """

    def __init__(
        self,
        plan: PlanModel,
        *,
        state_dir: Path | None,
        clock: Clock | None = None,
        faults: list[str] | tuple[str, ...] = (),
        seed: int = 0,
        http_port: int = 0,
        https_port: int = 0,
    ) -> None:
        self.state_dir = state_dir
        store = StateStore(state_dir)
        start = store.data.get("clock_now")
        self.clock = clock if clock is not None else VirtualClock(None, start=start)
        if start is not None and isinstance(self.clock, VirtualClock) and self.clock.now() < start:
            # Virtual time never runs backwards across restarts: saved deadlines stay ahead.
            self.clock.advance(start - self.clock.now())
        self.context = SimContext(plan, store, self.clock, FaultInjector(list(faults)), seed)
        self._ports = (http_port, https_port)
        self._listeners: list[Listener] = []
        self._ssh_servers: list[Any] = []
        self.endpoints: SimEndpoints | None = None

    def start(self) -> SimEndpoints:
        """Start the listeners and return where they are."""
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        with self.context.store.lock:
            initialize(self.context)
        app = create_app(self.context)
        ca_dir = self.state_dir
        if ca_dir is None:
            ca_dir = Path(tempfile.mkdtemp(prefix="cxv-sim-"))
        tls = issue_certificate(self.context.planned_addresses(), ca_dir / "sim-ca.pem")
        plain = Listener(app, port=self._ports[0], ssl_context=None)
        secure = Listener(app, port=self._ports[1], ssl_context=tls)
        self._listeners = [plain, secure]
        for listener in self._listeners:
            listener.start()
        ssh_ports = self._start_ssh()
        self.endpoints = SimEndpoints(plain.port, secure.port, ca_dir / "sim-ca.pem", ssh_ports)
        logger.info("simulator listening: http %s, https %s", plain.port, secure.port)
        return self.endpoints

    def _start_ssh(self) -> dict[str, int]:
        for module in service_modules():
            starter = getattr(module, "start_ssh", None)
            if starter is not None:
                server = starter(self.context)
                self._ssh_servers.append(server)
                return dict(server.ports)
        return {}

    def stop(self) -> None:
        """Stop every listener and save the state with the current virtual time."""
        for server in self._ssh_servers:
            server.stop()
        self._ssh_servers = []
        for listener in self._listeners:
            listener.stop()
        self._listeners = []
        with self.context.store.lock:
            self.context.state["clock_now"] = self.clock.now()
            self.context.store.save()

    def reset(self) -> None:
        """Forget the simulated site; the next start builds it anew from the plan."""
        self.context.store.reset()

    def probe(self, address: str, port: int | None = None) -> bool:
        """Tell whether ``address`` accepts connections now (on ``port`` when given)."""
        with self.context.store.lock:
            self.context.scheduler.run_due()
            if port is None:
                return network.in_use(self.context.state, address)
            return network.lookup(self.context.state, address, port) is not None

    def __enter__(self) -> Simulator:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
