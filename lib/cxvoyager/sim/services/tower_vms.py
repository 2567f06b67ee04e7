"""CloudTower REST: VM power, migration, deletion, templates, creation and host maintenance."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import maintenance, store, vm_create, vm_ops
from cxvoyager.sim.tower.rest import operation
from cxvoyager.sim.tower.schema import (
    ANY_OBJECT,
    BOOL,
    INT,
    LIST_QUERY,
    STR,
    Enum,
    ListOf,
    Nullable,
    Obj,
)
from cxvoyager.sim.tower.where import query

blueprint = Blueprint("sim_tower_vms", __name__)

WHERE = ANY_OBJECT
VM_OPERATE = Obj({"where": WHERE})
VM_WITH_HOST = Obj({"where": WHERE}, optional={"data": Obj(optional={"host_id": Nullable(STR)})})
VM_DELETE = Obj({"where": WHERE}, optional={"effect": Obj(optional={"include_snapshots": BOOL})})
CLOUD_INIT = Obj(
    optional={
        "hostname": STR,
        "default_user_password": STR,
        "nameservers": ListOf(STR),
        "public_keys": ListOf(STR),
        "user_data": STR,
        "networks": ListOf(
            Obj(
                {"type": Enum("IPV4", "IPV4_DHCP"), "nic_index": INT},
                optional={
                    "ip_address": STR,
                    "netmask": STR,
                    "routes": ListOf(Obj({"network": STR, "netmask": STR, "gateway": STR})),
                },
            )
        ),
    }
)
VM_NIC = Obj(
    {"connect_vlan_id": STR},
    optional={
        "model": Enum("VIRTIO", "E1000", "SRIOV"),
        "enabled": BOOL,
        "mirror": BOOL,
        "mac_address": STR,
        "ip_address": STR,
        "gateway": STR,
        "subnet_mask": STR,
        "nic_id": STR,
        "local_id": STR,
    },
)
_VM_OVERRIDES = {
    "host_id": STR,
    "description": STR,
    "vcpu": INT,
    "cpu_sockets": INT,
    "cpu_cores": INT,
    "memory": INT,
    "memory_unit": Enum(
        "B", "KB", "MB", "GB", "TB", "PB", "BYTE", "KIB", "MIB", "GIB", "TIB", "PIB"
    ),
    "ha": BOOL,
    "firmware": Enum("BIOS", "UEFI"),
    "status": Enum("RUNNING", "STOPPED", "SUSPENDED"),
    "vm_nics": ListOf(VM_NIC),
    "folder_id": STR,
    "guest_os_type": Enum("LINUX", "UNKNOWN", "WINDOWS"),
}
FROM_TEMPLATE = ListOf(
    Obj(
        {"template_id": STR, "name": STR, "is_full_copy": BOOL},
        optional={
            "cluster_id": STR,
            "cloud_init": CLOUD_INIT,
            "disk_operate": ANY_OBJECT,
            **_VM_OVERRIDES,
        },
    ),
    min_items=1,
)
CLONE_VM = ListOf(
    Obj(
        {"src_vm_id": STR, "name": STR},
        optional={
            "cluster_id": STR,
            "is_full_copy": BOOL,
            "vm_disks": ANY_OBJECT,
            **_VM_OVERRIDES,
        },
    ),
    min_items=1,
)
CLONE_TEMPLATE = ListOf(
    Obj(
        {"name": STR, "vm": WHERE, "clusters": WHERE},
        optional={
            "cloud_init_supported": BOOL,
            "description": STR,
        },
    ),
    min_items=1,
)
HOST_WHERE = Obj({"where": WHERE})
TASK_WHERE = Obj({"where": Obj({"task_id": STR})})
ENTER = Obj({"where": Obj({"host_id": STR}), "data": Obj(optional={"shutdown_vms": ListOf(STR)})})
EXIT = Obj(
    {
        "where": Obj({"host_id": STR}),
        "data": Obj(
            optional={
                "poweron_vms": ListOf(STR),
                "live_migrate_back_vms": ListOf(STR),
                "offline_migrate_back_vms": ListOf(STR),
            }
        ),
    }
)


def _register_power_operation(name: str, shape: Obj) -> None:
    def handler(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
        host_id = (body.get("data") or {}).get("host_id")
        return vm_ops.operate(ctx, name, body["where"], host_id=host_id)

    handler.__doc__ = f"Run {name} on every VM matching ``where``."
    handler.__name__ = name.replace("-", "_")
    operation(blueprint, name, body=shape, body_required=True)(handler)


for _name in ("shutdown-vm", "poweroff-vm", "restart-vm", "force-restart-vm"):
    _register_power_operation(_name, VM_OPERATE)
for _name in ("start-vm", "migrate-vm"):
    _register_power_operation(_name, VM_WITH_HOST)
_register_power_operation("delete-vm", VM_DELETE)


@operation(
    blueprint, "clone-content-library-vm-template-from-vm", body=CLONE_TEMPLATE, body_required=True
)
def clone_template(ctx: SimContext, _user: Any, body: list[dict[str, Any]]) -> Any:
    """Make content-library templates from VMs."""
    created = [vm_create.clone_template(ctx, params) for params in body]
    return [
        {"task_id": None, "data": vm_create.template_view(ctx, template)} for template in created
    ]


@operation(blueprint, "get-content-library-vm-templates", body=LIST_QUERY)
def get_templates(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List content-library VM templates."""
    templates = store.collection(ctx, "content_library_vm_templates").values()
    return query([vm_create.template_view(ctx, template) for template in templates], body)


