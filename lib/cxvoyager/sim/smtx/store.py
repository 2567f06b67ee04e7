"""Access to the SMTX OS parts of the state document, and generated identifiers.

Shared records (nodes, cluster, VMs) follow ``records.py``. What only the
SMTX OS services read lives under ``state["smtx"]``: the deployment job,
Fisheye sessions and root password, upload volumes, IPMI accounts, storage
policies, licence and counters for generated identifiers.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

from cxvoyager.sim import records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.smtx.envelope import NOT_FOUND, SmtxApiError


def private(state: dict[str, Any]) -> dict[str, Any]:
    """Return ``state["smtx"]``, creating it on first use."""
    section: dict[str, Any] = state.setdefault("smtx", {})
    return section


def cluster(ctx: SimContext) -> dict[str, Any]:
    """Return the deployed cluster record.

    Raises:
        SmtxApiError: the cluster is not deployed yet (404).
    """
    record = records.cluster(ctx.state)
    if record is None:
        raise SmtxApiError(404, NOT_FOUND, "cluster is not deployed")
    return record


def next_number(ctx: SimContext, name: str) -> int:
    """Return the next value of the persisted counter ``name`` (1, 2, ...)."""
    counters = private(ctx.state).setdefault("counters", {})
    counters[name] = counters.get(name, 0) + 1
    value: int = counters[name]
    return value


def new_uuid(ctx: SimContext, kind: str) -> str:
    """Generate a random-looking (version 4) UUID, deterministic for the seed and call order."""
    rng = ctx.rng("uuid", kind, next_number(ctx, f"uuid:{kind}"))
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def new_hex(ctx: SimContext, kind: str, length: int = 32) -> str:
    """Generate ``length`` lower-case hex digits, deterministic for the seed and call order."""
    rng = ctx.rng("hex", kind, next_number(ctx, f"hex:{kind}"))
    return "".join(rng.choice("0123456789abcdef") for _ in range(length))


def rfc3339(epoch: float) -> str:
    """Format epoch seconds as RFC 3339 UTC with nanoseconds, as Fisheye v3 does."""
    moment = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond * 1000:09d}Z"


def node_by_uuid(ctx: SimContext, host_uuid: str) -> dict[str, Any] | None:
    """Return the node record whose ``host_uuid`` is ``host_uuid``."""
    for node in ctx.state.get("nodes", {}).values():
        if node["host_uuid"] == host_uuid:
            found: dict[str, Any] = node
            return found
    return None
