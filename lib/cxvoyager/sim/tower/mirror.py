"""CloudTower's view of the connected SMTX OS cluster: clusters, hosts, VDSes, VLANs.

CloudTower syncs these objects from SMTX OS; the simulator builds them on
each read from the shared records (``state["cluster"]``, ``state["nodes"]``)
so that a change made through any API shows everywhere at once. Field sets
follow the ``Cluster``, ``Host``, ``Vds`` and ``Vlan`` schemas of the
CloudTower 4.6.0 API: every required field is present and never null.
"""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import Any

from cxvoyager.sim import records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import store
from cxvoyager.sim.tower.ids import iso, mirrored_cuid

_HOST_STATUS = {
    "running": "CONNECTED_HEALTHY",
    "maintenance": "CONNECTED_HEALTHY",
    "entering_maintenance": "CONNECTED_WARNING",
    "powered_off": "CONNECTED_ERROR",
}
_MAINTENANCE_STATE = {
    "maintenance": "MAINTENANCE_MODE",
    "entering_maintenance": "ENTERING_MAINTENANCE_MODE",
}
_GIB = 1024**3


def connected_clusters(ctx: SimContext) -> list[dict[str, Any]]:
    """Return the tower cluster records whose SMTX OS cluster still exists."""
    return list(store.collection(ctx, "clusters").values())


def cluster_record_of(ctx: SimContext, local_id: str) -> dict[str, Any] | None:
    """Return the tower cluster record of the SMTX OS cluster ``local_id``, or None."""
    for record in connected_clusters(ctx):
        if record["local_id"] == local_id:
            return record
    return None


def nested_cluster(ctx: SimContext) -> dict[str, str] | None:
    """Return ``{id, name}`` of the connected cluster, or None before connect-cluster."""
    smtx = records.cluster(ctx.state)
    record = None if smtx is None else cluster_record_of(ctx, smtx["uuid"])
    return None if record is None else {"id": record["id"], "name": smtx["name"]}  # type: ignore[index]


def _netmask(ctx: SimContext) -> tuple[str | None, str | None]:
    network = ctx.plan.networks.management
    if network.subnet is None:
        return None, None
    gateway = None if network.gateway is None else str(network.gateway)
    return gateway, str(IPv4Network(network.subnet).netmask)


def _license_fields(smtx: dict[str, Any]) -> dict[str, Any]:
    created = float(smtx.get("created_at", 0.0))
    return {
        "license_serial": smtx.get("serial"),
        "license_type": "TRIAL",
        "license_sign_date": iso(created),
        "license_expire_date": iso(created + 30 * 86400),
        "maintenance_start_date": iso(0),
        "maintenance_end_date": iso(0),
        "software_edition": "ENTERPRISE",
        "max_chunk_num": 255,
        "max_physical_data_capacity": 0,
        "max_physical_data_capacity_per_node": 128 * 1024**4,
    }


def _capacity_fields(ctx: SimContext, smtx: dict[str, Any]) -> dict[str, Any]:
    hosts = [host_view(ctx, host) for host in smtx.get("hosts", {}).values()]
    vms = list(records.vms(ctx.state).values())
    storage = smtx.get("storage", {})
    return {
        "host_num": len(hosts),
        "vm_num": len(vms),
        "running_vm_num": sum(vm["status"] == "running" for vm in vms),
        "stopped_vm_num": sum(vm["status"] == "stopped" for vm in vms),
        "suspended_vm_num": sum(vm["status"] == "suspended" for vm in vms),
        "total_cpu_cores": sum(host["total_cpu_cores"] for host in hosts),
        "total_memory_bytes": sum(host["total_memory_bytes"] for host in hosts),
        "provisioned_cpu_cores": sum(int(vm.get("vcpu", 0)) for vm in vms),
        "provisioned_memory_bytes": sum(int(vm.get("memory", 0)) for vm in vms),
        "total_data_capacity": int(storage.get("capacity_bytes", 0)),
        "used_data_space": int(storage.get("used_bytes", 0)),
        "valid_data_space": int(storage.get("capacity_bytes", 0))
        - int(storage.get("used_bytes", 0)),
        "recover_speed": 0 if storage.get("replicas_healthy", True) else 200 * 1024**2,
        "failure_data_space": 0,
        "recover_data_size": int(storage.get("recovering_bytes", 0)),
        "is_all_flash": ctx.plan.cluster.storage_architecture.name.startswith("ALL_FLASH"),
    }


