"""CloudTower REST ``get-disks``: the physical disks of the connected cluster's hosts.

Each disk mirrors a node's disk record (``records.py``): its role becomes
``usage`` and ``function`` (BOOT, CACHE, DATA) and its ``healthy`` flag the
health fields, as the 4.6.0 ``Disk`` schema defines them.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import mirror
from cxvoyager.sim.tower.ids import mirrored_cuid
from cxvoyager.sim.tower.rest import operation
from cxvoyager.sim.tower.schema import LIST_QUERY
from cxvoyager.sim.tower.where import query

blueprint = Blueprint("sim_tower_disks", __name__)


def _disk_view(ctx: SimContext, host: dict[str, Any], disk: dict[str, Any]) -> dict[str, Any]:
    local_id = f"{host['local_id']}/{disk['drive']}"
    healthy = bool(disk.get("healthy", True))
    role = str(disk.get("function", "data")).upper()
    kind = "SSD"
    if disk.get("type") == "HDD":
        kind = "HDD"
    elif "nvme" in disk["drive"]:
        kind = "NVMe_SSD"
    return {
        "id": mirrored_cuid(ctx, "disk", local_id),
        "local_id": local_id,
        "name": disk["drive"],
        "path": f"/dev/{disk['drive']}",
        "serial": disk.get("serial", ""),
        "model": disk.get("model", ""),
        "size": int(disk.get("size", 0)),
        "firmware": "",
        "type": kind,
        "usage": role,
        "function": role,
        "healthy": healthy,
        "health_status": "HEALTHY" if healthy else "UNHEALTHY",
        "offline": False,
        "mounted": True,
        "usage_status": "MOUNTED",
        "partitions": [],
        "host": {"id": host["id"], "name": host["name"], "management_ip": host["management_ip"]},
        "labels": [],
        "entityAsyncStatus": None,
    }


def disk_views(ctx: SimContext) -> list[dict[str, Any]]:
    """Return every disk of every host of the connected cluster."""
    nodes = ctx.state.get("nodes", {})
    return [
        _disk_view(ctx, host, disk)
        for host in mirror.host_views(ctx)
        for disk in nodes.get(host["management_ip"], {}).get("disks", [])
    ]


@operation(blueprint, "get-disks", body=LIST_QUERY)
def get_disks(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List the disks matching ``where``."""
    return query(disk_views(ctx), body)
