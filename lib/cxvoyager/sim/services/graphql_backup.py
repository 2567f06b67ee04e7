"""CloudTower GraphQL: install the backup service and attach clusters to it."""

from __future__ import annotations

from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import apps, backup, store
from cxvoyager.sim.tower.errors import TowerError
from cxvoyager.sim.tower.graphql import Reply, graphql_operation
from cxvoyager.sim.tower.inventory import vlan_uuid_of
from cxvoyager.sim.tower.schema import ANY, ANY_OBJECT, INT, STR, Enum, ListOf, Nullable, Obj
from cxvoyager.sim.tower.where import query

NETWORK_TYPES = Enum("NEW_NIC", "MANAGEMENT", "STORAGE")
_NETWORK_FIELDS = {
    f"{network}_network_{field}": STR
    for network in ("management", "storage", "backup")
    for field in ("ip", "subnet_mask", "vlan")
}
APPLICATION = Obj(
    {
        "create": Obj(
            {"name": STR, "targetPackage": STR},
            optional={
                "instances": ANY_OBJECT,
                "state": Enum("INSTALLING"),
                "instanceStatuses": ListOf(ANY),
                "resourceVersion": INT,
                "vmSpec": ANY_OBJECT,
            },
        )
    }
)
CREATE_BACKUP_SERVICE = Obj(
    {
        "data": Obj(
            {
                "name": STR,
                "application": APPLICATION,
                "storage_network_type": NETWORK_TYPES,
                "backup_network_type": NETWORK_TYPES,
                **_NETWORK_FIELDS,
            },
            optional={
                "entityAsyncStatus": Enum("CREATING"),
                "status": Enum("INSTALLING"),
                "kube_config": STR,
                "management_network_gateway": STR,
                "storage_network_gateway": STR,
                "backup_network_gateway": STR,
                "description": STR,
            },
        ),
        "effect": Obj({"running_cluster": STR}, optional={"running_host": STR}),
    }
)
UPDATE_BACKUP_SERVICE = Obj(
    {
        "where": Obj({"id": STR}),
        "data": Obj(optional={"backup_clusters": Obj({"set": ListOf(Obj({"id": STR}))})}),
    }
)

# The backup VM's size, as the captured service runs it (4 vCPU, 16 GiB, 20 GiB disk).
_BACKUP_VM = {"vcpu": 4, "memory": 16 * 1024**3, "storage": 20 * 1024**3}


@graphql_operation("createBackupService", variables=CREATE_BACKUP_SERVICE)
def create_backup_service(
    ctx: SimContext, _user: Any, variables: dict[str, Any], _arguments: Any
) -> Reply:
    """Install the backup service from an uploaded ``iomesh-backup`` package."""
    data = variables["data"]
    package_id = data["application"]["create"]["targetPackage"]
    package = store.collection(ctx, "packages").get(package_id, {})
    if package.get("name") != "iomesh-backup":
        raise TowerError(
            404, "sim.tower.not_found", kind="CloudTowerApplicationPackage", where=package_id
        )
    for field in ("management_network_vlan", "storage_network_vlan", "backup_network_vlan"):
        vlan_uuid_of(ctx, data[field])
    network = {key: data.get(key, "") for key in (*_NETWORK_FIELDS, "management_network_gateway")}
    app = apps.install_app(
        ctx,
        kind="bak",
        name=data["name"],
        application_name=data["application"]["create"]["name"],
        package_id=package_id,
        cluster_id=variables["effect"]["running_cluster"],
        ip=data["management_network_ip"],
        spec={**_BACKUP_VM, "vlan_uuid": vlan_uuid_of(ctx, data["management_network_vlan"])},
        extra={"network": network, "backup_clusters": []},
    )
    return Reply(
        {"createBackupService": {"id": app["id"], "__typename": "BackupService"}},
        task_id=app["task_id"],
    )


@graphql_operation("getBackupServices", variables=Obj(optional={"where": Nullable(ANY_OBJECT)}))
def get_backup_services(
    ctx: SimContext, _user: Any, variables: dict[str, Any], _arguments: Any
) -> Reply:
    """List backup services with their install state."""
    views = [backup.service_view(ctx, app) for app in apps.apps_of(ctx, "bak")]
    return Reply({"backupServices": query(views, {"where": variables.get("where")})})


@graphql_operation("updateBackupService", variables=UPDATE_BACKUP_SERVICE)
def update_backup_service(
    ctx: SimContext, _user: Any, variables: dict[str, Any], _arguments: Any
) -> Reply:
    """Set the clusters the backup service protects."""
    app = apps.app_by_id(ctx, variables["where"]["id"], "bak")
    clusters = (variables["data"].get("backup_clusters") or {}).get("set")
    if clusters is not None:
        app["backup_clusters"] = [
            apps.connected_cluster(ctx, item["id"])["id"] for item in clusters
        ]
    return Reply({"updateBackupService": backup.service_view(ctx, app)})
