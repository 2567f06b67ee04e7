"""Cluster DNS and NTP changed through CloudTower (``update-cluster-network-setting``).

The change is a task; when it ends the SMTX OS cluster record carries the new
servers, as if CloudTower had called Fisheye. NOTE: changing the VIPs or the
management network through CloudTower is not simulated; such a request is
rejected instead of being ignored silently.
"""

from __future__ import annotations

from typing import Any

from cxvoyager.sim import records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import mirror
from cxvoyager.sim.tower.errors import TowerError, bad_input
from cxvoyager.sim.tower.tasks import on_finish, start_task
from cxvoyager.sim.tower.where import matches

SUPPORTED = ("dns", "ntp_mode", "ntp_servers")
UPDATE_SECONDS = 10.0


def update(ctx: SimContext, where: dict[str, Any], data: dict[str, Any]) -> list[dict[str, Any]]:
    """Start changing DNS/NTP of the matching connected clusters; return ``[{task_id, data}]``.

    Raises:
        TowerError: 404 when no connected cluster matches, 400 for a field the
            simulator does not change.
    """
    unsupported = sorted(set(data) - set(SUPPORTED))
    if unsupported:
        raise bad_input("sim.tower.unsupported_setting", fields=", ".join(unsupported))
    views = [mirror.cluster_view(ctx, record) for record in mirror.connected_clusters(ctx)]
    chosen = [
        view for view in views if view["connect_state"] == "CONNECTED" and matches(view, where)
    ]
    if not chosen:
        raise TowerError(404, "sim.tower.not_found", kind="Cluster", where=where)
    results = []
    for view in chosen:
        task = start_task(
            ctx,
            description=f"Update network settings of cluster {view['name']}",
            hook="tower.cluster-network",
            duration=UPDATE_SECONDS,
            resource_type="Cluster",
            resource_id=view["id"],
            resource_mutation="updateClusterNetworkSetting",
            snapshot='{"typename":"Cluster"}',
            payload={"data": data},
        )
        results.append({"task_id": task["id"], "data": view})
    return results


@on_finish("tower.cluster-network")
def _applied(ctx: SimContext, task: dict[str, Any], succeeded: bool) -> tuple[str, str] | None:
    smtx = records.cluster(ctx.state)
    if smtx is None:
        return ("CLUSTER_NOT_FOUND", "the cluster no longer exists")
    if not succeeded:
        return None
    data = task["payload"]["data"]
    if "dns" in data:
        smtx["dns_servers"] = list(data["dns"])
    if "ntp_servers" in data:
        smtx["ntp_servers"] = list(data["ntp_servers"])
    if "ntp_mode" in data:
        smtx["ntp_mode"] = data["ntp_mode"].lower()
    return None
