"""Replica health of the simulated cluster's storage and its recovery over time.

While a host is down, the replicas it holds are missing: the cluster's
storage record reports ``replicas_healthy`` false. When the host returns, the
data written meanwhile must be copied to it: ``recovering_bytes`` starts at
that amount and falls at the recovery rate until it reaches zero, when
replicas are healthy again and the alert is resolved.
"""

from __future__ import annotations

import logging
from typing import Any

from cxvoyager.i18n import t
from cxvoyager.plan.model import StorageArchitecture
from cxvoyager.sim import records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.physics.common import cluster_hosts, storage
from cxvoyager.sim.scheduler import action

logger = logging.getLogger(__name__)

STORAGE_ALERT = "storage_recovering"
RECOVERY_TICK_SECONDS = 30.0
MIN_RECOVERY_BYTES = 1 * 2**30  # resync of metadata and open extents even after a short outage
# Data changed per second of host downtime that must be copied back (estimate).
CHANGE_RATE_BYTES = 32 * 2**20
# Recovery throughput of the whole cluster, bytes/s (estimates for 10/25 GbE storage networks).
RECOVERY_RATE_BYTES = {
    StorageArchitecture.HYBRID_TIERED: 256 * 2**20,
    StorageArchitecture.ALL_FLASH_UNTIERED: 1024 * 2**20,
}


def is_degraded(state: dict[str, Any]) -> bool:
    """Tell whether storage runs with missing replicas or recovers data now."""
    record = storage(state)
    if record is None:
        return False
    return not record["replicas_healthy"] or record["recovering_bytes"] > 0


def degrade(ctx: SimContext) -> None:
    """Mark replicas unhealthy because a host holding them went down, and raise the alert."""
    record = storage(ctx.state)
    if record is None:
        return
    record["replicas_healthy"] = False
    _raise_alert(ctx, record)


def start_recovery(ctx: SimContext, *, downtime_seconds: float, base: float, salt: object) -> None:
    """Queue the data a returning host missed for recovery and schedule the first recovery step.

    ``base`` is the virtual time the host returned.
    """
    record = storage(ctx.state)
    if record is None:
        return
    jitter = ctx.rng("recovery", salt).uniform(0.85, 1.15)
    missed = max(MIN_RECOVERY_BYTES, downtime_seconds * CHANGE_RATE_BYTES * jitter)
    used = int(record.get("used_bytes") or 0)
    hosts = max(len(cluster_hosts(ctx.state)), 1)
    if used > 0:
        missed = min(missed, max(MIN_RECOVERY_BYTES, used / hosts))
    record["recovering_bytes"] = int(record["recovering_bytes"] + missed)
    _raise_alert(ctx, record)
    if not record.get("recovery_scheduled"):
        record["recovery_scheduled"] = True
        ctx.scheduler.at(RECOVERY_TICK_SECONDS, "physics.storage.recover", base=base)


def recovery_rate(ctx: SimContext) -> float:
    """Return the recovery throughput in bytes per simulated second."""
    return float(RECOVERY_RATE_BYTES[ctx.plan.cluster.storage_architecture])


@action("physics.storage.recover")
def _recover(ctx: SimContext, due: float, _args: dict[str, Any]) -> None:
    record = storage(ctx.state)
    if record is None:
        return
    record["recovering_bytes"] = max(
        0, int(record["recovering_bytes"] - recovery_rate(ctx) * RECOVERY_TICK_SECONDS)
    )
    if record["recovering_bytes"] > 0:
        ctx.scheduler.at(RECOVERY_TICK_SECONDS, "physics.storage.recover", base=due)
        return
    record["recovery_scheduled"] = False
    if all(host.get("status") != "powered_off" for host in cluster_hosts(ctx.state).values()):
        record["replicas_healthy"] = True
        cluster = records.cluster(ctx.state) or {}
        records.resolve_alerts(ctx.state, name=STORAGE_ALERT, object_id=cluster.get("uuid", ""))
        logger.info("storage recovered: replicas healthy again")


def _raise_alert(ctx: SimContext, record: dict[str, Any]) -> None:
    cluster = records.cluster(ctx.state) or {}
    records.raise_alert(
        ctx.state,
        now=ctx.clock.now(),
        severity="WARNING",
        name=STORAGE_ALERT,
        message=t(
            "sim.edge.alert.storage_recovering",
            cluster=cluster.get("name", ""),
            recovering_gib=record["recovering_bytes"] / 2**30,
        ),
        object_kind="CLUSTER",
        object_id=cluster.get("uuid", ""),
    )
