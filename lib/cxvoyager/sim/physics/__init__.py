"""The physical behaviour of the simulated site, shared by every service that changes it.

Services call these functions with the state lock held (every request
handler and scheduled action already holds it). All randomness comes from
``ctx.rng``, so the same seed and plan give the same numbers, and every delay
runs on the virtual clock through scheduled actions.

- Host power (BMC): ``power_off_host``, ``power_on_host``, ``restart_host``,
  ``power_state``. A powered-off cluster host takes its VMs down; HA restarts
  those with ``ha`` elsewhere after 2-5 simulated minutes; storage recovers
  after the host returns.
- VMs: ``start_vm``, ``stop_vm``, ``migrate_vm`` (returns downtime in ms),
  ``estimate_migration_seconds``.
- Maintenance mode: ``enter_maintenance``, ``exit_maintenance``.
- Storage and performance: ``is_degraded``, ``storage_profile``, ``run_fio``.
- Time: ``time_sync``.

Operations the real cluster would reject raise ``PhysicsError`` with a
stable ``reason`` the caller maps to its API's error body.
"""

from __future__ import annotations

import random
from typing import Any

from cxvoyager.plan.model import StorageArchitecture
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.physics.common import PhysicsError, cluster_hosts
from cxvoyager.sim.physics.fio import FioJob, StorageProfile
from cxvoyager.sim.physics.fio_output import fio_report
from cxvoyager.sim.physics.hosts import power_off_host, power_on_host, power_state, restart_host
from cxvoyager.sim.physics.maintenance import enter_maintenance, exit_maintenance
from cxvoyager.sim.physics.storage import is_degraded
from cxvoyager.sim.physics.timesync import TimeSync, time_sync
from cxvoyager.sim.physics.vms import estimate_migration_seconds, migrate_vm, start_vm, stop_vm

__all__ = [
    "FioJob",
    "PhysicsError",
    "StorageProfile",
    "TimeSync",
    "enter_maintenance",
    "estimate_migration_seconds",
    "exit_maintenance",
    "is_degraded",
    "migrate_vm",
    "power_off_host",
    "power_on_host",
    "power_state",
    "restart_host",
    "run_fio",
    "start_vm",
    "stop_vm",
    "storage_profile",
    "time_sync",
]


def storage_profile(ctx: SimContext) -> StorageProfile:
    """Describe the cluster's storage now: running nodes, media, health and features."""
    hosts = cluster_hosts(ctx.state)
    if hosts:
        nodes = sum(
            1 for host in hosts.values() if host.get("status") in ("running", "maintenance")
        )
    else:
        nodes = len(ctx.plan.hosts)
    features = ctx.plan.cluster.features
    return StorageProfile(
        nodes=nodes,
        all_flash=ctx.plan.cluster.storage_architecture is StorageArchitecture.ALL_FLASH_UNTIERED,
        degraded=is_degraded(ctx.state),
        boost=features.boost,
        rdma=features.rdma,
    )


def run_fio(
    ctx: SimContext,
    jobs: list[FioJob],
    *,
    salt: str,
    global_options: dict[str, str] | None = None,
    profile: StorageProfile | None = None,
) -> tuple[dict[str, Any], float]:
    """Model fio ``jobs`` on the cluster now; return fio's JSON document and the run's seconds.

    ``salt`` names where fio runs (a VM uuid); the same seed, salt and job
    options give the same numbers.
    """

    def rng_for(job: FioJob) -> random.Random:
        return ctx.rng("fio", salt, sorted(job.options.items()))

    return fio_report(
        jobs,
        profile=profile or storage_profile(ctx),
        now=ctx.clock.now(),
        rng_for=rng_for,
        global_options=global_options,
    )