def _create_from_template(ctx: SimContext, body: list[dict[str, Any]]) -> Any:
    return [
        vm_create.create_vm(
            ctx, params, source=vm_create.template_by_id(ctx, params["template_id"]), role="test"
        )
        for params in body
    ]


@operation(
    blueprint, "create-vm-from-content-library-template", body=FROM_TEMPLATE, body_required=True
)
def create_from_content_library_template(
    ctx: SimContext, _user: Any, body: list[dict[str, Any]]
) -> Any:
    """Create test VMs from content-library templates, with cloud-init."""
    return _create_from_template(ctx, body)


@operation(blueprint, "create-vm-from-template", body=FROM_TEMPLATE, body_required=True)
def create_from_template(ctx: SimContext, _user: Any, body: list[dict[str, Any]]) -> Any:
    """Create test VMs from a template (the legacy operation).

    NOTE: the simulator keeps one template store, so legacy template ids are
    content-library template ids here.
    """
    return _create_from_template(ctx, body)


@operation(blueprint, "clone-vm", body=CLONE_VM, body_required=True)
def clone_vm(ctx: SimContext, _user: Any, body: list[dict[str, Any]]) -> Any:
    """Clone VMs; the clone keeps the source's role."""
    results = []
    for params in body:
        source = vm_ops.select_vms(ctx, {"id": params["src_vm_id"]})[0]
        results.append(vm_create.create_vm(ctx, params, source=source, role=source.get("role")))
    return results


@operation(blueprint, "enter-maintenance-mode-precheck", body=HOST_WHERE, body_required=True)
def enter_precheck(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """Start the precheck for maintenance mode."""
    return maintenance.precheck(ctx, body["where"])


@operation(blueprint, "enter-maintance-mode-precheck-result", body=TASK_WHERE, body_required=True)
def enter_precheck_result(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """Return the precheck result (the vendor spells the path ``maintance``)."""
    return maintenance.precheck_result(ctx, body["where"]["task_id"])


@operation(blueprint, "enter-maintance-mode", body=ENTER, body_required=True)
def enter_maintenance(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """Put a host into maintenance mode."""
    return maintenance.enter(ctx, body["where"]["host_id"], body["data"].get("shutdown_vms", []))


@operation(blueprint, "exit-maintance-mode-precheck-result", body=HOST_WHERE, body_required=True)
def exit_precheck_result(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List what leaving maintenance mode can bring back."""
    return maintenance.exit_precheck(ctx, body["where"])


@operation(blueprint, "exit-maintance-mode", body=EXIT, body_required=True)
def exit_maintenance(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """Return a host to service."""
    return maintenance.leave(ctx, body["where"]["host_id"], body["data"])
