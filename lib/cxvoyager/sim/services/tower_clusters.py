"""CloudTower REST: connect the cluster, list clusters, hosts, tasks and alerts."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import alert_rules, mirror, network_settings
from cxvoyager.sim.tower.alerts import alert_views
from cxvoyager.sim.tower.clusters import connect_cluster
from cxvoyager.sim.tower.errors import TowerError
from cxvoyager.sim.tower.rest import operation
from cxvoyager.sim.tower.schema import (
    ANY_OBJECT,
    BOOL,
    INT,
    LIST_QUERY,
    NUM,
    STR,
    Enum,
    ListOf,
    Nullable,
    Obj,
)
from cxvoyager.sim.tower.settings import cluster_settings_views
from cxvoyager.sim.tower.tasks import all_task_views
from cxvoyager.sim.tower.where import matches, query

blueprint = Blueprint("sim_tower_clusters", __name__)

CONNECT_CLUSTER = ListOf(
    Obj(
        {"ip": STR, "username": STR, "password": STR},
        optional={
            "datacenter_id": Nullable(STR),
            "primary_zone_datacenter_id": Nullable(STR),
            "secondary_zone_datacenter_id": Nullable(STR),
        },
    ),
    min_items=1,
)
CONNECTION_QUERY = Obj(optional={"where": LIST_QUERY.optional["where"]})


def _cluster_views(ctx: SimContext) -> list[dict[str, Any]]:
    return [mirror.cluster_view(ctx, record) for record in mirror.connected_clusters(ctx)]


def _count(items: list[dict[str, Any]], body: dict[str, Any]) -> dict[str, Any]:
    return {"aggregate": {"count": sum(matches(item, body.get("where")) for item in items)}}


@operation(blueprint, "connect-cluster", body=CONNECT_CLUSTER, body_required=True)
def connect(ctx: SimContext, _user: Any, body: list[dict[str, Any]]) -> Any:
    """Start connecting clusters; each response carries the connect task."""
    results = []
    for params in body:
        record, task = connect_cluster(
            ctx,
            ip=params["ip"],
            username=params["username"],
            password=params["password"],
            datacenter_id=params.get("datacenter_id"),
        )
        results.append({"task_id": task["id"], "data": mirror.cluster_view(ctx, record)})
    return results


@operation(blueprint, "get-clusters", body=LIST_QUERY)
def get_clusters(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List connected and connecting clusters."""
    return query(_cluster_views(ctx), body)


@operation(blueprint, "get-clusters-connection", body=CONNECTION_QUERY)
def get_clusters_connection(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """Count clusters matching ``where``."""
    return _count(_cluster_views(ctx), body)


@operation(blueprint, "get-hosts", body=LIST_QUERY)
def get_hosts(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List the hosts of connected clusters."""
    return query(mirror.host_views(ctx), body)


@operation(blueprint, "get-hosts-connection", body=CONNECTION_QUERY)
def get_hosts_connection(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """Count hosts matching ``where``."""
    return _count(mirror.host_views(ctx), body)


@operation(blueprint, "get-disks", body=LIST_QUERY)
def get_disks(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List the physical disks of the connected cluster's hosts."""
    return query(mirror.disk_views(ctx), body)


@operation(blueprint, "get-tasks", body=LIST_QUERY)
def get_tasks(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List tasks, newest first."""
    return query(all_task_views(ctx), body)


@operation(blueprint, "get-tasks-connection", body=CONNECTION_QUERY)
def get_tasks_connection(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """Count tasks matching ``where``."""
    return _count(all_task_views(ctx), body)


@operation(blueprint, "get-alerts", body=LIST_QUERY)
def get_alerts(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List alerts of the connected cluster (raised and resolved)."""
    return query(alert_views(ctx), body)


@operation(blueprint, "get-alerts-connection", body=CONNECTION_QUERY)
def get_alerts_connection(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """Count alerts matching ``where``."""
    return _count(alert_views(ctx), body)


@operation(blueprint, "get-cluster-settingses", body=LIST_QUERY)
def get_cluster_settingses(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List the per-cluster settings objects (HA and default storage policy)."""
    return query(cluster_settings_views(ctx), body)


NETWORK_SETTING = Obj(
    {
        "where": ANY_OBJECT,
        "data": Obj(
            optional={
                "dns": ListOf(STR),
                "ntp_mode": Enum("EXTERNAL", "INTERNAL"),
                "ntp_servers": ListOf(STR),
                "management_vip": STR,
                "iscsi_vip": STR,
                "mgt_gateway": STR,
                "mgt_netmask": STR,
                "mgt_ip_mapper": ListOf(ANY_OBJECT),
            }
        ),
    }
)
RULE_THRESHOLD = Obj(
    {"severity": Enum("CRITICAL", "INFO", "NOTICE")}, optional={"value": NUM, "quantile": INT}
)
UPDATE_RULE = Obj(
    {
        "where": ANY_OBJECT,
        "data": Obj(optional={"thresholds": ListOf(RULE_THRESHOLD), "disabled": BOOL}),
    }
)


@operation(blueprint, "update-cluster-network-setting", body=NETWORK_SETTING, body_required=True)
def update_cluster_network_setting(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """Change the DNS and NTP servers of connected clusters."""
    return network_settings.update(ctx, body["where"], body["data"])


@operation(blueprint, "get-global-alert-rules", body=LIST_QUERY)
def get_global_alert_rules(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List the global alert rules."""
    return query(alert_rules.rest_rule_views(ctx), body)


@operation(blueprint, "update-global-alert-rule", body=UPDATE_RULE, body_required=True)
def update_global_alert_rule(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """Change the thresholds of the global rules matching ``where``."""
    chosen = [rule for rule in alert_rules.rest_rule_views(ctx) if matches(rule, body["where"])]
    if not chosen:
        raise TowerError(404, "sim.tower.not_found", kind="GlobalAlertRule", where=body["where"])
    for rule in chosen:
        alert_rules.update_global_rule(ctx, rule["id"], body["data"])
    changed = {rule["id"] for rule in chosen}
    return [
        {"task_id": None, "data": rule}
        for rule in alert_rules.rest_rule_views(ctx)
        if rule["id"] in changed
    ]
