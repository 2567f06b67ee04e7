"""Records of a deployed cluster, written directly into a simulator's state.

These builders write the shared records (``cxvoyager.sim.records``) the SMTX OS
deployment would create, so the edge services can be tested on their own.
"""

from __future__ import annotations

from typing import Any

from cxvoyager.plan.model import PlanModel
from cxvoyager.sim import Simulator, network

NODE_PASSWORD = "Node-Passw0rd!1"
GUEST_PASSWORD = "Guest-Passw0rd!1"
GIB = 2**30


def host_uuid(index: int) -> str:
    return f"00000000-0000-4000-8000-{index:012d}"


def _node_record(index: int, plan: PlanModel) -> dict[str, Any]:
    host = plan.hosts[index - 1]
    return {
        "host_uuid": host_uuid(index),
        "hostname": host.hostname,
        "sn": f"SN-EDGE-{index:04d}",
        "vendor": "Inspur",
        "model": "NF5280M6",
        "deployed": True,
        "cluster_name": plan.cluster.name,
        "power": "on",
        "passwords": {"smartx": NODE_PASSWORD, "root": NODE_PASSWORD},
    }


def vm_record(
    uuid: str,
    name: str,
    node_ip: str,
    *,
    ha: bool,
    role: str | None,
    guest_ip: str | None = None,
    memory_gib: int = 8,
) -> dict[str, Any]:
    return {
        "uuid": uuid,
        "vm_name": name,
        "status": "running",
        "vcpu": 4,
        "memory": memory_gib * GIB,
        "node_ip": node_ip,
        "ha": ha,
        "nics": [
            {
                "mac_address": "52:54:00:00:00:01",
                "vlan_uuid": "vlan-1",
                "ovs": "ovsbr-mgt",
                "ip_address": guest_ip,
            }
        ],
        "disks": [
            {"type": "disk", "bus": "virtio", "size": 40 * GIB, "name": f"{name}-os"},
            {"type": "disk", "bus": "virtio", "size": 100 * GIB, "name": f"{name}-data"},
            {"type": "cdrom", "bus": "ide", "path": ""},
        ],
        "guest_ip": guest_ip,
        "ga_state": "Running",
        "role": role,
        "created_at": 0.0,
    }


def build_deployed_cluster(state: dict[str, Any], plan: PlanModel) -> None:
    """Write the records of a deployed cluster with a CloudTower VM and two test VMs."""
    nodes = state.setdefault("nodes", {})
    hosts: dict[str, Any] = {}
    for index, host in enumerate(plan.hosts, start=1):
        ip = str(host.management_ip)
        nodes.setdefault(ip, {}).update(_node_record(index, plan))
        hosts[host_uuid(index)] = {
            "host_uuid": host_uuid(index),
            "hostname": host.hostname,
            "management_ip": ip,
            "storage_ip": str(host.storage_ip),
            "status": "running",
            "role": "master" if index <= 3 else "storage",
        }
        network.open_ports(state, ip, 443)
        network.attach(state, str(host.storage_ip), kind="storage", key=str(host.index), ports=[])
        network.entries(state)[str(host.storage_ip)]["pingable"] = True

    ips = [str(host.management_ip) for host in plan.hosts]
    test_ips = [str(address) for address in plan.test_ip_range.addresses()]  # type: ignore[union-attr]
    vms = {
        "vm-tower": vm_record(
            "vm-tower",
            "cloudtower",
            ips[0],
            ha=True,
            role="cloudtower",
            guest_ip=str(plan.cloudtower.ip),
            memory_gib=19,
        ),  # type: ignore[union-attr]
        "vm-test-1": vm_record(
            "vm-test-1", "cxv-test-01", ips[0], ha=True, role="test", guest_ip=test_ips[0]
        ),
        "vm-test-2": vm_record(
            "vm-test-2", "cxv-test-02", ips[1], ha=False, role="test", guest_ip=test_ips[1]
        ),
    }
    vms["vm-test-1"]["passwords"] = {"root": GUEST_PASSWORD}
    vms["vm-test-2"]["passwords"] = {"root": GUEST_PASSWORD}
    state["cluster"] = {
        "uuid": "cluster-edge-0001",
        "name": plan.cluster.name,
        "vip": str(plan.cluster.vip),
        "ntp_mode": "external",
        "ntp_servers": list(plan.ntp_servers),
        "hosts": hosts,
        "vms": vms,
        "storage": {
            "replicas_healthy": True,
            "recovering_bytes": 0,
            "capacity_bytes": 40 * 2**40,
            "used_bytes": 6 * 2**40,
        },
    }
    network.attach(
        state,
        str(plan.cloudtower.ip),
        kind="cloudtower",
        key="vm-tower",  # type: ignore[union-attr]
        ports=[22, 443],
    )
    for vm_uuid, address in (("vm-test-1", test_ips[0]), ("vm-test-2", test_ips[1])):
        network.attach(state, address, kind="guest", key=vm_uuid, ports=[22])
        network.entries(state)[address]["pingable"] = True


def elapse(simulator: Simulator, seconds: float) -> None:
    """Let ``seconds`` of virtual time pass and apply every scheduled change that came due."""
    simulator.clock.advance(seconds)  # type: ignore[attr-defined]
    with simulator.context.store.lock:
        simulator.context.scheduler.run_due()
