"""Fisheye v2 networking: VDS (async create) and their VLANs (sync create)."""

from __future__ import annotations

from typing import Any

from cxvoyager.sim.app import context
from cxvoyager.sim.smtx import store, vds
from cxvoyager.sim.smtx.envelope import json_object, ok
from cxvoyager.sim.smtx.fisheye import cluster_endpoint, make_blueprint

blueprint = make_blueprint("fisheye_network")


@blueprint.post("/api/v2/network/vds")
@cluster_endpoint()
def create_vds() -> Any:
    """Start a job that creates a VDS."""
    return ok({"job_id": vds.create_vds(context(), json_object())})


@blueprint.get("/api/v2/network/vds")
@cluster_endpoint()
def list_vdses() -> Any:
    """List every VDS.

    NOTE: the list response is not captured; ``data`` is an array of the
    objects ``GET /api/v2/network/vds/{uuid}`` returns.
    """
    ctx = context()
    return ok([vds.render_vds(ctx, item) for item in store.cluster(ctx)["vdses"].values()])


@blueprint.get("/api/v2/network/vds/<vds_uuid>")
@cluster_endpoint()
def get_vds(vds_uuid: str) -> Any:
    """Return one VDS with its VLAN count."""
    ctx = context()
    return ok(vds.render_vds(ctx, vds.get_vds(ctx, vds_uuid)))


@blueprint.post("/api/v2/network/vds/<vds_uuid>/vlans")
@cluster_endpoint()
def create_vlan(vds_uuid: str) -> Any:
    """Create a VLAN (VM network) on the VDS."""
    return ok(vds.create_vlan(context(), vds_uuid, json_object()))


@blueprint.get("/api/v2/network/vds/<vds_uuid>/vlans")
@cluster_endpoint()
def list_vlans(vds_uuid: str) -> Any:
    """List the networks on the VDS.

    NOTE: the list response is not captured; ``data`` is an array of VLAN objects.
    """
    return ok(vds.list_vlans(context(), vds_uuid))
