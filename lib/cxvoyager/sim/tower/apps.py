"""App instances CloudTower installs on the cluster: Observability, backup, Everoute, SFS, SKS.

Each install creates the app's VM in the shared VM records and runs the task
``Install Application <application name>``, with the app ``INSTALLING``
meanwhile. When the task succeeds, the VM starts and the app responds on its
planned address (kind ``app:<kind>``, HTTPS and SSH). An injected
``task:<kind>-install:fail:N`` fault makes the task and the app fail.
Each kind reports its state in its own words, as the real APIs do.
"""

from __future__ import annotations

import uuid
from typing import Any

from cxvoyager.sim import network, records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import store
from cxvoyager.sim.tower.errors import TowerError, bad_input
from cxvoyager.sim.tower.ids import mac_address, new_cuid
from cxvoyager.sim.tower.tasks import on_finish, start_task

# kind: (fault kind, install seconds, success word, failure word)
_KINDS: dict[str, tuple[str, float, str, str]] = {
    "obs": ("obs-install", 900.0, "SUCCESS", "FAILED"),
    "bak": ("bak-install", 160.0, "RUNNING", "INSTALL_FAILED"),
    "er": ("er-install", 600.0, "RUNNING", "INSTALL_FAILED"),
    "sfs": ("sfs-install", 600.0, "RUNNING", "INSTALL_FAILED"),
    "sks": ("sks-install", 900.0, "RUNNING", "INSTALL_FAILED"),
}
APP_PORTS = [network.SCHEME_PORTS["https"], network.SSH_PORT]


def connected_cluster(ctx: SimContext, cluster_id: str) -> dict[str, Any]:
    """Return the CONNECTED tower cluster record ``cluster_id``; raise 404 otherwise."""
    record = store.collection(ctx, "clusters").get(cluster_id)
    if record is None or record["connect_state"] != "CONNECTED":
        raise TowerError(404, "sim.tower.not_found", kind="Cluster", where=cluster_id)
    return record


def _place_vm(ctx: SimContext, *, kind: str, name: str, ip: str, spec: dict[str, Any]) -> str:
    smtx = records.cluster(ctx.state)
    hosts = [h for h in (smtx or {}).get("hosts", {}).values() if h.get("status") == "running"]
    if smtx is None or not hosts:
        raise TowerError(400, "sim.tower.no_host")
    vm_uuid = str(
        uuid.UUID(int=ctx.rng("app-vm", kind, name, ctx.clock.now()).getrandbits(128), version=4)
    )
    host = hosts[ctx.rng("app-host", vm_uuid).randrange(len(hosts))]
    records.vms(ctx.state)[vm_uuid] = {
        "uuid": vm_uuid,
        "vm_name": name,
        "status": "stopped",
        "vcpu": int(spec.get("vcpu", 4)),
        "memory": int(spec.get("memory", 8 * 1024**3)),
        "node_ip": host["management_ip"],
        "ha": True,
        "nics": [
            {
                "mac_address": mac_address(ctx, vm_uuid),
                "vlan_uuid": spec.get("vlan_uuid"),
                "ovs": None,
                "ip_address": ip,
            }
        ],
        "disks": [{"type": "disk", "size": int(spec.get("storage", 100 * 1024**3))}],
        "guest_ip": None,
        "ga_state": None,
        "role": f"app:{kind}",
        "created_at": ctx.clock.now(),
    }
    return vm_uuid


def _check_install(
    ctx: SimContext, *, kind: str, name: str, package_id: str, cluster_id: str, ip: str
) -> None:
    if package_id not in store.collection(ctx, "packages"):
        raise TowerError(404, "sim.tower.not_found", kind="Package", where=package_id)
    connected_cluster(ctx, cluster_id)
    apps = store.collection(ctx, "apps").values()
    if any(app["kind"] == kind and app["name"] == name for app in apps):
        raise bad_input("sim.tower.duplicate", kind=kind, name=name)
    if network.in_use(ctx.state, ip):
        raise bad_input("sim.tower.address_in_use", ip=ip)


