"""The Observability package upload through ovm-operator, and the bundle it creates.

The protocol has no chunk numbers: ``v3`` creates an upload, each ``v1`` part
is appended and the response carries the running byte ``offset``, and
``v3 ...:commit`` hands the file to CloudTower, which then runs two tasks:
``Create Installation package <file>`` and ``Create Application package
observability-<arch>-<version>.tar.gz``. When the second succeeds the
Observability bundle package is listed by ``bundleApplicationPackages``.
"""

from __future__ import annotations

import re
from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import store
from cxvoyager.sim.tower.errors import TowerError, bad_input
from cxvoyager.sim.tower.ids import new_cuid, new_ksuid, rfc3339_nano
from cxvoyager.sim.tower.packages import chain_digest
from cxvoyager.sim.tower.tasks import on_finish, start_task

_OBS_FILE = re.compile(r"^Observability-(X86_64|AARCH64)-(v.+)-(\d+)\.tar\.gz$")
INSTALLATION_PACKAGE_SECONDS = 300.0
APPLICATION_PACKAGE_SECONDS = 100.0


def create_upload(ctx: SimContext, origin_file_name: str) -> dict[str, Any]:
    """Start an upload of an Observability package file.

    Raises:
        TowerError: 400 when the name is not ``Observability-<ARCH>-v<version>-<build>.tar.gz``.
    """
    if _OBS_FILE.match(origin_file_name) is None:
        raise bad_input("sim.tower.package_name", filename=origin_file_name)
    now = ctx.clock.now()
    upload: dict[str, Any] = {
        "id": new_ksuid(ctx, "ovm-upload"),
        "origin_file_name": origin_file_name,
        "offset": 0,
        "status": "UPLOADING",
        "digest": "",
        "created": now,
        "updated": now,
        "package_id": "",
    }
    store.collection(ctx, "ovm_uploads")[upload["id"]] = upload
    return upload


def append_part(ctx: SimContext, upload_id: str, content: bytes) -> dict[str, Any]:
    """Append one part to an upload; return the upload with its new offset.

    Raises:
        TowerError: 404 for an unknown upload, 400 when it was committed or the part is empty.
    """
    upload = _upload(ctx, upload_id)
    if upload["status"] != "UPLOADING":
        raise bad_input("sim.tower.upload_finished", id=upload_id, status=upload["status"])
    if not content:
        raise bad_input("sim.tower.chunk_length", chunk=upload["offset"], expected="> 0", got=0)
    upload["offset"] += len(content)
    upload["digest"] = chain_digest(upload["digest"], content)
    upload["updated"] = ctx.clock.now()
    return upload


def commit(ctx: SimContext, upload_id: str, user_id: str) -> dict[str, Any]:
    """Finish an upload and start CloudTower's two package tasks.

    Raises:
        TowerError: 404 for an unknown upload, 400 when it is empty or committed already.
    """
    upload = _upload(ctx, upload_id)
    if upload["status"] != "UPLOADING" or upload["offset"] == 0:
        raise bad_input("sim.tower.upload_finished", id=upload_id, status=upload["status"])
    # The name was checked when the upload was created.
    arch, version = _OBS_FILE.findall(upload["origin_file_name"])[0][:2]
    # NOTE: the commit response is not captured; the upload turns COMMITTED here.
    upload["status"] = "COMMITTED"
    upload["updated"] = ctx.clock.now()
    user = store.collection(ctx, "users")[user_id]
    owner = {"id": user["id"], "name": user["username"]}
    start_task(
        ctx,
        description=f"Create Installation package {upload['origin_file_name']}",
        hook="tower.ovm-installation-package",
        duration=INSTALLATION_PACKAGE_SECONDS,
        resource_mutation="",
        snapshot="",
        user=owner,
        args={},
    )
    start_task(
        ctx,
        description=f"Create Application package observability-{arch}-{version}.tar.gz",
        hook="tower.ovm-application-package",
        duration=APPLICATION_PACKAGE_SECONDS,
        fault_kind="upload",
        resource_type="CloudTowerApplicationPackage",
        snapshot='{"typename":"CloudTowerApplicationPackage"}',
        user=owner,
        steps=("READ_PACKAGE", "STORE_IMAGE", "CREATE_PACKAGE_RESOURCE"),
        args={"Hash": upload["digest"]},
        payload={"upload_id": upload_id, "arch": arch, "version": version},
    )
    return upload


