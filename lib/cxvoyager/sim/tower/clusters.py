"""Connecting the SMTX OS cluster to CloudTower (``connect-cluster``).

The connect task checks what the real CloudTower checks: the address serves
HTTPS as an SMTX OS cluster, and the username and password open its Fisheye
``root`` account. The cluster is listed at once with ``connect_state``
``INITIALIZING``. When the task succeeds (after ``CONNECT_SECONDS``) it becomes
``CONNECTED``. When the task fails the cluster record is rolled back, so the
engineer can correct the password and connect again.
"""

from __future__ import annotations

import uuid
from typing import Any

from cxvoyager.sim import network, records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import store
from cxvoyager.sim.tower.errors import TowerError
from cxvoyager.sim.tower.ids import new_cuid
from cxvoyager.sim.tower.tasks import on_finish, start_task

CONNECT_SECONDS = 150.0  # a few simulated minutes, as a four-node cluster takes to sync
_ACTIVE_STATES = ("INITIALIZING", "CONNECTED")


def _reachable_cluster(ctx: SimContext, ip: str) -> dict[str, Any] | None:
    smtx = records.cluster(ctx.state)
    if smtx is None or network.lookup(ctx.state, ip, network.SCHEME_PORTS["https"]) is None:
        return None
    addresses = {smtx.get("vip")} | {
        host["management_ip"] for host in smtx.get("hosts", {}).values()
    }
    return smtx if ip in addresses else None


def _failure(
    ctx: SimContext, smtx: dict[str, Any] | None, username: str, password: str
) -> tuple[str, str] | None:
    if smtx is None:
        return ("LOAD_CLUSTER_NETWORK_ERROR", "cannot reach an SMTX OS cluster at this address")
    # The SMTX OS services keep Fisheye's root password in their private section.
    root_password = ctx.state.get("smtx", {}).get("root_password")
    if not smtx.get("root_ready") or username != "root" or password != root_password:
        return ("LOAD_CLUSTER_UNAUTHORIZED", "the cluster rejected the username or password")
    return None


def _reject_connected(ctx: SimContext, ip: str, smtx: dict[str, Any] | None) -> None:
    for record in store.collection(ctx, "clusters").values():
        same = record["ip"] == ip or (smtx is not None and record["local_id"] == smtx["uuid"])
        if same and record["connect_state"] in _ACTIVE_STATES:
            raise TowerError(400, "sim.tower.cluster_connected", ip=ip)


def _new_record(
    ctx: SimContext,
    *,
    ip: str,
    smtx: dict[str, Any] | None,
    username: str,
    datacenter_id: str | None,
) -> dict[str, Any]:
    if smtx is not None:
        local_id, name = str(smtx["uuid"]), str(smtx["name"])
    else:
        # NOTE: CloudTower shows a placeholder local_id until the first sync.
        local_id = str(uuid.UUID(int=ctx.rng("placeholder", ip).getrandbits(128), version=4))
        name = ip
    return {
        "id": new_cuid(ctx),
        "ip": ip,
        "local_id": local_id,
        "datacenter_id": datacenter_id,
        "connect_state": "INITIALIZING",
        "settings_id": new_cuid(ctx),
        "name": name,
        "username": username,
    }


def connect_cluster(
    ctx: SimContext,
    *,
    ip: str,
    username: str,
    password: str,
    datacenter_id: str | None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Start connecting the cluster at ``ip``; return its record and the task.

    Raises:
        TowerError: 404 for an unknown datacenter, 400 when the cluster is
            connected or connecting already.
    """
    if datacenter_id is not None and datacenter_id not in store.collection(ctx, "datacenters"):
        raise TowerError(404, "sim.tower.not_found", kind="Datacenter", where=datacenter_id)
    smtx = _reachable_cluster(ctx, ip)
    _reject_connected(ctx, ip, smtx)
    record = _new_record(ctx, ip=ip, smtx=smtx, username=username, datacenter_id=datacenter_id)
    clusters = store.collection(ctx, "clusters")
    clusters[record["id"]] = record
    task = start_task(
        ctx,
        description=f"Connect cluster {ip}",
        hook="tower.connect-cluster",
        duration=CONNECT_SECONDS,
        failure=_failure(ctx, smtx, username, password),
        resource_type="Cluster",
        resource_id=record["id"],
        resource_mutation="connectCluster",
        snapshot='{"typename":"Cluster"}',
        args={"ip": ip},
        steps=("CONNECT_CLUSTER", "SYNC_RESOURCES"),
    )
    return record, task


@on_finish("tower.connect-cluster")
def _connected(ctx: SimContext, task: dict[str, Any], succeeded: bool) -> None:
    clusters = store.collection(ctx, "clusters")
    record = clusters.get(task["resource_id"])
    if record is None:
        return
    if succeeded:
        record["connect_state"] = "CONNECTED"
        return
    clusters.pop(record["id"])
    task["resource_rollbacked"] = True
