"""Guests and every other SSH-reachable machine: the simulator's SSH server hook.

``Simulator.start`` calls ``start_ssh(ctx)``; the returned server maps each
SSH-capable planned address to a loopback port (``.ports``) and stops with
``.stop()``. Test VMs are reached the way the suite reaches real ones: SSH to
the guest address with the account set at VM creation.
"""

from __future__ import annotations

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.ssh import SSHServer, start_ssh_server


def start_ssh(ctx: SimContext) -> SSHServer:
    """Start the SSH listeners of the simulated site and return the running server."""
    return start_ssh_server(ctx)
