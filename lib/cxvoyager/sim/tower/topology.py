"""Rack topology CloudTower keeps for a connected cluster: cluster, zone, racks, bricks, nodes.

CloudTower creates one cluster topology and one zone per connected cluster
and one node per host on its own; an engineer adds racks (``create-rack-topo``)
and bricks (``create-brick-topo``, a chassis at a rack position holding
nodes). Bricks must fit in their rack and must not overlap.
"""

from __future__ import annotations

from typing import Any

from cxvoyager.sim import records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import store
from cxvoyager.sim.tower.errors import TowerError, bad_input
from cxvoyager.sim.tower.ids import mirrored_cuid, new_cuid
from cxvoyager.sim.tower.mirror import nested_cluster
from cxvoyager.sim.tower.where import matches

MAX_RACK_UNITS = 60


def _connected(ctx: SimContext, cluster_id: str) -> dict[str, Any]:
    record = store.collection(ctx, "clusters").get(cluster_id)
    if record is None or record["connect_state"] != "CONNECTED":
        raise TowerError(404, "sim.tower.not_found", kind="Cluster", where=cluster_id)
    return record


def _cluster_topo_ref(ctx: SimContext, record: dict[str, Any]) -> dict[str, str]:
    return {"id": mirrored_cuid(ctx, "cluster-topo", record["id"]), "name": record["name"]}


def _bricks(ctx: SimContext) -> dict[str, dict[str, Any]]:
    return store.collection(ctx, "brick_topoes")


def zone_topo_views(ctx: SimContext) -> list[dict[str, Any]]:
    """Return the zone of each connected cluster with its racks."""
    views = []
    for record in store.collection(ctx, "clusters").values():
        if record["connect_state"] != "CONNECTED":
            continue
        zone_id = mirrored_cuid(ctx, "zone-topo", record["id"])
        racks = [
            {"id": r["id"], "name": r["name"]}
            for r in store.collection(ctx, "rack_topoes").values()
            if r["zone_topo_id"] == zone_id
        ]
        views.append(
            {
                "id": zone_id,
                "local_id": zone_id,
                "cluster": {"id": record["id"], "name": record["name"]},
                "cluster_topo": _cluster_topo_ref(ctx, record),
                "rack_topoes": racks,
            }
        )
    return views


def create_rack(ctx: SimContext, params: dict[str, Any]) -> dict[str, Any]:
    """Add a rack to a cluster's zone; raise 404/400 for a bad zone, name or height."""
    record = _connected(ctx, params["cluster_id"])
    if params["zone_topo_id"] != mirrored_cuid(ctx, "zone-topo", record["id"]):
        raise TowerError(404, "sim.tower.not_found", kind="ZoneTopo", where=params["zone_topo_id"])
    if not 1 <= params["height"] <= MAX_RACK_UNITS:
        raise bad_input(
            "sim.tower.invalid",
            path="body.height",
            expected=f"1-{MAX_RACK_UNITS}",
            value=params["height"],
        )
    racks = store.collection(ctx, "rack_topoes")
    if any(r["name"] == params["name"] and r["cluster_id"] == record["id"] for r in racks.values()):
        raise bad_input("sim.tower.duplicate", kind="RackTopo", name=params["name"])
    rack = {
        "id": new_cuid(ctx),
        "name": params["name"],
        "height": params["height"],
        "cluster_id": record["id"],
        "zone_topo_id": params["zone_topo_id"],
    }
    racks[rack["id"]] = rack
    return rack


def rack_view(ctx: SimContext, rack: dict[str, Any]) -> dict[str, Any]:
    """Return the ``RackTopo`` object of a rack record."""
    record = store.collection(ctx, "clusters")[rack["cluster_id"]]
    return {
        "id": rack["id"],
        "local_id": rack["id"],
        "name": rack["name"],
        "height": rack["height"],
        "cluster": {"id": record["id"], "name": record["name"]},
        "zone_topo": {"id": rack["zone_topo_id"]},
        "brick_topoes": [
            {"id": b["id"], "name": b["name"]}
            for b in _bricks(ctx).values()
            if b.get("rack_topo_id") == rack["id"]
        ],
    }


