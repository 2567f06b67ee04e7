"""CloudTower REST: rack topology, alert notifiers, content-library images."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import library, notifiers, store, topology
from cxvoyager.sim.tower.errors import TowerError
from cxvoyager.sim.tower.packages import upload_task_view
from cxvoyager.sim.tower.rest import operation
from cxvoyager.sim.tower.schema import ANY_OBJECT, BOOL, INT, LIST_QUERY, STR, Enum, ListOf, Obj
from cxvoyager.sim.tower.where import query

blueprint = Blueprint("sim_tower_topology", __name__)

CREATE_RACK = ListOf(
    Obj(
        {"cluster_id": STR, "zone_topo_id": STR, "height": INT, "name": STR},
        optional={"brick_topoes": ANY_OBJECT},
    ),
    min_items=1,
)
CREATE_BRICK = ListOf(
    Obj(
        {"cluster_id": STR, "height": INT, "name": STR, "position": INT},
        optional={
            "rack_topo_id": STR,
            "node_topoes": ANY_OBJECT,
            "capacity": Obj(optional={"row": INT, "column": INT}),
            "tag_position_in_brick": ListOf(ANY_OBJECT),
        },
    ),
    min_items=1,
)
SEVERITIES = ListOf(Enum("CRITICAL", "NOTICE", "INFO"))
UPDATE_NOTIFIER = Obj(
    optional={
        "id": STR,
        "name": STR,
        "clusters": ANY_OBJECT,
        "smtp_server_id": STR,
        "email_from": STR,
        "email_tos": ListOf(STR),
        "language_code": Enum("EN_US", "ZH_CN"),
        "notice_severities": SEVERITIES,
        "disabled": BOOL,
    }
)


@operation(blueprint, "get-zone-topoes", body=LIST_QUERY)
def get_zone_topoes(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List the zone of each connected cluster."""
    return query(topology.zone_topo_views(ctx), body)


@operation(blueprint, "create-rack-topo", body=CREATE_RACK, body_required=True)
def create_rack_topo(ctx: SimContext, _user: Any, body: list[dict[str, Any]]) -> Any:
    """Add racks to a cluster's zone."""
    racks = [topology.create_rack(ctx, params) for params in body]
    return [{"task_id": None, "data": topology.rack_view(ctx, rack)} for rack in racks]


@operation(blueprint, "get-rack-topoes", body=LIST_QUERY)
def get_rack_topoes(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List racks."""
    return query(
        [topology.rack_view(ctx, r) for r in store.collection(ctx, "rack_topoes").values()], body
    )


@operation(blueprint, "create-brick-topo", body=CREATE_BRICK, body_required=True)
def create_brick_topo(ctx: SimContext, _user: Any, body: list[dict[str, Any]]) -> Any:
    """Add bricks (chassis) holding nodes, at rack positions."""
    bricks = [topology.create_brick(ctx, params) for params in body]
    return [{"task_id": None, "data": topology.brick_view(ctx, brick)} for brick in bricks]


@operation(blueprint, "get-brick-topoes", body=LIST_QUERY)
def get_brick_topoes(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List bricks."""
    return query(
        [topology.brick_view(ctx, b) for b in store.collection(ctx, "brick_topoes").values()], body
    )


@operation(blueprint, "get-node-topoes", body=LIST_QUERY)
def get_node_topoes(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List the node of each host and the brick holding it."""
    return query(topology.node_topo_views(ctx), body)


@operation(blueprint, "get-alert-notifiers", body=LIST_QUERY)
def get_alert_notifiers(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List alert notifiers (the default one exists from the start)."""
    return query(notifiers.notifier_views(ctx), body)


@operation(blueprint, "update-alert-notifier", body=UPDATE_NOTIFIER, body_required=True)
def update_alert_notifier(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """Change a notifier's recipients, severities, language and clusters."""
    return {"task_id": None, "data": notifiers.update(ctx, body)}


@operation(blueprint, "get-smtp-servers", body=LIST_QUERY)
def get_smtp_servers(_ctx: SimContext, _user: Any, _body: dict[str, Any]) -> Any:
    """List SMTP servers: none until one is added in the web console."""
    return []


@operation(blueprint, "upload-content-library-image", body=None, multipart=True)
def upload_content_library_image(ctx: SimContext, _user: Any, _body: Any) -> Any:
    """Accept one 8 MiB chunk of an ISO (multipart ``file`` plus form fields)."""
    part = request.files.get("file")
    if part is None:
        raise TowerError(400, "sim.tower.missing", path="form.file")
    task = library.upload_chunk(ctx, request.form.to_dict(), part.read())
    view = upload_task_view(task)
    view.pop("__typename")
    return [view]


@operation(blueprint, "get-content-library-images", body=LIST_QUERY)
def get_content_library_images(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List content-library images."""
    images = store.collection(ctx, "content_library_images").values()
    return query([library.image_view(ctx, image) for image in images], body)
