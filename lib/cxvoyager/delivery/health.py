"""Stage 07 health checks: each function turns what the APIs report into a list of problems.

An empty list means healthy. Problems name the object (host, disk,
service, alert) and the value found, so the failed step shows what to fix.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cxvoyager.clients.models.deployment import ScannedHost
from cxvoyager.clients.models.fisheye import ClusterSummary
from cxvoyager.clients.models.tower import Alert, TowerCluster, TowerDisk, TowerHost
from cxvoyager.delivery.payload import assign_disk_roles
from cxvoyager.i18n import t
from cxvoyager.plan.model import PlanModel

CONNECTED = ("CONNECTED_HEALTHY", "CONNECTED_WARNING")
BLOCKING_SEVERITIES = ("CRITICAL", "ERROR")
MAX_TIME_OFFSET = 0.5  # seconds a host clock may differ from its NTP source
MAX_CAPACITY_USE = 0.8  # share of capacity in use above which the cluster needs attention
SYSTEM_TIME = re.compile(r"System time\s*:\s*([0-9.]+) seconds (fast|slow)")
LEAP_STATUS = re.compile(r"Leap status\s*:\s*(.+)")


def host_problems(hosts: Iterable[TowerHost], plan: PlanModel) -> list[str]:
    """Return each planned host that is missing, not connected, or in maintenance mode."""
    found = {host.management_ip: host for host in hosts}
    problems = []
    for planned in plan.hosts:
        host = found.get(str(planned.management_ip))
        if host is None:
            problems.append(t("stages.health.host_missing", host=planned.hostname))
        elif host.status not in CONNECTED:
            problems.append(t("stages.health.host_status", host=host.name, status=host.status))
        elif host.in_maintenance:
            problems.append(t("stages.health.host_maintenance", host=host.name))
    return problems


def disk_problems(
    disks: Iterable[TowerDisk], plan: PlanModel, scans: Mapping[str, ScannedHost]
) -> list[str]:
    """Return unhealthy or offline disks, and hosts whose cache/data disk counts are wrong."""
    disks = list(disks)
    problems = [
        t(
            "stages.health.disk",
            host=disk.host.name if disk.host else "?",
            disk=disk.path or disk.name,
            status=disk.health_status or ("offline" if disk.offline else "unhealthy"),
        )
        for disk in disks
        if not disk.healthy or disk.offline or disk.health_status not in (None, "HEALTHY")
    ]
    for planned in plan.hosts:
        scan = scans.get(str(planned.management_ip))
        if scan is None:
            continue
        layout = assign_disk_roles(planned.hostname, scan.disks, plan.cluster.storage_architecture)
        expected = Counter(entry["function"] for entry in layout.disks)
        actual = Counter(
            _role(disk) for disk in disks if disk.host and disk.host.name == planned.hostname
        )
        actual.pop("boot", None)
        if actual != expected:
            problems.append(
                t(
                    "stages.health.disk_roles",
                    host=planned.hostname,
                    expected=dict(expected),
                    found=dict(actual),
                )
            )
    return problems


def _role(disk: TowerDisk) -> str:
    usage = (disk.usage or disk.function or "").upper()
    if usage.startswith("CACHE"):
        return "cache"
    if usage.startswith("DATA"):
        return "data"
    return usage.lower() or "unknown"


def service_problems(summary: ClusterSummary) -> list[str]:
    """Return each cluster service that does not run on every host."""
    return [
        t(
            "stages.health.service",
            name=service.name,
            status=service.status,
            running=service.running_hosts,
            total=service.total_hosts,
        )
        for service in summary.services
        if service.status != "running" or service.running_hosts != service.total_hosts
    ]


def storage_problems(cluster: TowerCluster, summary: ClusterSummary) -> list[str]:
    """Return capacity and replication problems (no capacity, too full, replicas not healthy)."""
    problems = []
    storage = summary.storage
    total = cluster.total_data_capacity or storage.total_data_capacity
    used = (
        cluster.used_data_space if cluster.used_data_space is not None else storage.used_data_space
    )
    if not total:
        problems.append(t("stages.health.no_capacity"))
    elif used / total > MAX_CAPACITY_USE:
        problems.append(
            t(
                "stages.health.capacity",
                used=round(100 * used / total, 1),
                limit=int(100 * MAX_CAPACITY_USE),
            )
        )
    if not storage.replicas_healthy or storage.recovering_bytes:
        problems.append(t("stages.health.replicas", recovering=storage.recovering_bytes))
    if cluster.failure_data_space:
        problems.append(t("stages.health.failure_space", bytes=cluster.failure_data_space))
    return problems


@dataclass(frozen=True)
class TimeSync:
    """A host's clock as ``chronyc tracking`` reports it."""

    offset: float | None
    leap_status: str

    @property
    def synchronized(self) -> bool:
        """Tell whether chrony follows a source with a known offset."""
        return self.offset is not None and self.leap_status == "Normal"


def parse_tracking(text: str) -> TimeSync:
    """Parse ``chronyc tracking`` output: offset in seconds (positive = fast) and leap status."""
    leap = LEAP_STATUS.search(text)
    system = SYSTEM_TIME.search(text)
    offset = None
    if system is not None:
        offset = float(system.group(1)) * (1 if system.group(2) == "fast" else -1)
    return TimeSync(offset, leap.group(1).strip() if leap else "unknown")


def time_problems(syncs: Mapping[str, TimeSync]) -> list[str]:
    """Return hosts unsynchronized or off by over ``MAX_TIME_OFFSET`` from NTP or each other."""
    problems = []
    for host, sync in syncs.items():
        if not sync.synchronized:
            problems.append(t("stages.health.time_unsynced", host=host, status=sync.leap_status))
        elif sync.offset is not None and abs(sync.offset) > MAX_TIME_OFFSET:
            problems.append(
                t("stages.health.time_offset", host=host, offset=sync.offset, limit=MAX_TIME_OFFSET)
            )
    offsets = [sync.offset for sync in syncs.values() if sync.offset is not None]
    if offsets and max(offsets) - min(offsets) > MAX_TIME_OFFSET:
        problems.append(
            t(
                "stages.health.time_spread",
                spread=round(max(offsets) - min(offsets), 3),
                limit=MAX_TIME_OFFSET,
            )
        )
    return problems


def split_alerts(alerts: Iterable[Alert]) -> tuple[list[Alert], list[Alert]]:
    """Split open alerts into blocking (critical, error) and the rest (warnings and notices)."""
    open_alerts = [alert for alert in alerts if not alert.ended]
    blocking = [alert for alert in open_alerts if alert.severity.upper() in BLOCKING_SEVERITIES]
    return blocking, [alert for alert in open_alerts if alert not in blocking]


def describe_alert(alert: Alert) -> str:
    """Return one line naming an alert's severity, object and message."""
    where = ""
    if alert.host is not None:
        where = alert.host.name
    elif alert.cluster is not None:
        where = alert.cluster.name
    return f"[{alert.severity}] {where} {alert.message}".strip()