def cluster_view(ctx: SimContext, record: dict[str, Any]) -> dict[str, Any]:
    """Return the CloudTower ``Cluster`` object of a connected (or connecting) cluster."""
    smtx = records.cluster(ctx.state) or {}
    gateway, netmask = _netmask(ctx)
    datacenter = store.collection(ctx, "datacenters").get(record.get("datacenter_id") or "")
    view: dict[str, Any] = {
        "id": record["id"],
        "name": smtx.get("name", ctx.plan.cluster.name),
        "ip": record["ip"],
        "local_id": record["local_id"],
        "connect_state": record["connect_state"],
        "type": "SMTX_OS",
        "hypervisor": "ELF",
        "architecture": "X86_64",
        "version": ctx.plan.cluster.smtx_version or "6.2.0",
        "dns": list(smtx.get("dns_servers", [])),
        "ntp_servers": list(smtx.get("ntp_servers", [])),
        "ntp_mode": str(smtx.get("ntp_mode") or "internal").upper(),
        "management_vip": smtx.get("vip"),
        "iscsi_vip": None,
        "mgt_gateway": gateway,
        "mgt_netmask": netmask,
        "recommended_cpu_models": [smtx.get("cpu_model") or "EPYC"],
        "total_cpu_models": [smtx.get("cpu_model") or "EPYC"],
        "current_cpu_model": smtx.get("cpu_model"),
        "entityAsyncStatus": None,
        "settings": {"id": record["settings_id"]},
        "labels": [],
        "datacenters": []
        if datacenter is None
        else [{"id": datacenter["id"], "name": datacenter["name"]}],
        "hosts": [],
        "vms": [],
        "vdses": [],
    }
    if record["connect_state"] == "CONNECTED":
        view.update(_license_fields(smtx))
        view.update(_capacity_fields(ctx, smtx))
        view["hosts"] = [_nested_host(ctx, host) for host in smtx.get("hosts", {}).values()]
        view["vms"] = [
            {"id": mirrored_cuid(ctx, "vm", uuid), "name": vm["vm_name"]}
            for uuid, vm in records.vms(ctx.state).items()
        ]
        view["vdses"] = [
            {"id": mirrored_cuid(ctx, "vds", uuid), "name": vds["name"]}
            for uuid, vds in smtx.get("vdses", {}).items()
        ]
    return view


def _nested_host(ctx: SimContext, host: dict[str, Any]) -> dict[str, str]:
    return {
        "id": mirrored_cuid(ctx, "host", host["host_uuid"]),
        "name": host["hostname"],
        "management_ip": host["management_ip"],
    }


def _disk_totals(node: dict[str, Any]) -> dict[str, int]:
    data = [disk for disk in node.get("disks", []) if disk.get("function") in ("data", "cache")]
    ssd = [disk for disk in data if disk.get("type") == "SSD"]
    hdd = [disk for disk in data if disk.get("type") == "HDD"]
    return {
        "ssd_disk_count": len(ssd),
        "hdd_disk_count": len(hdd),
        "ssd_data_capacity": sum(int(disk.get("size", 0)) for disk in ssd),
        "hdd_data_capacity": sum(int(disk.get("size", 0)) for disk in hdd),
        "total_cache_capacity": sum(
            int(d.get("size", 0)) for d in data if d.get("function") == "cache"
        ),
    }


_CPU_HZ = 2_000_000_000  # per core; the node inventory carries no clock speed
_OS_MEMORY = 32 * _GIB  # memory SMTX OS keeps for itself on every host


def _cpu_fields(node: dict[str, Any]) -> dict[str, Any]:
    cpu = node.get("cpu", {})
    sockets = int(cpu.get("sockets", 2))
    cores = sockets * int(cpu.get("cores", 16))
    return {
        "cpu_model": cpu.get("model", "Intel(R) Xeon(R) Gold 6330"),
        "cpu_brand": cpu.get("model", "Intel"),
        "cpu_vendor": "GenuineIntel",
        "cpu_hz_per_core": _CPU_HZ,
        "total_cpu_cores": cores,
        "total_cpu_hz": cores * _CPU_HZ,
        "total_cpu_sockets": sockets,
        "compatible_cpu_models": ["EPYC"],
        "cpu_fan_speed": [],
        "cpu_temperature_celsius": [],
    }


def _load_fields(
    ctx: SimContext, node: dict[str, Any], vms: list[dict[str, Any]]
) -> dict[str, Any]:
    memory = int(node.get("memory_bytes", 256 * _GIB))
    provisioned = sum(int(vm.get("memory", 0)) for vm in vms)
    return {
        "total_memory_bytes": memory,
        "os_memory_bytes": _OS_MEMORY,
        "allocatable_memory_bytes": memory - _OS_MEMORY - provisioned,
        "provisioned_memory_bytes": provisioned,
        "provisioned_cpu_cores": sum(int(vm.get("vcpu", 0)) for vm in vms),
        "running_pause_vm_memory_bytes": 0,
        "vm_num": len(vms),
        "running_vm_num": sum(vm["status"] == "running" for vm in vms),
        "vms": [{"id": mirrored_cuid(ctx, "vm", vm["uuid"]), "name": vm["vm_name"]} for vm in vms],
    }