def _start_install_task(ctx: SimContext, app: dict[str, Any]) -> dict[str, Any]:
    fault_kind, seconds, _success, _failure = _KINDS[app["kind"]]
    return start_task(
        ctx,
        description=f"Install Application {app['application_name']}",
        hook="tower.app-install",
        duration=seconds,
        fault_kind=fault_kind,
        resource_type="CloudTowerApplication",
        resource_id=app["application_id"],
        snapshot='{"typename":"CloudTowerApplication"}',
        steps=("HANDLE_SCOS_VM", "DEPLOY_PACKAGE"),
        args={},
        payload={"app_id": app["id"]},
        user={"id": "system-service", "name": "system service"},
    )


def install_app(
    ctx: SimContext,
    *,
    kind: str,
    name: str,
    application_name: str,
    package_id: str,
    cluster_id: str,
    ip: str,
    spec: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Create an app instance and start its install task; return the app record.

    Raises:
        TowerError: 404 for an unknown package or cluster; 400 when the name is
            taken or the address already responds.
    """
    _check_install(ctx, kind=kind, name=name, package_id=package_id, cluster_id=cluster_id, ip=ip)
    app: dict[str, Any] = {
        "id": new_cuid(ctx),
        "kind": kind,
        "name": name,
        "application_name": application_name,
        "application_id": new_cuid(ctx),
        "status": "INSTALLING",
        "package_id": package_id,
        "cluster_id": cluster_id,
        "ip": ip,
        "spec": spec,
        "created": ctx.clock.now(),
        "error_code": "",
        **(extra or {}),
    }
    app["vm_uuid"] = _place_vm(ctx, kind=kind, name=application_name + "-0", ip=ip, spec=spec)
    store.collection(ctx, "apps")[app["id"]] = app
    task = _start_install_task(ctx, app)
    app["task_id"] = task["id"]
    return app


@on_finish("tower.app-install")
def _installed(ctx: SimContext, task: dict[str, Any], succeeded: bool) -> None:
    app = store.collection(ctx, "apps").get(task["payload"]["app_id"])
    if app is None:
        return
    _fault, _seconds, success, failure = _KINDS[app["kind"]]
    vm = records.vms(ctx.state).get(app["vm_uuid"])
    if not succeeded:
        app["status"] = failure
        app["error_code"] = task["failure"][0]
        return
    app["status"] = success
    if vm is not None:
        vm.update(status="running", guest_ip=app["ip"], ga_state="Running")
    addresses = [app["ip"]]
    if app["kind"] == "er" and ctx.plan.everoute is not None:
        # NOTE: Everoute's controllers are separate VMs on a real site. Here the
        # controller addresses respond with the same app VM behind them.
        addresses += [str(address) for address in ctx.plan.everoute.controllers]
    for address in addresses:
        network.attach(
            ctx.state, address, kind=f"app:{app['kind']}", key=app["id"], ports=APP_PORTS
        )


def app_by_id(ctx: SimContext, app_id: str, kind: str) -> dict[str, Any]:
    """Return the app record ``app_id`` of ``kind``; raise 404 otherwise."""
    app = store.collection(ctx, "apps").get(app_id)
    if app is None or app["kind"] != kind:
        raise TowerError(404, "sim.tower.not_found", kind=kind, where=app_id)
    return app


def apps_of(ctx: SimContext, kind: str) -> list[dict[str, Any]]:
    """Return every app record of ``kind``, oldest first."""
    return sorted(
        (a for a in store.collection(ctx, "apps").values() if a["kind"] == kind),
        key=lambda a: a["created"],
    )


def vm_status(ctx: SimContext, app: dict[str, Any]) -> str:
    """Return the CloudTower status word of the app's VM."""
    vm = records.vms(ctx.state).get(app["vm_uuid"])
    return (
        "UNKNOWN"
        if vm is None
        else {"running": "RUNNING", "stopped": "STOPPED"}.get(vm["status"], "SUSPENDED")
    )
