"""Identifiers and timestamps in CloudTower's own formats.

CloudTower ids are cuids: 25 lower-case alphanumerics starting with ``c``.
Objects CloudTower creates get an id from a counter-salted generator, so a
rerun of the same calls yields the same ids; objects it mirrors from the SMTX
OS cluster (hosts, VMs, VDSes, VLANs) get an id derived from their SMTX uuid,
so they keep it across reads and restarts without being stored.
"""

from __future__ import annotations

import string
from datetime import datetime, timezone
from typing import Any

from cxvoyager.sim.context import SimContext

_CUID_ALPHABET = string.ascii_lowercase + string.digits
_KSUID_ALPHABET = string.digits + string.ascii_uppercase + string.ascii_lowercase


def tower(state: dict[str, Any]) -> dict[str, Any]:
    """Return CloudTower's sub-document of the simulator state."""
    document: dict[str, Any] = state["tower"]
    return document


def new_cuid(ctx: SimContext) -> str:
    """Return a fresh cuid for an object CloudTower creates."""
    document = tower(ctx.state)
    document["id_seq"] = document.get("id_seq", 0) + 1
    rng = ctx.rng("tower-cuid", document["id_seq"])
    return "c" + "".join(rng.choice(_CUID_ALPHABET) for _ in range(24))


def mirrored_cuid(ctx: SimContext, kind: str, local_id: str) -> str:
    """Return the stable cuid of an SMTX OS object of ``kind`` seen by CloudTower."""
    rng = ctx.rng("tower-mirror", kind, local_id)
    return "c" + "".join(rng.choice(_CUID_ALPHABET) for _ in range(24))


def new_ksuid(ctx: SimContext, kind: str) -> str:
    """Return a fresh 27-character KSUID-like id, as ovm-operator and the inspector use."""
    document = tower(ctx.state)
    document["id_seq"] = document.get("id_seq", 0) + 1
    rng = ctx.rng("tower-ksuid", kind, document["id_seq"])
    return "".join(rng.choice(_KSUID_ALPHABET) for _ in range(27))


def mac_address(ctx: SimContext, *salt: object) -> str:
    """Return a stable MAC address in the KVM range (52:54:00) for ``salt``."""
    octets = ctx.rng("mac", *salt).randbytes(3)
    return "52:54:00:" + ":".join(f"{octet:02x}" for octet in octets)


def iso(epoch: float) -> str:
    """Format epoch seconds as CloudTower does: UTC with milliseconds and ``Z``."""
    moment = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def rfc3339_nano(epoch: float) -> str:
    """Format epoch seconds with nanoseconds, as ovm-operator's v3 API does."""
    moment = datetime.fromtimestamp(epoch, tz=timezone.utc)
    nanos = round((epoch - int(epoch)) * 1e9) % 1_000_000_000
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{nanos:09d}Z"
