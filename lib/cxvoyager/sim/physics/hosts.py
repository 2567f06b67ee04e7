"""Host power: what a BMC power action does to the simulated site.

Powering a host off closes every port of its management and storage
addresses, marks the cluster host ``powered_off``, raises the host-down
alert, takes its running VMs down (HA restarts those with ``ha`` on other
hosts a few minutes later) and degrades storage replicas. Powering it on boots
it after a simulated delay; it then answers again, rejoins the cluster and
the data it missed is recovered over time.
"""

from __future__ import annotations

import logging
from ipaddress import IPv4Address
from typing import Any

from cxvoyager.i18n import t
from cxvoyager.sim import records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.physics import storage as storage_model
from cxvoyager.sim.physics.common import (
    bring_up,
    host_by_ip,
    physics_state,
    running_vms_on,
    take_down,
)
from cxvoyager.sim.physics.vms import fail_vms_of_host
from cxvoyager.sim.scheduler import action

logger = logging.getLogger(__name__)

HOST_DOWN_ALERT = "host_down"
HOST_BOOT_SECONDS = (180.0, 300.0)  # server POST plus SMTX OS boot, until services answer
GRACEFUL_SHUTDOWN_SECONDS = (45.0, 90.0)  # OS shutdown before the power actually drops


def _host_record(ctx: SimContext, management_ip: str) -> dict[str, Any]:
    record: dict[str, Any] = physics_state(ctx.state)["hosts"].setdefault(
        management_ip, {"power": "on", "boot_id": 0, "failures": 0, "saved_ports": {}}
    )
    return record


def power_state(ctx: SimContext, management_ip: str) -> str:
    """Return the host's power state, ``"on"`` or ``"off"`` (the node record's ``power``)."""
    node = ctx.state.get("nodes", {}).get(management_ip)
    if node is not None and "power" in node:
        return str(node["power"])
    return str(_host_record(ctx, management_ip)["power"])


def _set_power(ctx: SimContext, management_ip: str, power: str) -> None:
    _host_record(ctx, management_ip)["power"] = power
    node = ctx.state.get("nodes", {}).get(management_ip)
    if node is not None:
        node["power"] = power


def power_off_host(ctx: SimContext, management_ip: str, *, graceful: bool = False) -> bool:
    """Power a host off, at once or after a graceful OS shutdown; tell whether it was on.

    A graceful shutdown keeps the host up for 45-90 simulated seconds first.
    """
    if power_state(ctx, management_ip) == "off":
        return False
    if graceful:
        record = _host_record(ctx, management_ip)
        delay = ctx.rng("shutdown", management_ip, record["failures"]).uniform(
            *GRACEFUL_SHUTDOWN_SECONDS
        )
        ctx.scheduler.at(
            delay, "physics.host.off", management_ip=management_ip, boot_id=record["boot_id"]
        )
        return True
    _drop_power(ctx, management_ip, now=ctx.clock.now())
    return True


def power_on_host(ctx: SimContext, management_ip: str, *, base: float | None = None) -> bool:
    """Power a host on; it answers and rejoins 3-5 simulated minutes later. Tell whether it was off.

    ``base`` is when the power came on (default: now; scheduled actions pass their due time).
    """
    if power_state(ctx, management_ip) == "on":
        return False
    _set_power(ctx, management_ip, "on")
    record = _host_record(ctx, management_ip)
    record["boot_id"] += 1
    delay = ctx.rng("boot", management_ip, record["boot_id"]).uniform(*HOST_BOOT_SECONDS)
    ctx.scheduler.at(
        delay,
        "physics.host.booted",
        base=base,
        management_ip=management_ip,
        boot_id=record["boot_id"],
    )
    logger.info("host %s powered on; boots in %.0f s", management_ip, delay)
    return True


def restart_host(ctx: SimContext, management_ip: str, *, graceful: bool = False) -> None:
    """Restart a host: power off (gracefully or not), then boot again."""
    if graceful and power_state(ctx, management_ip) == "on":
        record = _host_record(ctx, management_ip)
        delay = ctx.rng("shutdown", management_ip, record["failures"]).uniform(
            *GRACEFUL_SHUTDOWN_SECONDS
        )
        ctx.scheduler.at(
            delay,
            "physics.host.off",
            management_ip=management_ip,
            boot_id=record["boot_id"],
            then_boot=True,
        )
        return
    power_off_host(ctx, management_ip)
    power_on_host(ctx, management_ip)


@action("physics.host.off")
def _graceful_off(ctx: SimContext, due: float, args: dict[str, Any]) -> None:
    record = _host_record(ctx, args["management_ip"])
    if record["boot_id"] != args["boot_id"] or power_state(ctx, args["management_ip"]) == "off":
        return
    _drop_power(ctx, args["management_ip"], now=due)
    if args.get("then_boot"):
        power_on_host(ctx, args["management_ip"], base=due)


def _host_addresses(ctx: SimContext, management_ip: str) -> list[str]:
    planned = ctx.plan.host_by_ip(IPv4Address(management_ip))
    addresses = [management_ip]
    if planned is not None:
        addresses.append(str(planned.storage_ip))
    return addresses


def _drop_power(ctx: SimContext, management_ip: str, *, now: float) -> None:
    _set_power(ctx, management_ip, "off")
    record = _host_record(ctx, management_ip)
    record["boot_id"] += 1  # a boot still pending no longer applies
    record["failures"] += 1
    record["down_since"] = now
    record["saved_ports"] = {
        **record["saved_ports"],
        **take_down(ctx.state, _host_addresses(ctx, management_ip)),
    }
    logger.info("host %s powered off", management_ip)

    host = host_by_ip(ctx.state, management_ip)
    if host is None:
        return  # not a cluster member yet: nothing runs on it
    record["status_before_off"] = host.get("status", "running")
    running = running_vms_on(ctx.state, management_ip)
    host["status"] = "powered_off"
    physics_state(ctx.state)["maintenance"].pop(host["host_uuid"], None)
    if record["status_before_off"] != "maintenance":
        records.raise_alert(
            ctx.state,
            now=now,
            severity="CRITICAL",
            name=HOST_DOWN_ALERT,
            message=t("sim.edge.alert.host_down", hostname=host.get("hostname"), ip=management_ip),
            object_kind="HOST",
            object_id=host["host_uuid"],
        )
    fail_vms_of_host(ctx, host, running, failure=record["failures"], base=now)
    storage_model.degrade(ctx)


@action("physics.host.booted")
def _host_booted(ctx: SimContext, now: float, args: dict[str, Any]) -> None:
    management_ip = args["management_ip"]
    record = _host_record(ctx, management_ip)
    if record["boot_id"] != args["boot_id"] or power_state(ctx, management_ip) != "on":
        return
    bring_up(ctx.state, record["saved_ports"])
    record["saved_ports"] = {}
    logger.info("host %s booted", management_ip)

    host = host_by_ip(ctx.state, management_ip)
    if host is None:
        return
    host["status"] = (
        "maintenance" if record.get("status_before_off") == "maintenance" else "running"
    )
    records.resolve_alerts(ctx.state, name=HOST_DOWN_ALERT, object_id=host["host_uuid"])
    downtime = now - float(record.get("down_since", now))
    storage_model.start_recovery(
        ctx, downtime_seconds=downtime, base=now, salt=f"{management_ip}:{record['failures']}"
    )
