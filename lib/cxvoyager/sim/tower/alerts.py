"""CloudTower's ``Alert`` objects, read from the shared alert records."""

from __future__ import annotations

from typing import Any

from cxvoyager.sim import records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower.ids import iso, mirrored_cuid
from cxvoyager.sim.tower.inventory import is_connected
from cxvoyager.sim.tower.mirror import nested_cluster

_OBJECT_KINDS = {"HOST": "host", "VM": "vm", "DISK": "disk"}


def _host_by_uuid(ctx: SimContext, host_uuid: str) -> dict[str, Any] | None:
    smtx = records.cluster(ctx.state) or {}
    host = smtx.get("hosts", {}).get(host_uuid)
    if host is None:
        return None
    return {
        "id": mirrored_cuid(ctx, "host", host_uuid),
        "name": host["hostname"],
        "management_ip": host["management_ip"],
    }


def alert_view(ctx: SimContext, alert: dict[str, Any]) -> dict[str, Any]:
    """Return the CloudTower ``Alert`` object of a shared alert record."""
    created = float(alert.get("created_at", 0.0))
    ended = bool(alert.get("resolved"))
    object_kind = alert.get("object", "CLUSTER")
    vms = []
    if object_kind == "VM":
        vm = records.vms(ctx.state).get(alert["object_id"])
        if vm is not None:
            vms = [{"id": mirrored_cuid(ctx, "vm", vm["uuid"]), "name": vm["vm_name"]}]
    return {
        "id": mirrored_cuid(ctx, "alert", alert["id"]),
        "local_id": alert["id"],
        "severity": alert["severity"],
        "message": alert["message"],
        "cause": alert["message"],
        "impact": "",
        "solution": "",
        "ended": ended,
        "labels": {"name": alert["name"]},
        "threshold": 0,
        "value": 1,
        "local_create_time": iso(created),
        "local_start_time": iso(created),
        "local_update_time": iso(float(alert.get("resolved_at", created))),
        "local_end_time": iso(float(alert.get("resolved_at", created))) if ended else iso(0),
        "create_time": iso(created),
        "cluster": nested_cluster(ctx),
        "host": _host_by_uuid(ctx, alert["object_id"]) if object_kind == "HOST" else None,
        "vms": vms,
        "alert_rule": None,
    }


def alert_views(ctx: SimContext) -> list[dict[str, Any]]:
    """Return every alert of the connected cluster, newest first (none before connecting)."""
    if not is_connected(ctx):
        return []
    alerts = sorted(
        ctx.state.get("alerts", []), key=lambda alert: -float(alert.get("created_at", 0.0))
    )
    return [alert_view(ctx, alert) for alert in alerts]
