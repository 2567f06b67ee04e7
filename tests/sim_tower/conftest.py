"""Fixtures for the simulated CloudTower: a running simulator with an installed CloudTower.

The SMTX OS side (a deployed cluster with root set up) is seeded directly in
the state document in the shape ``records.py`` defines, so these tests do not
depend on driving a whole deployment through the SMTX OS API.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter

from cxvoyager.clock import VirtualClock
from cxvoyager.sim import Simulator
from cxvoyager.sim.site import initialize
from tests.factories import PASSWORD, make_plan
from tests.sim_tower.site import install_tower, seed_cluster

ENCODED_PASSWORD = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY6UlhoaGJYQnNaUzFRWVhOemR6QnlaQT09"


class PinnedAdapter(HTTPAdapter):
    """Connect to the simulator on loopback but verify the certificate for the planned address."""

    def __init__(self, hostname: str) -> None:
        self.hostname = hostname
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["server_hostname"] = self.hostname
        kwargs["assert_hostname"] = self.hostname
        super().init_poolmanager(*args, **kwargs)


class TowerClient:
    """Plain ``requests`` calls to the simulated CloudTower, addressed by its planned IP."""

    def __init__(self, simulator: Simulator, address: str) -> None:
        endpoints = simulator.endpoints
        assert endpoints is not None
        self.base = f"https://127.0.0.1:{endpoints.https_port}"
        self.session = requests.Session()
        self.session.mount("https://", PinnedAdapter(address))
        # Passed per request, because a session value loses to REQUESTS_CA_BUNDLE.
        self.verify = str(endpoints.ca_pem)
        self.session.headers["Host"] = address
        self.address = address
        self.token: str | None = None

    def post(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if self.token is not None and "Authorization" not in headers:
            headers["Authorization"] = self.token
        if body is not None:
            kwargs["json"] = body
        return self.session.post(
            self.base + path, headers=headers, timeout=10, verify=self.verify, **kwargs
        )

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if self.token is not None:
            headers.setdefault("Authorization", self.token)
        return self.session.get(
            self.base + path, headers=headers, timeout=10, verify=self.verify, **kwargs
        )

    def rest(self, operation: str, body: Any = None, **kwargs: Any) -> requests.Response:
        return self.post(f"/v2/api/{operation}", body, **kwargs)

    def graphql(
        self, operation: str, query: str, variables: Any = None, **kwargs: Any
    ) -> requests.Response:
        payload = {"operationName": operation, "variables": variables or {}, "query": query}
        return self.post("/api", payload, **kwargs)

    def login(self) -> str:
        response = self.rest("login", {"username": "root", "password": PASSWORD, "source": "LOCAL"})
        assert response.status_code == 200, response.text
        self.token = response.json()["data"]["token"]
        return self.token


@pytest.fixture(scope="session")
def running_simulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    """One simulator for the whole session: starting and stopping listeners costs about a second."""
    sim = Simulator(
        make_plan(), state_dir=tmp_path_factory.mktemp("tower-sim"), clock=VirtualClock(None)
    )
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def simulator(running_simulator: Simulator) -> Simulator:
    """The session's simulator with a new, undeployed site and no faults."""
    ctx = running_simulator.context
    with ctx.store.lock:
        ctx.store.reset()
        initialize(ctx)
        ctx.faults.faults.clear()
    return running_simulator


@pytest.fixture
def site(simulator: Simulator) -> Simulator:
    """The simulator with a deployed SMTX OS cluster and an installed CloudTower."""
    with simulator.context.store.lock:
        seed_cluster(simulator.context)
        install_tower(simulator.context)
        simulator.context.store.save()
    return simulator


@pytest.fixture
def tower(site: Simulator) -> TowerClient:
    """A client of the installed CloudTower, not logged in, with no root user yet."""
    return TowerClient(site, str(site.context.plan.cloudtower.ip))  # type: ignore[union-attr]


def load_example(reference_dir: Path, name: str) -> Any:
    """Return a captured example body by file name."""
    return json.loads((reference_dir / "examples" / name).read_text(encoding="utf-8"))


CREATE_ROOT_USER = """mutation createRootUser($root_password: String!, $now: DateTime!) {
  createUser(data: {name: "root", source: LOCAL, role: ROOT, username: "root",
    display_username: "root", password: $root_password,
    password_recover_qa: {enabled: false, items: []}, password_updated_at: $now},
    effect: {encoded: true}) {
    id
    __typename
  }
}"""
CREATE_ORGANIZATION = """mutation createOrganization($data: OrganizationCreateInput!) {
  createOrganization(data: $data) { id __typename }
}"""


def first_boot(client: TowerClient, organization: str = "测试客户") -> dict[str, str]:
    """Create root and the organization through GraphQL, then log in over REST."""
    root = client.graphql(
        "createRootUser",
        CREATE_ROOT_USER,
        {"root_password": ENCODED_PASSWORD, "now": "2026-01-01T00:00:00.000Z"},
    )
    assert root.status_code == 200, root.text
    org = client.graphql(
        "createOrganization", CREATE_ORGANIZATION, {"data": {"name": organization}}
    )
    assert org.status_code == 200, org.text
    client.login()
    return {
        "root_id": root.json()["data"]["createUser"]["id"],
        "organization_id": org.json()["data"]["createOrganization"]["id"],
    }


@pytest.fixture
def ready(tower: TowerClient) -> dict[str, str]:
    """CloudTower after first boot, with ``tower`` logged in as root."""
    return first_boot(tower)


def connect(
    client: TowerClient, simulator: Simulator, ready: dict[str, str], *, password: str = PASSWORD
) -> dict[str, Any]:
    """Create the datacenter and connect the cluster; return the connect-cluster response item."""
    datacenters = client.rest("get-datacenters", {"where": {"name": "TEST-DC"}}).json()
    if datacenters:
        datacenter_id = datacenters[0]["id"]
    else:
        created = client.rest(
            "create-datacenter", [{"name": "TEST-DC", "organization_id": ready["organization_id"]}]
        )
        datacenter_id = created.json()[0]["data"]["id"]
    body = [
        {
            "datacenter_id": datacenter_id,
            "ip": str(simulator.context.plan.cluster.vip),
            "username": "root",
            "password": password,
        }
    ]
    response = client.rest("connect-cluster", body)
    assert response.status_code == 200, response.text
    item: dict[str, Any] = response.json()[0]
    return item


@pytest.fixture
def connected(tower: TowerClient, site: Simulator, ready: dict[str, str]) -> dict[str, Any]:
    """CloudTower with the cluster CONNECTED; returns the cluster object."""
    connect(tower, site, ready)
    site.clock.advance(600)  # type: ignore[attr-defined]
    clusters = tower.rest("get-clusters", {}).json()
    assert clusters[0]["connect_state"] == "CONNECTED", clusters
    cluster: dict[str, Any] = clusters[0]
    return cluster
