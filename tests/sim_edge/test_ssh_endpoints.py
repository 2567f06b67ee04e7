"""Which planned addresses get SSH listeners, and logins on app VMs."""

from __future__ import annotations

from cxvoyager.plan.model import PlanModel
from cxvoyager.sim import Simulator, network
from tests.factories import PASSWORD
from tests.sim_edge.builders import vm_record
from tests.sim_edge.sshclient import run

OBS_IP = "10.0.20.3"


def test_every_ssh_capable_address_has_a_port(live_site: Simulator, plan: PlanModel) -> None:
    """Hosts, components and the test range each get a distinct loopback port."""
    assert live_site.endpoints is not None
    ports = live_site.endpoints.ssh_ports
    expected = {str(host.management_ip) for host in plan.hosts}
    expected |= {str(component.ip) for component in plan.components()}
    expected |= {str(address) for address in plan.test_ip_range.addresses()}  # type: ignore[union-attr]
    assert set(ports) == expected
    assert len(set(ports.values())) == len(ports)


def test_bmc_and_storage_addresses_have_no_ssh(live_site: Simulator) -> None:
    """BMC and storage addresses are not SSH endpoints."""
    assert live_site.endpoints is not None
    assert "10.0.19.11" not in live_site.endpoints.ssh_ports
    assert "10.0.21.11" not in live_site.endpoints.ssh_ports


def test_app_vm_accepts_planned_ssh_account(live_site: Simulator) -> None:
    """An installed app's VM accepts the component's planned SSH account."""
    state = live_site.context.state
    vm = vm_record("vm-obs", "observability", "10.0.20.12", ha=True, role="app:observability")
    state["cluster"]["vms"]["vm-obs"] = vm
    network.attach(state, OBS_IP, kind="app:observability", key="app-obs", ports=[22, 443])

    result = run(live_site, OBS_IP, "smartx", PASSWORD, "hostname")
    assert (result.status, result.stdout) == (0, "observability\n")
