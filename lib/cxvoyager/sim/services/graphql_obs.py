"""CloudTower GraphQL: install and configure the Observability (OBS) instance."""

from __future__ import annotations

from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import apps, obs
from cxvoyager.sim.tower.errors import TowerError, bad_input
from cxvoyager.sim.tower.graphql import Reply, graphql_operation
from cxvoyager.sim.tower.ids import new_ksuid
from cxvoyager.sim.tower.inventory import vlan_uuid_of
from cxvoyager.sim.tower.schema import ANY_OBJECT, BOOL, INT, STR, ListOf, Obj

WHERE_ID = Obj({"id": STR})
VM_SPEC = Obj(
    {
        "ip": STR,
        "subnet_mask": STR,
        "gateway": STR,
        "vlan_id": STR,
        "vcpu_count": INT,
        "memory_size_bytes": STR,
        "storage_size_bytes": STR,
    },
    optional={"env_vars": ANY_OBJECT},
)
CREATE_INSTANCE = Obj(
    {
        "data": Obj(
            {
                "name": STR,
                "bundle_application_package": WHERE_ID,
                "cluster": WHERE_ID,
                "vm_spec": VM_SPEC,
            },
            optional={"description": STR, "host_id": STR},
        )
    }
)
CONNECT_CLUSTERS = Obj(
    {"where": WHERE_ID, "data": Obj({"connected_clusters": Obj({"id_in": ListOf(STR)})})}
)
NTP_URL = Obj({"where": WHERE_ID, "data": Obj({"ntp_service_url": STR})})
SYSTEM_SERVICE = Obj(
    {"system_service_id": STR, "system_service_name": STR, "type": STR},
    optional={"alerting_rules": ListOf(ANY_OBJECT), "instances": ListOf(ANY_OBJECT)},
)
SYSTEM_SERVICES = Obj({"ovm_name": STR, "connected_system_services": ListOf(SYSTEM_SERVICE)})
TRAFFIC = Obj({"where": WHERE_ID, "data": Obj({"traffic_enabled": BOOL})})


@graphql_operation("observabilityInstanceAndApps")
def observability_instance_and_apps(
    ctx: SimContext, _user: Any, _variables: Any, _arguments: Any
) -> Reply:
    """List OBS bundle packages, instances and their connected clusters."""
    return Reply(obs.snapshot(ctx))


def _byte_count(value: str, path: str) -> int:
    if not value.isdigit():
        raise bad_input("sim.tower.invalid", path=path, expected="decimal byte count", value=value)
    return int(value)


@graphql_operation("createBundleApplicationInstance", variables=CREATE_INSTANCE)
def create_instance(
    ctx: SimContext, _user: Any, variables: dict[str, Any], _arguments: Any
) -> Reply:
    """Install the OBS instance from an uploaded bundle package."""
    data = variables["data"]
    spec = data["vm_spec"]
    package_id = data["bundle_application_package"]["id"]
    if ctx.state["tower"]["packages"].get(package_id, {}).get("kind") != "bundle":
        raise TowerError(
            404, "sim.tower.not_found", kind="BundleApplicationPackage", where=package_id
        )
    sizing = {
        "vcpu": spec["vcpu_count"],
        "vlan_uuid": vlan_uuid_of(ctx, spec["vlan_id"]),
        "memory": _byte_count(
            spec["memory_size_bytes"], "variables.data.vm_spec.memory_size_bytes"
        ),
        "storage": _byte_count(
            spec["storage_size_bytes"], "variables.data.vm_spec.storage_size_bytes"
        ),
    }
    vm_spec = {key: spec[key] for key in VM_SPEC.required}
    app = apps.install_app(
        ctx,
        kind="obs",
        name=data["name"],
        application_name=f"observability-{data['name']}",
        package_id=package_id,
        cluster_id=data["cluster"]["id"],
        ip=spec["ip"],
        spec=sizing,
        extra={
            "vm_spec": vm_spec,
            "description": data.get("description", ""),
            "links": [],
            "system_services": [],
        },
    )
    return Reply(
        {
            "createBundleApplicationInstance": {
                "id": app["id"],
                "__typename": "BundleApplicationInstance",
            }
        },
        task_id=app["task_id"],
    )


@graphql_operation("updateObservabilityNtpUrl", variables=NTP_URL)
def update_ntp_url(
    ctx: SimContext, _user: Any, variables: dict[str, Any], _arguments: Any
) -> Reply:
    """Set the OBS instance's NTP servers; the response lists them ``;``-separated."""
    app = apps.app_by_id(ctx, variables["where"]["id"], "obs")
    servers = [
        item.strip() for item in variables["data"]["ntp_service_url"].replace(";", ",").split(",")
    ]
    if not all(servers):
        raise bad_input("sim.tower.ntp_invalid", value=variables["data"]["ntp_service_url"])
    app["ntp_service_url"] = ";".join(servers)
    return Reply(
        {
            "updateObservabilityNtpUrl": {
                "ntp_service_url": app["ntp_service_url"],
                "__typename": "UpdateNtpCommonResult",
            }
        }
    )


@graphql_operation("updateBundleApplicationInstanceConnectClusters", variables=CONNECT_CLUSTERS)
def connect_clusters(
    ctx: SimContext, _user: Any, variables: dict[str, Any], _arguments: Any
) -> Reply:
    """Choose the clusters the OBS instance monitors."""
    app = apps.app_by_id(ctx, variables["where"]["id"], "obs")
    obs.connect_clusters(ctx, app, variables["data"]["connected_clusters"]["id_in"])
    return Reply({"updateBundleApplicationInstanceConnectClusters": obs.instance_view(ctx, app)})


@graphql_operation("updateObservabilityConnectedSystemServices", variables=SYSTEM_SERVICES)
def connect_system_services(
    ctx: SimContext, _user: Any, variables: dict[str, Any], _arguments: Any
) -> Reply:
    """Let the installed OBS instance monitor system services such as CloudTower itself."""
    installed = [app for app in apps.apps_of(ctx, "obs") if app["status"] == "SUCCESS"]
    if not installed:
        raise bad_input(
            "sim.tower.app_not_ready", name=variables["ovm_name"], status="NOT_INSTALLED"
        )
    app = installed[0]
    known = {service["type"]: service for service in app["system_services"]}
    app["system_services"] = [
        known.get(item["type"])
        or {
            "id": new_ksuid(ctx, "obs-service"),
            "type": item["type"],
            "name": item["system_service_name"],
            "since": ctx.clock.now(),
        }
        for item in variables["connected_system_services"]
    ]
    views = obs.system_service_views(ctx, app)
    return Reply(
        {
            "updateObservabilityConnectedSystemServices": {
                "connected_system_services": views,
                "__typename": "ObservabilityConnectedSystemServices",
            }
        }
    )


@graphql_operation("updateObservabilityConnectedClusterTrafficEnabled", variables=TRAFFIC)
def enable_traffic(
    ctx: SimContext, _user: Any, variables: dict[str, Any], _arguments: Any
) -> Reply:
    """Turn traffic visualization on or off for one monitored cluster."""
    target = variables["where"]["id"]
    for app in apps.apps_of(ctx, "obs"):
        for link in app.get("links", []):
            if link["observability_id"] == target:
                link["traffic_enabled"] = variables["data"]["traffic_enabled"]
                return Reply(
                    {
                        "updateObservabilityConnectedClusterTrafficEnabled": {
                            "id": target,
                            "__typename": "ObservabilityConnectedCluster",
                        }
                    }
                )
    raise TowerError(404, "sim.tower.not_found", kind="ObservabilityConnectedCluster", where=target)
