"""SMTX OS deployment API of the nodes (``/api/v2/deployment/...``).

Served on each node's management address: host scan, cluster scan, deploy
and deploy status on HTTP port 80, ``deploy_verify`` on HTTPS once the node
serves it (after a deployment ended). Every call needs the deployment
``x-smartx-token`` (see ``smtx.auth.require_deployment_token``).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, request

from cxvoyager.sim import hardware
from cxvoyager.sim.app import context, host_address, not_found, serves
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.smtx import deployment, images, scan
from cxvoyager.sim.smtx.auth import require_deployment_token
from cxvoyager.sim.smtx.deploy_payload import validate
from cxvoyager.sim.smtx.envelope import install_error_handlers, invalid, json_object, ok

logger = logging.getLogger(__name__)

blueprint = Blueprint("smtx_deployment", __name__, url_prefix="/api/v2/deployment")
install_error_handlers(blueprint)


def initialize(ctx: SimContext) -> None:
    """Generate the hardware of every planned node and drop old image data (new state only)."""
    hardware.populate(ctx)
    images.clear_data(ctx)


def _this_node(ctx: SimContext) -> dict[str, Any]:
    node: dict[str, Any] = ctx.state["nodes"][host_address()]
    return node


@blueprint.get("/host")
@serves("node")
def host_scan() -> Any:
    """Describe the node the request reached: hardware, NICs, disks, host_uuid."""
    require_deployment_token()
    ctx = context()
    node = _this_node(ctx)
    return ok(scan.host_info(ctx, node, host_ip=node["management_ip"]))


def _layer2_blocked(ctx: SimContext) -> bool:
    """Tell whether the storage network hides peers from the scan (LACP bond or tagged VLAN)."""
    storage = ctx.plan.networks.storage
    return (storage.bond_mode is not None and storage.bond_mode.value == "balance-tcp") or bool(
        storage.vlan_id
    )


@blueprint.get("/cluster")
@serves("node")
def cluster_scan() -> Any:
    """List the undeployed nodes reachable at layer 2 through this node's storage NIC."""
    require_deployment_token()
    ctx = context()
    node = _this_node(ctx)
    if _layer2_blocked(ctx):
        return ok({"hosts": []})
    local_nic = (
        ctx.plan.networks.storage.nics[0]
        if ctx.plan.networks.storage.nics
        else node["ifaces"][0]["name"]
    )
    busy = _deploying(ctx)
    hosts = []
    for peer in ctx.state["nodes"].values():
        if peer["deployed"] or peer["power"] != "on" or peer["management_ip"] in busy:
            continue
        link_local = next(entry["ipv6"] for entry in peer["ifaces"] if entry["name"] == local_nic)
        hosts.append(scan.host_info(ctx, peer, host_ip=f"{link_local}%{local_nic}"))
    return ok({"hosts": hosts})


def _deploying(ctx: SimContext) -> set[str]:
    job = deployment.current(ctx)
    return set(job["hosts"]) if job is not None and job["state"] == "running" else set()


@blueprint.post("/cluster")
@serves("node")
def deploy_cluster() -> Any:
    """Validate the payload and start deploying the cluster it describes.

    NOTE: the real response body is not captured; this returns an empty ``data``.
    """
    require_deployment_token()
    ctx = context()
    receiver = _this_node(ctx)
    deployment.check_not_deployed(receiver)
    body = json_object()
    nodes = validate(ctx, body, receiver=receiver)
    deployment.start(ctx, body, nodes, receiver=receiver)
    return ok({})


@blueprint.get("/host/deploy_status")
@serves("node")
def deploy_status() -> Any:
    """Report the progress of the deployment that includes ``host_ip``."""
    require_deployment_token()
    ctx = context()
    host_ip = request.args.get("host_ip")
    if not host_ip:
        raise invalid("host_ip", "missing query parameter")
    if host_ip not in ctx.state["nodes"]:
        raise invalid("host_ip", f"{host_ip} is not a node of this site")
    return ok(deployment.status(ctx, host_ip))


@blueprint.get("/deploy_verify")
@serves("node")
def deploy_verify() -> Any:
    """Tell whether this node is deployed in a cluster (HTTPS only)."""
    if request.scheme != "https":
        return not_found()
    require_deployment_token()
    node = _this_node(context())
    return ok({"is_deployed": bool(node["deployed"]), "platform": "kvm"})
