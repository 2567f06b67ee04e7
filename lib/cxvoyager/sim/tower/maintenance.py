"""Host maintenance mode through CloudTower (the vendor spells the paths ``maintance``).

The precheck is a task whose result lists the VMs that would have to be shut
down; entering starts the physics model's evacuation at once and a task that
succeeds only if the host reached maintenance mode by its end; exiting
returns the host to service and can move the evacuated VMs back.
"""

from __future__ import annotations

from typing import Any

from cxvoyager.sim import physics, records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.physics import PhysicsError
from cxvoyager.sim.physics.common import physics_state
from cxvoyager.sim.physics.maintenance import PREPARE_SECONDS
from cxvoyager.sim.tower import store
from cxvoyager.sim.tower.errors import TowerError, bad_input
from cxvoyager.sim.tower.ids import mirrored_cuid
from cxvoyager.sim.tower.mirror import host_view, host_views, nested_cluster
from cxvoyager.sim.tower.tasks import on_finish, start_task
from cxvoyager.sim.tower.vm_ops import host_uuid_of
from cxvoyager.sim.tower.where import matches

PRECHECK_SECONDS = 5.0
_MARGIN_SECONDS = 5.0


def _host(ctx: SimContext, host_uuid: str) -> dict[str, Any]:
    host: dict[str, Any] = records.cluster(ctx.state)["hosts"][host_uuid]  # type: ignore[index]
    return host


def host_by_where(ctx: SimContext, where: dict[str, Any]) -> str:
    """Return the SMTX uuid of the one host matching ``where``; raise 404 otherwise."""
    found = [view["local_id"] for view in host_views(ctx) if matches(view, where)]
    if len(found) != 1:
        raise TowerError(404, "sim.tower.not_found", kind="Host", where=where)
    return str(found[0])


def precheck(ctx: SimContext, where: dict[str, Any]) -> dict[str, Any]:
    """Start the enter-maintenance precheck of a host; return ``{task_id}``."""
    host_uuid = host_by_where(ctx, where)
    host = _host(ctx, host_uuid)
    task = start_task(
        ctx,
        description=f"Enter maintenance mode precheck {host['hostname']}",
        hook="",
        duration=PRECHECK_SECONDS,
        resource_type="Host",
        resource_id=mirrored_cuid(ctx, "host", host_uuid),
        cluster=nested_cluster(ctx),
    )
    store.collection(ctx, "maintenance_prechecks")[task["id"]] = {"host_uuid": host_uuid}
    return {"task_id": task["id"]}


def precheck_result(ctx: SimContext, task_id: str) -> dict[str, Any]:
    """Return ``{done, shutdownVms}`` of a precheck: VMs without HA must be shut down by hand."""
    check = store.collection(ctx, "maintenance_prechecks").get(task_id)
    task = store.collection(ctx, "tasks").get(task_id)
    if check is None or task is None:
        raise TowerError(404, "sim.tower.not_found", kind="Task", where=task_id)
    host_ip = _host(ctx, check["host_uuid"])["management_ip"]
    stuck = [
        vm
        for vm in records.vms(ctx.state).values()
        if vm.get("node_ip") == host_ip and vm.get("status") == "running" and not vm.get("ha", True)
    ]
    return {
        "done": task["status"] == "SUCCESSED",
        "shutdownVms": [{"vm_uuid": vm["uuid"]} for vm in stuck],
    }


