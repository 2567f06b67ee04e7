"""Stage 03: configure the new cluster through Fisheye, changing only what differs from the plan.

Each function reads the current setting, applies the planned one when they
differ, reads it back and returns a ``Change`` that records what happened, so
a rerun on a configured cluster changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cxvoyager.clients.fisheye import FisheyeClient
from cxvoyager.clients.models.fisheye import FisheyeSession
from cxvoyager.errors import StatusError
from cxvoyager.plan.model import PlanModel

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """The outcome of a configuration step: what it found and what it left.

    Attributes:
        changed: whether the step changed anything.
        before: the value found.
        after: the value read back at the end.
    """

    changed: bool
    before: Any
    after: Any


def try_login(client: FisheyeClient, plan: PlanModel) -> FisheyeSession | None:
    """Log in with the plan's administrator; return None when the password is rejected.

    Raises:
        ApiError: the API failed other than by rejecting the login.
    """
    try:
        return client.create_session(
            username=plan.cluster.admin_user,
            password=plan.cluster.admin_password.get_secret_value(),
        )
    except StatusError as exc:
        if exc.status in (400, 401, 403):
            return None
        raise


def ensure_root_account(client: FisheyeClient, plan: PlanModel) -> Change:
    """Set up the ``root`` account with the planned password unless the login already works.

    Raises:
        ApiError: the setup call failed.
    """
    if try_login(client, plan) is not None:
        return Change(False, "ready", "ready")
    client.setup_root(plan.cluster.admin_password.get_secret_value())
    return Change(True, "not set up", "ready")


def ensure_vip(client: FisheyeClient, vip: str) -> Change:
    """Set the management VIP unless it is set already.

    Raises:
        ApiError: a call failed.
    """
    before = client.get_vip().get("management_vip")
    if before != vip:
        client.update_vip(vip)
    return Change(before != vip, before, client.get_vip().get("management_vip"))


def ensure_dns(client: FisheyeClient, servers: list[str]) -> Change:
    """Set the DNS servers unless they already are the planned ones, in order.

    Raises:
        ApiError, TaskFailedError, WaitTimeoutError: the change failed.
    """
    before = client.get_dns()
    if before != servers:
        client.update_dns(servers)
    return Change(before != servers, before, client.get_dns())


def ensure_ntp(client: FisheyeClient, servers: list[str]) -> Change:
    """Point the cluster at the planned external NTP servers unless it already is.

    Raises:
        ApiError, TaskFailedError, WaitTimeoutError: the change failed.
    """
    before = client.get_ntp()
    wanted = {"ntp_mode": "external", "ntp_servers": servers}
    current = {
        "ntp_mode": str(before.get("ntp_mode", "")).lower(),
        "ntp_servers": list(before.get("ntp_servers") or []),
    }
    if current != wanted:
        client.update_ntp(servers)
    return Change(current != wanted, before, client.get_ntp())


def ipmi_accounts(plan: PlanModel, host_uuids: Mapping[str, str]) -> list[dict[str, str]]:
    """Return the BMC accounts of every planned host that has BMC columns filled."""
    accounts = []
    for host in plan.hosts:
        if host.bmc_ip is None or host.bmc_user is None or host.bmc_password is None:
            continue
        accounts.append(
            {
                "node_uuid": host_uuids[str(host.management_ip)],
                "node_name": host.hostname,
                "host": str(host.bmc_ip),
                "user": host.bmc_user,
                "password": host.bmc_password.get_secret_value(),
            }
        )
    return accounts


def ensure_cpu_compatibility(client: FisheyeClient) -> Change:
    """Make the first recommended CPU model the cluster's CPU compatibility model.

    Raises:
        ApiError: a call failed.
        ValueError: the cluster recommends no CPU model.
    """
    recommended = client.list_recommended_cpu_models()
    if not recommended:
        raise ValueError("the cluster recommends no CPU model")
    before = client.get_cpu_compatibility()
    if before != recommended[0]:
        client.update_cpu_compatibility(recommended[0])
    return Change(before != recommended[0], before, client.get_cpu_compatibility())
