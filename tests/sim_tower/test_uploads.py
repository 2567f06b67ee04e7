"""Chunked package uploads: GraphQL upload tasks (1-based chunks) and ovm-operator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cxvoyager.sim import Simulator
from tests.sim_tower.apps_flow import (
    BACKUP_FILE,
    CHUNK,
    OBS_FILE,
    create_upload_task,
    graphql_login,
    ovm_headers,
    ovm_upload,
    package_id,
    send_chunk,
    upload_package,
)
from tests.sim_tower.conftest import TowerClient, load_example
from tests.sim_tower.spec import schema_errors

CONTENT = bytes(range(256)) * 40  # 10240 bytes: chunks of 4096, 4096 and 2048


def test_graphql_upload_registers_package(
    tower: TowerClient, ready: dict[str, str], reference_dir: Path
) -> None:
    """Chunks 1..n make the task SUCCESSED and the package appears with version and architecture."""
    graphql_login(tower, reference_dir)
    task_id = create_upload_task(
        tower, reference_dir, filename=BACKUP_FILE, package="iomesh-backup", size=len(CONTENT)
    )
    first = send_chunk(tower, reference_dir, task_id, 1, CONTENT[:CHUNK]).json()
    expected = load_example(
        reference_dir, "tower-gql-upload-cloud-tower-application-package-response-uploading.json"
    )
    assert set(first["data"]["uploadCloudTowerApplicationPackage"]) == set(
        expected["data"]["uploadCloudTowerApplicationPackage"]
    )
    assert first["data"]["uploadCloudTowerApplicationPackage"]["status"] == "UPLOADING", first
    send_chunk(tower, reference_dir, task_id, 2, CONTENT[CHUNK : 2 * CHUNK])
    last = send_chunk(tower, reference_dir, task_id, 3, CONTENT[2 * CHUNK :]).json()
    assert last["data"]["uploadCloudTowerApplicationPackage"]["status"] == "SUCCESSED", last
    packages = tower.rest(
        "get-cloudtower-application-packages", {"where": {"name": "iomesh-backup"}}
    ).json()
    assert schema_errors(reference_dir, "get-cloudtower-application-packages", packages) == []
    assert (packages[0]["version"], packages[0]["architecture"]) == ("2.2.1", "X86_64"), packages
    assert package_id(tower, reference_dir, "iomesh-backup") == packages[0]["id"]
    tasks = tower.rest("get-upload-tasks", {"where": {"id": task_id}}).json()
    assert schema_errors(reference_dir, "get-upload-tasks", tasks) == []


@pytest.mark.parametrize(
    ("number", "content", "fragment"),
    [
        pytest.param(2, CONTENT[:CHUNK], "out of order", id="skips-ahead"),
        pytest.param(1, CONTENT[:100], "wrong length", id="short-chunk"),
    ],
)
def test_bad_chunk_is_rejected(
    tower: TowerClient,
    ready: dict[str, str],
    reference_dir: Path,
    number: int,
    content: bytes,
    fragment: str,
) -> None:
    """A chunk out of order or of the wrong length is a GraphQL error; the task stays usable."""
    graphql_login(tower, reference_dir)
    task_id = create_upload_task(
        tower, reference_dir, filename=BACKUP_FILE, package="iomesh-backup", size=len(CONTENT)
    )
    body = send_chunk(tower, reference_dir, task_id, number, content).json()
    assert fragment in body["errors"][0]["message"], body
    retry = send_chunk(tower, reference_dir, task_id, 1, CONTENT[:CHUNK]).json()
    assert retry["data"]["uploadCloudTowerApplicationPackage"]["current_chunk"] == 1, retry


def test_resent_chunk_is_not_counted_twice(
    tower: TowerClient, ready: dict[str, str], reference_dir: Path
) -> None:
    """A client retry of the last chunk is acknowledged and the upload still completes exactly."""
    graphql_login(tower, reference_dir)
    task_id = create_upload_task(
        tower, reference_dir, filename=BACKUP_FILE, package="iomesh-backup", size=len(CONTENT)
    )
    send_chunk(tower, reference_dir, task_id, 1, CONTENT[:CHUNK])
    again = send_chunk(tower, reference_dir, task_id, 1, CONTENT[:CHUNK]).json()
    assert again["data"]["uploadCloudTowerApplicationPackage"]["status"] == "UPLOADING", again
    send_chunk(tower, reference_dir, task_id, 2, CONTENT[CHUNK : 2 * CHUNK])
    last = send_chunk(tower, reference_dir, task_id, 3, CONTENT[2 * CHUNK :]).json()
    assert last["data"]["uploadCloudTowerApplicationPackage"]["status"] == "SUCCESSED", last


def test_injected_upload_failure(
    tower: TowerClient, site: Simulator, ready: dict[str, str], reference_dir: Path
) -> None:
    """task:upload:fail:1 ends the next upload FAILED and registers no package."""
    site.context.faults.add("task:upload:fail:1")
    graphql_login(tower, reference_dir)
    task_id = upload_package(
        tower, reference_dir, filename=BACKUP_FILE, package="iomesh-backup", content=CONTENT
    )
    tasks = tower.rest("get-upload-tasks", {"where": {"id": task_id}}).json()
    assert tasks[0]["status"] == "FAILED", tasks
    assert tower.rest("get-cloudtower-application-packages", {}).json() == []


def test_multipart_without_file_part_is_400(
    tower: TowerClient, ready: dict[str, str], reference_dir: Path
) -> None:
    """A GraphQL multipart request whose map names a missing part is rejected."""
    graphql_login(tower, reference_dir)
    operations = load_example(
        reference_dir, "tower-gql-upload-cloud-tower-application-package-operations-part.json"
    )
    response = tower.post(
        "/api",
        files={
            "operations": (None, json.dumps(operations)),
            "map": (None, '{"1": ["variables.data.file"]}'),
        },
    )
    assert response.status_code == 400, response.text


def _tasks_named(client: TowerClient, prefix: str) -> list[dict[str, Any]]:
    tasks: list[dict[str, Any]] = client.rest(
        "get-tasks", {"where": {"description_starts_with": prefix}}
    ).json()
    return tasks


def test_ovm_upload_creates_bundle(
    tower: TowerClient, site: Simulator, ready: dict[str, str], reference_dir: Path
) -> None:
    """The ovm-operator upload runs both package tasks, then lists the OBS bundle."""
    graphql_login(tower, reference_dir)
    commit = ovm_upload(tower, CONTENT, user_id=ready["root_id"])
    assert commit["offset"] == str(len(CONTENT)), commit
    site.clock.advance(600)  # type: ignore[attr-defined]
    installation = _tasks_named(tower, f"Create Installation package {OBS_FILE}")
    application = _tasks_named(
        tower, "Create Application package observability-X86_64-v1.4.2-release.20250926.tar.gz"
    )
    assert [t["status"] for t in installation + application] == ["SUCCESSED", "SUCCESSED"]
    assert schema_errors(reference_dir, "get-tasks", installation + application) == []
    captured = load_example(reference_dir, "tower-gql-observability-instance-and-apps-request.json")
    body = tower.graphql("observabilityInstanceAndApps", captured["query"]).json()["data"]
    bundle = body["bundleApplicationPackages"][0]
    assert (bundle["name"], bundle["version"], bundle["arch"]) == (
        "Observability",
        "v1.4.2-release.20250926",
        "X86_64",
    )


@pytest.mark.parametrize(
    ("headers", "use_cookie"),
    [
        pytest.param({}, True, id="no-basic"),
        pytest.param(None, False, id="no-cookie"),
        pytest.param({"Authorization": "Basic bzExeTp3cm9uZw=="}, True, id="wrong-password"),
    ],
)
def test_ovm_needs_basic_and_cookie(
    tower: TowerClient,
    ready: dict[str, str],
    reference_dir: Path,
    headers: dict[str, str] | None,
    use_cookie: bool,
) -> None:
    """ovm-operator wants both the o11y Basic credentials and a GraphQL session cookie."""
    if use_cookie:
        graphql_login(tower, reference_dir)
    response = tower.post(
        "/api/ovm-operator/api/v3/chunkedUploads",
        {"origin_file_name": OBS_FILE},
        headers={"Authorization": ""} | (ovm_headers() if headers is None else headers),
    )
    assert response.status_code == 401, response.text
    assert response.json()["code"] == 16, response.json()


def test_ovm_rejects_unexpected_file_name(
    tower: TowerClient, ready: dict[str, str], reference_dir: Path
) -> None:
    """Only Observability-<ARCH>-v<version>-<build>.tar.gz files are accepted."""
    graphql_login(tower, reference_dir)
    response = tower.post(
        "/api/ovm-operator/api/v3/chunkedUploads",
        {"origin_file_name": "obs.zip"},
        headers=ovm_headers(),
    )
    assert response.status_code == 400, response.text
