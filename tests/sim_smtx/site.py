"""Raw-HTTP access to a running simulator, addressed by planned IP as a real client does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from cxvoyager.clock import VirtualClock
from cxvoyager.plan.model import PlanModel
from cxvoyager.sim import Simulator

DEPLOY_TOKEN = "0123456789abcdef0123456789abcdef"


class PinnedAdapter(HTTPAdapter):
    """Connect to the simulator on loopback but verify its certificate for the planned address."""

    def __init__(self, hostname: str) -> None:
        self.hostname = hostname
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["server_hostname"] = self.hostname
        kwargs["assert_hostname"] = self.hostname
        super().init_poolmanager(*args, **kwargs)


class Site:
    """Raw HTTP access to the simulated site: every call names the planned address it targets."""

    def __init__(self, simulator: Simulator) -> None:
        assert simulator.endpoints is not None
        self.simulator = simulator
        self.endpoints = simulator.endpoints
        self.clock: VirtualClock = simulator.clock  # type: ignore[assignment]
        self.fisheye_token: str | None = None

    @property
    def plan(self) -> PlanModel:
        return self.simulator.context.plan

    @property
    def state(self) -> dict[str, Any]:
        return self.simulator.context.state

    def call(
        self,
        method: str,
        address: str,
        path: str,
        *,
        https: bool = False,
        token: str | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """Send one request to ``address`` through the simulator's loopback listener."""
        session = requests.Session()
        headers = {"Host": address, **kwargs.pop("headers", {})}
        if token is not None:
            headers["x-smartx-token"] = token
        if https:
            session.mount("https://", PinnedAdapter(address))
            url = f"https://127.0.0.1:{self.endpoints.https_port}{path}"
            kwargs.setdefault("verify", str(self.endpoints.ca_pem))
        else:
            url = f"http://127.0.0.1:{self.endpoints.http_port}{path}"
        with session:
            return session.request(method, url, headers=headers, timeout=10, **kwargs)

    def deployment(self, method: str, address: str, path: str, **kwargs: Any) -> requests.Response:
        """Call the deployment API of a node with the deployment token."""
        kwargs.setdefault("token", DEPLOY_TOKEN)
        return self.call(method, address, "/api/v2/deployment" + path, **kwargs)

    def fisheye(
        self, method: str, path: str, *, address: str | None = None, **kwargs: Any
    ) -> requests.Response:
        """Call Fisheye on the first node (or ``address``) with the current session token."""
        kwargs.setdefault("token", self.fisheye_token)
        target = address or str(self.plan.hosts[0].management_ip)
        return self.call(method, target, path, https=True, **kwargs)

    def advance(self, seconds: float) -> None:
        """Let simulated time pass and apply what fell due, as the next request would."""
        self.clock.advance(seconds)
        context = self.simulator.context
        with context.store.lock:
            context.scheduler.run_due()


def start_site(plan: PlanModel, state_dir: Path | None, **options: Any) -> Simulator:
    simulator = Simulator(plan, state_dir=state_dir, clock=VirtualClock(None), **options)
    simulator.start()
    return simulator
