"""Fisheye v2 image uploads: ISO images (F-18..F-21) and the VMTools image (F-13, F-14)."""

from __future__ import annotations

from typing import Any

from flask import request

from cxvoyager.sim.app import context
from cxvoyager.sim.smtx import images
from cxvoyager.sim.smtx.envelope import invalid, ok
from cxvoyager.sim.smtx.fisheye import cluster_endpoint, make_blueprint

blueprint = make_blueprint("fisheye_images")


def _chunk_bytes() -> bytes:
    upload = request.files.get("file")
    if upload is None:
        raise invalid("file", "missing multipart part")
    data: bytes = upload.read()
    return data


def _upload_chunk() -> Any:
    image_uuid = request.args.get("image_uuid") or ""
    zbs_volume_id = request.args.get("zbs_volume_id") or ""
    if not image_uuid:
        raise invalid("image_uuid", "missing query parameter")
    chunk_num = images.query_int(request.args, "chunk_num")
    result = images.upload_chunk(
        context(),
        image_uuid=image_uuid,
        zbs_volume_id=zbs_volume_id,
        chunk_num=chunk_num,
        data=_chunk_bytes(),
    )
    return ok(result)


@blueprint.get("/api/v2/images")
@cluster_endpoint()
def list_images() -> Any:
    """List ISO images, optionally filtered by ``name``."""
    return ok({"images": images.list_images(context(), request.args.get("name"))})


@blueprint.post("/api/v2/images/upload/volume")
@cluster_endpoint()
def create_upload_volume() -> Any:
    """Create the volume an ISO upload fills (query: name, size, description, device, task_id)."""
    device = request.args.get("device", "nfs")
    if device != "nfs":
        raise invalid("device", f"{device!r} is not supported, only 'nfs'")
    if request.args.get("task_id"):
        images.query_int(request.args, "task_id")
    volume = images.create_volume(
        context(),
        name=request.args.get("name", ""),
        size=images.query_int(request.args, "size"),
        description=request.args.get("description", ""),
        kind="iso",
    )
    response = ok(volume)
    # The captured response of this call carries "error": null instead of {}.
    response.set_data(response.get_data().replace(b'"error":{}', b'"error":null'))
    return response


@blueprint.post("/api/v2/images/upload")
@cluster_endpoint()
def upload_image_chunk() -> Any:
    """Store one chunk of an ISO upload."""
    return _upload_chunk()


@blueprint.delete("/api/v2/images/<image_uuid>")
@cluster_endpoint()
def delete_image(image_uuid: str) -> Any:
    """Delete an image (cleanup of a failed upload)."""
    images.delete_image(context(), image_uuid)
    return ok({})


@blueprint.post("/api/v2/svt_image/create_volume")
@cluster_endpoint()
def create_svt_volume() -> Any:
    """Create the volume the VMTools image upload fills (query: name, size)."""
    volume = images.create_volume(
        context(),
        name=request.args.get("name", ""),
        size=images.query_int(request.args, "size"),
        description="",
        kind="svt",
    )
    return ok(volume)


@blueprint.post("/api/v2/svt_image/upload_template")
@cluster_endpoint()
def upload_svt_chunk() -> Any:
    """Store one chunk of the VMTools image.

    NOTE: the real response is not captured; this returns the ISO chunk response.
    """
    return _upload_chunk()
