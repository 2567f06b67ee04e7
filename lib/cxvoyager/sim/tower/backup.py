"""The backup service (SMTX Backup & DR, package ``iomesh-backup``) as CloudTower shows it."""

from __future__ import annotations

from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import apps, store
from cxvoyager.sim.tower.ids import mirrored_cuid


def _nics(network: dict[str, str]) -> list[dict[str, str]]:
    return [
        {
            "vlanId": network["management_network_vlan"],
            "ip": network["management_network_ip"],
            "mask": network["management_network_subnet_mask"],
            "gateway": network["management_network_gateway"],
        },
        {
            "vlanId": network["storage_network_vlan"],
            "ip": network["storage_network_ip"],
            "mask": network["storage_network_subnet_mask"],
        },
    ]


def _instance_status(ctx: SimContext, app: dict[str, Any]) -> dict[str, Any]:
    vm_status = apps.vm_status(ctx, app)
    return {
        "applicationId": app["application_id"],
        "vm": {
            "id": mirrored_cuid(ctx, "vm", app["vm_uuid"]),
            "name": f"{app['application_name']}-0",
            "cluster": app["cluster_id"],
            "cpu": app["spec"]["vcpu"],
            "memory": app["spec"]["memory"],
            "vmStatus": vm_status,
            "network": {"nics": _nics(app["network"])},
            "vmUsage": "BACKUP_CONTROLLER",
            "status": {"message": vm_status},
        },
        "package": {"id": app["package_id"]},
        "status": {"phase": "RUNNING" if app["status"] == "RUNNING" else "PENDING", "error": {}},
    }


def service_view(ctx: SimContext, app: dict[str, Any]) -> dict[str, Any]:
    """Return the GraphQL ``BackupService`` object of a backup app record."""
    package = store.collection(ctx, "packages").get(app["package_id"], {})
    clusters = store.collection(ctx, "clusters")
    return {
        "id": app["id"],
        "name": app["name"],
        "status": app["status"],
        "entityAsyncStatus": "CREATING" if app["status"] == "INSTALLING" else None,
        "application": {
            "id": app["application_id"],
            "targetPackage": app["package_id"],
            "package": {
                "id": package.get("id"),
                "version": package.get("version"),
                "architecture": package.get("architecture"),
                "__typename": "CloudTowerApplicationPackage",
            },
            "instanceStatuses": [_instance_status(ctx, app)],
            "__typename": "CloudTowerApplication",
        },
        "backup_clusters": [
            {
                "id": cluster_id,
                "name": clusters.get(cluster_id, {}).get("name", ""),
                "__typename": "Cluster",
            }
            for cluster_id in app.get("backup_clusters", [])
        ],
        "backup_plans": [],
        "running_vm": {
            "id": mirrored_cuid(ctx, "vm", app["vm_uuid"]),
            "status": apps.vm_status(ctx, app),
            "cpu_usage": 1.2,
            "memory_usage": 20.5,
            "__typename": "Vm",
        },
        "__typename": "BackupService",
    }
