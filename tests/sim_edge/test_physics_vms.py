"""VM physics: live migration downtime, maintenance evacuation and guest boot."""

from __future__ import annotations

from typing import Any

import pytest

from cxvoyager.sim import Simulator, physics
from cxvoyager.sim.physics import PhysicsError
from tests.sim_edge.builders import elapse, host_uuid

HOST_1 = "10.0.20.11"
HOST_2 = "10.0.20.12"


def _vms(site: Simulator) -> dict[str, dict[str, Any]]:
    vms: dict[str, dict[str, Any]] = site.context.state["cluster"]["vms"]
    return vms


def _hosts(site: Simulator) -> dict[str, dict[str, Any]]:
    hosts: dict[str, dict[str, Any]] = site.context.state["cluster"]["hosts"]
    return hosts


def test_migration_moves_vm_and_reports_downtime(site: Simulator) -> None:
    """A live migration changes the VM's host and reports a sub-second downtime."""
    with site.context.store.lock:
        downtime_ms = physics.migrate_vm(site.context, "vm-test-1", host_uuid(3))

    vm = _vms(site)["vm-test-1"]
    assert vm["node_ip"] == "10.0.20.13"
    assert 10 <= downtime_ms <= 1000, downtime_ms
    assert vm["last_migration"]["downtime_ms"] == downtime_ms
    assert vm["last_migration"]["from_ip"] == HOST_1


def test_bigger_vm_has_longer_downtime(site: Simulator) -> None:
    """Downtime grows with the memory the migration has to copy."""
    vms = _vms(site)
    vms["vm-test-2"]["memory"] = 256 * 2**30
    with site.context.store.lock:
        small = physics.migrate_vm(site.context, "vm-test-1", host_uuid(3))
        big = physics.migrate_vm(site.context, "vm-test-2", host_uuid(3))
    assert big > small, (small, big)


@pytest.mark.parametrize(
    ("vm_uuid", "target", "reason"),
    [
        ("vm-missing", host_uuid(2), "vm_not_found"),
        ("vm-test-1", "host-missing", "host_not_found"),
        ("vm-test-1", host_uuid(1), "same_host"),
    ],
    ids=["unknown-vm", "unknown-host", "same-host"],
)
def test_migration_rejects_invalid_requests(
    site: Simulator, vm_uuid: str, target: str, reason: str
) -> None:
    """Migrating to a missing host, of a missing VM or onto its own host fails with a reason."""
    with site.context.store.lock, pytest.raises(PhysicsError) as caught:
        physics.migrate_vm(site.context, vm_uuid, target)
    assert caught.value.reason == reason


def test_migration_of_stopped_vm_fails(site: Simulator) -> None:
    """A stopped VM cannot be live-migrated."""
    with site.context.store.lock:
        physics.stop_vm(site.context, "vm-test-1")
        with pytest.raises(PhysicsError) as caught:
            physics.migrate_vm(site.context, "vm-test-1", host_uuid(2))
    assert caught.value.reason == "vm_not_running"


def test_maintenance_evacuates_running_vms(site: Simulator) -> None:
    """Entering maintenance moves every running VM away over time, then finishes."""
    with site.context.store.lock:
        physics.enter_maintenance(site.context, host_uuid(1))
    assert _hosts(site)[host_uuid(1)]["status"] == "entering_maintenance"

    elapse(site, 600)
    assert _hosts(site)[host_uuid(1)]["status"] == "maintenance"
    on_host_1 = [uuid for uuid, vm in _vms(site).items() if vm["node_ip"] == HOST_1]
    assert on_host_1 == []
    assert all(vm["status"] == "running" for vm in _vms(site).values())


def test_maintenance_takes_simulated_time(site: Simulator) -> None:
    """Evacuation is not instant: right after entering, the VMs are still on the host."""
    with site.context.store.lock:
        physics.enter_maintenance(site.context, host_uuid(1))
    elapse(site, 1)
    assert _hosts(site)[host_uuid(1)]["status"] == "entering_maintenance"
    assert _vms(site)["vm-tower"]["node_ip"] == HOST_1


def test_exit_maintenance_returns_host(site: Simulator) -> None:
    """Leaving maintenance makes the host running again; leaving twice fails."""
    with site.context.store.lock:
        physics.enter_maintenance(site.context, host_uuid(2))
    elapse(site, 600)
    with site.context.store.lock:
        physics.exit_maintenance(site.context, host_uuid(2))
        assert _hosts(site)[host_uuid(2)]["status"] == "running"
        with pytest.raises(PhysicsError) as caught:
            physics.exit_maintenance(site.context, host_uuid(2))
    assert caught.value.reason == "host_not_in_maintenance"


def test_maintenance_rejected_while_storage_recovers(site: Simulator) -> None:
    """A host cannot enter maintenance while replicas are being recovered."""
    site.context.state["cluster"]["storage"]["recovering_bytes"] = 2**30
    with site.context.store.lock, pytest.raises(PhysicsError) as caught:
        physics.enter_maintenance(site.context, host_uuid(1))
    assert caught.value.reason == "cluster_unhealthy"


def test_started_guest_answers_only_after_boot(site: Simulator) -> None:
    """A started VM runs at once, but its guest accepts SSH only after booting."""
    with site.context.store.lock:
        physics.stop_vm(site.context, "vm-test-1")
        physics.start_vm(site.context, "vm-test-1")
    assert _vms(site)["vm-test-1"]["status"] == "running"
    assert not site.probe("10.0.20.231", 22)

    elapse(site, 91)
    assert _vms(site)["vm-test-1"]["ga_state"] == "Running"
    assert site.probe("10.0.20.231", 22)


def test_new_test_vm_guest_joins_network(site: Simulator) -> None:
    """A test VM whose address is not on the network yet appears there as a guest once booted."""
    vm = dict(
        _vms(site)["vm-test-2"],
        uuid="vm-test-3",
        vm_name="cxv-test-03",
        guest_ip="10.0.20.233",
        status="stopped",
    )
    _vms(site)["vm-test-3"] = vm
    with site.context.store.lock:
        physics.start_vm(site.context, "vm-test-3")
    elapse(site, 91)
    entry = site.context.state["network"]["10.0.20.233"]
    assert (entry["kind"], entry["key"], entry["ports"]) == ("guest", "vm-test-3", [22])
    assert site.probe("10.0.20.233")
