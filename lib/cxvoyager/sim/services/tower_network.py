"""CloudTower REST: VDSes, VLANs (VM networks) and VMs of the connected cluster."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import inventory
from cxvoyager.sim.tower.rest import operation
from cxvoyager.sim.tower.schema import INT, LIST_QUERY, NUM, STR, Enum, ListOf, Nullable, Obj
from cxvoyager.sim.tower.where import matches, query

blueprint = Blueprint("sim_tower_network", __name__)

CREATE_VM_VLAN = ListOf(
    Obj(
        {"vds_id": STR, "name": STR},
        optional={
            "vlan_id": INT,
            "mode_type": Enum("GENEVE", "VLAN_ACCESS", "VLAN_TRUNK", "VXLAN"),
            "network_ids": ListOf(STR),
            "qos_priority": NUM,
            "qos_min_bandwidth": Nullable(INT),
            "qos_min_bandwidth_unit": STR,
            "qos_max_bandwidth": Nullable(INT),
            "qos_max_bandwidth_unit": STR,
            "qos_burst": Nullable(INT),
            "qos_burst_unit": STR,
        },
    ),
    min_items=1,
)
CONNECTION_QUERY = Obj(optional={"where": LIST_QUERY.optional["where"]})


@operation(blueprint, "get-vdses", body=LIST_QUERY)
def get_vdses(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List the virtual distributed switches."""
    return query(inventory.vds_views(ctx), body)


@operation(blueprint, "get-vlans", body=LIST_QUERY)
def get_vlans(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List the VM networks."""
    return query(inventory.vlan_views(ctx), body)


@operation(blueprint, "create-vm-vlan", body=CREATE_VM_VLAN, body_required=True)
def create_vm_vlan(ctx: SimContext, _user: Any, body: list[dict[str, Any]]) -> Any:
    """Create VM networks; each response carries its creation task."""
    results = []
    for params in body:
        view, task = inventory.create_vm_vlan(ctx, params)
        results.append({"task_id": task["id"], "data": view})
    return results


@operation(blueprint, "get-vms", body=LIST_QUERY)
def get_vms(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List the VMs of the connected cluster."""
    return query(inventory.vm_views(ctx), body)


@operation(blueprint, "get-vms-connection", body=CONNECTION_QUERY)
def get_vms_connection(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """Count VMs matching ``where``."""
    views = inventory.vm_views(ctx)
    return {"aggregate": {"count": sum(matches(view, body.get("where")) for view in views)}}
