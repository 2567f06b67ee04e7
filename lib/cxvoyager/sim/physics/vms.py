"""VM power, guest boot, live migration and HA restarts on the simulated cluster.

A VM's guest answers on the network (ping, SSH, CloudTower's HTTPS) only
after it has booted: ``start_vm`` marks the VM running at once, and the guest
agent and the guest's addresses come up a simulated boot time later.
"""

from __future__ import annotations

import logging
from typing import Any

from cxvoyager.i18n import t
from cxvoyager.sim import network, records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.physics.common import (
    GA_NOT_RUNNING,
    GA_RUNNING,
    PhysicsError,
    bring_up,
    host_by_ip,
    host_by_uuid,
    physics_state,
    pick_target_host,
    take_down,
    vm_addresses,
    vm_by_uuid,
)
from cxvoyager.sim.scheduler import action

logger = logging.getLogger(__name__)

GUEST_BOOT_SECONDS = (30.0, 90.0)  # from power-on to a running guest agent
HA_DELAY_SECONDS = (120.0, 300.0)  # from host failure to the HA restart of its VMs
HA_RETRY_SECONDS = 60.0  # when no host can take the VM yet
MIGRATION_BANDWIDTH = 1.2e9  # bytes/s of memory copied during a live migration (estimate)
VM_HA_ALERT = "vm_ha_restart"


def start_vm(
    ctx: SimContext, vm_uuid: str, *, host_ip: str | None = None, base: float | None = None
) -> None:
    """Power on a VM, on ``host_ip`` or its current host; its guest boots later.

    The guest agent reports ``Running`` and the guest's addresses answer
    (a test VM's ``guest_ip`` is attached to the network as kind ``guest``
    with SSH open) after a boot time of 30-90 simulated seconds counted
    from ``base`` (default: now; scheduled actions pass their due time).

    Raises:
        PhysicsError: the VM does not exist or the host is not running.
    """
    vm = vm_by_uuid(ctx.state, vm_uuid)
    target_ip = host_ip or vm.get("node_ip")
    target = host_by_ip(ctx.state, target_ip) if target_ip else None
    if target is None or target.get("status") != "running":
        raise PhysicsError("host_unavailable", f"host {target_ip} cannot run VM {vm_uuid} now")

    vm["node_ip"] = target_ip
    vm["status"] = "running"
    vm["ga_state"] = GA_NOT_RUNNING
    boots = physics_state(ctx.state)["vms"].setdefault(vm_uuid, {})
    boots["boot_id"] = boots.get("boot_id", 0) + 1
    delay = ctx.rng("guest-boot", vm_uuid, boots["boot_id"]).uniform(*GUEST_BOOT_SECONDS)
    ctx.scheduler.at(
        delay, "physics.vm.booted", base=base, vm_uuid=vm_uuid, boot_id=boots["boot_id"]
    )
    logger.info("VM %s powered on at %s; guest up in %.0f s", vm.get("vm_name"), target_ip, delay)


def stop_vm(ctx: SimContext, vm_uuid: str) -> None:
    """Power off a VM at once: its guest stops answering on every address.

    Raises:
        PhysicsError: the VM does not exist.
    """
    vm = vm_by_uuid(ctx.state, vm_uuid)
    vm["status"] = "stopped"
    vm["ga_state"] = GA_NOT_RUNNING
    record = physics_state(ctx.state)["vms"].setdefault(vm_uuid, {})
    record["boot_id"] = record.get("boot_id", 0) + 1  # a pending boot no longer applies
    saved = take_down(ctx.state, vm_addresses(ctx.state, vm))
    record["saved_ports"] = {**record.get("saved_ports", {}), **saved}


@action("physics.vm.booted")
def _guest_booted(ctx: SimContext, _due: float, args: dict[str, Any]) -> None:
    vm = records.vms(ctx.state).get(args["vm_uuid"])
    record = physics_state(ctx.state)["vms"].get(args["vm_uuid"], {})
    if vm is None or vm.get("status") != "running" or record.get("boot_id") != args["boot_id"]:
        return
    vm["ga_state"] = GA_RUNNING
    bring_up(ctx.state, record.pop("saved_ports", {}))
    guest_ip = vm.get("guest_ip")
    if vm.get("role") == "test" and guest_ip and guest_ip not in network.entries(ctx.state):
        network.attach(ctx.state, guest_ip, kind="guest", key=vm["uuid"], ports=[network.SSH_PORT])
        network.entries(ctx.state)[guest_ip]["pingable"] = True
    logger.info("guest of VM %s is up", vm.get("vm_name"))


