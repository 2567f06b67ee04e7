"""App instances through CloudTower: Observability, backup, Everoute, and the inspection report."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cxvoyager.sim import Simulator
from tests.sim_tower.apps_flow import (
    BACKUP_FILE,
    graphql_login,
    ovm_upload,
    package_id,
    upload_package,
)
from tests.sim_tower.conftest import TowerClient, load_example
from tests.sim_tower.spec import schema_errors

CONTENT = b"\x1f\x8b" + bytes(5000)


def _obs_snapshot(client: TowerClient, reference_dir: Path) -> dict[str, Any]:
    captured = load_example(reference_dir, "tower-gql-observability-instance-and-apps-request.json")
    body: dict[str, Any] = client.graphql("observabilityInstanceAndApps", captured["query"]).json()[
        "data"
    ]
    return body


def _default_vlan(client: TowerClient) -> str:
    vlan_id: str = client.rest("get-vlans", {"where": {"name": "default"}}).json()[0]["id"]
    return vlan_id


def _install_obs(
    client: TowerClient,
    site: Simulator,
    ready: dict[str, str],
    cluster: dict[str, Any],
    reference_dir: Path,
) -> str:
    graphql_login(client, reference_dir)
    ovm_upload(client, CONTENT, user_id=ready["root_id"])
    site.clock.advance(600)  # type: ignore[attr-defined]
    bundle_id = _obs_snapshot(client, reference_dir)["bundleApplicationPackages"][0]["id"]
    captured = load_example(
        reference_dir, "tower-gql-create-bundle-application-instance-request.json"
    )
    variables = captured["variables"]
    variables["data"]["bundle_application_package"]["id"] = bundle_id
    variables["data"]["cluster"]["id"] = cluster["id"]
    variables["data"]["vm_spec"].update(
        ip=str(site.context.plan.observability.ip),  # type: ignore[union-attr]
        vlan_id=_default_vlan(client),
    )
    response = client.graphql("createBundleApplicationInstance", captured["query"], variables)
    assert response.status_code == 200, response.text
    assert response.headers.get("X-Task-Id"), response.headers
    instance_id: str = response.json()["data"]["createBundleApplicationInstance"]["id"]
    return instance_id


def test_obs_install_succeeds(
    tower: TowerClient,
    site: Simulator,
    ready: dict[str, str],
    connected: dict[str, Any],
    reference_dir: Path,
) -> None:
    """OBS goes INSTALLING -> SUCCESS, its VM RUNNING, and its address responds afterwards."""
    instance_id = _install_obs(tower, site, ready, connected, reference_dir)
    address = str(site.context.plan.observability.ip)  # type: ignore[union-attr]
    installing = _obs_snapshot(tower, reference_dir)["bundleApplicationInstances"][0]
    assert installing["status"] == "INSTALLING", installing
    assert site.probe(address, 443) is False
    site.clock.advance(3600)  # type: ignore[attr-defined]
    instance = _obs_snapshot(tower, reference_dir)["bundleApplicationInstances"][0]
    assert (instance["id"], instance["status"], instance["health_status"]) == (
        instance_id,
        "SUCCESS",
        "NORMAL",
    )
    assert instance["application"]["instances"][0]["vm"]["status"] == "RUNNING", instance
    assert site.probe(address, 443) is True
    assert site.probe(address, 22) is True
    expected = load_example(
        reference_dir, "tower-gql-observability-instance-and-apps-response-success.json"
    )
    assert set(instance) == set(expected["data"]["bundleApplicationInstances"][0]), instance


def test_obs_configuration(
    tower: TowerClient,
    site: Simulator,
    ready: dict[str, str],
    connected: dict[str, Any],
    reference_dir: Path,
) -> None:
    """An installed OBS takes NTP, the cluster, CloudTower as system service and traffic."""
    instance_id = _install_obs(tower, site, ready, connected, reference_dir)
    site.clock.advance(3600)  # type: ignore[attr-defined]
    ntp = load_example(reference_dir, "tower-gql-update-observability-ntp-url-request.json")
    ntp["variables"]["where"]["id"] = instance_id
    answer = tower.graphql("updateObservabilityNtpUrl", ntp["query"], ntp["variables"]).json()
    assert (
        answer["data"]["updateObservabilityNtpUrl"]["ntp_service_url"]
        == "10.0.0.2;ntp.example.com;10.0.0.1"
    )

    link = load_example(
        reference_dir, "tower-gql-update-bundle-application-instance-connect-clusters-request.json"
    )
    link["variables"]["where"]["id"] = instance_id
    link["variables"]["data"]["connected_clusters"]["id_in"] = [connected["id"]]
    linked = tower.graphql(link["operationName"], link["query"], link["variables"]).json()["data"]
    assert (
        linked[link["operationName"]]["connected_clusters"][0]["cluster"]["id"] == connected["id"]
    ), linked

    services = load_example(
        reference_dir, "tower-gql-update-observability-connected-system-services-request.json"
    )
    answered = tower.graphql(
        services["operationName"], services["query"], services["variables"]
    ).json()
    expected = load_example(
        reference_dir, "tower-gql-update-observability-connected-system-services-response.json"
    )
    assert (
        answered["data"][services["operationName"]]["connected_system_services"][0]["status"]
        == "INSTALLING"
    )
    assert set(answered["data"][services["operationName"]]) == set(
        expected["data"][services["operationName"]]
    )

    observability_id = _obs_snapshot(tower, reference_dir)["bundleApplicationConnectedClusters"][0][
        "observability_connected_cluster"
    ]["id"]
    traffic = load_example(
        reference_dir,
        "tower-gql-update-observability-connected-cluster-traffic-enabled-request.json",
    )
    traffic["variables"]["where"]["id"] = observability_id
    enabled = tower.graphql(traffic["operationName"], traffic["query"], traffic["variables"]).json()
    assert enabled["data"][traffic["operationName"]]["id"] == observability_id, enabled
    connected_cluster = _obs_snapshot(tower, reference_dir)["bundleApplicationConnectedClusters"][0]
    assert connected_cluster["observability_connected_cluster"]["traffic_enabled"] is True


def test_obs_injected_failure(
    tower: TowerClient,
    site: Simulator,
    ready: dict[str, str],
    connected: dict[str, Any],
    reference_dir: Path,
) -> None:
    """task:obs-install:fail:1 fails the install task and the instance; nothing responds."""
    site.context.faults.add("task:obs-install:fail:1")
    _install_obs(tower, site, ready, connected, reference_dir)
    site.clock.advance(3600)  # type: ignore[attr-defined]
    instance = _obs_snapshot(tower, reference_dir)["bundleApplicationInstances"][0]
    assert instance["status"] == "FAILED", instance
    tasks = tower.rest(
        "get-tasks", {"where": {"description": "Install Application observability-obs"}}
    ).json()
    assert tasks[0]["status"] == "FAILED", tasks
    assert tasks[0]["error_message"], tasks
    assert site.probe(str(site.context.plan.observability.ip), 443) is False  # type: ignore[union-attr]


def _install_backup(
    client: TowerClient, site: Simulator, cluster: dict[str, Any], reference_dir: Path
) -> str:
    graphql_login(client, reference_dir)
    upload_package(
        client, reference_dir, filename=BACKUP_FILE, package="iomesh-backup", content=CONTENT
    )
    storage_vds = client.rest("get-vdses", {"where": {"name_contains": "vDS-Storage"}}).json()[0]
    created = client.rest(
        "create-vm-vlan", [{"vds_id": storage_vds["id"], "name": "backup-storage"}]
    ).json()
    captured = load_example(reference_dir, "tower-gql-create-backup-service-request.json")
    data = captured["variables"]["data"]
    management = _default_vlan(client)
    data["application"]["create"]["targetPackage"] = package_id(
        client, reference_dir, "iomesh-backup"
    )
    data.update(
        management_network_vlan=management,
        backup_network_vlan=management,
        storage_network_vlan=created[0]["data"]["id"],
        management_network_ip=str(site.context.plan.backup.ip),
    )  # type: ignore[union-attr]
    captured["variables"]["effect"]["running_cluster"] = cluster["id"]
    response = client.graphql("createBackupService", captured["query"], captured["variables"])
    assert response.status_code == 200, response.text
    service_id: str = response.json()["data"]["createBackupService"]["id"]
    return service_id


def _backup_services(client: TowerClient, reference_dir: Path) -> list[dict[str, Any]]:
    captured = load_example(reference_dir, "tower-gql-get-backup-services-request.json")
    services: list[dict[str, Any]] = client.graphql("getBackupServices", captured["query"]).json()[
        "data"
    ]["backupServices"]
    return services


def test_backup_install_and_attach(
    tower: TowerClient, site: Simulator, connected: dict[str, Any], reference_dir: Path
) -> None:
    """Backup goes INSTALLING -> RUNNING with its install task, then protects the cluster."""
    service_id = _install_backup(tower, site, connected, reference_dir)
    assert _backup_services(tower, reference_dir)[0]["status"] == "INSTALLING"
    site.clock.advance(600)  # type: ignore[attr-defined]
    service = _backup_services(tower, reference_dir)[0]
    assert (service["id"], service["status"], service["entityAsyncStatus"]) == (
        service_id,
        "RUNNING",
        None,
    )
    tasks = tower.rest(
        "get-tasks", {"where": {"description": "Install Application backup-bak"}}
    ).json()
    assert [t["status"] for t in tasks] == ["SUCCESSED"], tasks
    assert [step["key"] for step in tasks[0]["steps"]] == ["HANDLE_SCOS_VM", "DEPLOY_PACKAGE"]
    captured = load_example(reference_dir, "tower-gql-update-backup-service-request.json")
    captured["variables"]["where"]["id"] = service_id
    captured["variables"]["data"]["backup_clusters"]["set"] = [{"id": connected["id"]}]
    updated = tower.graphql("updateBackupService", captured["query"], captured["variables"]).json()
    assert updated["data"]["updateBackupService"]["id"] == service_id, updated
    assert _backup_services(tower, reference_dir)[0]["backup_clusters"][0]["id"] == connected["id"]


def test_backup_injected_failure(
    tower: TowerClient, site: Simulator, connected: dict[str, Any], reference_dir: Path
) -> None:
    """task:bak-install:fail:1 leaves the backup service INSTALL_FAILED."""
    site.context.faults.add("task:bak-install:fail:1")
    _install_backup(tower, site, connected, reference_dir)
    site.clock.advance(600)  # type: ignore[attr-defined]
    assert _backup_services(tower, reference_dir)[0]["status"] == "INSTALL_FAILED"


@pytest.mark.parametrize(
    ("package", "kind"),
    [
        pytest.param("everoute", "er", id="everoute"),
        pytest.param("sfs", "sfs", id="sfs"),
        pytest.param("sks", "sks", id="sks"),
    ],
)
def test_generic_application_install(
    tower: TowerClient,
    site: Simulator,
    connected: dict[str, Any],
    reference_dir: Path,
    package: str,
    kind: str,
) -> None:
    """Everoute, SFS and SKS install through deploy-cloudtower-application."""
    graphql_login(tower, reference_dir)
    upload_package(
        tower,
        reference_dir,
        filename=f"{package}-x86_64-1.2.0.tar.gz",
        package=package,
        content=CONTENT,
    )
    address = {
        "er": site.context.plan.everoute.vip,
        "sfs": site.context.plan.sfs.ip,  # type: ignore[union-attr]
        "sks": site.context.plan.sks.ip,
    }[kind]  # type: ignore[union-attr]
    body = {
        "name": kind,
        "targetPackage": package_id(tower, reference_dir, package),
        "vmSpec": {
            "template": {
                "cluster": connected["id"],
                "cpu": 4,
                "memory": 8,
                "memory_unit": "GB",
                "storages": [{"size": 100}],
                "network": {
                    "nics": [
                        {
                            "vlanId": _default_vlan(tower),
                            "ip": str(address),
                            "mask": "255.255.255.0",
                        }
                    ]
                },
            }
        },
    }
    deployed = tower.rest("deploy-cloudtower-application", body)
    assert deployed.status_code == 200, deployed.text
    assert schema_errors(reference_dir, "deploy-cloudtower-application", deployed.json()) == []
    assert deployed.json()["state"] == "INSTALLING"
    site.clock.advance(3600)  # type: ignore[attr-defined]
    apps = tower.rest("get-cloudtower-applications", {"where": {"name": kind}}).json()
    assert schema_errors(reference_dir, "get-cloudtower-applications", apps) == []
    assert apps[0]["state"] == "RUNNING", apps
    assert site.probe(str(address), 443) is True
    if kind == "er":
        controller = str(site.context.plan.everoute.controllers[0])  # type: ignore[union-attr]
        assert site.probe(controller, 22) is True


def test_inspection_report_is_a_zip(
    tower: TowerClient, site: Simulator, connected: dict[str, Any], reference_dir: Path
) -> None:
    """The inspection export runs, then succeeds, and downloads as a ZIP report."""
    job_request = load_example(reference_dir, "inspector-v3-jobs-create-request.json")
    job_request["cluster_uuids"] = [connected["local_id"]]
    job = tower.post("/api/inspector/api/v3/jobs", job_request)
    assert job.status_code == 200, job.text
    expected = load_example(reference_dir, "inspector-v3-jobs-create-response-truncated.json")
    assert set(job.json()) == set(expected), job.json()
    export_request = load_example(reference_dir, "inspector-v3-jobs-export-report-request.json")
    export_request["options"][0]["cluster_uuid"] = connected["local_id"]
    exported = tower.post(
        f"/api/inspector/api/v3/jobs/{job.json()['id']}:exportReport?format=word", export_request
    )
    filename = exported.json()["filename"]
    assert filename.startswith("InspectorReport-"), filename
    assert filename.endswith(f"-{job.json()['id']}.zip"), filename
    status = tower.get("/api/inspector/api/v3/export/status", params={"filename": filename}).json()
    assert status == {"filename": filename, "status": "EXPORT_RUNNING"}
    early = tower.get("/api/inspector/api/v1/export/download", params={"filename": filename})
    assert early.status_code == 400, early.text
    site.clock.advance(60)  # type: ignore[attr-defined]
    assert (
        tower.get("/api/inspector/api/v3/export/status", params={"filename": filename}).json()[
            "status"
        ]
        == "EXPORT_SUCCEEDED"
    )
    download = tower.get("/api/inspector/api/v1/export/download", params={"filename": filename})
    assert download.headers["Content-Type"] == "application/zip", download.headers
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        names = archive.namelist()
        report = archive.read(names[0]).decode("utf-8")
    assert names == [filename.removesuffix(".zip") + ".html"], names
    assert site.context.plan.cluster.name in report
    assert (
        "host_disk_is_healthy" not in report
    )  # excluded from the export list, so not in the report


def test_inspection_of_unknown_cluster_is_404(
    tower: TowerClient, connected: dict[str, Any]
) -> None:
    """An inspection job must name a connected cluster by its SMTX uuid (local_id)."""
    body = {
        "version": "1.1.1-rc.11",
        "cluster_uuids": [connected["id"]],
        "user_defined_items_names": ["x"],
    }
    response = tower.post("/api/inspector/api/v3/jobs", body)
    assert response.status_code == 404, response.text
