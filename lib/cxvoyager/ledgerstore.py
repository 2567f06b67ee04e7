"""Ledger files on disk: atomic JSON writes, loading with corrupt-file handling, lookups.

``write_json_atomically`` writes a temporary file in the same directory,
flushes and fsyncs it, renames it over the target and fsyncs the directory, so
a reader sees the previous or the next complete file even after kill -9.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1


def is_ledger_document(document: object) -> bool:
    """Tell whether parsed JSON has the ledger's format version and top-level shape."""
    if not isinstance(document, dict) or document.get("format") != FORMAT_VERSION:
        return False
    expected = {"plan": dict, "runs": list, "steps": dict, "outputs": dict, "resources": list}
    return all(isinstance(document.get(key), kind) for key, kind in expected.items())


def write_json_atomically(path: Path, document: object) -> None:
    """Replace ``path`` with ``document`` as JSON so readers never see a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed before the rename
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            json.dump(document, handle, ensure_ascii=False, indent=1, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        Path(handle.name).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(handle.name).unlink()
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    # The rename itself is durable only once the directory entry is flushed.
    # Windows cannot open a directory for fsync; NTFS journals the rename.
    if os.name == "nt":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_leftover_temporaries(path: Path) -> None:
    """Delete temporary files that a process killed inside ``write_json_atomically`` left.

    The ledger itself is intact in that case, so only the leftovers go.
    """
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            logger.debug("removed %s left by an interrupted ledger write", leftover.name)


def load_document(path: Path) -> dict[str, Any] | None:
    """Read a ledger file; move a corrupt one aside and return None."""
    if not path.exists():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        document = None
    if is_ledger_document(document):
        return document  # type: ignore[no-any-return]
    aside = path.with_name(f"{path.name}.corrupt-{datetime.now():%Y%m%d-%H%M%S-%f}")
    path.replace(aside)
    logger.warning("ledger %s is not a complete ledger file; moved it to %s", path, aside.name)
    return None


def read_header(path: Path) -> dict[str, Any] | None:
    """Return the ``plan`` block and run ends of a ledger file without moving bad files."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not is_ledger_document(document):
        return None
    return {"path": path, "plan": document["plan"], "updated": document.get("updated", "")}


def find_ledgers(state_dir: Path, *, target: str) -> Iterator[dict[str, Any]]:
    """Yield the headers of every ledger of ``target`` in a state directory, newest first."""
    headers = [read_header(path) for path in state_dir.glob(f"*-{target}-*.json")]
    valid = [header for header in headers if header is not None]
    yield from sorted(valid, key=lambda header: header["updated"], reverse=True)
