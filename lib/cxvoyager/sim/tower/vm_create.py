"""New VMs through CloudTower: content-library templates, create from template, clone.

A template is cloned from an existing VM (``clone-content-library-vm-template-from-vm``).
Creating from it adds a VM record at once (``entityAsyncStatus`` ``CREATING``)
and a task ``Create VM <name>``. When the task ends the VM exists on the
cluster. Unless created ``STOPPED`` it is then powered on through the physics
model, and its guest boots with the cloud-init address. VMs created from a
template are test VMs (``role`` ``test``). An injected ``task:vm-create:fail:N``
fault fails the task with the wrapped ELF error CloudTower shows.
"""

from __future__ import annotations

import uuid
from typing import Any

from cxvoyager.sim import physics, records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.physics import PhysicsError
from cxvoyager.sim.tower import store
from cxvoyager.sim.tower.errors import TowerError, bad_input
from cxvoyager.sim.tower.ids import iso, mac_address, new_cuid
from cxvoyager.sim.tower.inventory import vlan_uuid_of, vm_view
from cxvoyager.sim.tower.mirror import nested_cluster
from cxvoyager.sim.tower.tasks import on_finish, start_task
from cxvoyager.sim.tower.vm_ops import host_uuid_of, least_loaded_host_ip, select_vms

CREATE_SECONDS = 20.0
_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


def clone_template(ctx: SimContext, params: dict[str, Any]) -> dict[str, Any]:
    """Record a content-library template cloned from a VM; return the template record.

    Raises:
        TowerError: 404 for an unknown VM, 400 for a taken template name.
    """
    templates = store.collection(ctx, "content_library_vm_templates")
    if any(t["name"] == params["name"] for t in templates.values()):
        raise bad_input("sim.tower.duplicate", kind="ContentLibraryVmTemplate", name=params["name"])
    source = select_vms(ctx, params["vm"])[0]
    template = {
        "id": new_cuid(ctx),
        "name": params["name"],
        "description": params.get("description", ""),
        "vcpu": int(source.get("vcpu", 1)),
        "memory": int(source.get("memory", 0)),
        "disks": list(source.get("disks", [])),
        "cloud_init_supported": bool(params.get("cloud_init_supported", True)),
        "created": ctx.clock.now(),
        "source_vm": source["uuid"],
    }
    templates[template["id"]] = template
    return template


def template_view(ctx: SimContext, template: dict[str, Any]) -> dict[str, Any]:
    """Return the ``ContentLibraryVmTemplate`` object of a template record."""
    cluster = nested_cluster(ctx)
    return {
        "id": template["id"],
        "name": template["name"],
        "description": template["description"],
        "architecture": "X86_64",
        "cloud_init_supported": template["cloud_init_supported"],
        "createdAt": iso(template["created"]),
        "vcpu": template["vcpu"],
        "memory": template["memory"],
        "size": sum(int(d.get("size", 0)) for d in template["disks"]),
        "vm_template_uuids": [template["id"]],
        "clusters": [] if cluster is None else [cluster],
        "labels": [],
        "entityAsyncStatus": None,
    }


def _memory(params: dict[str, Any], default: int) -> int:
    if "memory" not in params:
        return default
    return int(params["memory"]) * _UNITS.get(params.get("memory_unit", "B"), 1)


def _guest_ip(params: dict[str, Any]) -> str | None:
    for net in (params.get("cloud_init") or {}).get("networks", []):
        if net.get("type") == "IPV4" and net.get("ip_address"):
            return str(net["ip_address"])
    return None


def _nics(
    ctx: SimContext, params: dict[str, Any], vm_uuid: str, guest_ip: str | None
) -> list[dict[str, Any]]:
    nics = []
    for index, nic in enumerate(params.get("vm_nics") or []):
        mac = mac_address(ctx, vm_uuid, index)
        nics.append(
            {
                "mac_address": nic.get("mac_address") or mac,
                "vlan_uuid": vlan_uuid_of(ctx, nic["connect_vlan_id"]),
                "ovs": None,
                "ip_address": guest_ip if index == 0 else None,
            }
        )
    return nics


