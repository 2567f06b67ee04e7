"""Clock offsets of the simulated machines, as ``chronyc tracking`` reports them.

Before the cluster has NTP servers, each node's clock is off by up to a few
seconds and chrony is not synchronised. Once the cluster record lists NTP
servers (or uses internal NTP), every node tracks the first source within a
fraction of a millisecond.
"""

from __future__ import annotations

from dataclasses import dataclass

from cxvoyager.sim import records
from cxvoyager.sim.context import SimContext


@dataclass(frozen=True)
class TimeSync:
    """A machine's time synchronisation as chrony sees it.

    Attributes:
        synchronised: whether chrony tracks a source.
        reference: the tracked source's address or name ("" when not synchronised).
        offset_seconds: the system clock minus true time; positive means fast.
        stratum: the machine's NTP stratum (0 when not synchronised).
    """

    synchronised: bool
    reference: str
    offset_seconds: float
    stratum: int


def time_sync(ctx: SimContext, address: str) -> TimeSync:
    """Return how well the machine at ``address`` keeps time now (deterministic per seed)."""
    cluster = records.cluster(ctx.state) or {}
    servers = [str(server) for server in cluster.get("ntp_servers") or []]
    internal = cluster.get("ntp_mode") == "internal"
    rng = ctx.rng("time-offset", address, bool(servers or internal))
    if servers:
        return TimeSync(True, servers[0], rng.uniform(-4e-4, 4e-4), 3)
    if internal and ctx.plan.hosts:
        master = str(ctx.plan.hosts[0].management_ip)
        return TimeSync(True, master, rng.uniform(-8e-4, 8e-4), 11)
    return TimeSync(False, "", rng.uniform(-3.0, 3.0), 0)