def node_topo_views(ctx: SimContext) -> list[dict[str, Any]]:
    """Return one node per host of the connected cluster, with the brick holding it."""
    smtx = records.cluster(ctx.state) or {}
    cluster = nested_cluster(ctx)
    record = None if cluster is None else store.collection(ctx, "clusters")[cluster["id"]]
    if record is None or record["connect_state"] != "CONNECTED":
        return []
    views = []
    for index, host in enumerate(smtx.get("hosts", {}).values()):
        node_id = mirrored_cuid(ctx, "node-topo", host["host_uuid"])
        brick = next((b for b in _bricks(ctx).values() if node_id in b["node_ids"]), None)
        views.append(
            {
                "id": node_id,
                "local_id": node_id,
                "name": host["hostname"],
                "cluster": cluster,
                "cluster_topo": _cluster_topo_ref(ctx, record),
                "host": {
                    "id": mirrored_cuid(ctx, "host", host["host_uuid"]),
                    "name": host["hostname"],
                    "management_ip": host["management_ip"],
                },
                "position": {
                    "row": 0,
                    "column": index if brick is None else brick["node_ids"].index(node_id),
                },
                "brick_topo": None if brick is None else {"id": brick["id"], "name": brick["name"]},
            }
        )
    return views


def _check_fit(ctx: SimContext, rack_id: str, position: int, height: int) -> None:
    rack = store.collection(ctx, "rack_topoes").get(rack_id)
    if rack is None:
        raise TowerError(404, "sim.tower.not_found", kind="RackTopo", where=rack_id)
    if position < 1 or position + height - 1 > rack["height"]:
        raise bad_input(
            "sim.tower.topology.fit", position=position, height=height, rack=rack["name"]
        )
    for brick in _bricks(ctx).values():
        if brick.get("rack_topo_id") != rack_id:
            continue
        if position < brick["position"] + brick["height"] and brick["position"] < position + height:
            raise bad_input("sim.tower.topology.overlap", position=position, brick=brick["name"])


def create_brick(ctx: SimContext, params: dict[str, Any]) -> dict[str, Any]:
    """Add a brick (chassis), optionally in a rack and holding nodes.

    Raises:
        TowerError: 404 for an unknown cluster or rack, 400 when it does not fit.
    """
    record = _connected(ctx, params["cluster_id"])
    if params.get("rack_topo_id"):
        _check_fit(ctx, params["rack_topo_id"], params["position"], params["height"])
    nodes = [
        view["id"]
        for view in node_topo_views(ctx)
        if params.get("node_topoes") and matches(view, params["node_topoes"])
    ]
    brick = {
        "id": new_cuid(ctx),
        "name": params["name"],
        "height": params["height"],
        "position": params["position"],
        "rack_topo_id": params.get("rack_topo_id"),
        "cluster_id": record["id"],
        "node_ids": nodes,
        "capacity": params.get("capacity") or {"row": 1, "column": max(len(nodes), 1)},
    }
    _bricks(ctx)[brick["id"]] = brick
    return brick


def brick_view(ctx: SimContext, brick: dict[str, Any]) -> dict[str, Any]:
    """Return the ``BrickTopo`` object of a brick record."""
    record = store.collection(ctx, "clusters")[brick["cluster_id"]]
    rack = store.collection(ctx, "rack_topoes").get(brick.get("rack_topo_id") or "")
    names = {view["id"]: view["name"] for view in node_topo_views(ctx)}
    return {
        "id": brick["id"],
        "local_id": brick["id"],
        "name": brick["name"],
        "height": brick["height"],
        "position": brick["position"],
        "capacity": brick["capacity"],
        "cluster": {"id": record["id"], "name": record["name"]},
        "cluster_topo": _cluster_topo_ref(ctx, record),
        "rack_topo": None if rack is None else {"id": rack["id"], "name": rack["name"]},
        "node_topoes": [
            {"id": node_id, "name": names.get(node_id, "")} for node_id in brick["node_ids"]
        ],
    }
