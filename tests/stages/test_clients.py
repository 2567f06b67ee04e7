"""The per-API clients against a running simulator on loopback (no mocks)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.factories import PASSWORD, make_plan

from cxvoyager.clients.deployment import DeploymentClient
from cxvoyager.clients.redfish import RedfishClient
from cxvoyager.clients.transport import SimTransport
from cxvoyager.clock import VirtualClock
from cxvoyager.errors import AuthError, ResponseError
from cxvoyager.sim import Simulator


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SimTransport, VirtualClock]]:
    clock = VirtualClock(None)
    simulator = Simulator(make_plan(), state_dir=tmp_path_factory.mktemp("sim"), clock=clock)
    endpoints = simulator.start()
    transport = SimTransport(
        http_port=endpoints.http_port,
        https_port=endpoints.https_port,
        ca_pem=endpoints.ca_pem,
        clock=clock,
    )
    yield transport, clock
    simulator.stop()


def bmc(site, *, password: str = PASSWORD) -> RedfishClient:
    """Return the client of the last node's BMC; the scan test uses the first node."""
    transport, clock = site
    session = transport.session(service="redfish", base_url="https://10.0.19.14")
    return RedfishClient(session, username="root", password=password, clock=clock)


def test_redfish_power_cycle(site):
    client = bmc(site)

    client.reset("ForceOff")
    off = client.wait_for_power("Off")
    client.reset("On")
    on = client.wait_for_power("On")

    assert off.power_state == "Off"
    assert on.power_state == "On"
    assert on.serial_number, on


def test_redfish_rejects_unknown_reset_type(site):
    with pytest.raises(ResponseError) as caught:
        bmc(site).reset("Explode")

    assert "Explode" in str(caught.value)


def test_redfish_wrong_password(site):
    with pytest.raises(AuthError) as caught:
        bmc(site, password="wrong-password").get_system()

    assert caught.value.status == 401


def test_deployment_scan_of_fresh_node(site):
    transport, _clock = site
    client = DeploymentClient(
        transport.session(service="deployment", base_url="http://10.0.20.11"),
        transport.session(service="deployment", base_url="https://10.0.20.11"),
        node_ip="10.0.20.11",
    )

    scan = client.get_host()

    assert scan.host_uuid
    assert scan.iface("ens224") is not None, [iface.name for iface in scan.ifaces]
    assert scan.iface("ens224").link_local is not None
    assert [disk.function for disk in scan.disks].count("boot") == 1
    assert len(scan.payload_disks) >= 2