def _upload(ctx: SimContext, upload_id: str) -> dict[str, Any]:
    upload = store.collection(ctx, "ovm_uploads").get(upload_id)
    if upload is None:
        raise TowerError(404, "sim.tower.not_found", kind="ChunkedUpload", where=upload_id)
    return upload


@on_finish("tower.ovm-application-package")
def _bundle_created(ctx: SimContext, task: dict[str, Any], succeeded: bool) -> None:
    if not succeeded:
        return
    arch, version = task["payload"]["arch"], task["payload"]["version"]
    packages = store.collection(ctx, "packages")
    for existing in list(packages.values()):
        if (
            existing["kind"] == "bundle"
            and existing["version"] == version
            and existing["arch"] == arch
        ):
            packages.pop(existing["id"])
    bundle = {
        "id": new_cuid(ctx),
        "kind": "bundle",
        "name": "Observability",
        "version": version,
        "arch": arch,
        "application_package_id": new_cuid(ctx),
        "host_plugin_ids": {"X86_64": new_cuid(ctx), "AARCH64": new_cuid(ctx)},
        "created": ctx.clock.now(),
    }
    packages[bundle["id"]] = bundle
    task["resource_id"] = bundle["application_package_id"]
    store.collection(ctx, "ovm_uploads")[task["payload"]["upload_id"]]["package_id"] = bundle["id"]


def bundle_packages(ctx: SimContext) -> list[dict[str, Any]]:
    """Return the Observability bundle package records."""
    return [p for p in store.collection(ctx, "packages").values() if p["kind"] == "bundle"]


def bundle_view(ctx: SimContext, bundle: dict[str, Any]) -> dict[str, Any]:
    """Return the GraphQL ``BundleApplicationPackage`` object of a bundle record."""
    applications = [
        {
            "id": app["application_id"],
            "name": f"observability-{app['name']}",
            "__typename": "CloudTowerApplication",
        }
        for app in store.collection(ctx, "apps").values()
        if app.get("package_id") == bundle["id"]
    ]
    return {
        "id": bundle["id"],
        "name": bundle["name"],
        "version": bundle["version"],
        "arch": bundle["arch"],
        "application_packages": [
            {
                "id": bundle["application_package_id"],
                "architecture": bundle["arch"],
                "version": bundle["version"],
                "applications": applications,
                "__typename": "CloudTowerApplicationPackage",
            }
        ],
        "host_plugin_packages": [
            {
                "id": plugin_id,
                "arch": arch,
                "version": bundle["version"],
                "__typename": "HostPluginPackage",
            }
            for arch, plugin_id in sorted(bundle["host_plugin_ids"].items(), reverse=True)
        ],
        "__typename": "BundleApplicationPackage",
    }


def ovm_v3_view(upload: dict[str, Any]) -> dict[str, Any]:
    """Return the v3 (JSON-style) form of an upload: offset as a string, status as a word."""
    return {
        "id": upload["id"],
        "package_name": "",
        "offset": str(upload["offset"]),
        "status": upload["status"],
        "origin_file_name": upload["origin_file_name"],
        "error_code": "",
        "error_message": "",
        "package_id": upload["package_id"],
        "create_time": rfc3339_nano(upload["created"]),
        "update_time": rfc3339_nano(upload["updated"]),
    }


def ovm_v1_view(upload: dict[str, Any]) -> dict[str, Any]:
    """Return the v1 (protobuf-JSON) form of an upload: numeric offset and status."""

    def stamp(epoch: float) -> dict[str, int]:
        return {
            "seconds": int(epoch),
            "nanos": round((epoch - int(epoch)) * 1e9) % 1_000_000_000,
        }

    # NOTE: only status 1 (uploading) is captured; other numbers are not known.
    return {
        "id": upload["id"],
        "offset": upload["offset"],
        "status": 1,
        "origin_file_name": upload["origin_file_name"],
        "create_time": stamp(upload["created"]),
        "update_time": stamp(upload["updated"]),
    }
