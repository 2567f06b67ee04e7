"""CloudTower's view of the cluster's VMs, VDSes and VLANs (``Vm``, ``Vds``, ``Vlan``).

Built on each read from the shared SMTX OS records, like ``mirror``; a VLAN's
``local_id`` is ``<cluster local_id>_<SMTX vlan uuid>`` and a VDS's likewise,
as CloudTower shows them.
"""

from __future__ import annotations

import uuid
from typing import Any

from cxvoyager.sim import records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower.errors import TowerError, bad_input
from cxvoyager.sim.tower.ids import iso, mirrored_cuid
from cxvoyager.sim.tower.mirror import cluster_record_of, nested_cluster
from cxvoyager.sim.tower.tasks import on_finish, start_task

_VM_STATUS = {"running": "RUNNING", "stopped": "STOPPED", "suspended": "SUSPENDED"}


def is_connected(ctx: SimContext) -> bool:
    """Tell whether CloudTower has the SMTX OS cluster connected."""
    smtx = records.cluster(ctx.state)
    record = None if smtx is None else cluster_record_of(ctx, smtx["uuid"])
    return record is not None and record["connect_state"] == "CONNECTED"


def _host_of(ctx: SimContext, node_ip: str | None) -> dict[str, str] | None:
    smtx = records.cluster(ctx.state) or {}
    for host in smtx.get("hosts", {}).values():
        if host["management_ip"] == node_ip:
            return {
                "id": mirrored_cuid(ctx, "host", host["host_uuid"]),
                "name": host["hostname"],
                "management_ip": host["management_ip"],
            }
    return None


def vm_view(ctx: SimContext, vm: dict[str, Any]) -> dict[str, Any]:
    """Return the CloudTower ``Vm`` object of a shared VM record."""
    vm_id = mirrored_cuid(ctx, "vm", vm["uuid"])
    vcpu = int(vm.get("vcpu", 1))
    return {
        "id": vm_id,
        "local_id": vm["uuid"],
        "name": vm["vm_name"],
        "status": _VM_STATUS.get(vm.get("status", ""), "UNKNOWN"),
        "vcpu": vcpu,
        "cpu": {"sockets": vcpu, "cores": 1},
        "memory": int(vm.get("memory", 0)),
        "node_ip": vm.get("node_ip") or "",
        "host": _host_of(ctx, vm.get("node_ip")),
        "cluster": nested_cluster(ctx),
        "ha": bool(vm.get("ha", True)),
        "description": vm.get("description", ""),
        "cpu_model": "cluster_default",
        "firmware": vm.get("firmware", "BIOS"),
        "clock_offset": "UTC",
        "nested_virtualization": False,
        "in_recycle_bin": False,
        "internal": False,
        "protected": False,
        "win_opt": False,
        "out_uninstall_usb": [],
        "ips": vm.get("guest_ip") or "",
        "vm_tools_status": "RUNNING" if vm.get("ga_state") == "Running" else "NOT_RUNNING",
        "guest_os_type": "LINUX" if vm.get("ga_state") == "Running" else "UNKNOWN",
        "local_created_at": iso(float(vm.get("created_at", 0.0))),
        "vm_nics": [
            {"id": mirrored_cuid(ctx, "vm-nic", f"{vm['uuid']}/{nic.get('mac_address')}")}
            for nic in vm.get("nics", [])
        ],
        "vm_disks": [
            {"id": mirrored_cuid(ctx, "vm-disk", f"{vm['uuid']}/{index}")}
            for index, _disk in enumerate(vm.get("disks", []))
        ],
        "entityAsyncStatus": vm.get("tower_async_status"),
        "labels": [],
    }


def vm_views(ctx: SimContext) -> list[dict[str, Any]]:
    """Return every VM of the connected cluster (none before it is CONNECTED)."""
    if not is_connected(ctx):
        return []
    return [vm_view(ctx, vm) for vm in records.vms(ctx.state).values()]


def vm_by_id(ctx: SimContext, vm_id: str) -> dict[str, Any] | None:
    """Return the shared VM record whose CloudTower id is ``vm_id``, or None."""
    for vm in records.vms(ctx.state).values():
        if mirrored_cuid(ctx, "vm", vm["uuid"]) == vm_id:
            return vm
    return None


def _vlans_of(smtx: dict[str, Any], vds_uuid: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (uuid, vlan)
        for uuid, vlan in smtx.get("vlans", {}).items()
        if vlan.get("vds_uuid") == vds_uuid
    ]


def vds_views(ctx: SimContext) -> list[dict[str, Any]]:
    """Return every VDS of the connected cluster as CloudTower ``Vds`` objects."""
    smtx = records.cluster(ctx.state)
    if smtx is None or not is_connected(ctx):
        return []
    views = []
    for vds_uuid, vds in smtx.get("vdses", {}).items():
        vlans = _vlans_of(smtx, vds_uuid)
        views.append(
            {
                "id": mirrored_cuid(ctx, "vds", vds_uuid),
                "local_id": f"{smtx['uuid']}_{vds_uuid}",
                "name": vds["name"],
                "bond_mode": vds.get("bond_mode", ""),
                "ovsbr_name": vds.get("ovsbr_name", ""),
                "work_mode": vds.get("work_mode", "single"),
                "type": "VM",
                "internal": bool(vds.get("internal", False)),
                "cluster": nested_cluster(ctx),
                "vlans_num": len(vlans),
                "vlans": [
                    {"id": mirrored_cuid(ctx, "vlan", vlan_uuid), "name": vlan["name"]}
                    for vlan_uuid, vlan in vlans
                ],
                "nics": [],
                "labels": [],
                "entityAsyncStatus": None,
                "everoute_cluster": None,
            }
        )
    return views


