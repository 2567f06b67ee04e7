"""Stage 02 discovery: scan every planned node in parallel and check it can be deployed.

A node that has not joined a cluster serves the deployment API on its
management IP. Each planned node is scanned once (``GET
/api/v2/deployment/host``) from a bounded thread pool. A node that does not
respond, or lacks the planned NICs or enough disks, is reported with the
reason, and the others are still scanned.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from cxvoyager.clients.deployment import DeploymentClient
from cxvoyager.clients.models.deployment import ScannedHost
from cxvoyager.delivery.payload import assign_disk_roles
from cxvoyager.errors import ApiError
from cxvoyager.i18n import t
from cxvoyager.plan.model import HostPlan, PlanModel

logger = logging.getLogger(__name__)

MAX_SCAN_WORKERS = 8  # nodes scanned at once; scans are small GETs


@dataclass(frozen=True)
class NodeScan:
    """The outcome of scanning one planned node.

    Attributes:
        host: the planned host.
        scan: the inventory, or None when the node did not respond.
        deployed: whether the node reports a finished deployment.
        error: why the scan failed, or None.
    """

    host: HostPlan
    scan: ScannedHost | None
    deployed: bool
    error: str | None = None


def scan_node(host: HostPlan, client: DeploymentClient) -> NodeScan:
    """Scan one node, and ask whether it is deployed when the scan gets no response."""
    try:
        return NodeScan(host, client.get_host(), deployed=False)
    except ApiError as exc:
        scan_error = str(exc)
    try:
        deployed = client.get_deploy_verify().is_deployed
    except ApiError:
        deployed = False
    return NodeScan(host, None, deployed=deployed, error=None if deployed else scan_error)


def scan_nodes(
    plan: PlanModel,
    client_for: Callable[[str], DeploymentClient],
    *,
    workers: int = MAX_SCAN_WORKERS,
) -> list[NodeScan]:
    """Scan every planned node in parallel; return the results in plan order."""

    def scan(host: HostPlan) -> NodeScan:
        return scan_node(host, client_for(str(host.management_ip)))

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(plan.hosts)))) as pool:
        # Each worker runs in a copy of the caller's context, so API log lines
        # and the traffic record name the step that scans.
        futures = [pool.submit(contextvars.copy_context().run, scan, host) for host in plan.hosts]
        return [future.result() for future in futures]


def node_problems(plan: PlanModel, node: NodeScan) -> list[str]:
    """Return why a scanned node cannot be deployed as planned (empty when it can)."""
    host = node.host
    if node.scan is None:
        return [
            t(
                "stages.discovery.no_answer",
                host=host.hostname,
                ip=str(host.management_ip),
                reason=node.error or "",
            )
        ]
    problems: list[str] = []
    planned_nics = {*plan.networks.management.nics, *plan.networks.storage.nics}
    for nic in sorted(planned_nics):
        if node.scan.iface(nic) is None:
            found = ", ".join(iface.name for iface in node.scan.ifaces)
            problems.append(
                t("stages.discovery.missing_nic", host=host.hostname, nic=nic, found=found)
            )
    layout = assign_disk_roles(host.hostname, node.scan.disks, plan.cluster.storage_architecture)
    problems.extend(layout.problems)
    return problems
