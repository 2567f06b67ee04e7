"""CloudTower REST: upload tasks, application packages and generic application deploys.

NOTE: no public trace shows how Everoute, SFS or SKS are deployed. This
simulator models them on CloudTower's generic application API: the package
goes up like the backup package (GraphQL upload task, package names
``everoute``, ``sfs``, ``sks``), ``deploy-cloudtower-application`` installs it
and ``get-cloudtower-applications`` reports ``state`` ``INSTALLING`` ->
``RUNNING`` (or ``INSTALL_FAILED``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import apps, packages, store
from cxvoyager.sim.tower.errors import TowerError, bad_input
from cxvoyager.sim.tower.inventory import vlan_uuid_of
from cxvoyager.sim.tower.rest import operation
from cxvoyager.sim.tower.schema import ANY_OBJECT, BOOL, INT, LIST_QUERY, STR, Enum, ListOf, Obj
from cxvoyager.sim.tower.where import query

blueprint = Blueprint("sim_tower_apps", __name__)

_GIB = 1024**3
# CloudTower's ByteUnit values; a size without a unit is in bytes (memory) or GiB (storages).
_BYTE_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": _GIB, "TB": 1024**4, "PB": 1024**5}
_UNIT_NAMES = tuple(_BYTE_UNITS)

VM_TEMPLATE = Obj(
    {
        "cluster": STR,
        "cpu": INT,
        "memory": INT,
        "network": Obj(
            {
                "nics": ListOf(
                    Obj({"vlanId": STR}, optional={"ip": STR, "mask": STR, "gateway": STR}),
                    min_items=1,
                )
            },
            optional={"dns": ListOf(STR)},
        ),
    },
    optional={
        "memory_unit": Enum(*_UNIT_NAMES),
        "storages": ListOf(Obj({"size": INT}, optional={"size_unit": Enum(*_UNIT_NAMES)})),
        "host": STR,
        "name": STR,
        "image": STR,
        "env": ListOf(ANY_OBJECT),
        "publicKeys": ListOf(STR),
        "cloudInitUserData": STR,
        "vmUsage": STR,
        "internal": BOOL,
    },
)
DEPLOY = Obj(
    {"name": STR, "targetPackage": STR, "vmSpec": Obj({"template": VM_TEMPLATE}, open_keys=True)}
)
_REST_PACKAGE_FIELDS = (
    "id",
    "name",
    "version",
    "architecture",
    "containers",
    "images",
    "scosVersion",
    "applications",
)


@operation(blueprint, "get-upload-tasks", body=LIST_QUERY)
def get_upload_tasks(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List upload tasks."""
    views = [
        packages.upload_task_view(task) for task in store.collection(ctx, "upload_tasks").values()
    ]
    return query([{k: v for k, v in view.items() if k != "__typename"} for view in views], body)


@operation(blueprint, "get-cloudtower-application-packages", body=LIST_QUERY)
def get_application_packages(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List uploaded application packages."""
    views = [packages.package_view(package) for package in packages.application_packages(ctx)]
    return query([{key: view[key] for key in _REST_PACKAGE_FIELDS} for view in views], body)


def application_view(ctx: SimContext, app: dict[str, Any]) -> dict[str, Any]:
    """Return the REST ``CloudTowerApplication`` object of an app record."""
    package = store.collection(ctx, "packages").get(app["package_id"], {})
    return {
        "id": app["application_id"],
        "name": app["application_name"],
        "state": app["status"],
        "targetPackage": app["package_id"],
        "package": {"id": package.get("id", ""), "name": package.get("name", "")},
        "vmSpec": app.get("vm_spec", {}),
        "resourceVersion": 0,
        "instanceStatuses": {"vm": apps.vm_status(ctx, app), "ip": app["ip"]},
        "entityAsyncStatus": "CREATING" if app["status"] == "INSTALLING" else None,
    }


@operation(blueprint, "deploy-cloudtower-application", body=DEPLOY, body_required=True)
def deploy_application(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """Install an Everoute, SFS or SKS package on the cluster."""
    package_id = body["targetPackage"]
    package = store.collection(ctx, "packages").get(package_id)
    if package is None:
        raise TowerError(
            404, "sim.tower.not_found", kind="CloudTowerApplicationPackage", where=package_id
        )
    kind = packages.APP_KIND_BY_PACKAGE.get(package["name"])
    if kind not in ("er", "sfs", "sks"):
        raise bad_input("sim.tower.app_package", name=package["name"])

    template = body["vmSpec"]["template"]
    nic = template["network"]["nics"][0]
    if "ip" not in nic:
        raise TowerError(400, "sim.tower.missing", path="body.vmSpec.template.network.nics[0].ip")
    app = apps.install_app(
        ctx,
        kind=kind,
        name=body["name"],
        application_name=body["name"],
        package_id=package["id"],
        cluster_id=template["cluster"],
        ip=nic["ip"],
        spec=_sizing(ctx, template, nic),
        extra={"vm_spec": body["vmSpec"]},
    )
    return application_view(ctx, app)


def _sizing(ctx: SimContext, template: dict[str, Any], nic: dict[str, Any]) -> dict[str, Any]:
    unit = _BYTE_UNITS.get(template.get("memory_unit", "B"), 1)
    storage = sum(
        int(item.get("size", 0)) * _BYTE_UNITS.get(item.get("size_unit", "GB"), 1)
        for item in template.get("storages", [])
    )
    return {
        "vcpu": template["cpu"],
        "memory": int(template["memory"]) * unit,
        "storage": storage or 100 * _GIB,
        "vlan_uuid": vlan_uuid_of(ctx, nic["vlanId"]),
    }


@operation(blueprint, "get-cloudtower-applications", body=LIST_QUERY)
def get_applications(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List the generic applications (Everoute, SFS, SKS) and their state."""
    records = [app for kind in ("er", "sfs", "sks") for app in apps.apps_of(ctx, kind)]
    return query([application_view(ctx, app) for app in records], body)
