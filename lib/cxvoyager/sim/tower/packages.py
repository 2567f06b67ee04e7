"""Application packages and the two upload protocols that bring them to CloudTower.

GraphQL upload tasks (``createUploadTask`` then one
``uploadCloudTowerApplicationPackage`` per chunk) carry 1-based chunks of
``chunk_size`` bytes, the last one shorter; the task is ``SUCCESSED`` when the
last chunk arrives and the package exists from then on. A chunk sent again
(a client retry) is acknowledged without being counted twice; a chunk that
skips ahead is rejected. The file's bytes are not kept, only their count and
a digest chained over the chunks (``chain_digest``), so uploading a
multi-GiB package does not grow the state.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import store
from cxvoyager.sim.tower.errors import TowerError, bad_input
from cxvoyager.sim.tower.ids import iso, new_cuid

_ARCH = re.compile(r"(x86_64|aarch64)", re.IGNORECASE)
_VERSION = re.compile(r"(\d+\.\d+(?:\.\d+)*(?:[-.][0-9A-Za-z.]+)?)\.tar\.gz$")
# NOTE: the package names of Everoute, SFS and SKS are this simulator's guess;
# only `iomesh-backup` is seen in real traces.
APP_KIND_BY_PACKAGE = {"iomesh-backup": "bak", "everoute": "er", "sfs": "sfs", "sks": "sks"}


def chain_digest(previous: str, content: bytes) -> str:
    """Return SHA-256 over the previous digest and this chunk's SHA-256, as hex.

    A hashlib object cannot be persisted between requests; the chain gives a
    stable fingerprint of the same bytes sent in the same chunks.
    """
    chunk_hash = hashlib.sha256(content).hexdigest()
    return hashlib.sha256((previous + chunk_hash).encode("ascii")).hexdigest()


def parse_package_file(filename: str) -> tuple[str, str]:
    """Return ``(architecture, version)`` from a package file name.

    Raises:
        TowerError: 400 when the name carries no architecture or version.
    """
    arch = _ARCH.search(filename)
    version = _VERSION.search(filename)
    if arch is None or version is None:
        raise bad_input("sim.tower.package_name", filename=filename)
    return arch.group(1).upper(), version.group(1)


def create_upload_task(ctx: SimContext, data: dict[str, Any]) -> dict[str, Any]:
    """Start a GraphQL upload task for an application package.

    Raises:
        TowerError: 400 for a bad size, chunk size, resource type or file name.
    """
    if data["resource_type"] != "CLOUDTOWER_APPLICATION_PACKAGE":
        raise bad_input(
            "sim.tower.invalid",
            path="variables.data.resource_type",
            expected="CLOUDTOWER_APPLICATION_PACKAGE",
            value=data["resource_type"],
        )
    if data["size"] <= 0 or data["chunk_size"] <= 0 or data.get("current_chunk", 1) != 1:
        raise bad_input("sim.tower.upload_sizes", size=data["size"], chunk_size=data["chunk_size"])
    parse_package_file(data["args"]["name"])
    now = ctx.clock.now()
    task: dict[str, Any] = {
        "id": new_cuid(ctx),
        "status": "INITIALIZING",
        "current_chunk": 1,
        "chunk_size": data["chunk_size"],
        "size": data["size"],
        "received": 0,
        "chunks_done": 0,
        "digest": "",
        "resource_type": data["resource_type"],
        "args": dict(data["args"]),
        "started": now,
        "finished": None,
        "updated": now,
        "package_id": None,
    }
    store.collection(ctx, "upload_tasks")[task["id"]] = task
    return task


def _expected_length(task: dict[str, Any], chunk: int) -> int:
    size, chunk_size = int(task["size"]), int(task["chunk_size"])
    total_chunks = -(-size // chunk_size)
    return chunk_size if chunk < total_chunks else size - chunk_size * (total_chunks - 1)


def upload_chunk(ctx: SimContext, task_id: str, chunk: int, content: bytes) -> dict[str, Any]:
    """Accept chunk number ``chunk`` (1-based) of an upload task; return the task.

    Raises:
        TowerError: 404 for an unknown task; 400 for a finished task, a chunk
            out of order or a chunk of the wrong length.
    """
    task = store.collection(ctx, "upload_tasks").get(task_id)
    if task is None:
        raise TowerError(404, "sim.tower.not_found", kind="UploadTask", where=task_id)
    if task["status"] in ("SUCCESSED", "FAILED"):
        raise bad_input("sim.tower.upload_finished", id=task_id, status=task["status"])
    if chunk <= task["chunks_done"]:
        return task
    if chunk != task["chunks_done"] + 1:
        raise bad_input("sim.tower.chunk_order", expected=task["chunks_done"] + 1, got=chunk)
    if len(content) != _expected_length(task, chunk):
        raise bad_input(
            "sim.tower.chunk_length",
            chunk=chunk,
            expected=_expected_length(task, chunk),
            got=len(content),
        )

    task["digest"] = chain_digest(task["digest"], content)
    task["received"] += len(content)
    task["chunks_done"] = chunk
    task["current_chunk"] = chunk
    task["status"] = "UPLOADING"
    task["updated"] = ctx.clock.now()
    if task["received"] == task["size"]:
        _finish_upload(ctx, task)
    return task


def _finish_upload(ctx: SimContext, task: dict[str, Any]) -> None:
    now = ctx.clock.now()
    task["finished"] = now
    if ctx.faults.take_task_failure("upload"):
        task["status"] = "FAILED"
        return
    task["status"] = "SUCCESSED"
    package = add_application_package(
        ctx,
        name=task["args"].get("package_name", ""),
        filename=task["args"]["name"],
        digest=task["digest"],
    )
    task["package_id"] = package["id"]


def add_application_package(
    ctx: SimContext, *, name: str, filename: str, digest: str
) -> dict[str, Any]:
    """Register an uploaded application package (a newer upload of the same file replaces it)."""
    architecture, version = parse_package_file(filename)
    packages = store.collection(ctx, "packages")
    for existing in list(packages.values()):
        if existing["kind"] == "application" and existing["filename"] == filename:
            packages.pop(existing["id"])
    package: dict[str, Any] = {
        "id": new_cuid(ctx),
        "kind": "application",
        "name": name,
        "filename": filename,
        "version": version,
        "architecture": architecture,
        "digest": digest,
        "created": ctx.clock.now(),
    }
    packages[package["id"]] = package
    return package


def application_packages(ctx: SimContext) -> list[dict[str, Any]]:
    """Return the application package records (not the Observability bundles)."""
    return [p for p in store.collection(ctx, "packages").values() if p["kind"] == "application"]


def package_view(package: dict[str, Any]) -> dict[str, Any]:
    """Return the ``CloudTowerApplicationPackage`` object of a package record."""
    return {
        "id": package["id"],
        "name": package["name"],
        "filename": package["filename"],
        "version": package["version"],
        "architecture": package["architecture"],
        "containers": {},
        "images": {},
        "scosVersion": "",
        "applications": [],
        "__typename": "CloudTowerApplicationPackage",
    }


def upload_task_view(task: dict[str, Any]) -> dict[str, Any]:
    """Return the ``UploadTask`` object of an upload task record."""
    return {
        "id": task["id"],
        "status": task["status"],
        "current_chunk": task["current_chunk"],
        "chunk_size": task["chunk_size"],
        "size": task["size"],
        "resource_type": task["resource_type"],
        "args": task["args"],
        "started_at": iso(task["started"]),
        "finished_at": iso(task["finished"]) if task["finished"] else None,
        "updatedAt": iso(task["updated"]),
        "__typename": "UploadTask",
    }