def estimate_migration_seconds(ctx: SimContext, vm_uuid: str) -> float:
    """Return how long a live migration of the VM takes, in simulated seconds.

    Raises:
        PhysicsError: the VM does not exist.
    """
    vm = vm_by_uuid(ctx.state, vm_uuid)
    return 2.0 + int(vm.get("memory", 0)) / MIGRATION_BANDWIDTH


def migrate_vm(ctx: SimContext, vm_uuid: str, target_host_uuid: str) -> int:
    """Live-migrate a running VM to another running host; return its downtime in milliseconds.

    The VM's ``node_ip`` changes at once and ``last_migration`` records the
    move. Downtime grows with the VM's memory (the last dirty pages are
    copied while the VM is paused): tens to a few hundred milliseconds.

    Raises:
        PhysicsError: the VM does not exist or is not running, the target host
            does not exist, is not running, or already runs the VM.
    """
    vm = vm_by_uuid(ctx.state, vm_uuid)
    target = host_by_uuid(ctx.state, target_host_uuid)
    if vm.get("status") != "running":
        raise PhysicsError("vm_not_running", f"VM {vm_uuid} is {vm.get('status')}, not running")
    if target.get("status") != "running":
        raise PhysicsError(
            "host_unavailable", f"host {target_host_uuid} is {target.get('status')}, not running"
        )
    if target["management_ip"] == vm.get("node_ip"):
        raise PhysicsError("same_host", f"VM {vm_uuid} already runs on host {target_host_uuid}")
    return _move(ctx, vm, target)


def _move(ctx: SimContext, vm: dict[str, Any], target: dict[str, Any]) -> int:
    memory_gib = int(vm.get("memory", 0)) / 2**30
    record = physics_state(ctx.state)["vms"].setdefault(vm["uuid"], {})
    record["migrations"] = record.get("migrations", 0) + 1
    jitter = ctx.rng("migration", vm["uuid"], record["migrations"]).uniform(0.8, 1.25)
    downtime_ms = round((20 + 3.5 * memory_gib) * jitter)
    source_ip = vm.get("node_ip")
    vm["node_ip"] = target["management_ip"]
    vm["last_migration"] = {
        "from_ip": source_ip,
        "to_ip": target["management_ip"],
        "downtime_ms": downtime_ms,
        "at": ctx.clock.now(),
    }
    logger.info(
        "VM %s migrated %s -> %s, downtime %d ms",
        vm.get("vm_name"),
        source_ip,
        target["management_ip"],
        downtime_ms,
    )
    return downtime_ms


def fail_vms_of_host(
    ctx: SimContext,
    host: dict[str, Any],
    running: list[dict[str, Any]],
    *,
    failure: int,
    base: float,
) -> None:
    """Take down the VMs of a failed host and schedule HA restarts for those with ``ha``.

    ``failure`` numbers the host's failures, so each one draws its own delays;
    ``base`` is the virtual time of the failure.
    """
    for vm in running:
        stop_vm(ctx, vm["uuid"])
        if not vm.get("ha"):
            continue
        records.raise_alert(
            ctx.state,
            now=base,
            severity="WARNING",
            name=VM_HA_ALERT,
            message=t(
                "sim.edge.alert.vm_ha_restart",
                vm_name=vm.get("vm_name"),
                hostname=host.get("hostname"),
            ),
            object_kind="VM",
            object_id=vm["uuid"],
        )
        delay = ctx.rng("ha", vm["uuid"], failure).uniform(*HA_DELAY_SECONDS)
        ctx.scheduler.at(
            delay,
            "physics.vm.ha_restart",
            base=base,
            vm_uuid=vm["uuid"],
            failed_ip=host["management_ip"],
        )


@action("physics.vm.ha_restart")
def _ha_restart(ctx: SimContext, due: float, args: dict[str, Any]) -> None:
    vm = records.vms(ctx.state).get(args["vm_uuid"])
    if vm is None or vm.get("status") == "running":
        return  # deleted, or started by hand meanwhile
    target = pick_target_host(ctx.state, exclude=set())
    if target is None:
        ctx.scheduler.at(HA_RETRY_SECONDS, "physics.vm.ha_restart", base=due, **args)
        return
    start_vm(ctx, vm["uuid"], host_ip=target["management_ip"], base=due)
    records.resolve_alerts(ctx.state, name=VM_HA_ALERT, object_id=vm["uuid"])
    logger.info("HA restarted VM %s on %s", vm.get("vm_name"), target["management_ip"])