# The injected failure, worded as CloudTower wraps an ELF job error in error_message.
_INJECTED_FAILURE = (
    "CREATE_VM_FORM_TEMPLATE_FAILED",
    'code: CREATE_VM_FORM_TEMPLATE_FAILED\r\nmessage: {"data":{},"ec":"VM_CREATE_FAILED",'
    '"error":{"msg":"[VM_CREATE_FAILED]injected failure"}}',
)


def _vm_record(
    ctx: SimContext, params: dict[str, Any], source: dict[str, Any], role: str | None
) -> dict[str, Any]:
    smtx = records.cluster(ctx.state) or {}
    host_ip = ""
    if params.get("host_id"):
        host_ip = smtx["hosts"][host_uuid_of(ctx, params["host_id"])]["management_ip"]
    vm_uuid = str(uuid.UUID(int=ctx.rng("tower-vm", params["name"]).getrandbits(128), version=4))
    guest_ip = _guest_ip(params)
    sockets_times_cores = int(params.get("cpu_sockets", 0)) * int(params.get("cpu_cores", 0))
    vm: dict[str, Any] = {
        "uuid": vm_uuid,
        "vm_name": params["name"],
        "status": "stopped",
        "vcpu": int(params.get("vcpu") or sockets_times_cores or source["vcpu"]),
        "memory": _memory(params, int(source["memory"])),
        "node_ip": host_ip,
        "ha": bool(params.get("ha", True)),
        "nics": _nics(ctx, params, vm_uuid, guest_ip),
        "disks": list(source.get("disks", [])),
        "guest_ip": guest_ip,
        "ga_state": None,
        "role": role,
        "created_at": ctx.clock.now(),
        "description": params.get("description", ""),
        "tower_async_status": "CREATING",
    }
    password = (params.get("cloud_init") or {}).get("default_user_password")
    if password:
        # NOTE: cloud-init sets the image's default user, which the template does
        # not name; the simulator gives the password to root.
        vm["passwords"] = {"root": password}
    return vm


def create_vm(
    ctx: SimContext, params: dict[str, Any], *, source: dict[str, Any], role: str | None
) -> dict[str, Any]:
    """Add a VM built from ``source`` (a template or VM record) and start its creation task.

    Raises:
        TowerError: 400 when the name is taken; 404 for an unknown host or VLAN.
    """
    if any(vm["vm_name"] == params["name"] for vm in records.vms(ctx.state).values()):
        raise bad_input("sim.tower.duplicate", kind="Vm", name=params["name"])
    vm = _vm_record(ctx, params, source, role)
    records.vms(ctx.state)[vm["uuid"]] = vm

    failure = _INJECTED_FAILURE if ctx.faults.take_task_failure("vm-create") else None
    view = vm_view(ctx, vm)
    task = start_task(
        ctx,
        description=f"Create VM {params['name']}",
        hook="tower.vm-create",
        duration=CREATE_SECONDS,
        failure=failure,
        resource_type="Vm",
        resource_id=view["id"],
        resource_mutation="createVm",
        snapshot='{"typename":"Vm"}',
        cluster=nested_cluster(ctx),
        payload={"vm_uuid": vm["uuid"], "power_on": params.get("status", "RUNNING") != "STOPPED"},
    )
    return {"task_id": task["id"], "data": view}


@on_finish("tower.vm-create")
def _created(ctx: SimContext, task: dict[str, Any], succeeded: bool) -> tuple[str, str] | None:
    vm = records.vms(ctx.state).get(task["payload"]["vm_uuid"])
    if vm is None:
        return ("VM_NOT_FOUND", "the VM was deleted while being created")
    if not succeeded:
        records.vms(ctx.state).pop(vm["uuid"])
        task["resource_rollbacked"] = True
        return None
    vm.pop("tower_async_status", None)
    if not vm["node_ip"]:
        vm["node_ip"] = least_loaded_host_ip(ctx) or ""
    if task["payload"]["power_on"]:
        try:
            physics.start_vm(ctx, vm["uuid"], base=task["finished"])
        except PhysicsError as error:
            return (error.reason.upper(), str(error))
    return None


def template_by_id(ctx: SimContext, template_id: str) -> dict[str, Any]:
    """Return the template record ``template_id``; raise 404 otherwise."""
    template = store.collection(ctx, "content_library_vm_templates").get(template_id)
    if template is None:
        raise TowerError(
            404, "sim.tower.not_found", kind="ContentLibraryVmTemplate", where=template_id
        )
    return template