def host_view(ctx: SimContext, host: dict[str, Any]) -> dict[str, Any]:
    """Return the CloudTower ``Host`` object of a cluster host record."""
    node = ctx.state.get("nodes", {}).get(host["management_ip"], {})
    vms = [
        vm for vm in records.vms(ctx.state).values() if vm.get("node_ip") == host["management_ip"]
    ]
    status = host.get("status", "running")

    view: dict[str, Any] = {
        "id": mirrored_cuid(ctx, "host", host["host_uuid"]),
        "local_id": host["host_uuid"],
        "name": host["hostname"],
        "management_ip": host["management_ip"],
        "data_ip": host.get("storage_ip"),
        "cluster": nested_cluster(ctx) or {"id": "", "name": ""},
        "state": "IN_USE",
        "status": _HOST_STATUS.get(status, "CONNECTED_ERROR"),
        "host_state": {
            "state": _MAINTENANCE_STATE.get(status, "IN_USE"),
            "enter_maintenance_time": iso(host.get("maintenance_since", 0.0)),
            "maintenance_job_id": host.get("maintenance_job_id", ""),
        },
        "model": node.get("model", "SMTX HCI"),
        "serial": node.get("sn"),
        "chunk_id": host["host_uuid"][:8],
        "nested_virtualization": False,
        "lsm_cap_disk_safe_umount": True,
        "nic_count": len(node.get("ifaces", [])),
        "pmem_dimm_capacity": 0,
        "pmem_dimm_count": 0,
        "pmem_disk_count": 0,
        "failure_data_space": 0,
        "used_data_space": 0,
        "labels": [],
        "entityAsyncStatus": None,
    }
    view.update(_cpu_fields(node))
    view.update(_load_fields(ctx, node, vms))
    disks = _disk_totals(node)
    view.update(disks)
    view["total_data_capacity"] = disks["ssd_data_capacity"] + disks["hdd_data_capacity"]
    return view


def host_views(ctx: SimContext) -> list[dict[str, Any]]:
    """Return every host of the connected cluster (none before it is CONNECTED)."""
    smtx = records.cluster(ctx.state)
    record = None if smtx is None else cluster_record_of(ctx, smtx["uuid"])
    if record is None or record["connect_state"] != "CONNECTED":
        return []
    return [host_view(ctx, host) for host in smtx.get("hosts", {}).values()]  # type: ignore[union-attr]


_DISK_USAGE = {"boot": "BOOT", "cache": "CACHE", "data": "DATA"}


def _disk_view(ctx: SimContext, host: dict[str, Any], disk: dict[str, Any]) -> dict[str, Any]:
    drive = str(disk.get("drive", "sdx"))
    healthy = bool(disk.get("healthy", True))
    kind = "NVMe_SSD" if drive.startswith("nvme") else disk.get("type", "HDD")
    local_id = f"{host['host_uuid']}/{drive}"
    return {
        "id": mirrored_cuid(ctx, "disk", local_id),
        "local_id": local_id,
        "name": drive,
        "path": f"/dev/{drive}",
        "serial": str(disk.get("serial", "")),
        "model": str(disk.get("model", "")),
        "firmware": "",
        "size": int(disk.get("size", 0)),
        "type": kind,
        "usage": _DISK_USAGE.get(disk.get("function", "data"), "DATA"),
        "function": _DISK_USAGE.get(disk.get("function", "data"), "DATA"),
        "healthy": healthy,
        "health_status": "HEALTHY" if healthy else "UNHEALTHY",
        "offline": False,
        "mounted": True,
        "usage_status": "MOUNTED",
        "partitions": [],
        "host": {
            "id": mirrored_cuid(ctx, "host", host["host_uuid"]),
            "name": host["hostname"],
            "management_ip": host["management_ip"],
        },
        "labels": [],
        "entityAsyncStatus": None,
    }


def disk_views(ctx: SimContext) -> list[dict[str, Any]]:
    """Return the physical disks of the connected cluster's hosts (``Disk`` objects)."""
    smtx = records.cluster(ctx.state) if host_views(ctx) else None
    nodes = ctx.state.get("nodes", {})
    return [
        _disk_view(ctx, host, disk)
        for host in (smtx or {}).get("hosts", {}).values()
        for disk in nodes.get(host["management_ip"], {}).get("disks", [])
    ]
