"""Installation files for sim mode: a CloudTower ISO and a VMTools ISO made on demand.

Real ISOs are gigabytes and cannot live in the repository, so in sim mode
the suite uploads generated files instead. Their content is pseudo-random
and deterministic: the same seed gives the same bytes, and checksums repeat
across runs. An ISO 9660 primary volume descriptor makes tools that read the
header recognize an ISO. The default size keeps a full suite run quick while still taking many
upload chunks; ``CXVOYAGER_SIM_ISO_MIB`` or the ``size`` argument sets
another size.
"""

from __future__ import annotations

import logging
import os
import random
from pathlib import Path

logger = logging.getLogger(__name__)

DEFAULT_SIZE = 64 * 1024 * 1024  # bytes: eight 8-MiB upload chunks
SIZE_ENV = "CXVOYAGER_SIM_ISO_MIB"
BLOCK = 1024 * 1024  # bytes generated and written at a time
SECTOR = 2048  # bytes of an ISO 9660 logical sector
DESCRIPTOR_OFFSET = 16 * SECTOR  # the primary volume descriptor sits in sector 16
VOLUME_ID_OFFSET = DESCRIPTOR_OFFSET + 40  # 32-byte volume identifier
APPLICATION_OFFSET = DESCRIPTOR_OFFSET + 574  # 128-byte application identifier

CLOUDTOWER_ISO = "cloudtower-v{version}.oe2003.x86_64.iso"
VMTOOLS_ISO = "SMTX_VMTOOLS-{version}.iso"
DEFAULT_VMTOOLS_VERSION = "4.0.0-2501"


def configured_size() -> int:
    """Return the size of generated ISOs in bytes, from ``CXVOYAGER_SIM_ISO_MIB`` or the default.

    Raises:
        ValueError: the variable is not a positive whole number of MiB.
    """
    text = os.environ.get(SIZE_ENV, "").strip()
    if not text:
        return DEFAULT_SIZE
    message = f"{SIZE_ENV} must be a positive whole number of MiB, got {text!r}"
    try:
        mib = int(text)
    except ValueError as exc:
        raise ValueError(message) from exc
    if mib <= 0:
        raise ValueError(message)
    return mib * 1024 * 1024


def cloudtower_iso(
    directory: Path, *, version: str, size: int | None = None, seed: int = 0
) -> Path:
    """Return a generated CloudTower ISO in ``directory``, creating it when missing."""
    name = CLOUDTOWER_ISO.format(version=version.lstrip("v"))
    return generate_iso(
        directory / name,
        volume_id="CLOUDTOWER",
        label=f"CloudTower {version}",
        size=size,
        seed=seed,
    )


def vmtools_iso(
    directory: Path,
    *,
    version: str = DEFAULT_VMTOOLS_VERSION,
    size: int | None = None,
    seed: int = 0,
) -> Path:
    """Return a generated VMTools (SVT) ISO in ``directory``, creating it when missing."""
    return generate_iso(
        directory / VMTOOLS_ISO.format(version=version),
        volume_id="SMTX_VMTOOLS",
        label=f"SMTX VMTools {version}",
        size=size,
        seed=seed,
    )


def generate_iso(path: Path, *, volume_id: str, label: str, size: int | None, seed: int) -> Path:
    """Write ``size`` deterministic bytes with an ISO 9660 header to ``path`` unless it exists."""
    wanted = size if size is not None else configured_size()
    if path.is_file() and path.stat().st_size == wanted:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    source = random.Random(f"{seed}/{path.name}")  # noqa: S311  (test data, not security)
    partial = path.with_suffix(path.suffix + ".part")

    with partial.open("wb") as stream:
        written = 0
        while written < wanted:
            block = bytearray(source.randbytes(min(BLOCK, wanted - written)))
            if written == 0:
                _write_header(block, volume_id=volume_id, label=label)
            stream.write(block)
            written += len(block)
    partial.replace(path)
    logger.info("generated %s (%d bytes)", path, wanted)
    return path


def _write_header(block: bytearray, *, volume_id: str, label: str) -> None:
    if len(block) < APPLICATION_OFFSET + 128:
        return
    block[DESCRIPTOR_OFFSET : DESCRIPTOR_OFFSET + 7] = b"\x01CD001\x01"
    block[VOLUME_ID_OFFSET : VOLUME_ID_OFFSET + 32] = volume_id.encode("ascii")[:32].ljust(32)
    block[APPLICATION_OFFSET : APPLICATION_OFFSET + 128] = label.encode("ascii")[:128].ljust(128)
