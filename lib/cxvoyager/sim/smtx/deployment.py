"""The cluster deployment job: phases on the virtual clock, failure injection, completion.

``POST /api/v2/deployment/cluster`` starts one job for the whole cluster. It
runs through ``PHASES`` (about 40 simulated minutes in total) and ends
``done`` or ``failed``. When the network phase starts, the receiving node
refuses HTTP connections for ``NETWORK_BLIP_SECONDS``. Real clients tolerate
failed polls at this point, so a client under test must survive a short
outage. When the job ends, each node opens HTTPS for ``deploy_verify`` and
later Fisheye. On success the nodes join the new cluster and their storage
addresses come up.

NOTE: the captured material shows only the phase name
``prepare_network_and_config_file`` and the state word ``running``. The
other phase names and the final words ``done``/``failed`` are this
simulator's choice.
"""

from __future__ import annotations

import logging
from typing import Any

from cxvoyager.sim import network
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.scheduler import action
from cxvoyager.sim.smtx import store
from cxvoyager.sim.smtx.cluster import create_cluster
from cxvoyager.sim.smtx.deploy_payload import decode_password
from cxvoyager.sim.smtx.envelope import ALREADY_DEPLOYED, BUSY, SmtxApiError

logger = logging.getLogger(__name__)

# (phase, nominal simulated seconds); the total is 40 minutes.
PHASES = (
    ("prepare_network_and_config_file", 120),
    ("config_network", 240),
    ("deploy_zookeeper", 240),
    ("deploy_mongodb", 180),
    ("deploy_zbs", 540),
    ("deploy_elf", 420),
    ("deploy_fisheye", 240),
    ("config_cluster", 240),
    ("start_services", 120),
    ("check_cluster_status", 60),
)
NETWORK_PHASE = 2  # config_network, 1-based
NETWORK_BLIP_SECONDS = 20
STAGE_ACTION = "smtx.deploy.stage"
NETWORK_BACK_ACTION = "smtx.deploy.network_back"
HTTP = network.SCHEME_PORTS["http"]
HTTPS = network.SCHEME_PORTS["https"]


def current(ctx: SimContext) -> dict[str, Any] | None:
    """Return the latest deployment job, or None when none was started."""
    job: dict[str, Any] | None = store.private(ctx.state).get("deployment")
    return job


def start(
    ctx: SimContext,
    payload: dict[str, Any],
    nodes: list[dict[str, Any]],
    *,
    receiver: dict[str, Any],
) -> None:
    """Start deploying ``payload`` (already validated) on ``nodes``.

    Raises:
        SmtxApiError: a deployment is running (409).
    """
    job = current(ctx)
    if job is not None and job["state"] == "running":
        raise SmtxApiError(409, BUSY, "a cluster deployment is already running")
    number = store.next_number(ctx, "deployment")
    rng = ctx.rng("deployment", number)
    fail_stage = None
    if ctx.faults.take_task_failure("cluster-deploy"):
        fail_stage = rng.randrange(3, len(PHASES) + 1)
    job = {
        "number": number,
        "state": "running",
        "stage": 1,
        "msg": None,
        "started_at": ctx.clock.now(),
        "receiver": receiver["management_ip"],
        "hosts": [node["management_ip"] for node in nodes],
        "payload": payload,
        "fail_stage": fail_stage,
        "durations": [seconds * (0.9 + 0.2 * rng.random()) for _, seconds in PHASES],
    }
    store.private(ctx.state)["deployment"] = job
    _schedule_stage_end(ctx, job, 1, base=None)
    logger.info(
        "cluster deployment %d started on %s for %d node(s)",
        number,
        receiver["management_ip"],
        len(nodes),
    )


def check_not_deployed(node: dict[str, Any]) -> None:
    """Reject a deployment sent to a node that already belongs to a cluster.

    Raises:
        SmtxApiError: the node is deployed (409).
    """
    if node["deployed"]:
        raise SmtxApiError(
            409,
            ALREADY_DEPLOYED,
            f"host {node['management_ip']} is already deployed in cluster {node['cluster_name']}",
        )


