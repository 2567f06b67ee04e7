"""Fisheye v2 VMs and storage policies: create, get, list, NIC update."""

from __future__ import annotations

from typing import Any

from cxvoyager.sim.app import context
from cxvoyager.sim.smtx import store, vms
from cxvoyager.sim.smtx.envelope import json_object, ok
from cxvoyager.sim.smtx.fisheye import cluster_endpoint, make_blueprint
from cxvoyager.sim.smtx.vm_render import render_vm

blueprint = make_blueprint("fisheye_vms")


@blueprint.post("/api/v2/vms")
@cluster_endpoint()
def create_vm() -> Any:
    """Start a job that creates a VM."""
    return ok({"job_id": vms.create_vm(context(), json_object())})


@blueprint.get("/api/v2/vms")
@cluster_endpoint()
def list_vms() -> Any:
    """List every VM of the cluster.

    NOTE: the list response is not captured; ``data.vms`` mirrors ``data.images`` of the image list.
    """
    ctx = context()
    return ok({"vms": [render_vm(ctx, vm) for vm in store.cluster(ctx)["vms"].values()]})


@blueprint.get("/api/v2/vms/<vm_uuid>")
@cluster_endpoint()
def get_vm(vm_uuid: str) -> Any:
    """Return one VM, with its guest agent state."""
    ctx = context()
    return ok(render_vm(ctx, vms.get_vm(ctx, vm_uuid)))


@blueprint.put("/api/v2/vms/<vm_uuid>")
@cluster_endpoint()
def update_vm(vm_uuid: str) -> Any:
    """Start a job that replaces the VM's NICs (and sets guest IPs through VMTools)."""
    return ok({"job_id": vms.update_vm(context(), vm_uuid, json_object())})


@blueprint.get("/api/v2/storage_policies")
@cluster_endpoint()
def list_storage_policies() -> Any:
    """List the storage policies (an array under ``data``)."""
    ctx = context()
    store.cluster(ctx)
    return ok(store.private(ctx.state)["storage_policies"])
