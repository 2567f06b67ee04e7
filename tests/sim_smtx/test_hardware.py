"""Hardware the simulator generates for each planned node, and the host scan that shows it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cxvoyager.clock import VirtualClock
from cxvoyager.plan.model import ClusterPlan, PlanModel, StorageArchitecture
from cxvoyager.sim import Simulator, hardware, site
from tests.factories import make_plan
from tests.sim_smtx.shapes import load_example, missing_keys
from tests.sim_smtx.site import Site


def _nodes(plan: PlanModel, seed: int = 0) -> dict[str, Any]:
    """Build a new site's state without starting listeners and return its nodes."""
    simulator = Simulator(plan, state_dir=None, clock=VirtualClock(None), seed=seed)
    site.initialize(simulator.context)
    nodes: dict[str, Any] = simulator.context.state["nodes"]
    return nodes


def _with_architecture(architecture: StorageArchitecture) -> PlanModel:
    plan = make_plan()
    cluster = ClusterPlan(**{**plan.cluster.model_dump(), "storage_architecture": architecture})
    return make_plan(cluster=cluster)


def test_same_seed_builds_same_hardware(plan: PlanModel) -> None:
    """Two simulators of one plan and seed generate identical nodes."""
    first = _nodes(plan)
    second = _nodes(plan)
    assert first == second


def test_other_seed_builds_other_serials(plan: PlanModel) -> None:
    """Another seed changes generated identities such as chassis serials."""
    first = _nodes(plan, seed=0)
    second = _nodes(plan, seed=1)
    address = str(plan.hosts[0].management_ip)
    assert first[address]["sn"] != second[address]["sn"]


def test_every_planned_host_has_a_node(plan: PlanModel) -> None:
    """Each planned management IP has a powered-on, undeployed node record."""
    nodes = _nodes(plan)
    for host in plan.hosts:
        node = nodes[str(host.management_ip)]
        assert node["deployed"] is False, host.hostname
        assert node["power"] == "on", host.hostname


def test_nics_are_planned_plus_two_spare(plan: PlanModel) -> None:
    """NIC names are the virtual-network sheet's NICs plus two unused ports."""
    planned = set(hardware.planned_nics(plan))
    node = _nodes(plan)[str(plan.hosts[0].management_ip)]
    names = {iface["name"] for iface in node["ifaces"]}
    assert planned <= names, names
    spare = names - planned
    assert len(spare) == 2, spare


def test_nic_ipv6_is_eui64_of_mac(plan: PlanModel) -> None:
    """Each linked NIC's IPv6 address is the link-local EUI-64 address of its MAC."""
    node = _nodes(plan)[str(plan.hosts[0].management_ip)]
    for iface in node["ifaces"]:
        if iface["ipv6"] is not None:
            assert iface["ipv6"] == hardware.link_local_ipv6(iface["hwaddr"]), iface


@pytest.mark.parametrize(
    ("text", "expected"),
    [("10G", 10**10), ("25G", 25 * 10**9), ("100M", 10**8), (None, 10**10), ("fast", 10**10)],
    ids=["10G", "25G", "100M", "blank", "unparsable"],
)
def test_speed_text_to_bits(text: str | None, expected: int) -> None:
    """The sheet's speed text converts to bit/s, defaulting to 10 Gbit/s."""
    assert hardware.parse_speed(text) == expected


def test_hybrid_nodes_have_cache_and_hdd(plan: PlanModel) -> None:
    """A 混闪-分层 node has a boot SSD, two flash cache disks and four HDDs."""
    node = _nodes(plan)[str(plan.hosts[0].management_ip)]
    functions = [disk["function"] for disk in node["disks"]]
    assert functions.count("boot") == 1, functions
    assert functions.count("cache") == 2, functions
    hdds = [disk for disk in node["disks"] if disk["type"] == "HDD"]
    assert len(hdds) == 4, node["disks"]


def test_all_flash_nodes_have_six_ssd() -> None:
    """A 全闪-不分层 node has a boot disk and six SSD data disks, no HDD."""
    plan = _with_architecture(StorageArchitecture.ALL_FLASH_UNTIERED)
    node = _nodes(plan)[str(plan.hosts[0].management_ip)]
    data = [disk for disk in node["disks"] if disk["function"] == "data"]
    assert len(data) == 6, data
    types = {disk["type"] for disk in node["disks"]}
    assert types == {"SSD"}, types


def test_disk_serials_unique_in_cluster(plan: PlanModel) -> None:
    """No two disks of the site share a serial number."""
    serials = [disk["serial"] for node in _nodes(plan).values() for disk in node["disks"]]
    assert len(serials) == len(set(serials))


def test_host_scan_has_captured_keys(site: Site, reference_dir: Path) -> None:
    """The host scan response has every key of the captured one, recursively."""
    example = load_example(reference_dir, "host-scan-response.json")
    response = site.deployment("GET", str(site.plan.hosts[0].management_ip), "/host")
    assert response.status_code == 200, response.text
    assert missing_keys(example, response.json()) == []


def test_host_scan_reports_plan_speed(site: Site) -> None:
    """Planned NICs report the speed written on the virtual-network sheet."""
    response = site.deployment("GET", str(site.plan.hosts[0].management_ip), "/host")
    ifaces = {iface["name"]: iface for iface in response.json()["data"]["ifaces"]}
    for nic in site.plan.networks.storage.nics:
        assert ifaces[nic]["speed"] == hardware.parse_speed(site.plan.networks.storage.speed), nic
