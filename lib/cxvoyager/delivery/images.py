"""Installation files: where they are found, and their chunked upload into the cluster.

In live mode the engineer points ``--iso-dir`` at the folder holding the
CloudTower and VMTools ISOs. In sim mode, without ``--iso-dir``, generated
files stand in for them (``cxvoyager.sim.artifacts``).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

from cxvoyager.clients.fisheye import FisheyeClient
from cxvoyager.clients.models.fisheye import Image
from cxvoyager.clients.progress import ProgressReporter
from cxvoyager.clients.upload import UploadResult, sha256_of, upload_file
from cxvoyager.clock import Clock
from cxvoyager.errors import CXVoyagerError, UploadError
from cxvoyager.i18n import t

logger = logging.getLogger(__name__)

CLOUDTOWER_PATTERN = "cloudtower-*.iso"
VMTOOLS_PATTERN = "SMTX_VMTOOLS-*.iso"
HASH_BLOCK = 8 * 1024 * 1024  # bytes read at a time while hashing


class InstallFileMissingError(CXVoyagerError):
    """No installation file matching the pattern exists in the search folder."""


def find_install_file(directory: Path, pattern: str) -> Path:
    """Return the newest-named file matching ``pattern`` in ``directory``.

    Raises:
        InstallFileMissingError: the folder contains no matching file.
    """
    matches = sorted(directory.glob(pattern)) if directory.is_dir() else []
    if not matches:
        raise InstallFileMissingError(
            t("stages.images.missing", pattern=pattern, folder=str(directory))
        )
    return matches[-1]


def md5_of(path: Path) -> str:
    """Return the hex MD5 of a file (the image store reports MD5), read in blocks."""
    digest = hashlib.md5()  # noqa: S324  (the checksum the image store reports, not security)
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(HASH_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def upload_image(
    client: FisheyeClient,
    path: Path,
    *,
    clock: Clock,
    description: str = "",
    progress: ProgressReporter | None = None,
) -> UploadResult:
    """Upload an ISO into the cluster's image store in chunks.

    After a failure that the chunk retries do not cure, the unfinished
    volume is deleted and the upload starts once more from a new volume.

    Raises:
        UploadError: the second attempt failed as well.
    """
    for attempt in (1, 2):
        protocol = client.image_upload(description=description)
        try:
            return upload_file(path, protocol, clock=clock, progress=progress)
        except UploadError:
            if attempt == 2:
                raise
            logger.warning("upload of %s failed; deleting the volume and starting again", path.name)
            protocol.abandon()
    raise AssertionError("unreachable")


def upload_vmtools(client: FisheyeClient, path: Path, *, clock: Clock) -> UploadResult:
    """Upload the VMTools ISO in chunks (one fresh retry, as ``upload_image``).

    Raises:
        UploadError: the second attempt failed as well.
    """
    for attempt in (1, 2):
        protocol = client.vmtools_upload()
        try:
            return upload_file(path, protocol, clock=clock)
        except UploadError:
            if attempt == 2:
                raise
            protocol.abandon()
    raise AssertionError("unreachable")


def image_problems(image: Image | None, path: Path) -> list[str]:
    """Return how the stored image differs from the local file (name, size, MD5, path)."""
    if image is None:
        return [t("stages.images.not_stored", name=path.name)]
    problems = []
    size = path.stat().st_size
    if image.size != size:
        problems.append(t("stages.images.size", name=path.name, expected=size, found=image.size))
    if image.md5 and image.md5.lower() != md5_of(path):
        problems.append(t("stages.images.md5", name=path.name, found=image.md5))
    if not image.path:
        problems.append(t("stages.images.no_path", name=path.name))
    return problems


def upload_stats(result: UploadResult) -> dict[str, Any]:
    """Return the upload statistics the ledger and the report keep (no file content)."""
    stats = asdict(result)
    stats.pop("result", None)
    return stats


def install_file(
    kind: str,
    *,
    iso_dir: Path | None,
    generated_dir: Path | None,
    cloudtower_version: str | None = None,
) -> Path:
    """Return the ``cloudtower`` or ``vmtools`` ISO to upload.

    ``iso_dir`` (``--iso-dir``) wins; without it, sim mode generates the file
    in ``generated_dir``.

    Raises:
        InstallFileMissingError: neither a folder nor sim mode provides the file.
    """
    pattern = CLOUDTOWER_PATTERN if kind == "cloudtower" else VMTOOLS_PATTERN
    if iso_dir is not None:
        return find_install_file(iso_dir, pattern)
    if generated_dir is None:
        raise InstallFileMissingError(t("stages.images.no_folder", pattern=pattern))
    from cxvoyager.sim import artifacts

    if kind == "cloudtower":
        return artifacts.cloudtower_iso(generated_dir, version=cloudtower_version or "4.7.1")
    return artifacts.vmtools_iso(generated_dir)


def sha256_hex(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in blocks."""
    return sha256_of(path)
