"""Chunked image uploads to the SMTX OS cluster: ISO images and the VMTools (SVT) image.

An upload creates a volume of the declared size, then accepts 8 MiB chunks
numbered from 0 in any order. ``to_upload`` lists the chunk numbers still
missing, and the upload is complete when it is empty. Chunk data is written
into a sparse file in the state directory, so the image's MD5 and size come
from the bytes actually received. A chunk may be sent again (a retry after
a lost response) and simply overwrites the same range.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.smtx import store
from cxvoyager.sim.smtx.envelope import IN_USE, INTERNAL, NOT_FOUND, SmtxApiError, invalid

logger = logging.getLogger(__name__)

CHUNK_SIZE = 8 * 1024 * 1024  # bytes; the server decides it, 8 MiB in every capture
ISCSI_TARGET = "iscsi://iqn.2016-02.com.smartx:system:{datastore}/{lun}"
SVT_PATH = "/usr/share/smartx/images/vmtools/{uuid}"
_memory_dir: Path | None = None


def _image_dir(ctx: SimContext) -> Path:
    """Return where chunk data goes: ``images/`` in the state directory, or a temporary one."""
    global _memory_dir
    if ctx.store.path is not None:
        folder = ctx.store.path.parent / "images"
    else:
        if _memory_dir is None:
            _memory_dir = Path(tempfile.mkdtemp(prefix="cxvoyager-sim-images-"))
            atexit.register(shutil.rmtree, _memory_dir, True)
        folder = _memory_dir
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def clear_data(ctx: SimContext) -> None:
    """Delete the chunk data of every image (a new site starts with no images)."""
    for path in _image_dir(ctx).glob("*.img"):
        path.unlink(missing_ok=True)


def _data_file(ctx: SimContext, image_uuid: str) -> Path:
    return _image_dir(ctx) / f"{image_uuid}.img"


def query_int(args: Any, name: str) -> int:
    """Read a required whole-number query parameter.

    Raises:
        SmtxApiError: the parameter is missing or not a whole number.
    """
    text = args.get(name)
    if not text:
        raise invalid(name, "missing query parameter")
    if not text.isdigit():
        raise invalid(name, f"{text!r} is not a whole number")
    return int(text)


def create_volume(
    ctx: SimContext, *, name: str, size: int, description: str, kind: str
) -> dict[str, Any]:
    """Create an upload volume for an image of ``size`` bytes; ``kind`` is ``iso`` or ``svt``.

    Raises:
        SmtxApiError: the name is empty or the size is not positive.
    """
    cluster = store.cluster(ctx)
    if not name.strip():
        raise invalid("name", "must not be empty")
    if size <= 0:
        raise invalid("size", "must be a positive number of bytes")
    image_uuid = store.new_uuid(ctx, "image")
    datastore = store.private(ctx.state)["storage_policies"][0]["datastores"][0]
    lun = store.next_number(ctx, "iscsi-lun")
    path = (
        SVT_PATH.format(uuid=image_uuid)
        if kind == "svt"
        else ISCSI_TARGET.format(datastore=datastore, lun=lun)
    )
    chunks = -(-size // CHUNK_SIZE)
    cluster["images"][image_uuid] = {
        "uuid": image_uuid,
        "name": name,
        "description": description,
        "size": size,
        "kind": kind,
        "chunk_size": CHUNK_SIZE,
        "zbs_volume_id": store.new_uuid(ctx, "zbs-volume"),
        "path": path,
        "to_upload": list(range(chunks)),
        "md5": None,
        "time": int(ctx.clock.now()),
    }
    with _data_file(ctx, image_uuid).open("wb") as handle:
        handle.truncate(size)  # sparse: only received chunks take disk space
    logger.info(
        "upload volume %s created for %s (%d bytes, %d chunks)", image_uuid, name, size, chunks
    )
    return volume_info(cluster["images"][image_uuid])


def volume_info(image: dict[str, Any]) -> dict[str, Any]:
    """Render the create-volume response."""
    return {
        "chunk_size": image["chunk_size"],
        "image_path": image["path"],
        "image_uuid": image["uuid"],
        "to_upload": list(image["to_upload"]),
        "zbs_volume_id": image["zbs_volume_id"],
    }


def get_image(ctx: SimContext, image_uuid: str) -> dict[str, Any]:
    """Return the image record.

    Raises:
        SmtxApiError: no image has this uuid (404).
    """
    image = store.cluster(ctx)["images"].get(image_uuid)
    if image is None:
        raise SmtxApiError(404, NOT_FOUND, f"image {image_uuid} not found")
    found: dict[str, Any] = image
    return found


def upload_chunk(
    ctx: SimContext, *, image_uuid: str, zbs_volume_id: str, chunk_num: int, data: bytes
) -> dict[str, Any]:
    """Store chunk ``chunk_num`` and return ``{chunk_num, to_upload}``.

    Raises:
        SmtxApiError: unknown image (404), wrong volume, chunk number or length (400),
            or an injected ``upload`` task failure (500).
    """
    image = get_image(ctx, image_uuid)
    if zbs_volume_id != image["zbs_volume_id"]:
        raise invalid("zbs_volume_id", f"{zbs_volume_id} is not the volume of image {image_uuid}")
    chunks = -(-image["size"] // image["chunk_size"])
    if not 0 <= chunk_num < chunks:
        raise invalid("chunk_num", f"{chunk_num} is outside 0-{chunks - 1}")
    offset = chunk_num * image["chunk_size"]
    expected = min(image["chunk_size"], image["size"] - offset)
    if len(data) != expected:
        raise invalid("file", f"chunk {chunk_num} has {len(data)} bytes, expected {expected}")
    if ctx.faults.take_task_failure("upload"):
        raise SmtxApiError(
            500, INTERNAL, f"failed to write chunk {chunk_num} of image {image_uuid}"
        )

    with _data_file(ctx, image_uuid).open("r+b") as handle:
        handle.seek(offset)
        handle.write(data)
    if chunk_num in image["to_upload"]:
        image["to_upload"].remove(chunk_num)
    if not image["to_upload"] and image["md5"] is None:
        image["md5"] = _md5(_data_file(ctx, image_uuid))
        logger.info(
            "upload of image %s (%s) complete, md5 %s", image_uuid, image["name"], image["md5"]
        )
    return {"chunk_num": chunk_num, "to_upload": list(image["to_upload"])}


def _md5(path: Path) -> str:
    digest = hashlib.md5()  # noqa: S324 - the API reports MD5 as a checksum, not for security
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def is_complete(image: dict[str, Any]) -> bool:
    """Tell whether every chunk of the image arrived."""
    return not image["to_upload"]


def users(ctx: SimContext, image: dict[str, Any]) -> list[dict[str, Any]]:
    """List the VMs that mount the image as their CD-ROM."""
    return [
        vm
        for vm in store.cluster(ctx)["vms"].values()
        if any(
            disk.get("type") == "cdrom" and disk.get("path") == image["path"]
            for disk in vm["disks"]
        )
    ]


def delete_image(ctx: SimContext, image_uuid: str) -> None:
    """Delete an image and its data.

    Raises:
        SmtxApiError: unknown image (404) or a VM still mounts it (409).
    """
    image = get_image(ctx, image_uuid)
    mounted = users(ctx, image)
    if mounted:
        raise SmtxApiError(
            409, IN_USE, f"image {image_uuid} is mounted by VM {mounted[0]['vm_name']}"
        )
    del store.cluster(ctx)["images"][image_uuid]
    _data_file(ctx, image_uuid).unlink(missing_ok=True)


def render_image(ctx: SimContext, image: dict[str, Any]) -> dict[str, Any]:
    """Render an ISO image as ``GET /api/v2/images`` lists it.

    NOTE: captures show only finished images; an unfinished one is listed with
    ``resource_state: "uploading"`` and ``md5: null``, which is a guess.
    """
    return {
        "description": image["description"],
        "file_name": image["uuid"],
        "md5": image["md5"],
        "name": image["name"],
        "os": None,
        "path": image["path"],
        "resource_state": "in-use" if is_complete(image) else "uploading",
        "size": image["size"],
        "time": image["time"],
        "type": "ISO_IMAGE",
        "uuid": image["uuid"],
        "vm_snapshots_count": 0,
        "vm_templates_count": 0,
        "vms_count": len(users(ctx, image)),
        "zbs_volume_id": image["zbs_volume_id"],
    }


def list_images(ctx: SimContext, name: str | None) -> list[dict[str, Any]]:
    """List ISO images, optionally only those named ``name``."""
    images = store.cluster(ctx)["images"].values()
    return [
        render_image(ctx, image)
        for image in images
        if image["kind"] == "iso" and (name is None or image["name"] == name)
    ]
