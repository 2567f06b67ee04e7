"""Stage 06: CloudTower's own settings from the plan, each read back after it is applied.

NTP goes through GraphQL (REST can only read it). CloudTower offers no API
for its DNS servers: the step reports them as a manual task. Storage
defaults and the capacity alert threshold follow the vendor's delivery
rules; users and the rack topology come from the plan when it has them.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Any

from cxvoyager.clients.cloudtower import CloudTowerClient
from cxvoyager.clients.models.tower import ClusterAlertRule, GlobalAlertRule, Threshold, User
from cxvoyager.clients.tower_graphql import TowerGraphQL, split_servers
from cxvoyager.delivery.cluster_config import Change
from cxvoyager.plan.model import PlanModel

logger = logging.getLogger(__name__)

CAPACITY_RULE = "zbs_cluster_data_space_use_rate"
DEFAULT_CRITICAL = 90.0  # percent; CloudTower's default CRITICAL level of the capacity rule
STORAGE_DEFAULTS = {
    "default_storage_policy": "REPLICA_2_THIN_PROVISION",
    "default_storage_policy_replica_num": 2,
    "default_storage_policy_ec_k": None,
    "default_storage_policy_ec_m": None,
    "default_storage_policy_thin_provision": True,
}


def ensure_ntp(cloudtower: CloudTowerClient, graphql: TowerGraphQL, servers: list[str]) -> Change:
    """Set CloudTower's own NTP servers unless they already are the planned ones.

    Raises:
        ApiError: a call failed.
    """
    before = split_servers(cloudtower.get_ntp_service_url())
    if before != servers:
        graphql.update_ntp_servers(servers)
    return Change(before != servers, before, split_servers(cloudtower.get_ntp_service_url()))


def capacity_notice_threshold(nodes: int) -> int:
    """Return the NOTICE level (percent) of the capacity alert for ``nodes`` nodes.

    The level leaves room to rebuild one node's data elsewhere: the share of
    capacity that survives losing a node, (n-1)/n, less 5 points, rounded
    down (61 for three nodes).
    """
    return math.floor((nodes - 1) / nodes * 100 - 5)


def capacity_rule(graphql: TowerGraphQL) -> GlobalAlertRule | None:
    """Return the global capacity alert rule, or None when CloudTower has none.

    Raises:
        ApiError: the call failed.
    """
    rules = graphql.list_global_alert_rules({"name": CAPACITY_RULE})
    return next((rule for rule in rules if rule.name == CAPACITY_RULE), None)


def cluster_notice(rule: GlobalAlertRule, cluster_id: str) -> float | None:
    """Return the NOTICE level the rule applies to the cluster, or None without a copy for it."""
    for copy in rule.alert_rules:
        if copy.cluster is not None and copy.cluster.id == cluster_id:
            return next((item.value for item in copy.thresholds if item.severity == "NOTICE"), None)
    return None


def ensure_capacity_alert(graphql: TowerGraphQL, *, cluster_id: str, nodes: int) -> Change:
    """Set the cluster's capacity NOTICE level to ``capacity_notice_threshold(nodes)``.

    Raises:
        ApiError: a call failed.
        LookupError: CloudTower has no capacity rule, or no copy of it for the cluster.
    """
    rule = capacity_rule(graphql)
    if rule is None:
        raise LookupError(CAPACITY_RULE)
    wanted = float(capacity_notice_threshold(nodes))
    before = cluster_notice(rule, cluster_id)
    if before == wanted:
        return Change(False, before, before)
    copy = next(
        (item for item in rule.alert_rules if item.cluster and item.cluster.id == cluster_id), None
    )
    if copy is None:
        raise LookupError(f"{CAPACITY_RULE} @ {cluster_id}")

    data = _capacity_update(rule, copy, notice=wanted)
    updated = graphql.update_global_alert_rule(rule.id, data)
    return Change(True, before, cluster_notice(updated, cluster_id))


def _capacity_update(
    rule: GlobalAlertRule, copy: ClusterAlertRule, *, notice: float
) -> dict[str, Any]:
    """Return the update that keeps the global levels and sets the cluster copy's NOTICE level."""
    critical = next((item.value for item in copy.thresholds if item.severity == "CRITICAL"), None)
    levels = [
        {"value": critical or DEFAULT_CRITICAL, "severity": "CRITICAL", "quantile": 0},
        {"value": notice, "severity": "NOTICE", "quantile": 0},
    ]
    change = {"customized": True, "disabled": False, "thresholds": levels}
    return {
        "thresholds": [_threshold(item) for item in rule.thresholds if item.value is not None],
        "alert_rules": {"update": [{"where": {"id": copy.id}, "data": change}]},
        "disabled": False,
    }


def _threshold(item: Threshold) -> dict[str, object]:
    return {"value": item.value, "severity": item.severity, "quantile": 0}


@dataclass(frozen=True)
class PlannedUser:
    """A CloudTower account the plan lists (集群管理信息 row 3, columns J:K)."""

    username: str
    password: str
    role: str = "ADMIN"


def planned_users(plan: PlanModel) -> list[PlannedUser]:
    """Return the CloudTower accounts the plan lists besides ``root`` (none in the template)."""
    tower = plan.cloudtower
    if tower is None or not tower.system_user or tower.system_password is None:
        return []
    if tower.system_user == "root":
        return []
    return [PlannedUser(tower.system_user, tower.system_password.get_secret_value())]


def ensure_user(cloudtower: CloudTowerClient, user: PlannedUser) -> tuple[User, bool]:
    """Return the planned user, creating it with its role when missing.

    Raises:
        ApiError: a call failed.
        LookupError: CloudTower has no role of that name.
    """
    found = cloudtower.list_users({"username": user.username})
    if found:
        return found[0], False
    roles = cloudtower.list_roles()
    role = next((item for item in roles if user.role in (item.preset, item.name)), None)
    if role is None:
        raise LookupError(user.role)
    return cloudtower.create_user(
        username=user.username, password=user.password, role_id=role.id
    ), True


def apply_storage_defaults(graphql: TowerGraphQL, settings_id: str) -> dict[str, object]:
    """Make new VM volumes default to two replicas with thin provisioning; return the settings.

    The update is applied every time: it is idempotent, and reading the
    settings first would cost the same call.

    Raises:
        ApiError: the call failed.
    """
    return graphql.update_cluster_settings(settings_id, dict(STORAGE_DEFAULTS))
