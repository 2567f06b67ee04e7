"""Seed the state with what other services build: a deployed cluster, an installed CloudTower."""

from __future__ import annotations

import uuid

from cxvoyager.sim import network, records
from cxvoyager.sim.context import SimContext
from tests.factories import PASSWORD

GIB = 1024**3
TEST_VM_IP = "10.0.20.239"


def _uuid(ctx: SimContext, *salt: object) -> str:
    return str(uuid.UUID(int=ctx.rng("test-seed", *salt).getrandbits(128), version=4))


def seed_cluster(ctx: SimContext) -> None:
    """Add a deployed, root-ready SMTX OS cluster with VDSes, VLANs and one VM per host."""
    plan = ctx.plan
    state = ctx.state
    hosts = {}
    for host in plan.hosts:
        host_uuid = _uuid(ctx, "host", host.index)
        hosts[host_uuid] = {
            "host_uuid": host_uuid,
            "hostname": host.hostname,
            "management_ip": str(host.management_ip),
            "storage_ip": str(host.storage_ip),
            "status": "running",
            "role": "master" if host.index <= 3 else "storage",
        }
        state.setdefault("nodes", {})[str(host.management_ip)] = {
            "host_uuid": host_uuid,
            "hostname": host.hostname,
            "sn": f"SN-{host.index:04d}",
            "cpu": {"model": "Intel(R) Xeon(R) Gold 6330", "sockets": 2, "cores": 28},
            "memory_bytes": 512 * GIB,
            "deployed": True,
            "power": "on",
            "passwords": {},
            "ifaces": [
                {"name": "ens192", "hwaddr": f"00:50:56:00:00:{host.index:02x}", "speed": 10**10}
            ],
            "disks": [
                {
                    "drive": "sda",
                    "type": "SSD",
                    "size": 240 * GIB,
                    "function": "boot",
                    "healthy": True,
                },
                {
                    "drive": "sdb",
                    "type": "SSD",
                    "size": 1920 * GIB,
                    "function": "cache",
                    "healthy": True,
                },
                {
                    "drive": "sdc",
                    "type": "HDD",
                    "size": 8000 * GIB,
                    "function": "data",
                    "healthy": True,
                },
            ],
        }
    vdses, vlans = _networks(ctx)
    first_host = next(iter(hosts.values()))
    vm_uuid = _uuid(ctx, "vm", "cloudtower")
    test_vm_uuid = _uuid(ctx, "vm", "test-vm-01")
    state["cluster"] = {
        "uuid": _uuid(ctx, "cluster"),
        "name": plan.cluster.name,
        "vip": str(plan.cluster.vip),
        "dns_servers": [str(ip) for ip in plan.dns_servers],
        "ntp_mode": "external",
        "ntp_servers": list(plan.ntp_servers),
        "serial": _uuid(ctx, "serial"),
        "cpu_model": "EPYC",
        "root_ready": True,
        "hosts": hosts,
        "vdses": vdses,
        "vlans": vlans,
        "images": {},
        "jobs": {},
        "vms": {
            vm_uuid: {
                "uuid": vm_uuid,
                "vm_name": "cloudtower",
                "status": "running",
                "vcpu": 8,
                "memory": 19 * GIB,
                "node_ip": first_host["management_ip"],
                "ha": True,
                "nics": [
                    {
                        "mac_address": "52:54:00:00:00:01",
                        "vlan_uuid": next(iter(vlans)),
                        "ovs": "ovsbr-mgt",
                        "ip_address": str(plan.cloudtower.ip),
                    }
                ],  # type: ignore[union-attr]
                "disks": [{"type": "disk", "size": 400 * GIB}],
                "guest_ip": str(plan.cloudtower.ip),  # type: ignore[union-attr]
                "ga_state": "Running",
                "role": "cloudtower",
                "created_at": ctx.clock.now(),
            },
            test_vm_uuid: {
                "uuid": test_vm_uuid,
                "vm_name": "test-vm-01",
                "status": "running",
                "vcpu": 4,
                "memory": 8 * GIB,
                "node_ip": first_host["management_ip"],
                "ha": True,
                "nics": [
                    {
                        "mac_address": "52:54:00:00:00:02",
                        "vlan_uuid": next(iter(vlans)),
                        "ovs": "ovsbr-mgt",
                        "ip_address": TEST_VM_IP,
                    }
                ],
                "disks": [{"type": "disk", "size": 40 * GIB}],
                "guest_ip": TEST_VM_IP,
                "ga_state": "Running",
                "role": "test",
                "created_at": ctx.clock.now(),
            },
        },
        "storage": {
            "replicas_healthy": True,
            "recovering_bytes": 0,
            "capacity_bytes": 100 * 1024 * GIB,
            "used_bytes": 2 * 1024 * GIB,
        },
        "created_at": ctx.clock.now(),
    }
    state.setdefault("smtx", {})["root_password"] = plan.cluster.admin_password.get_secret_value()
    network.attach(state, str(plan.cluster.vip), kind="vip", key="cluster", ports=[443])
    network.attach(state, TEST_VM_IP, kind="guest", key=test_vm_uuid, ports=[network.SSH_PORT])
    records.raise_alert(
        state,
        now=ctx.clock.now(),
        severity="WARNING",
        name="host_bond_slave_is_down",
        message="A bonded network interface is down.",
        object_kind="HOST",
        object_id=first_host["host_uuid"],
    )
    records.raise_alert(
        state,
        now=ctx.clock.now(),
        severity="CRITICAL",
        name="vm_ha_restart",
        message="The VM was restarted by HA.",
        object_kind="VM",
        object_id=test_vm_uuid,
    )
    records.resolve_alerts(state, name="vm_ha_restart", object_id=test_vm_uuid)


def _networks(ctx: SimContext) -> tuple[dict[str, dict[str, object]], dict[str, dict[str, object]]]:
    networks = ctx.plan.networks
    vdses: dict[str, dict[str, object]] = {}
    vlans: dict[str, dict[str, object]] = {}
    for plan_network in (networks.management, networks.storage, *networks.business[:1]):
        vds_uuid = _uuid(ctx, "vds", plan_network.vds_name)
        vdses.setdefault(
            vds_uuid,
            {
                "uuid": vds_uuid,
                "name": plan_network.vds_name,
                "bond_mode": "active-backup",
                "ovsbr_name": f"ovsbr-{vds_uuid[:9]}",
                "work_mode": "single",
            },
        )
        vlan_uuid = _uuid(ctx, "vlan", plan_network.name)
        vlans[vlan_uuid] = {
            "uuid": vlan_uuid,
            "name": plan_network.name,
            "vds_uuid": vds_uuid,
            "vlan_id": plan_network.vlan_id or 0,
        }
    return vdses, vlans


def install_tower(ctx: SimContext) -> None:
    """Do what the CloudTower installer does: mark it installed and open 443 and 22."""
    ctx.state["tower"]["installed"] = True
    network.attach(
        ctx.state,
        str(ctx.plan.cloudtower.ip),
        kind="cloudtower",
        key="cloudtower",  # type: ignore[union-attr]
        ports=[443, 22],
    )


__all__ = ["PASSWORD", "install_tower", "seed_cluster"]