def _schedule_stage_end(
    ctx: SimContext, job: dict[str, Any], stage: int, *, base: float | None
) -> None:
    ctx.scheduler.at(
        job["durations"][stage - 1], STAGE_ACTION, base=base, number=job["number"], stage=stage
    )


def status(ctx: SimContext, host_ip: str) -> dict[str, Any]:
    """Render ``deploy_status`` data for the node ``host_ip``.

    NOTE: ``idle`` for a node that no deployment included is this
    simulator's choice.
    """
    job = current(ctx)
    if job is None or host_ip not in job["hosts"]:
        return {
            "current_stage": 0,
            "msg": None,
            "stage_info": "",
            "state": "idle",
            "total_stages": len(PHASES),
        }
    return {
        "current_stage": job["stage"],
        "msg": job["msg"],
        "stage_info": PHASES[job["stage"] - 1][0],
        "state": job["state"],
        "total_stages": len(PHASES),
    }


@action(STAGE_ACTION)
def _stage_ended(ctx: SimContext, due: float, args: dict[str, Any]) -> None:
    job = current(ctx)
    if job is None or job["number"] != args["number"] or job["state"] != "running":
        return
    stage = args["stage"]
    if job["fail_stage"] == stage:
        _fail(ctx, job, stage)
        return
    if stage == len(PHASES):
        _complete(ctx, job)
        return
    job["stage"] = stage + 1
    if job["stage"] == NETWORK_PHASE:
        network.close_ports(ctx.state, job["receiver"], HTTP)
        ctx.scheduler.at(
            NETWORK_BLIP_SECONDS, NETWORK_BACK_ACTION, base=due, address=job["receiver"]
        )
    _schedule_stage_end(ctx, job, job["stage"], base=due)


@action(NETWORK_BACK_ACTION)
def _network_back(ctx: SimContext, _due: float, args: dict[str, Any]) -> None:
    if network.entries(ctx.state).get(args["address"]) is not None:
        network.open_ports(ctx.state, args["address"], HTTP)


def _fail(ctx: SimContext, job: dict[str, Any], stage: int) -> None:
    phase = PHASES[stage - 1][0]
    job["state"] = "failed"
    job["msg"] = (
        f"deployment failed in stage {stage}/{len(PHASES)} ({phase}): simulated task failure"
    )
    job.pop("payload", None)  # contains OS passwords
    for address in job["hosts"]:
        network.open_ports(ctx.state, address, HTTPS)
    logger.info("cluster deployment %d failed in %s", job["number"], phase)


def _complete(ctx: SimContext, job: dict[str, Any]) -> None:
    payload = job["payload"]
    nodes = {
        node["host_uuid"]: node
        for node in ctx.state["nodes"].values()
        if node["management_ip"] in job["hosts"]
    }
    for host in payload["hosts"]:
        _join(nodes[host["host_uuid"]], host, payload)
    create_cluster(ctx, payload, nodes)
    for node in nodes.values():
        network.open_ports(ctx.state, node["management_ip"], HTTPS)
        network.attach(
            ctx.state, node["storage_ip"], kind="storage", key=str(node["plan_index"]), ports=[]
        )
        network.entries(ctx.state)[node["storage_ip"]]["pingable"] = True
    job["state"] = "done"
    job.pop("payload", None)  # contains OS passwords; the nodes keep their own record
    logger.info("cluster deployment %d done: cluster %s", job["number"], payload["cluster_name"])


def _join(node: dict[str, Any], host: dict[str, Any], payload: dict[str, Any]) -> None:
    roles = {disk["drive"]: disk["function"] for disk in host["disks"]}
    for disk in node["disks"]:
        if disk["function"] != "boot":
            disk["function"] = roles.get(disk["drive"], "unused")
    node["deployed"] = True
    node["hostname"] = host["hostname"]
    node["cluster_name"] = payload["cluster_name"]
    node["passwords"] = {
        entry["user"]: decode_password(entry["password"], "host_passwords")
        for entry in host["host_passwords"]
    }
