"""The simulated site before delivery: racked, uninitialized nodes and their BMCs.

Service modules may define ``initialize(ctx)``; each runs once, in module
name order, when the state document is new, to add what that service models
(hardware inventories, CloudTower's empty database, ...).
"""

from __future__ import annotations

from cxvoyager.sim import network
from cxvoyager.sim.app import service_modules
from cxvoyager.sim.context import SimContext

STATE_VERSION = 1


def initialize(ctx: SimContext) -> bool:
    """Build the initial state when the document is new; tell whether it was."""
    state = ctx.state
    if state.get("version") == STATE_VERSION:
        return False
    state.clear()
    state["version"] = STATE_VERSION
    state["cluster_name"] = ctx.plan.cluster.name
    state["created_at"] = ctx.clock.now()
    for host in ctx.plan.hosts:
        # An uninitialized SMTX OS node: deployment API on HTTP and SSH.
        network.attach(
            state,
            str(host.management_ip),
            kind="node",
            key=str(host.index),
            ports=[network.SCHEME_PORTS["http"], network.SSH_PORT],
        )
        if host.bmc_ip is not None:
            network.attach(
                state,
                str(host.bmc_ip),
                kind="bmc",
                key=str(host.index),
                ports=[network.SCHEME_PORTS["https"], network.IPMI_PORT],
            )
    for module in service_modules():
        setup = getattr(module, "initialize", None)
        if setup is not None:
            setup(ctx)
    ctx.store.save()
    return True
