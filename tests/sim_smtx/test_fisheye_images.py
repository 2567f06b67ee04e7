"""Chunked image uploads through Fisheye: volumes, chunks, MD5, faults, deletion."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from cxvoyager.sim import site as initial_site
from tests.sim_smtx import flows
from tests.sim_smtx.shapes import load_example, missing_keys
from tests.sim_smtx.site import Site

ISO = "cloudtower-v4.6.2.oe2003.x86_64.iso"


def test_volume_lists_every_chunk(cluster: Site) -> None:
    """A new volume has 8 MiB chunks numbered from 0 and expects all of them."""
    volume = flows.create_volume(cluster, ISO, 3 * flows.CHUNK + 1)
    assert volume["chunk_size"] == flows.CHUNK, volume
    assert volume["to_upload"] == [0, 1, 2, 3], volume
    assert volume["image_path"].startswith("iscsi://iqn.2016-02.com.smartx:system:"), volume


def test_upload_reports_md5_and_size(cluster: Site) -> None:
    """After the last chunk the image lists the MD5 and size of the bytes received."""
    data = flows.image_bytes(2 * flows.CHUNK + 123)
    flows.upload_image(cluster, ISO, data)
    images = cluster.fisheye("GET", "/api/v2/images", params={"name": ISO}).json()["data"]["images"]
    assert len(images) == 1, images
    assert images[0]["md5"] == hashlib.md5(data).hexdigest()  # noqa: S324 - the API reports MD5
    assert images[0]["size"] == len(data)
    assert images[0]["resource_state"] == "in-use"


def test_chunks_in_any_order(cluster: Site) -> None:
    """Chunks may arrive out of order, and ``to_upload`` shrinks with each one."""
    data = flows.image_bytes(3 * flows.CHUNK)
    volume = flows.create_volume(cluster, ISO, len(data))
    remaining = []
    for number in (2, 0, 1):
        remaining.append(
            flows.send_chunk(cluster, volume, data, number).json()["data"]["to_upload"]
        )
    assert remaining == [[0, 1], [1], []]
    images = cluster.fisheye("GET", "/api/v2/images").json()["data"]["images"]
    assert images[0]["md5"] == hashlib.md5(data).hexdigest()  # noqa: S324 - the API reports MD5


def test_chunk_resent_is_accepted(cluster: Site) -> None:
    """Sending a chunk again (a retry) is accepted and changes nothing."""
    data = flows.image_bytes(2 * flows.CHUNK)
    volume = flows.create_volume(cluster, ISO, len(data))
    flows.send_chunk(cluster, volume, data, 0)
    response = flows.send_chunk(cluster, volume, data, 0)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["to_upload"] == [1]


def test_unfinished_image_listed_as_uploading(cluster: Site) -> None:
    """An unfinished upload is listed without MD5 and cannot be a VM's CD-ROM."""
    data = flows.image_bytes(2 * flows.CHUNK)
    volume = flows.create_volume(cluster, ISO, len(data))
    flows.send_chunk(cluster, volume, data, 0)
    image = cluster.fisheye("GET", "/api/v2/images").json()["data"]["images"][0]
    assert image["md5"] is None, image
    assert image["resource_state"] == "uploading", image
    response = cluster.fisheye(
        "POST", "/api/v2/vms", json=flows.cloudtower_vm_body(cluster, volume["image_path"])
    )
    assert response.status_code == 400, response.text
    assert "disks[1].path" in response.json()["error"]["msg"]


@pytest.mark.parametrize(
    ("params", "length", "expected"),
    [
        ({"chunk_num": 5}, flows.CHUNK, "chunk_num"),
        ({}, 100, "file"),
        ({"zbs_volume_id": "other"}, flows.CHUNK, "zbs_volume_id"),
        ({"chunk_num": "x"}, flows.CHUNK, "chunk_num"),
    ],
    ids=["chunk-out-of-range", "short-chunk", "wrong-volume", "chunk-not-number"],
)
def test_bad_chunk_rejected(
    cluster: Site, params: dict[str, object], length: int, expected: str
) -> None:
    """A chunk with a wrong number, volume or length is rejected naming the field."""
    volume = flows.create_volume(cluster, ISO, 2 * flows.CHUNK)
    query = {
        "zbs_volume_id": volume["zbs_volume_id"],
        "chunk_num": 0,
        "image_uuid": volume["image_uuid"],
        **params,
    }
    response = cluster.fisheye(
        "POST", "/api/v2/images/upload", params=query, files={"file": ("blob", b"x" * length)}
    )
    assert response.status_code == 400, response.text
    assert expected in response.json()["error"]["msg"]


