"""Host maintenance mode: evacuate the running VMs, then hold the host out of service.

``enter_maintenance`` sets the host ``entering_maintenance`` and live-migrates
its running VMs one after another to the least loaded other running host, each
taking the migration time of its memory; when none is left the host turns
``maintenance``. Stopped VMs stay where they are.
"""

from __future__ import annotations

import logging
from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.physics import storage as storage_model
from cxvoyager.sim.physics.common import (
    PhysicsError,
    cluster_hosts,
    host_by_uuid,
    physics_state,
    pick_target_host,
    running_vms_on,
)
from cxvoyager.sim.physics.vms import estimate_migration_seconds, migrate_vm
from cxvoyager.sim.scheduler import action

logger = logging.getLogger(__name__)

PREPARE_SECONDS = 10.0  # pre-checks before the first migration starts


def enter_maintenance(ctx: SimContext, host_uuid: str) -> None:
    """Start moving a running host into maintenance mode.

    Raises:
        PhysicsError: the host does not exist or is not running, another host
            is out of service, storage is degraded, or no other host can take
            the VMs.
    """
    host = host_by_uuid(ctx.state, host_uuid)
    if host.get("status") != "running":
        raise PhysicsError(
            "host_unavailable", f"host {host_uuid} is {host.get('status')}, not running"
        )
    others = [h for h in cluster_hosts(ctx.state).values() if h["host_uuid"] != host_uuid]
    if any(other.get("status") != "running" for other in others):
        raise PhysicsError(
            "cluster_unhealthy", "another host is out of service; bring it back first"
        )
    if storage_model.is_degraded(ctx.state):
        raise PhysicsError(
            "cluster_unhealthy", "storage is recovering data; wait until replicas are healthy"
        )
    if pick_target_host(ctx.state, exclude={host["management_ip"]}) is None:
        raise PhysicsError(
            "no_target_host", f"no other running host can take the VMs of {host_uuid}"
        )

    host["status"] = "entering_maintenance"
    physics_state(ctx.state)["maintenance"][host_uuid] = {
        "started_at": ctx.clock.now(),
        "moved": [],
    }
    ctx.scheduler.at(PREPARE_SECONDS, "physics.maintenance.evacuate", host_uuid=host_uuid)
    logger.info("host %s entering maintenance", host.get("hostname"))


@action("physics.maintenance.evacuate")
def _evacuate_next(ctx: SimContext, due: float, args: dict[str, Any]) -> None:
    progress = physics_state(ctx.state)["maintenance"].get(args["host_uuid"])
    host = cluster_hosts(ctx.state).get(args["host_uuid"])
    if progress is None or host is None or host.get("status") != "entering_maintenance":
        return  # powered off or deleted meanwhile
    remaining = running_vms_on(ctx.state, host["management_ip"])
    if not remaining:
        host["status"] = "maintenance"
        progress["finished_at"] = due
        logger.info(
            "host %s in maintenance; moved %d VMs", host.get("hostname"), len(progress["moved"])
        )
        return

    vm = remaining[0]
    target = pick_target_host(ctx.state, exclude={host["management_ip"]})
    if target is None:
        ctx.scheduler.at(60.0, "physics.maintenance.evacuate", base=due, **args)
        return
    downtime_ms = migrate_vm(ctx, vm["uuid"], target["host_uuid"])
    progress["moved"].append(
        {"vm_uuid": vm["uuid"], "to_ip": target["management_ip"], "downtime_ms": downtime_ms}
    )
    ctx.scheduler.at(
        estimate_migration_seconds(ctx, vm["uuid"]),
        "physics.maintenance.evacuate",
        base=due,
        **args,
    )


def exit_maintenance(ctx: SimContext, host_uuid: str) -> None:
    """Return a host in maintenance mode to service; VMs stay where they were moved.

    Raises:
        PhysicsError: the host does not exist or is not in maintenance mode.
    """
    host = host_by_uuid(ctx.state, host_uuid)
    if host.get("status") != "maintenance":
        raise PhysicsError(
            "host_not_in_maintenance",
            f"host {host_uuid} is {host.get('status')}, not in maintenance",
        )
    host["status"] = "running"
    physics_state(ctx.state)["maintenance"].pop(host_uuid, None)
    logger.info("host %s left maintenance", host.get("hostname"))
