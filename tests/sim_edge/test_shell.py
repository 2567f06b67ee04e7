"""The exec shell subset: parsing of pipes, lists and redirections, and file commands."""

from __future__ import annotations

import pytest

from cxvoyager.sim import Simulator
from cxvoyager.sim.sshcommands import resolve_machine
from cxvoyager.sim.sshcommands.runner import run_line
from cxvoyager.sim.sshcommands.shell import Output, Redirect, ShellSyntaxError, parse

HOST_1 = "10.0.20.11"


def _run(site: Simulator, line: str, user: str = "smartx") -> Output:
    with site.context.store.lock:
        machine = resolve_machine(site.context, HOST_1)
        assert machine is not None
        return run_line(site.context, machine, user, line)


def test_parse_installer_command_line() -> None:
    """The documented installer line parses into one backgrounded command with two redirections."""
    sequence = parse("nohup sudo /opt/installer deploy > nohup.out 2>&1 &")
    [(pipeline, connector)] = sequence
    assert connector == "&"
    assert pipeline[0].argv == ["nohup", "sudo", "/opt/installer", "deploy"]
    assert pipeline[0].redirects == [Redirect(1, ">", "nohup.out"), Redirect(2, ">&", "1")]


def test_parse_keeps_quoted_operators_in_words() -> None:
    """Quoted text with shell operators stays one word, as a password may contain them."""
    [(pipeline, _)] = parse("echo 'smartx:a|b&c;d' | sudo chpasswd")
    assert pipeline[0].argv == ["echo", "smartx:a|b&c;d"]
    assert pipeline[1].argv == ["sudo", "chpasswd"]


@pytest.mark.parametrize(
    "line", ["echo 'open", "| cat", "echo >"], ids=["quote", "pipe", "redirect"]
)
def test_parse_rejects_broken_lines(line: str) -> None:
    """Unclosed quotes and operators without operands are syntax errors."""
    with pytest.raises(ShellSyntaxError):
        parse(line)


def test_syntax_error_exits_2(site: Simulator) -> None:
    """A broken command line exits 2 with bash's prefix."""
    result = _run(site, "echo 'open")
    assert result.status == 2
    assert result.stderr.startswith("bash: ")


def test_tee_needs_root_outside_home(site: Simulator) -> None:
    """``tee`` writes into the home directory, but /etc only with sudo."""
    denied = _run(site, "echo nameserver 10.0.0.114 | tee /etc/resolv.conf")
    allowed = _run(site, "echo nameserver 10.0.0.114 | sudo tee /etc/resolv.conf")
    assert denied.status == 1
    assert allowed.status == 0
    assert _run(site, "cat /etc/resolv.conf").stdout == "nameserver 10.0.0.114\n"


def test_head_tail_and_grep_flags(site: Simulator) -> None:
    """head/tail take -n N and -N, grep takes -c, -v, -i and -q with grep's exit statuses."""
    _run(site, "echo alpha > f; echo Beta >> f; echo gamma >> f")
    assert _run(site, "head -n 1 f").stdout == "alpha\n"
    assert _run(site, "tail -2 f").stdout == "Beta\ngamma\n"
    assert _run(site, "grep -ci beta f").stdout == "1\n"
    assert _run(site, "grep -v a f").stdout == ""
    assert _run(site, "grep -q delta f").status == 1


def test_relative_paths_resolve_in_home(site: Simulator) -> None:
    """A relative path names a file in the login user's home directory."""
    _run(site, "echo x > note.txt")
    assert _run(site, "cat /home/smartx/note.txt").stdout == "x\n"
    assert _run(site, "test -f /root/note.txt").status == 1


def test_sleep_takes_virtual_time(site: Simulator) -> None:
    """``sleep N`` reports N seconds of simulated time to wait."""
    assert _run(site, "sleep 30").wait_seconds == 30
