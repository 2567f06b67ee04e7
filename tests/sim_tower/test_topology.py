"""Rack topology, alert notifiers and content-library image uploads through CloudTower REST."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cxvoyager.sim import Simulator
from tests.sim_tower.conftest import TowerClient
from tests.sim_tower.spec import schema_errors

MIB = 1024 * 1024


def _rack(client: TowerClient, cluster: dict[str, Any], name: str = "A01", height: int = 42) -> Any:
    zone = client.rest("get-zone-topoes", {}).json()[0]
    return client.rest(
        "create-rack-topo",
        [{"cluster_id": cluster["id"], "zone_topo_id": zone["id"], "height": height, "name": name}],
    )


def test_rack_and_bricks(
    tower: TowerClient, connected: dict[str, Any], reference_dir: Path
) -> None:
    """A rack contains bricks that contain the hosts' nodes; the views validate against the spec."""
    assert (
        schema_errors(reference_dir, "get-zone-topoes", tower.rest("get-zone-topoes", {}).json())
        == []
    )
    rack = _rack(tower, connected)
    assert rack.status_code == 200, rack.text
    assert schema_errors(reference_dir, "create-rack-topo", rack.json()) == []
    nodes = tower.rest("get-node-topoes", {"orderBy": "name_ASC"}).json()
    assert schema_errors(reference_dir, "get-node-topoes", nodes) == []
    brick = tower.rest(
        "create-brick-topo",
        [
            {
                "cluster_id": connected["id"],
                "rack_topo_id": rack.json()[0]["data"]["id"],
                "name": "chassis-1",
                "height": 2,
                "position": 1,
                "node_topoes": {"id_in": [nodes[0]["id"], nodes[1]["id"]]},
            }
        ],
    )
    assert brick.status_code == 200, brick.text
    assert schema_errors(reference_dir, "create-brick-topo", brick.json()) == []
    assert [n["name"] for n in brick.json()[0]["data"]["node_topoes"]] == [
        "TEST-SMTX-Node-01",
        "TEST-SMTX-Node-02",
    ]
    racks = tower.rest("get-rack-topoes", {}).json()
    assert schema_errors(reference_dir, "get-rack-topoes", racks) == []
    assert racks[0]["brick_topoes"][0]["name"] == "chassis-1", racks
    assert (
        schema_errors(reference_dir, "get-brick-topoes", tower.rest("get-brick-topoes", {}).json())
        == []
    )


@pytest.mark.parametrize(
    ("position", "height"),
    [
        pytest.param(2, 2, id="overlaps"),
        pytest.param(41, 4, id="past-the-top"),
        pytest.param(0, 1, id="position-zero"),
    ],
)
def test_brick_must_fit(
    tower: TowerClient, connected: dict[str, Any], position: int, height: int
) -> None:
    """A brick that overlaps another or leaves the rack is rejected."""
    rack_id = _rack(tower, connected).json()[0]["data"]["id"]
    first = tower.rest(
        "create-brick-topo",
        [
            {
                "cluster_id": connected["id"],
                "rack_topo_id": rack_id,
                "name": "b1",
                "height": 2,
                "position": 1,
            }
        ],
    )
    assert first.status_code == 200, first.text
    bad = tower.rest(
        "create-brick-topo",
        [
            {
                "cluster_id": connected["id"],
                "rack_topo_id": rack_id,
                "name": "b2",
                "height": height,
                "position": position,
            }
        ],
    )
    assert bad.status_code == 400, bad.text


def test_rack_name_collides(tower: TowerClient, connected: dict[str, Any]) -> None:
    """Two racks of one cluster cannot share a name."""
    assert _rack(tower, connected).status_code == 200
    assert _rack(tower, connected).status_code == 400


def test_default_alert_notifier_update(
    tower: TowerClient, connected: dict[str, Any], reference_dir: Path
) -> None:
    """The default notifier exists and takes recipients, severities and language."""
    notifiers = tower.rest("get-alert-notifiers", {}).json()
    assert schema_errors(reference_dir, "get-alert-notifiers", notifiers) == []
    body = {
        "id": notifiers[0]["id"],
        "email_tos": ["ops@example.com"],
        "notice_severities": ["CRITICAL"],
        "language_code": "ZH_CN",
        "disabled": False,
    }
    updated = tower.rest("update-alert-notifier", body)
    assert updated.status_code == 200, updated.text
    assert schema_errors(reference_dir, "update-alert-notifier", updated.json()) == []
    assert updated.json()["data"]["email_tos"] == ["ops@example.com"]
    unknown_smtp = tower.rest(
        "update-alert-notifier", {**body, "smtp_server_id": "cnosmtp000000000000000000"}
    )
    assert unknown_smtp.status_code == 404, unknown_smtp.text


def _upload_chunk(
    client: TowerClient, cluster: dict[str, Any], content: bytes, size: int, task_id: str | None
) -> Any:
    form = {
        "name": "fio.iso",
        "size": str(size),
        "description": "",
        "clusters": json.dumps({"id": cluster["id"]}),
    }
    if task_id is not None:
        form["upload_task_id"] = task_id
    return client.rest("upload-content-library-image", data=form, files={"file": ("blob", content)})


def test_content_library_upload(
    tower: TowerClient, site: Simulator, connected: dict[str, Any], reference_dir: Path
) -> None:
    """An ISO uploads in 8 MiB chunks: the first creates the task, the last makes the image."""
    content = b"\x00" * (8 * MIB) + b"iso-tail"
    first = _upload_chunk(tower, connected, content[: 8 * MIB], len(content), None)
    assert first.status_code == 200, first.text
    assert schema_errors(reference_dir, "upload-content-library-image", first.json()) == []
    task_id = first.json()[0]["id"]
    assert first.json()[0]["status"] == "UPLOADING"
    short = _upload_chunk(tower, connected, b"x", len(content), task_id)
    assert short.status_code == 400, short.text
    last = _upload_chunk(tower, connected, content[8 * MIB :], len(content), task_id)
    assert last.json()[0]["status"] == "SUCCESSED", last.json()
    images = tower.rest("get-content-library-images", {"where": {"name": "fio.iso"}}).json()
    assert schema_errors(reference_dir, "get-content-library-images", images) == []
    assert images[0]["size"] == len(content), images
    names = [image["name"] for image in site.context.state["cluster"]["images"].values()]
    assert names == ["fio.iso"], names


def test_upload_needs_multipart(tower: TowerClient, connected: dict[str, Any]) -> None:
    """A JSON body is not an upload."""
    assert tower.rest("upload-content-library-image", {"name": "x"}).status_code == 400
