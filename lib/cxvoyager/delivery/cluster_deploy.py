"""Stage 02 deployment: start it through one node, follow its phases, verify the result.

The first planned node receives the payload and runs the deployment; its
``deploy_status`` reports the phase (``stage_info``) and step count while
``state`` is ``running``. A ``failed`` state or an ``error`` member fails
the wait with the node's message; any other state ends it, and
``deploy_verify`` then decides the outcome.
"""

from __future__ import annotations

import logging
from typing import Any

from cxvoyager.clients.deployment import DeploymentClient
from cxvoyager.clients.models.deployment import DeployStatus
from cxvoyager.clients.progress import ProgressReporter
from cxvoyager.clients.waiting import wait_until
from cxvoyager.clock import Clock
from cxvoyager.errors import ApiError
from cxvoyager.i18n import t

logger = logging.getLogger(__name__)

DEPLOY_TIMEOUT = 3 * 3600.0  # seconds; a 16-node deployment takes about an hour
DEPLOY_POLL_INTERVAL = 10.0  # seconds between status polls, as the vendor tool polls


def is_running(client: DeploymentClient) -> bool:
    """Tell whether the node runs a deployment now.

    A node that never started one may respond with an error, which counts as not running.
    """
    try:
        status = client.get_deploy_status()
    except ApiError:
        return False
    return status.state == "running" and not status.error


def start_deployment(client: DeploymentClient, payload: dict[str, Any]) -> dict[str, Any]:
    """Send the payload to the deploying node and return its response.

    Raises:
        ApiError: the node rejected the payload.
    """
    logger.info(
        "starting deployment of %s on %s (%d hosts)",
        payload["cluster_name"],
        client.node_ip,
        len(payload["hosts"]),
    )
    return client.create_cluster(payload)


def wait_for_deployment(
    client: DeploymentClient,
    *,
    clock: Clock,
    progress: ProgressReporter | None = None,
    timeout: float = DEPLOY_TIMEOUT,
) -> DeployStatus:
    """Wait while the deployment runs; return its last status.

    Raises:
        TaskFailedError: the status carries an error.
        WaitTimeoutError: it still ran after ``timeout`` seconds.
    """
    return wait_until(
        client.get_deploy_status,
        is_done=lambda status: status.state != "running" and status.failure() is None,
        is_failed=DeployStatus.failure,
        describe=DeployStatus.describe,
        what=t("stages.deploy.what", ip=client.node_ip),
        clock=clock,
        timeout=timeout,
        interval=DEPLOY_POLL_INTERVAL,
        max_interval=DEPLOY_POLL_INTERVAL,
        progress=progress,
    )
