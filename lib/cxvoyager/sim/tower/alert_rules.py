"""CloudTower's global alert rules and their per-cluster copies.

A global rule exists from the first boot; each connected cluster gets its own
alert rule under it (``alert_rules[]``), which a client customizes with
``updateGlobalAlertRule``. NOTE: only ``zbs_cluster_data_space_use_rate``
and its defaults (NOTICE 80, CRITICAL 90) come from a captured CloudTower,
which listed 94 rules. The other rules are plausible stand-ins. Names with
the ``elf_``, ``scvm_``, ``witness_`` and ``system.`` prefixes are included
because clients filter them out.
"""

from __future__ import annotations

from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import store
from cxvoyager.sim.tower.errors import TowerError
from cxvoyager.sim.tower.ids import mirrored_cuid, tower

# name, object, unit, default thresholds {severity: value}, English and Chinese message.
_RULES: tuple[tuple[str, str, str, dict[str, float], str, str], ...] = (
    (
        "zbs_cluster_data_space_use_rate",
        "CLUSTER",
        "PERCENT",
        {"NOTICE": 80, "CRITICAL": 90},
        "Cluster storage space usage exceeds { .threshold }.",
        "集群存储空间使用率超过 { .threshold }。 ",
    ),
    (
        "cluster_cpu_usage_percent",
        "CLUSTER",
        "PERCENT",
        {"NOTICE": 80, "CRITICAL": 90},
        "Cluster CPU usage exceeds { .threshold }.",
        "集群 CPU 使用率超过 { .threshold }。",
    ),
    (
        "cluster_memory_usage_percent",
        "CLUSTER",
        "PERCENT",
        {"NOTICE": 80, "CRITICAL": 90},
        "Cluster memory usage exceeds { .threshold }.",
        "集群内存使用率超过 { .threshold }。",
    ),
    (
        "zbs_cluster_pending_recover_data_bytes",
        "CLUSTER",
        "BYTE",
        {"NOTICE": 1},
        "Data is waiting for recovery.",
        "存在待恢复数据。",
    ),
    (
        "zbs_chunk_not_in_zookeeper",
        "STORAGE_CHUNK",
        "UNIT_UNSPECIFIED",
        {"CRITICAL": 1},
        "A storage service is not registered.",
        "存储服务未注册。",
    ),
    (
        "host_cpu_usage_percent",
        "PHYSICAL_HOST",
        "PERCENT",
        {"NOTICE": 80, "CRITICAL": 95},
        "Host CPU usage exceeds { .threshold }.",
        "主机 CPU 使用率超过 { .threshold }。",
    ),
    (
        "host_memory_usage_percent",
        "PHYSICAL_HOST",
        "PERCENT",
        {"NOTICE": 80, "CRITICAL": 95},
        "Host memory usage exceeds { .threshold }.",
        "主机内存使用率超过 { .threshold }。",
    ),
    (
        "host_is_offline",
        "PHYSICAL_HOST",
        "UNIT_UNSPECIFIED",
        {"CRITICAL": 1},
        "The host is offline.",
        "主机离线。",
    ),
    (
        "host_time_diff_with_ntp_leader_seconds",
        "PHYSICAL_HOST",
        "SECOND",
        {"NOTICE": 5, "CRITICAL": 10},
        "Host time differs from the NTP leader by more than { .threshold }.",
        "主机与 NTP 主节点的时间差超过 { .threshold }。",
    ),
    (
        "host_disk_is_healthy",
        "DISK",
        "UNIT_UNSPECIFIED",
        {"CRITICAL": 1},
        "A physical disk is unhealthy.",
        "物理盘不健康。",
    ),
    (
        "host_disk_remaining_life_percent",
        "DISK",
        "PERCENT",
        {"NOTICE": 20, "CRITICAL": 10},
        "SSD remaining life is below { .threshold }.",
        "SSD 剩余寿命低于 { .threshold }。",
    ),
    (
        "host_network_interface_is_down",
        "NETWORK",
        "UNIT_UNSPECIFIED",
        {"CRITICAL": 1},
        "A network interface is down.",
        "网口断开。",
    ),
    (
        "host_bond_slave_is_down",
        "NETWORK",
        "UNIT_UNSPECIFIED",
        {"NOTICE": 1},
        "A bonded network interface is down.",
        "绑定网口成员断开。",
    ),
    (
        "ntp_server_is_unreachable",
        "NTP_SERVER",
        "UNIT_UNSPECIFIED",
        {"NOTICE": 1},
        "The external NTP server cannot be reached.",
        "无法访问外部 NTP 服务器。",
    ),
    (
        "vm_cpu_usage_percent",
        "VM",
        "PERCENT",
        {"NOTICE": 90},
        "VM CPU usage exceeds { .threshold }.",
        "虚拟机 CPU 使用率超过 { .threshold }。",
    ),
    (
        "vm_memory_usage_percent",
        "VM",
        "PERCENT",
        {"NOTICE": 90},
        "VM memory usage exceeds { .threshold }.",
        "虚拟机内存使用率超过 { .threshold }。",
    ),
    (
        "vm_ha_restart_happened",
        "VM",
        "UNIT_UNSPECIFIED",
        {"NOTICE": 1},
        "The VM was restarted by HA.",
        "虚拟机已被 HA 重启。",
    ),
    (
        "elf_vm_tools_not_running",
        "VM",
        "UNIT_UNSPECIFIED",
        {"INFO": 1},
        "VMTools is not running.",
        "VMTools 未运行。",
    ),
    (
        "scvm_memory_usage_percent",
        "SCVM",
        "PERCENT",
        {"NOTICE": 90},
        "SCVM memory usage exceeds { .threshold }.",
        "SCVM 内存使用率超过 { .threshold }。",
    ),
    (
        "witness_is_unreachable",
        "WITNESS",
        "UNIT_UNSPECIFIED",
        {"CRITICAL": 1},
        "The witness cannot be reached.",
        "无法访问仲裁节点。",
    ),
    (
        "metro_zone_is_unreachable",
        "ZBS_ZONE",
        "UNIT_UNSPECIFIED",
        {"CRITICAL": 1},
        "A stretched-cluster zone cannot be reached.",
        "无法访问双活可用域。",
    ),
    (
        "system.cloudtower_disk_usage_percent",
        "SYSTEM_SERVICE",
        "PERCENT",
        {"NOTICE": 80},
        "CloudTower disk usage exceeds { .threshold }.",
        "CloudTower 磁盘使用率超过 { .threshold }。",
    ),
    (
        "sks_cluster_node_not_ready",
        "SKS_CLUSTER_NODE",
        "UNIT_UNSPECIFIED",
        {"CRITICAL": 1},
        "A workload cluster node is not ready.",
        "工作负载集群节点未就绪。",
    ),
)


