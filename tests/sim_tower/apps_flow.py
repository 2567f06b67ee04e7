"""Client-side steps the app tests share: uploads, GraphQL login, package lookups."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import requests

from tests.factories import PASSWORD
from tests.sim_tower.conftest import ENCODED_PASSWORD, TowerClient, load_example

CHUNK = 4096  # small chunks keep the tests fast; the protocol does not fix a size
OBS_FILE = "Observability-X86_64-v1.4.2-release.20250926-24.tar.gz"
BACKUP_FILE = "smtx-backup-dr-x86_64-2.2.1.tar.gz"


def graphql_login(client: TowerClient, reference_dir: Path) -> None:
    """Log in through GraphQL so the session carries connect.sid."""
    captured = load_example(reference_dir, "tower-gql-login-request.json")
    captured["variables"]["data"]["password"] = ENCODED_PASSWORD
    response = client.graphql("login", captured["query"], captured["variables"])
    assert response.status_code == 200, response.text


def create_upload_task(
    client: TowerClient, reference_dir: Path, *, filename: str, package: str, size: int
) -> str:
    captured = load_example(reference_dir, "tower-gql-create-upload-task-request.json")
    variables = captured["variables"]
    variables["data"].update(
        size=size, chunk_size=CHUNK, args={"name": filename, "package_name": package}
    )
    response = client.graphql("createUploadTask", captured["query"], variables)
    assert response.status_code == 200, response.text
    task_id: str = response.json()["data"]["createUploadTask"]["id"]
    return task_id


def send_chunk(
    client: TowerClient, reference_dir: Path, task_id: str, number: int, content: bytes
) -> requests.Response:
    """Send one chunk as a GraphQL multipart request (operations, map, file part 1)."""
    operations = load_example(
        reference_dir, "tower-gql-upload-cloud-tower-application-package-operations-part.json"
    )
    operations["variables"]["data"].update(upload_task_id=task_id, current_chunk=number, file=None)
    files = {
        "operations": (None, json.dumps(operations), "application/json"),
        "map": (None, json.dumps({"1": ["variables.data.file"]}), "application/json"),
        "1": ("blob", content, "application/octet-stream"),
    }
    return client.post("/api", files=files)


def upload_package(
    client: TowerClient, reference_dir: Path, *, filename: str, package: str, content: bytes
) -> str:
    """Upload a whole application package; return the upload task id."""
    task_id = create_upload_task(
        client, reference_dir, filename=filename, package=package, size=len(content)
    )
    for number, start in enumerate(range(0, len(content), CHUNK), start=1):
        response = send_chunk(
            client, reference_dir, task_id, number, content[start : start + CHUNK]
        )
        assert response.status_code == 200, response.text
        assert "errors" not in response.json(), response.text
    return task_id


def package_id(client: TowerClient, reference_dir: Path, name: str) -> str:
    captured = load_example(
        reference_dir, "tower-gql-cloud-tower-application-packages-request.json"
    )
    variables = {**captured["variables"], "where": {"AND": [{"name": name}]}}
    body = client.graphql("cloudTowerApplicationPackages", captured["query"], variables).json()
    packages = body["data"]["cloudTowerApplicationPackages"]
    assert len(packages) == 1, body
    found: str = packages[0]["id"]
    return found


def ovm_headers() -> dict[str, str]:
    token = base64.b64encode(f"o11y:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def ovm_upload(client: TowerClient, content: bytes, *, user_id: str) -> dict[str, Any]:
    """Upload the Observability package through ovm-operator and commit it."""
    base = "/api/ovm-operator/api"
    created = client.post(
        f"{base}/v3/chunkedUploads", {"origin_file_name": OBS_FILE}, headers=ovm_headers()
    )
    assert created.status_code == 200, created.text
    upload_id = created.json()["id"]
    for start in range(0, len(content), CHUNK):
        part = client.post(
            f"{base}/v1/chunkedUploads",
            headers=ovm_headers(),
            files={"file": ("blob", content[start : start + CHUNK])},
            data={"id": upload_id},
        )
        assert part.status_code == 200, part.text
        assert part.json()["offset"] == min(start + CHUNK, len(content)), part.json()
    commit = client.post(
        f"{base}/v3/chunkedUploads/{upload_id}:commit",
        headers={**ovm_headers(), "x-user-id": user_id},
    )
    assert commit.status_code == 200, commit.text
    body: dict[str, Any] = commit.json()
    return body
