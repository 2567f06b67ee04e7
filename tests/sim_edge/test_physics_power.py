"""Host power physics: failure, HA restart, return and storage recovery on the virtual clock."""

from __future__ import annotations

from typing import Any

import pytest

from cxvoyager.sim import Simulator, network, physics
from tests.sim_edge.builders import elapse, host_uuid, vm_record

HOST_1 = "10.0.20.11"
STORAGE_1 = "10.0.21.11"
TOWER_IP = "10.0.20.2"
TEST_IP_1 = "10.0.20.231"


def _state(site: Simulator) -> dict[str, Any]:
    return site.context.state


def _power_off(site: Simulator, ip: str = HOST_1) -> None:
    with site.context.store.lock:
        physics.power_off_host(site.context, ip)


def _power_on(site: Simulator, ip: str = HOST_1) -> None:
    with site.context.store.lock:
        physics.power_on_host(site.context, ip)


def _open_alerts(site: Simulator, name: str) -> list[dict[str, Any]]:
    return [a for a in _state(site).get("alerts", []) if a["name"] == name and not a["resolved"]]


def test_power_off_closes_host_addresses(site: Simulator) -> None:
    """A powered-off host is unreachable on its management and storage addresses."""
    _power_off(site)

    assert not site.probe(HOST_1), network.entries(_state(site))[HOST_1]
    assert not site.probe(STORAGE_1), network.entries(_state(site))[STORAGE_1]
    assert _state(site)["nodes"][HOST_1]["power"] == "off"
    assert _state(site)["cluster"]["hosts"][host_uuid(1)]["status"] == "powered_off"


def test_power_off_takes_vms_down_and_raises_alerts(site: Simulator) -> None:
    """The failed host's VMs stop, their guests go silent, and host-down and HA alerts open."""
    _state(site)["cluster"]["vms"]["vm-test-2"]["node_ip"] = HOST_1
    _power_off(site)

    vms = _state(site)["cluster"]["vms"]
    assert {uuid: vm["status"] for uuid, vm in vms.items()} == {
        "vm-tower": "stopped",
        "vm-test-1": "stopped",
        "vm-test-2": "stopped",
    }
    assert not site.probe(TOWER_IP, 443)
    assert not site.probe(TEST_IP_1, 22)
    host_down = _open_alerts(site, "host_down")
    assert [(a["severity"], a["object_id"]) for a in host_down] == [("CRITICAL", host_uuid(1))]
    ha_alerts = sorted(a["object_id"] for a in _open_alerts(site, "vm_ha_restart"))
    assert ha_alerts == ["vm-test-1", "vm-tower"], "only VMs with ha get an HA alert"
    assert _state(site)["cluster"]["storage"]["replicas_healthy"] is False


def test_ha_restarts_only_ha_vms_within_five_minutes(site: Simulator) -> None:
    """After 2-5 simulated minutes the HA VMs run on other hosts; a VM without HA stays stopped."""
    vms = _state(site)["cluster"]["vms"]
    vms["vm-test-2"]["node_ip"] = HOST_1
    _power_off(site)

    elapse(site, 119)
    assert vms["vm-tower"]["status"] == "stopped", "HA waits at least two minutes"
    elapse(site, 181 + 90)

    assert vms["vm-tower"]["status"] == "running"
    assert vms["vm-tower"]["node_ip"] != HOST_1
    assert vms["vm-test-1"]["node_ip"] != HOST_1
    assert vms["vm-test-2"]["status"] == "stopped"
    assert site.probe(TOWER_IP, 443), "CloudTower answers again once its guest booted"
    assert site.probe(TEST_IP_1, 22)
    assert _open_alerts(site, "vm_ha_restart") == []


def test_host_returns_and_storage_recovers(site: Simulator) -> None:
    """A powered-on host boots and rejoins; storage recovers what it missed and clears the alert."""
    _power_off(site)
    elapse(site, 3600)
    _power_on(site)
    assert not site.probe(HOST_1, 443), "the host is still booting"

    elapse(site, 300)
    storage = _state(site)["cluster"]["storage"]
    assert site.probe(HOST_1, 443)
    assert site.probe(STORAGE_1)
    assert _state(site)["cluster"]["hosts"][host_uuid(1)]["status"] == "running"
    assert _open_alerts(site, "host_down") == []
    assert storage["replicas_healthy"] is False
    assert storage["recovering_bytes"] > 0
    assert _open_alerts(site, "storage_recovering") != []

    elapse(site, 7200)
    assert storage["recovering_bytes"] == 0
    assert storage["replicas_healthy"] is True
    assert _open_alerts(site, "storage_recovering") == []


def test_recovery_is_faster_on_all_flash(site: Simulator) -> None:
    """Recovery throughput of all-flash clusters is higher than of hybrid ones."""
    from cxvoyager.plan.model import StorageArchitecture
    from cxvoyager.sim.physics import storage

    hybrid = storage.RECOVERY_RATE_BYTES[StorageArchitecture.HYBRID_TIERED]
    flash = storage.RECOVERY_RATE_BYTES[StorageArchitecture.ALL_FLASH_UNTIERED]
    assert flash > hybrid


def test_power_on_of_running_host_changes_nothing(site: Simulator) -> None:
    """Powering on a host that is on reports no change and schedules no boot."""
    with site.context.store.lock:
        changed = physics.power_on_host(site.context, HOST_1)
    assert changed is False
    assert _state(site).get("schedule", []) == []


@pytest.mark.parametrize("graceful", [True, False], ids=["graceful", "forced"])
def test_restart_brings_host_back(site: Simulator, graceful: bool) -> None:
    """A restart takes the host down and brings it back within ten minutes."""
    with site.context.store.lock:
        physics.restart_host(site.context, HOST_1, graceful=graceful)
    elapse(site, 100)
    assert _state(site)["nodes"][HOST_1]["power"] == "on" or not graceful
    assert not site.probe(HOST_1, 443), "the host is down or booting"
    elapse(site, 500)
    assert site.probe(HOST_1, 443)
    assert _state(site)["cluster"]["hosts"][host_uuid(1)]["status"] == "running"


def test_app_address_follows_its_vm(site: Simulator) -> None:
    """An app's planned address goes silent with its VM's host and returns after the HA restart."""
    state = _state(site)
    state["cluster"]["vms"]["vm-obs"] = vm_record(
        "vm-obs", "observability", HOST_1, ha=True, role="app:observability"
    )
    network.attach(state, "10.0.20.3", kind="app:observability", key="app-obs", ports=[22, 443])
    _power_off(site)
    assert not site.probe("10.0.20.3", 443)

    elapse(site, 400)
    assert site.probe("10.0.20.3", 443)
