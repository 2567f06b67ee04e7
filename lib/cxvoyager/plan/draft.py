"""The parsed workbook before validation: one entry per field, keyed by its dotted path.

Keys are the ones ``PlanModel.cells`` uses (``hosts.0.management_ip``,
``networks.business.3.vlan_id``, ``ntp_servers.1``). An entry keeps its cell,
the normalized text and the typed value, which is None when the cell is
empty or its text was invalid (an invalid value has already produced a
finding, so rules skip it instead of reporting it twice).
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import SecretStr

from cxvoyager.plan.model import CellRef


@dataclass
class Entry:
    """One field read from one cell."""

    key: str
    ref: CellRef
    value: Any = None
    text: str | None = None
    secret: bool = False
    invalid: bool = False

    @property
    def filled(self) -> bool:
        """Whether the cell held something, valid or not."""
        return self.text is not None


@dataclass
class Draft:
    """Every field read from the workbook, plus the rows of repeated groups.

    Attributes:
        entries: fields by dotted key, in reading order.
        rows: the sheet row of each repeated group (``hosts.0`` -> 3,
            ``networks.business.2`` -> 10, ``sfs`` -> 12).
        layout_ok: False when a sheet is missing or its headers moved; the
            affected sheets are then not read.
    """

    source: str
    entries: dict[str, Entry] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    layout_ok: bool = True

    def add(self, entry: Entry) -> None:
        """Store ``entry`` under its key."""
        self.entries[entry.key] = entry

    def entry(self, key: str) -> Entry | None:
        """Return the entry of ``key``, or None when the field was not read."""
        return self.entries.get(key)

    def value(self, key: str) -> Any:
        """Return the typed value of ``key`` (None when absent, empty or invalid)."""
        entry = self.entries.get(key)
        return None if entry is None else entry.value

    def filled(self, key: str) -> bool:
        """Whether the cell of ``key`` held something, valid or not."""
        entry = self.entries.get(key)
        return entry is not None and entry.filled

    def with_prefix(self, prefix: str) -> Iterator[Entry]:
        """Yield the entries whose key starts with ``prefix``."""
        return (entry for key, entry in self.entries.items() if key.startswith(prefix))

    def indices(self, group: str) -> list[int]:
        """Return the indices of a repeated group (``hosts``, ``networks.business``)."""
        found = []
        for key in self.rows:
            head, _, index = key.rpartition(".")
            if head == group and index.isdigit():
                found.append(int(index))
        return sorted(found)

    def fingerprint(self) -> str:
        """Return the SHA-256 of a canonical JSON of every parsed value.

        Secrets enter only as their own SHA-256, so changing a password
        changes the fingerprint without the password being recoverable.
        """
        content = {key: _canonical(entry.value) for key, entry in self.entries.items()}
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, SecretStr):
        digest = hashlib.sha256(value.get_secret_value().encode("utf-8")).hexdigest()
        return {"sha256": digest}
    if isinstance(value, (tuple, list)):
        return [_canonical(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)