def _rule_overrides(ctx: SimContext) -> dict[str, dict[str, Any]]:
    overrides: dict[str, dict[str, Any]] = tower(ctx.state).setdefault("alert_rule_overrides", {})
    return overrides


def _thresholds(values: dict[str, float], *, with_value: bool = True) -> list[dict[str, Any]]:
    return [
        {
            "severity": severity,
            "value": value if with_value else None,
            "quantile": 0,
            "__typename": "Thresholds",
        }
        for severity, value in sorted(values.items())
    ]


def _cluster_rules(
    ctx: SimContext, global_id: str, defaults: dict[str, float]
) -> list[dict[str, Any]]:
    rules = []
    for record in store.collection(ctx, "clusters").values():
        if record["connect_state"] != "CONNECTED":
            continue
        rule_id = mirrored_cuid(ctx, "alert-rule", f"{global_id}/{record['id']}")
        override = _rule_overrides(ctx).get(rule_id, {})
        rules.append(
            {
                "id": rule_id,
                "local_id": rule_id,
                "customized": override.get("customized", False),
                "disabled": override.get("disabled", False),
                "thresholds": override.get("thresholds", _thresholds(defaults)),
                "cluster": {"id": record["id"], "name": record["name"], "__typename": "Cluster"},
                "global_alert_rule": {"id": global_id},
                "__typename": "AlertRule",
            }
        )
    return rules


def global_rule_views(ctx: SimContext, *, lang: str = "en") -> list[dict[str, Any]]:
    """Return every ``GlobalAlertRule`` with its per-cluster ``alert_rules``."""
    views = []
    for name, obj, unit, defaults, message_en, message_zh in _RULES:
        rule_id = mirrored_cuid(ctx, "global-alert-rule", name)
        override = _rule_overrides(ctx).get(rule_id, {})
        views.append(
            {
                "id": rule_id,
                "name": name,
                "object": obj,
                "unit": unit,
                "operator": "GT",
                "boolean": unit == "UNIT_UNSPECIFIED",
                "disabled": override.get("disabled", False),
                "message": message_zh if lang == "zh-CN" else message_en,
                "cause": "",
                "impact": "",
                "solution": "",
                "default_thresholds": _thresholds(defaults),
                "thresholds": override.get("thresholds", _thresholds(defaults)),
                "alert_rules": _cluster_rules(ctx, rule_id, defaults),
                "__typename": "GlobalAlertRule",
            }
        )
    return views


def update_global_rule(ctx: SimContext, rule_id: str, data: dict[str, Any]) -> None:
    """Apply ``updateGlobalAlertRule`` data to a global rule and its cluster rules.

    Raises:
        TowerError: 404 for an unknown global or per-cluster rule id.
    """
    rule = next((view for view in global_rule_views(ctx) if view["id"] == rule_id), None)
    if rule is None:
        raise TowerError(404, "sim.tower.not_found", kind="GlobalAlertRule", where=rule_id)
    overrides = _rule_overrides(ctx)
    entry = overrides.setdefault(rule_id, {})
    if "thresholds" in data:
        entry["thresholds"] = _clean_thresholds(data["thresholds"])
    if "disabled" in data:
        entry["disabled"] = bool(data["disabled"])
    known = {item["id"] for item in rule["alert_rules"]}
    for change in (data.get("alert_rules") or {}).get("update", []):
        target = change["where"]["id"]
        if target not in known:
            raise TowerError(404, "sim.tower.not_found", kind="AlertRule", where=target)
        cluster_entry = overrides.setdefault(target, {})
        for key in ("customized", "disabled"):
            if key in change["data"]:
                cluster_entry[key] = bool(change["data"][key])
        if "thresholds" in change["data"]:
            cluster_entry["thresholds"] = _clean_thresholds(change["data"]["thresholds"])


def _clean_thresholds(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "severity": item["severity"],
            "value": item.get("value"),
            "quantile": item.get("quantile", 0),
            "__typename": "Thresholds",
        }
        for item in items
    ]


def _without_typename(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_typename(v) for k, v in value.items() if k != "__typename"}
    if isinstance(value, list):
        return [_without_typename(item) for item in value]
    return value


def rest_rule_views(ctx: SimContext) -> list[dict[str, Any]]:
    """Return the global rules as the REST ``GlobalAlertRule`` schema has them."""
    views = []
    for view in global_rule_views(ctx):
        rest = _without_typename(view)
        rest["alert_rules"] = [{"id": rule["id"]} for rule in view["alert_rules"]]
        views.append(rest)
    return views