def vlan_view(ctx: SimContext, uuid: str, vlan: dict[str, Any]) -> dict[str, Any]:
    """Return the CloudTower ``Vlan`` object of an SMTX OS VLAN record."""
    smtx = records.cluster(ctx.state) or {}
    vds = smtx.get("vdses", {}).get(vlan.get("vds_uuid", ""), {})
    nic_ids = [
        mirrored_cuid(ctx, "vm-nic", f"{vm['uuid']}/{nic.get('mac_address')}")
        for vm in records.vms(ctx.state).values()
        for nic in vm.get("nics", [])
        if nic.get("vlan_uuid") == uuid
    ]
    vlan_id = int(vlan.get("vlan_id", 0))
    return {
        "id": mirrored_cuid(ctx, "vlan", uuid),
        "local_id": f"{smtx.get('uuid')}_{uuid}",
        "name": vlan["name"],
        "vlan_id": vlan_id,
        "network_ids": [str(vlan_id)],
        "mode_type": "VLAN_ACCESS",
        "type": vlan.get("network_type", "VM"),
        "vds": {
            "id": mirrored_cuid(ctx, "vds", vlan.get("vds_uuid", "")),
            "name": vds.get("name", ""),
        },
        "gateway_ip": vlan.get("gateway_ip", ""),
        "gateway_subnetmask": "",
        "subnetmask": vlan.get("subnetmask", ""),
        "qos_burst": None,
        "qos_max_bandwidth": None,
        "qos_min_bandwidth": None,
        "qos_priority": None,
        "vm_nics": [{"id": nic_id} for nic_id in nic_ids],
        "labels": [],
        "entityAsyncStatus": vlan.get("tower_async_status"),
    }


def vlan_views(ctx: SimContext) -> list[dict[str, Any]]:
    """Return every VLAN of the connected cluster as CloudTower ``Vlan`` objects."""
    smtx = records.cluster(ctx.state)
    if smtx is None or not is_connected(ctx):
        return []
    return [vlan_view(ctx, uuid, vlan) for uuid, vlan in smtx.get("vlans", {}).items()]


VLAN_CREATE_SECONDS = 5.0


def _vds_uuid_of(ctx: SimContext, vds_id: str) -> str | None:
    smtx = records.cluster(ctx.state)
    if smtx is None or not is_connected(ctx):
        return None
    return next((u for u in smtx.get("vdses", {}) if mirrored_cuid(ctx, "vds", u) == vds_id), None)


def create_vm_vlan(
    ctx: SimContext, params: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Create a VM network on a VDS of the connected cluster; return the view and its task.

    The VLAN is added to the SMTX OS records at once, marked ``CREATING``
    until the task ends, as CloudTower shows it.

    Raises:
        TowerError: 404 for an unknown VDS, 400 for a name the VDS already has.
    """
    smtx = records.cluster(ctx.state)
    vds_uuid = _vds_uuid_of(ctx, params["vds_id"])
    if smtx is None or vds_uuid is None:
        raise TowerError(404, "sim.tower.not_found", kind="Vds", where=params["vds_id"])
    taken = [v for v in smtx["vlans"].values() if v.get("vds_uuid") == vds_uuid]
    if any(v["name"] == params["name"] for v in taken):
        raise bad_input("sim.tower.duplicate", kind="Vlan", name=params["name"])

    vlan_uuid = str(
        uuid.UUID(int=ctx.rng("tower-vlan", params["name"], vds_uuid).getrandbits(128), version=4)
    )
    vlan: dict[str, Any] = {
        "uuid": vlan_uuid,
        "name": params["name"],
        "vds_uuid": vds_uuid,
        "vlan_id": int(params.get("vlan_id", 0)),
        "type": 3,
        "network_type": "VM",
        "tower_async_status": "CREATING",
    }
    smtx["vlans"][vlan_uuid] = vlan
    task = start_task(
        ctx,
        description=f"Create VM network {params['name']}",
        hook="tower.create-vm-vlan",
        duration=VLAN_CREATE_SECONDS,
        resource_type="Vlan",
        resource_id=mirrored_cuid(ctx, "vlan", vlan_uuid),
        resource_mutation="createVmVlan",
        snapshot='{"typename":"Vlan"}',
        args={"vlan_uuid": vlan_uuid},
        cluster=nested_cluster(ctx),
    )
    return vlan_view(ctx, vlan_uuid, vlan), task


@on_finish("tower.create-vm-vlan")
def _vlan_created(ctx: SimContext, task: dict[str, Any], _succeeded: bool) -> None:
    vlan = ((records.cluster(ctx.state) or {}).get("vlans") or {}).get(task["args"]["vlan_uuid"])
    if vlan is not None:
        vlan.pop("tower_async_status", None)


def vlan_uuid_of(ctx: SimContext, vlan_id: str) -> str:
    """Return the SMTX OS uuid of the VLAN whose CloudTower id is ``vlan_id``.

    Raises:
        TowerError: 404 when the connected cluster has no such VLAN.
    """
    smtx = records.cluster(ctx.state) or {}
    for uuid_ in smtx.get("vlans", {}):
        if mirrored_cuid(ctx, "vlan", uuid_) == vlan_id:
            return str(uuid_)
    raise TowerError(404, "sim.tower.not_found", kind="Vlan", where=vlan_id)
