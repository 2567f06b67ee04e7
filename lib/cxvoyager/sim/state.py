"""The simulator's persisted state: one JSON document behind one lock.

Every request handler runs with the lock held (see ``app.py``), so handlers
read and change ``store.data`` freely. The document is saved atomically after
each changing request, which lets a restarted simulator (a ``--lf`` rerun in a
new pytest process) see the same cluster.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

STATE_FILE = "simulator.json"


class StateStore:
    """The simulator's state document, optionally persisted in ``directory``."""

    def __init__(self, directory: Path | None) -> None:
        self.path = directory / STATE_FILE if directory is not None else None
        self.lock = threading.RLock()
        self.data: dict[str, Any] = self._load()

    def _load(self) -> dict[str, Any]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            broken = self.path.with_suffix(".broken.json")
            logger.warning(
                "simulator state %s unreadable (%s); moved to %s", self.path, exc, broken
            )
            self.path.replace(broken)
            return {}
        return loaded if isinstance(loaded, dict) else {}

    @contextmanager
    def transaction(self) -> Iterator[dict[str, Any]]:
        """Hold the lock, yield the document and save it afterwards."""
        with self.lock:
            yield self.data
            self.save()

    def save(self) -> None:
        """Write the document atomically (temp file, fsync, rename)."""
        if self.path is None:
            return
        with self.lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(
                dir=self.path.parent, prefix=".sim-", suffix=".tmp"
            )
            with os.fdopen(handle, "w", encoding="utf-8") as temp:
                json.dump(self.data, temp, ensure_ascii=False, separators=(",", ":"))
                temp.flush()
                os.fsync(temp.fileno())
            Path(temp_name).replace(self.path)

    def reset(self) -> None:
        """Forget everything, in memory and on disk."""
        with self.lock:
            self.data.clear()
            if self.path is not None and self.path.exists():
                self.path.unlink()
