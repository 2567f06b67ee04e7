"""VM power, migration and deletion through CloudTower, as tasks over the shared VM records.

Each operation returns at once with one task per VM; the change happens when
the task ends, through the site's physics model (``cxvoyager.sim.physics``),
which also decides what the real cluster would reject. A rejection known at
request time (starting a running VM) or at the moment of the change (no
host can take the VM) ends the task ``FAILED`` with an SMTX OS error code in
``error_message``, as CloudTower reports a failed ELF job.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cxvoyager.sim import network, physics, records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.physics import PhysicsError
from cxvoyager.sim.tower.errors import TowerError
from cxvoyager.sim.tower.ids import mirrored_cuid
from cxvoyager.sim.tower.inventory import vm_view, vm_views
from cxvoyager.sim.tower.mirror import nested_cluster
from cxvoyager.sim.tower.tasks import on_finish, start_task
from cxvoyager.sim.tower.where import matches

# operation: (task description verb, seconds, VM status the operation needs, physics change)
Change = Callable[[SimContext, dict[str, Any], dict[str, Any]], None]


def _start(ctx: SimContext, vm: dict[str, Any], args: dict[str, Any]) -> None:
    physics.start_vm(ctx, vm["uuid"], host_ip=args.get("host_ip"), base=args["due"])


def _stop(ctx: SimContext, vm: dict[str, Any], _args: dict[str, Any]) -> None:
    physics.stop_vm(ctx, vm["uuid"])


def _restart(ctx: SimContext, vm: dict[str, Any], args: dict[str, Any]) -> None:
    physics.stop_vm(ctx, vm["uuid"])
    physics.start_vm(ctx, vm["uuid"], base=args["due"])


def _migrate(ctx: SimContext, vm: dict[str, Any], args: dict[str, Any]) -> None:
    target = args.get("host_uuid") or _least_loaded_host(ctx, exclude=vm.get("node_ip"))
    if target is None:
        raise PhysicsError("no_target_host", "no other running host can take the VM")
    args["downtime_ms"] = physics.migrate_vm(ctx, vm["uuid"], target)


def _delete(ctx: SimContext, vm: dict[str, Any], _args: dict[str, Any]) -> None:
    if vm.get("status") == "running":
        physics.stop_vm(ctx, vm["uuid"])
    records.vms(ctx.state).pop(vm["uuid"], None)
    if vm.get("role") == "test" and vm.get("guest_ip"):
        network.detach(ctx.state, vm["guest_ip"])


OPERATIONS: dict[str, tuple[str, float, str | None, Change]] = {
    "start-vm": ("Start VM", 5.0, "stopped", _start),
    "shutdown-vm": ("Shut down VM", 30.0, "running", _stop),
    "poweroff-vm": ("Power off VM", 3.0, "running", _stop),
    "restart-vm": ("Restart VM", 40.0, "running", _restart),
    "force-restart-vm": ("Force restart VM", 8.0, "running", _restart),
    "migrate-vm": ("Migrate VM", 0.0, "running", _migrate),
    "delete-vm": ("Delete VM", 5.0, None, _delete),
}


def least_loaded_host_ip(ctx: SimContext) -> str | None:
    """Return the management IP of the running host with the fewest running VMs."""
    host_uuid = _least_loaded_host(ctx, exclude=None)
    smtx = records.cluster(ctx.state)
    if host_uuid is None or smtx is None:
        return None
    return str(smtx["hosts"][host_uuid]["management_ip"])


def _least_loaded_host(ctx: SimContext, *, exclude: str | None) -> str | None:
    smtx = records.cluster(ctx.state) or {}
    hosts = [
        h
        for h in smtx.get("hosts", {}).values()
        if h.get("status") == "running" and h["management_ip"] != exclude
    ]
    if not hosts:
        return None
    load = {h["management_ip"]: 0 for h in hosts}
    for vm in records.vms(ctx.state).values():
        if vm.get("status") == "running" and vm.get("node_ip") in load:
            load[vm["node_ip"]] += 1
    return str(min(hosts, key=lambda h: (load[h["management_ip"]], h["hostname"]))["host_uuid"])


def host_uuid_of(ctx: SimContext, host_id: str) -> str:
    """Return the SMTX uuid of the host whose CloudTower id is ``host_id``; raise 404 otherwise."""
    for host_uuid in (records.cluster(ctx.state) or {}).get("hosts", {}):
        if mirrored_cuid(ctx, "host", host_uuid) == host_id:
            return str(host_uuid)
    raise TowerError(404, "sim.tower.not_found", kind="Host", where=host_id)


def select_vms(ctx: SimContext, where: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the shared VM records whose CloudTower view matches ``where``; raise 404 for none."""
    chosen = [view["local_id"] for view in vm_views(ctx) if matches(view, where)]
    if not chosen:
        raise TowerError(404, "sim.tower.not_found", kind="Vm", where=where)
    return [records.vms(ctx.state)[uuid] for uuid in chosen]


def operate(
    ctx: SimContext, operation: str, where: dict[str, Any], *, host_id: str | None = None
) -> list[Any]:
    """Start ``operation`` on every VM matching ``where``; return ``[{task_id, data}]``.

    Raises:
        TowerError: 404 when no VM (or the named host) exists.
    """
    verb, seconds, needed_status, _change = OPERATIONS[operation]
    args: dict[str, Any] = {}
    if host_id is not None:
        args["host_uuid"] = host_uuid_of(ctx, host_id)
        args["host_ip"] = records.cluster(ctx.state)["hosts"][args["host_uuid"]]["management_ip"]  # type: ignore[index]
    results = []
    for vm in select_vms(ctx, where):
        failure = None
        if needed_status is not None and vm.get("status") != needed_status:
            failure = (
                "VM_STATUS_ERROR",
                f"VM {vm['vm_name']} is {vm.get('status')}; {verb.lower()} needs {needed_status}",
            )
        duration = seconds or physics.estimate_migration_seconds(ctx, vm["uuid"])
        view = vm_view(ctx, vm)
        task = start_task(
            ctx,
            description=f"{verb} {vm['vm_name']}",
            hook="tower.vm-operation",
            duration=duration,
            failure=failure,
            resource_type="Vm",
            resource_id=view["id"],
            resource_mutation=operation,
            snapshot='{"typename":"Vm"}',
            cluster=nested_cluster(ctx),
            payload={"operation": operation, "vm_uuid": vm["uuid"], **args},
        )
        results.append(
            {
                "task_id": task["id"],
                "data": {"id": view["id"]} if operation == "delete-vm" else view,
            }
        )
    return results


@on_finish("tower.vm-operation")
def _operated(ctx: SimContext, task: dict[str, Any], succeeded: bool) -> tuple[str, str] | None:
    if not succeeded:
        return None
    payload = task["payload"]
    vm = records.vms(ctx.state).get(payload["vm_uuid"])
    if vm is None:
        return ("VM_NOT_FOUND", f"VM {payload['vm_uuid']} no longer exists")
    try:
        OPERATIONS[payload["operation"]][3](ctx, vm, {**payload, "due": task["finished"]})
    except PhysicsError as error:
        return (error.reason.upper(), str(error))
    return None
