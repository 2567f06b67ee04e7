"""Health views of the SMTX OS cluster: hosts with disks, storage and services, time sync.

NOTE: no capture shows Fisheye health endpoints. The paths and shapes served
from here (``/api/v2/hosts``, ``/api/v2/cluster/summary``,
``/api/v2/cluster/time_sync``) are this simulator's own, in the v2 style.
They read the shared records, so a host that another service powered off or
a disk marked unhealthy shows up here.
"""

from __future__ import annotations

from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.smtx import store
from cxvoyager.sim.smtx.scan import DEFAULT_VERSION

SERVICES = (
    "zookeeper",
    "mongod",
    "zbs-metad",
    "zbs-chunkd",
    "elf-vm-scheduler",
    "libvirtd",
    "fisheye",
    "ntpd",
)
MAX_SYNCED_OFFSET_MS = 500  # above this offset a host counts as out of sync


def _host_up(ctx: SimContext, host: dict[str, Any]) -> bool:
    node = ctx.state["nodes"].get(host["management_ip"], {})
    return bool(
        host["status"] in ("running", "maintenance", "entering_maintenance")
        and node.get("power") == "on"
    )


def _disk(disk: dict[str, Any]) -> dict[str, Any]:
    healthy = disk.get("healthy", True)
    return {
        "drive": disk["drive"],
        "serial": disk.get("serial", ""),
        "model": disk.get("model", ""),
        "type": disk["type"],
        "size": disk["size"],
        "function": disk["function"],
        "healthy": healthy,
        "status": "healthy" if healthy else "unhealthy",
    }


def list_hosts(ctx: SimContext) -> list[dict[str, Any]]:
    """List the cluster's hosts with status, hardware and disk health."""
    hosts = []
    for host in store.cluster(ctx)["hosts"].values():
        node = ctx.state["nodes"].get(host["management_ip"], {})
        hosts.append(
            {
                "host_uuid": host["host_uuid"],
                "hostname": host["hostname"],
                "management_ip": host["management_ip"],
                "data_ip": host["storage_ip"],
                "role": host["role"],
                "status": host["status"] if node.get("power", "on") == "on" else "powered_off",
                "power": node.get("power", "on"),
                "sn": node.get("sn"),
                "cpu_model": node.get("cpu", {}).get("model"),
                "memory_bytes": node.get("memory_bytes"),
                "disks": [_disk(disk) for disk in node.get("disks", [])],
            }
        )
    return hosts


def summary(ctx: SimContext) -> dict[str, Any]:
    """Summarize the cluster: identity, storage capacity and replica health, services per host."""
    cluster = store.cluster(ctx)
    storage = cluster["storage"]
    hosts = list(cluster["hosts"].values())
    up = [host for host in hosts if _host_up(ctx, host)]
    services = [
        {
            "name": name,
            "running_hosts": len(up),
            "total_hosts": len(hosts),
            "status": "running" if len(up) == len(hosts) else "degraded",
        }
        for name in SERVICES
    ]
    return {
        "uuid": cluster["uuid"],
        "name": cluster["name"],
        "vip": cluster["vip"],
        "version": ctx.plan.cluster.smtx_version or DEFAULT_VERSION,
        "host_count": len(hosts),
        "storage": {
            "total_data_capacity": storage["capacity_bytes"],
            "used_data_space": storage["used_bytes"],
            "replicas_healthy": storage["replicas_healthy"],
            "recovering_bytes": storage["recovering_bytes"],
        },
        "services": services,
    }


def time_sync(ctx: SimContext) -> dict[str, Any]:
    """Report each host's clock offset from its NTP source, in milliseconds.

    Each running host has a small offset that is fixed for the seed. A
    powered-off host has no offset and counts as unsynchronized.
    """
    cluster = store.cluster(ctx)
    entries = []
    for host in cluster["hosts"].values():
        offset = None
        if _host_up(ctx, host):
            rng = ctx.rng("time-offset", host["host_uuid"])
            offset = round(rng.uniform(-40.0, 40.0), 3)
        entries.append(
            {
                "host_uuid": host["host_uuid"],
                "hostname": host["hostname"],
                "management_ip": host["management_ip"],
                "offset_ms": offset,
                "synced": offset is not None and abs(offset) <= MAX_SYNCED_OFFSET_MS,
            }
        )
    return {
        "ntp_mode": cluster["ntp_mode"],
        "ntp_servers": cluster["ntp_servers"],
        "hosts": entries,
    }