def enter(ctx: SimContext, host_id: str, shutdown_vms: list[str]) -> dict[str, Any]:
    """Shut down the named VMs and start evacuating the host; return ``{task_id, data}``.

    Raises:
        TowerError: 404 for an unknown host or VM; 400 when the cluster cannot spare the host.
    """
    host_uuid = host_uuid_of(ctx, host_id)
    host = _host(ctx, host_uuid)
    for vm_uuid in shutdown_vms:
        if vm_uuid not in records.vms(ctx.state):
            raise TowerError(404, "sim.tower.not_found", kind="Vm", where=vm_uuid)
        physics.stop_vm(ctx, vm_uuid)
    running = [
        vm
        for vm in records.vms(ctx.state).values()
        if vm.get("node_ip") == host["management_ip"] and vm.get("status") == "running"
    ]
    try:
        physics.enter_maintenance(ctx, host_uuid)
    except PhysicsError as error:
        raise bad_input(
            "sim.tower.maintenance", host=host["hostname"], reason=str(error)
        ) from error
    duration = (
        PREPARE_SECONDS
        + _MARGIN_SECONDS
        + sum(physics.estimate_migration_seconds(ctx, vm["uuid"]) for vm in running)
    )
    task = start_task(
        ctx,
        description=f"Enter maintenance mode {host['hostname']}",
        hook="tower.maintenance",
        duration=duration,
        resource_type="Host",
        resource_id=host_id,
        resource_mutation="enterMaintanceMode",
        cluster=nested_cluster(ctx),
        payload={"host_uuid": host_uuid, "expected": "maintenance"},
    )
    return {"task_id": task["id"], "data": host_view(ctx, host)}


def exit_precheck(ctx: SimContext, where: dict[str, Any]) -> dict[str, Any]:
    """List the VMs evacuated from the host, which exit can migrate back."""
    host_uuid = host_by_where(ctx, where)
    progress = physics_state(ctx.state)["maintenance"].get(host_uuid, {})
    smtx_hosts = records.cluster(ctx.state)["hosts"]  # type: ignore[index]
    names = {h["management_ip"]: h["hostname"] for h in smtx_hosts.values()}
    moved = []
    for item in progress.get("moved", []):
        vm = records.vms(ctx.state).get(item["vm_uuid"])
        if vm is None:
            continue
        moved.append(
            {
                "vm_uuid": vm["uuid"],
                "vm_name": vm["vm_name"],
                "vm_state": vm["status"].upper(),
                "vm_ha": bool(vm.get("ha")),
                "state": "READY",
                "target_host_name": names.get(item["to_ip"]),
                "verify": {"changed": False, "reason": ""},
            }
        )
    return {"shutDownVms": [], "liveMigrateVms": moved, "offlineMigrateVms": []}


def leave(ctx: SimContext, host_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """Return the host to service, then power on or move back the named VMs.

    Returns ``{task_id, data}``; the VMs move when the task ends.
    """
    host_uuid = host_uuid_of(ctx, host_id)
    host = _host(ctx, host_uuid)
    try:
        physics.exit_maintenance(ctx, host_uuid)
    except PhysicsError as error:
        raise bad_input(
            "sim.tower.maintenance", host=host["hostname"], reason=str(error)
        ) from error
    back = [*data.get("live_migrate_back_vms", []), *data.get("offline_migrate_back_vms", [])]
    task = start_task(
        ctx,
        description=f"Exit maintenance mode {host['hostname']}",
        hook="tower.maintenance",
        duration=PREPARE_SECONDS
        + sum(
            physics.estimate_migration_seconds(ctx, u) for u in back if u in records.vms(ctx.state)
        ),
        resource_type="Host",
        resource_id=host_id,
        resource_mutation="exitMaintanceMode",
        cluster=nested_cluster(ctx),
        payload={
            "host_uuid": host_uuid,
            "expected": "running",
            "back": back,
            "power_on": list(data.get("poweron_vms", [])),
        },
    )
    return {"task_id": task["id"], "data": host_view(ctx, host)}


@on_finish("tower.maintenance")
def _maintenance_done(
    ctx: SimContext, task: dict[str, Any], succeeded: bool
) -> tuple[str, str] | None:
    payload = task["payload"]
    host = _host(ctx, payload["host_uuid"])
    try:
        for vm_uuid in payload.get("back", []):
            physics.migrate_vm(ctx, vm_uuid, payload["host_uuid"])
        for vm_uuid in payload.get("power_on", []):
            physics.start_vm(ctx, vm_uuid, host_ip=host["management_ip"], base=task["finished"])
    except PhysicsError as error:
        return (error.reason.upper(), str(error))
    if succeeded and host.get("status") != payload["expected"]:
        return ("HOST_MAINTENANCE_FAILED", f"host {host['hostname']} is {host.get('status')}")
    return None
