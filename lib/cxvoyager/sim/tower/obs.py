"""The Observability (OBS) bundle instance: views and the settings its GraphQL mutations change."""

from __future__ import annotations

from typing import Any

from cxvoyager.sim import records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import apps, mirror, store
from cxvoyager.sim.tower.errors import bad_input
from cxvoyager.sim.tower.ids import mirrored_cuid, new_ksuid
from cxvoyager.sim.tower.ovm import bundle_packages, bundle_view

SYSTEM_SERVICE_SETTLE_SECONDS = 120.0  # a connected system service reports INSTALLING this long


def vm_spec_view(app: dict[str, Any]) -> dict[str, Any]:
    """Return the ``vm_spec`` of an OBS instance (byte sizes are strings, as CloudTower sends)."""
    spec = app["vm_spec"]
    return {**spec, "__typename": "BundleApplicationInstanceVmSpec"}


def _cluster(ctx: SimContext, cluster_id: str) -> dict[str, Any]:
    record = store.collection(ctx, "clusters").get(cluster_id, {})
    view: dict[str, Any] = mirror.cluster_view(ctx, record) if record else {"id": cluster_id}
    hosts = [
        {"id": h["id"], "name": h["name"], "__typename": "Host"} for h in view.get("hosts", [])
    ]
    return {
        "id": cluster_id,
        "name": view.get("name", ""),
        "local_id": view.get("local_id"),
        "connect_state": view.get("connect_state"),
        "version": view.get("version"),
        "type": view.get("type"),
        "hosts": hosts,
        "__typename": "Cluster",
    }


def connected_cluster_view(
    ctx: SimContext, app: dict[str, Any], link: dict[str, Any]
) -> dict[str, Any]:
    """Return one ``BundleApplicationConnectedCluster`` of an OBS instance."""
    cluster = _cluster(ctx, link["cluster_id"])
    return {
        "id": link["id"],
        "name": cluster["name"],
        "status": "CONNECTED",
        "migration_status": None,
        "cluster": cluster,
        "host_plugin": {
            "id": link["host_plugin_id"],
            "host_plugin_instances": [],
            "__typename": "HostPlugin",
        },
        "observability_connected_cluster": {
            "id": link["observability_id"],
            "traffic_enabled": link["traffic_enabled"],
            "status": "RUNNING",
            "__typename": "ObservabilityConnectedCluster",
        },
        "bundle_application_instance": {
            "id": app["id"],
            "name": app["name"],
            "status": app["status"],
            "__typename": "BundleApplicationInstance",
        },
        "__typename": "BundleApplicationConnectedCluster",
    }


def system_service_views(ctx: SimContext, app: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the system services (CloudTower itself) the OBS instance monitors."""
    views = []
    for service in app.get("system_services", []):
        settled = ctx.clock.now() - service["since"] >= SYSTEM_SERVICE_SETTLE_SECONDS
        views.append(
            {
                "id": service["id"],
                "type": service["type"],
                "tenant_id": None,
                "status": "RUNNING" if settled else "INSTALLING",
                "system_service": {
                    "id": service["type"],
                    "name": service["name"],
                    "version": "4.6.0",
                    "__typename": "ObservabilityConnectedSystemServiceInfo",
                },
                "instances": [
                    {
                        "state": "STATE_RUNNING" if settled else "STATE_UNSPECIFIED",
                        "__typename": "ObservabilityConnectedSystemServiceInstance",
                    }
                ],
                "__typename": "ObservabilityConnectedSystemService",
            }
        )
    return views


def instance_view(ctx: SimContext, app: dict[str, Any]) -> dict[str, Any]:
    """Return the ``BundleApplicationInstance`` object of an OBS app record."""
    bundle = store.collection(ctx, "packages").get(app["package_id"], {})
    vm = records.vms(ctx.state).get(app["vm_uuid"])
    instances = (
        []
        if vm is None
        else [
            {
                "id": mirrored_cuid(ctx, "app-instance", app["vm_uuid"]),
                "vm": {
                    "id": mirrored_cuid(ctx, "vm", app["vm_uuid"]),
                    "status": apps.vm_status(ctx, app),
                    "cpu_usage": 0.7,
                    "memory_usage": 5.5,
                    "__typename": "Vm",
                },
                "__typename": "CloudTowerApplicationInstance",
            }
        ]
    )
    return {
        "id": app["id"],
        "name": app["name"],
        "description": app.get("description", ""),
        "status": app["status"],
        "error_code": app["error_code"],
        "health_status": "NORMAL" if app["status"] == "SUCCESS" else None,
        "application": {
            "id": app["application_id"],
            "instances": instances,
            "__typename": "CloudTowerApplication",
        },
        "vm_spec": vm_spec_view(app),
        "cluster": {**_cluster(ctx, app["cluster_id"]), "hosts": None},
        "connected_clusters": [
            connected_cluster_view(ctx, app, link) for link in app.get("links", [])
        ],
        "bundle_application_package": {
            "id": bundle.get("id"),
            "version": bundle.get("version"),
            "arch": bundle.get("arch"),
            "__typename": "BundleApplicationPackage",
        },
        "connected_system_services": system_service_views(ctx, app),
        "__typename": "BundleApplicationInstance",
    }


def snapshot(ctx: SimContext) -> dict[str, Any]:
    """Return the three root fields of ``observabilityInstanceAndApps``."""
    obs_apps = apps.apps_of(ctx, "obs")
    instances = [instance_view(ctx, app) for app in obs_apps]
    linked = [
        {**connected_cluster_view(ctx, app, link), "bundle_application_instance": view}
        for app, view in zip(obs_apps, instances, strict=True)
        for link in app.get("links", [])
    ]
    return {
        "bundleApplicationPackages": [bundle_view(ctx, bundle) for bundle in bundle_packages(ctx)],
        "bundleApplicationInstances": instances,
        "bundleApplicationConnectedClusters": linked,
    }


def connect_clusters(ctx: SimContext, app: dict[str, Any], cluster_ids: list[str]) -> None:
    """Let the OBS instance monitor exactly ``cluster_ids`` (each must be CONNECTED).

    Raises:
        TowerError: 400 while the instance is not installed; 404 for an unknown cluster.
    """
    if app["status"] != "SUCCESS":
        raise bad_input("sim.tower.app_not_ready", name=app["name"], status=app["status"])
    existing = {link["cluster_id"]: link for link in app.get("links", [])}
    links = []
    for cluster_id in cluster_ids:
        apps.connected_cluster(ctx, cluster_id)
        links.append(
            existing.get(cluster_id)
            or {
                "id": mirrored_cuid(ctx, "obs-link", f"{app['id']}/{cluster_id}"),
                "cluster_id": cluster_id,
                "host_plugin_id": mirrored_cuid(ctx, "host-plugin", f"{app['id']}/{cluster_id}"),
                "observability_id": new_ksuid(ctx, "obs-cluster"),
                "traffic_enabled": False,
            }
        )
    app["links"] = links
