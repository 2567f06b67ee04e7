"""Stage 05: connect the SMTX OS cluster to CloudTower and wait until it is ``CONNECTED``.

CloudTower connects through the cluster VIP with the cluster administrator's
credentials. The connection starts ``INITIALIZING`` and becomes
``CONNECTED`` once CloudTower has loaded hosts, VMs and networks.
"""

from __future__ import annotations

import logging

from cxvoyager.clients.cloudtower import CloudTowerClient
from cxvoyager.clients.models.tower import TowerCluster
from cxvoyager.clients.waiting import wait_until
from cxvoyager.clock import Clock
from cxvoyager.errors import ResponseError
from cxvoyager.i18n import t
from cxvoyager.plan.model import PlanModel

logger = logging.getLogger(__name__)

CONNECTED = "CONNECTED"
CONNECT_TIMEOUT = 1800.0  # seconds; a large cluster takes several minutes to load
FAILED_STATES = ("DISCONNECTED", "REMOVING")


def find_cluster(cloudtower: CloudTowerClient, plan: PlanModel) -> TowerCluster | None:
    """Return the planned cluster as CloudTower lists it (by VIP or name), or None.

    Raises:
        ApiError: the call failed.
    """
    by_ip = cloudtower.list_clusters({"ip": str(plan.cluster.vip)})
    if by_ip:
        return by_ip[0]
    by_name = cloudtower.list_clusters({"name": plan.cluster.name})
    return by_name[0] if by_name else None


def connect_cluster(
    cloudtower: CloudTowerClient, plan: PlanModel, *, datacenter_id: str
) -> TowerCluster:
    """Ask CloudTower to connect the planned cluster and wait for the connect task.

    Raises:
        ApiError: the call failed.
        TaskFailedError: the connect task failed (for example, wrong credentials).
    """
    cluster, task_id = cloudtower.connect_cluster(
        ip=str(plan.cluster.vip),
        username=plan.cluster.admin_user,
        password=plan.cluster.admin_password.get_secret_value(),
        datacenter_id=datacenter_id,
    )
    if task_id:
        cloudtower.wait_for_task(task_id, what=t("stages.attach.what", name=plan.cluster.name))
    return cluster


def wait_until_connected(
    cloudtower: CloudTowerClient, cluster_id: str, *, clock: Clock, timeout: float = CONNECT_TIMEOUT
) -> TowerCluster:
    """Wait until the cluster's ``connect_state`` is ``CONNECTED`` and return it.

    Raises:
        TaskFailedError: the cluster ended ``DISCONNECTED`` or is being removed.
        WaitTimeoutError: it was not connected in time.
    """

    def current() -> TowerCluster:
        found = cloudtower.list_clusters({"id": cluster_id})
        if not found:
            message = t(
                "stages.response.not_found", service="cloudtower", kind="cluster", name=cluster_id
            )
            raise ResponseError(message, service="cloudtower")
        return found[0]

    return wait_until(
        current,
        is_done=lambda cluster: cluster.connect_state == CONNECTED,
        is_failed=lambda cluster: (
            cluster.connect_state if cluster.connect_state in FAILED_STATES else None
        ),
        describe=lambda cluster: cluster.connect_state,
        what=t("stages.attach.what", name=cluster_id),
        clock=clock,
        timeout=timeout,
        interval=5.0,
    )
