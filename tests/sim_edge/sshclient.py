"""A paramiko client for the simulator's loopback SSH ports, verifying the simulator's host key."""

from __future__ import annotations

from dataclasses import dataclass

import paramiko

from cxvoyager.sim import Simulator
from cxvoyager.sim.ssh import load_host_key


@dataclass(frozen=True)
class Result:
    status: int
    stdout: str
    stderr: str


def connect(sim: Simulator, address: str, user: str, password: str) -> paramiko.SSHClient:
    """Log in to ``address`` through its loopback port; raise what paramiko raises on failure."""
    assert sim.endpoints is not None
    port = sim.endpoints.ssh_ports[address]
    key = load_host_key(sim.state_dir)
    client = paramiko.SSHClient()
    client.get_host_keys().add(f"[127.0.0.1]:{port}", key.get_name(), key)
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    try:
        client.connect(
            "127.0.0.1",
            port=port,
            username=user,
            password=password,
            timeout=5,
            banner_timeout=5,
            auth_timeout=5,
            allow_agent=False,
            look_for_keys=False,
        )
    except BaseException:
        client.close()
        raise
    return client


def run(sim: Simulator, address: str, user: str, password: str, command: str) -> Result:
    """Run one exec request and return its exit status and output."""
    client = connect(sim, address, user, password)
    try:
        _stdin, stdout, stderr = client.exec_command(command, timeout=10)
        out = stdout.read().decode()
        err = stderr.read().decode()
        return Result(stdout.channel.recv_exit_status(), out, err)
    finally:
        client.close()