def test_upload_fault_fails_one_chunk(cluster: Site) -> None:
    """``task:upload:fail:1`` makes the next chunk fail with 500; a retry succeeds."""
    cluster.simulator.context.faults.add("task:upload:fail:1")
    data = flows.image_bytes(flows.CHUNK)
    volume = flows.create_volume(cluster, ISO, len(data))
    failed = flows.send_chunk(cluster, volume, data, 0)
    assert failed.status_code == 500, failed.text
    assert failed.json()["ec"] == "EInternal"
    retried = flows.send_chunk(cluster, volume, data, 0)
    assert retried.json()["data"]["to_upload"] == []


def test_volume_needs_size(cluster: Site) -> None:
    """Creating a volume without a size, or with device other than nfs, is rejected."""
    response = cluster.fisheye("POST", "/api/v2/images/upload/volume", params={"name": ISO})
    assert response.status_code == 400, response.text
    params = {"name": ISO, "size": 10, "device": "iscsi"}
    assert cluster.fisheye("POST", "/api/v2/images/upload/volume", params=params).status_code == 400


def test_delete_image(cluster: Site) -> None:
    """DELETE removes an image and its data file."""
    volume = flows.create_volume(cluster, ISO, flows.CHUNK)
    response = cluster.fisheye("DELETE", f"/api/v2/images/{volume['image_uuid']}")
    assert response.status_code == 200, response.text
    assert cluster.fisheye("GET", "/api/v2/images").json()["data"]["images"] == []
    again = cluster.fisheye("DELETE", f"/api/v2/images/{volume['image_uuid']}")
    assert again.status_code == 404, again.text


def test_delete_mounted_image_fails(cluster: Site) -> None:
    """An image mounted as a VM's CD-ROM cannot be deleted."""
    flows.create_cloudtower_vm(cluster)
    image = cluster.fisheye("GET", "/api/v2/images").json()["data"]["images"][0]
    assert image["vms_count"] == 1, image
    response = cluster.fisheye("DELETE", f"/api/v2/images/{image['uuid']}")
    assert response.status_code == 409, response.text


def test_svt_upload(cluster: Site) -> None:
    """The VMTools image uploads through its own paths and is not listed among ISO images."""
    data = flows.image_bytes(flows.CHUNK + 7)
    response = cluster.fisheye(
        "POST",
        "/api/v2/svt_image/create_volume",
        params={"name": "SMTX_VMTOOLS-4.0.0.iso", "size": len(data)},
    )
    volume = response.json()["data"]
    assert volume["image_path"] == f"/usr/share/smartx/images/vmtools/{volume['image_uuid']}"
    for number in volume["to_upload"]:
        chunk = data[number * flows.CHUNK : (number + 1) * flows.CHUNK]
        params = {
            "zbs_volume_id": volume["zbs_volume_id"],
            "chunk_num": number,
            "image_uuid": volume["image_uuid"],
        }
        result = cluster.fisheye(
            "POST",
            "/api/v2/svt_image/upload_template",
            params=params,
            files={"file": ("blob", chunk)},
        )
        assert result.status_code == 200, result.text
    assert result.json()["data"]["to_upload"] == []
    assert cluster.fisheye("GET", "/api/v2/images").json()["data"]["images"] == []


def test_chunk_data_in_state_dir(cluster: Site) -> None:
    """Chunk data lives in the state directory next to the state document."""
    volume = flows.create_volume(cluster, ISO, flows.CHUNK)
    state_file = cluster.simulator.context.store.path
    assert state_file is not None
    assert (state_file.parent / "images" / f"{volume['image_uuid']}.img").exists()


def test_image_responses_match_examples(cluster: Site, reference_dir: Path) -> None:
    """Volume, chunk and list responses have the captured keys."""
    data = flows.image_bytes(flows.CHUNK)
    volume_response = cluster.fisheye(
        "POST",
        "/api/v2/images/upload/volume",
        params={"name": ISO, "size": len(data), "device": "nfs", "task_id": 1},
    )
    example = load_example(reference_dir, "fisheye-images-upload-volume-response.json")
    assert missing_keys(example, volume_response.json()) == []
    assert volume_response.json()["error"] is None
    chunk = flows.send_chunk(cluster, volume_response.json()["data"], data, 0)
    assert (
        missing_keys(
            load_example(reference_dir, "fisheye-images-upload-chunk-response.json"), chunk.json()
        )
        == []
    )
    listed = cluster.fisheye("GET", "/api/v2/images")
    assert (
        missing_keys(
            load_example(reference_dir, "fisheye-images-list-response.json"), listed.json()
        )
        == []
    )


def test_new_site_drops_image_data(cluster: Site) -> None:
    """Building a new site deletes the chunk files of the old one."""
    volume = flows.create_volume(cluster, ISO, flows.CHUNK)
    state_file = cluster.simulator.context.store.path
    assert state_file is not None
    data_file = state_file.parent / "images" / f"{volume['image_uuid']}.img"
    context = cluster.simulator.context
    with context.store.lock:
        context.state.clear()
        initial_site.initialize(context)
    assert not data_file.exists()
