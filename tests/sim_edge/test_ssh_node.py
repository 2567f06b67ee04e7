"""SSH to SMTX OS nodes: auth, identity and time commands, password rotation, closed ports."""

from __future__ import annotations

import paramiko
import pytest

from cxvoyager.sim import Simulator, physics
from cxvoyager.sim.ssh import load_host_key
from tests.sim_edge.builders import NODE_PASSWORD
from tests.sim_edge.sshclient import connect, run

HOST_1 = "10.0.20.11"
CLOSED_ERRORS = (paramiko.SSHException, EOFError, ConnectionError)


def test_node_runs_hostname(live_site: Simulator) -> None:
    """``hostname`` prints the planned hostname."""
    result = run(live_site, HOST_1, "smartx", NODE_PASSWORD, "hostname")
    assert (result.status, result.stdout) == (0, "TEST-SMTX-Node-01\n")


def test_wrong_password_rejected(live_site: Simulator) -> None:
    """A wrong password fails authentication."""
    with pytest.raises(paramiko.AuthenticationException):
        connect(live_site, HOST_1, "smartx", "not-the-password")


def test_unknown_user_rejected(live_site: Simulator) -> None:
    """A user without an account fails authentication."""
    with pytest.raises(paramiko.AuthenticationException):
        connect(live_site, HOST_1, "nobody", NODE_PASSWORD)


def test_unknown_command_exits_127(live_site: Simulator) -> None:
    """An unknown command exits 127 with ``command not found`` on stderr."""
    result = run(live_site, HOST_1, "smartx", NODE_PASSWORD, "frobnicate --all")
    assert result.status == 127
    assert result.stderr == "bash: frobnicate: command not found\n"


def test_date_follows_virtual_clock(live_site: Simulator) -> None:
    """``date +%s`` prints the virtual time within the node's clock offset."""
    result = run(live_site, HOST_1, "smartx", NODE_PASSWORD, "date +%s")
    assert result.status == 0
    assert abs(int(result.stdout) - live_site.clock.now()) <= 2, result.stdout


def test_chronyc_tracks_planned_ntp_server(live_site: Simulator) -> None:
    """``chronyc tracking`` reports the first NTP server and a sub-millisecond offset."""
    result = run(live_site, HOST_1, "smartx", NODE_PASSWORD, "chronyc tracking")
    pairs = (line.split(":", 1) for line in result.stdout.splitlines())
    fields = {key.strip(): value.strip() for key, value in pairs}
    offset = float(fields["System time"].split()[0])
    assert result.status == 0
    assert fields["Reference ID"].endswith("(10.0.0.2)")
    assert fields["Leap status"] == "Normal"
    assert offset < 0.001


def test_chronyc_unsynchronised_without_ntp(live_site: Simulator) -> None:
    """Before NTP is configured, chrony reports no synchronisation."""
    live_site.context.state["cluster"]["ntp_servers"] = []
    result = run(live_site, HOST_1, "smartx", NODE_PASSWORD, "chronyc tracking")
    assert "Leap status     : Not synchronised" in result.stdout


def test_chpasswd_rotates_password(live_site: Simulator) -> None:
    """``echo 'user:pw' | sudo chpasswd`` changes the password the next login checks."""
    new_password = "Rotated-Passw0rd#2"
    result = run(
        live_site, HOST_1, "smartx", NODE_PASSWORD, f"echo 'smartx:{new_password}' | sudo chpasswd"
    )
    assert result.status == 0, result.stderr
    assert live_site.context.state["nodes"][HOST_1]["passwords"]["smartx"] == new_password
    assert run(live_site, HOST_1, "smartx", new_password, "true").status == 0
    with pytest.raises(paramiko.AuthenticationException):
        connect(live_site, HOST_1, "smartx", NODE_PASSWORD)


def test_chpasswd_needs_root(live_site: Simulator) -> None:
    """Without sudo, chpasswd fails and the password stays."""
    result = run(
        live_site, HOST_1, "smartx", NODE_PASSWORD, "echo 'smartx:Other-Passw0rd' | chpasswd"
    )
    assert result.status == 1
    assert "cannot lock /etc/passwd" in result.stderr
    assert live_site.context.state["nodes"][HOST_1]["passwords"]["smartx"] == NODE_PASSWORD


def test_chpasswd_unknown_user_changes_nothing(live_site: Simulator) -> None:
    """A line for a missing user fails with chpasswd's message."""
    result = run(
        live_site, HOST_1, "smartx", NODE_PASSWORD, "echo 'ghost:New-Passw0rd' | sudo chpasswd"
    )
    assert result.status == 1
    assert "user 'ghost' does not exist" in result.stderr
    assert live_site.context.state["nodes"][HOST_1]["passwords"]["smartx"] == NODE_PASSWORD


def test_powered_off_host_closes_connection(live_site: Simulator) -> None:
    """With the host off, SSH to its address closes before the banner."""
    with live_site.context.store.lock:
        physics.power_off_host(live_site.context, HOST_1)
    with pytest.raises(CLOSED_ERRORS):
        connect(live_site, HOST_1, "smartx", NODE_PASSWORD)


def test_pipes_lists_and_redirections(live_site: Simulator) -> None:
    """Pipes, ``&&``/``||`` and file redirections behave as in bash."""
    result = run(
        live_site,
        HOST_1,
        "smartx",
        NODE_PASSWORD,
        "echo one > f.txt && echo two >> f.txt; cat f.txt | grep -c o; false || echo fallback",
    )
    assert result.stdout == "2\nfallback\n"
    missing = run(live_site, HOST_1, "smartx", NODE_PASSWORD, "cat nothing.txt 2>&1")
    assert (missing.status, missing.stdout) == (1, "cat: nothing.txt: No such file or directory\n")


def test_host_key_persists_across_restart(site: Simulator) -> None:
    """The host key is generated once per state directory and reused by the next simulator."""
    site.start()
    first = load_host_key(site.state_dir).get_fingerprint()
    site.stop()

    again = Simulator(site.context.plan, state_dir=site.state_dir, clock=site.clock)
    again.start()
    try:
        assert load_host_key(again.state_dir).get_fingerprint() == first
        assert run(again, HOST_1, "smartx", NODE_PASSWORD, "true").status == 0
    finally:
        again.stop()
