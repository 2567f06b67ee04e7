"""Content-library ISO images uploaded through CloudTower REST in 8 MiB chunks.

The first ``upload-content-library-image`` call carries no ``upload_task_id``
and creates the upload task; each later call names it and carries the next
chunk, strictly in order. Every chunk but the last is exactly
``CHUNK_SIZE`` bytes. When the last byte arrives the task is ``SUCCESSED``,
the image is listed by ``get-content-library-images`` and stored on the
cluster as an SMTX OS image.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from cxvoyager.sim import records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import store
from cxvoyager.sim.tower.errors import TowerError, bad_input
from cxvoyager.sim.tower.ids import iso, mirrored_cuid, new_cuid
from cxvoyager.sim.tower.mirror import nested_cluster
from cxvoyager.sim.tower.packages import chain_digest

CHUNK_SIZE = 8 * 1024 * 1024  # CloudTower's content-library upload slice
_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


def _size(form: dict[str, str]) -> int:
    try:
        size = int(form["size"]) * _UNITS[form.get("size_unit", "B") or "B"]
    except (KeyError, ValueError) as exc:
        raise bad_input(
            "sim.tower.invalid",
            path="form.size",
            expected="positive integer",
            value=form.get("size"),
        ) from exc
    if size <= 0:
        raise bad_input(
            "sim.tower.invalid", path="form.size", expected="positive integer", value=size
        )
    return size


def _new_task(ctx: SimContext, form: dict[str, str]) -> dict[str, Any]:
    try:
        clusters = json.loads(form["clusters"])
    except (KeyError, ValueError) as exc:
        raise bad_input(
            "sim.tower.invalid",
            path="form.clusters",
            expected="JSON ClusterWhereInput",
            value=form.get("clusters"),
        ) from exc
    cluster = nested_cluster(ctx)
    if (
        cluster is None
        or not isinstance(clusters, dict)
        or clusters.get("id", cluster["id"]) != cluster["id"]
    ):
        raise TowerError(404, "sim.tower.not_found", kind="Cluster", where=form.get("clusters"))
    if not form.get("name"):
        raise TowerError(400, "sim.tower.missing", path="form.name")
    now = ctx.clock.now()
    task: dict[str, Any] = {
        "id": new_cuid(ctx),
        "status": "UPLOADING",
        "current_chunk": 0,
        "chunk_size": CHUNK_SIZE,
        "size": _size(form),
        "received": 0,
        "chunks_done": 0,
        "digest": "",
        "resource_type": "CONTENT_LIBRARY_IMAGE",
        "args": {"name": form["name"]},
        "started": now,
        "finished": None,
        "updated": now,
        "description": form.get("description", ""),
    }
    store.collection(ctx, "upload_tasks")[task["id"]] = task
    return task


def upload_chunk(ctx: SimContext, form: dict[str, str], content: bytes) -> dict[str, Any]:
    """Accept one chunk of a content-library image; return the upload task.

    Raises:
        TowerError: 404 for an unknown task or cluster; 400 for a bad size or chunk.
    """
    task_id = form.get("upload_task_id")
    task = (
        _new_task(ctx, form) if not task_id else store.collection(ctx, "upload_tasks").get(task_id)
    )
    if task is None or task["resource_type"] != "CONTENT_LIBRARY_IMAGE":
        raise TowerError(404, "sim.tower.not_found", kind="UploadTask", where=task_id)
    if task["status"] != "UPLOADING":
        raise bad_input("sim.tower.upload_finished", id=task["id"], status=task["status"])
    remaining = task["size"] - task["received"]
    expected = min(CHUNK_SIZE, remaining)
    if len(content) != expected:
        raise bad_input(
            "sim.tower.chunk_length",
            chunk=task["chunks_done"] + 1,
            expected=expected,
            got=len(content),
        )
    task["received"] += len(content)
    task["chunks_done"] += 1
    task["current_chunk"] = task["chunks_done"]
    task["digest"] = chain_digest(task["digest"], content)
    task["updated"] = ctx.clock.now()
    if task["received"] == task["size"]:
        _finish(ctx, task)
    return task


def _finish(ctx: SimContext, task: dict[str, Any]) -> None:
    task["finished"] = ctx.clock.now()
    if ctx.faults.take_task_failure("upload"):
        task["status"] = "FAILED"
        return
    task["status"] = "SUCCESSED"
    smtx = records.cluster(ctx.state)
    image_uuid = str(
        uuid.UUID(int=ctx.rng("library-image", task["id"]).getrandbits(128), version=4)
    )
    if smtx is not None:
        smtx.setdefault("images", {})[image_uuid] = {
            "uuid": image_uuid,
            "name": task["args"]["name"],
            "size": task["size"],
            "type": "ISO_IMAGE",
            "path": f"/usr/share/smartx/images/{image_uuid}",
        }
    task["args"]["uploadElfImageLocalIds"] = [image_uuid]
    image = {
        "id": new_cuid(ctx),
        "name": task["args"]["name"],
        "description": task["description"],
        "size": task["size"],
        "created": task["finished"],
        "elf_image_uuids": [image_uuid],
    }
    store.collection(ctx, "content_library_images")[image["id"]] = image


def image_view(ctx: SimContext, image: dict[str, Any]) -> dict[str, Any]:
    """Return the ``ContentLibraryImage`` object of an image record."""
    cluster = nested_cluster(ctx)
    return {
        "id": image["id"],
        "name": image["name"],
        "description": image["description"],
        "size": image["size"],
        "path": f"/usr/share/smartx/images/{image['elf_image_uuids'][0]}",
        "createdAt": iso(image["created"]),
        "elf_image_uuids": list(image["elf_image_uuids"]),
        "elf_images": [
            {"id": mirrored_cuid(ctx, "elf-image", u), "name": image["name"]}
            for u in image["elf_image_uuids"]
        ],
        "clusters": [] if cluster is None else [cluster],
        "labels": [],
        "vm_templates": [],
        "vm_disks": [],
        "entityAsyncStatus": None,
    }
