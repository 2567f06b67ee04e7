"""The CloudTower installer over SSH: preinstall, background deploy, log, success, failure."""

from __future__ import annotations

import paramiko
import pytest

from cxvoyager.sim import Simulator
from cxvoyager.sim.sshcommands.machines import CLOUDTOWER_DEFAULT_PASSWORD
from tests.sim_edge.builders import elapse
from tests.sim_edge.sshclient import Result, connect, run

TOWER = "10.0.20.2"
PREINSTALL = "sudo /usr/share/smartx/tower/preinstall.sh"
DEPLOY = "nohup sudo /usr/share/smartx/tower/installer/binary/installer deploy > nohup.out 2>&1 &"
SUCCESS = "Install Operation Center Successfully"


@pytest.fixture
def tower_vm(live_site: Simulator) -> Simulator:
    """The deployed site with CloudTower's VM up but CloudTower not yet installed."""
    state = live_site.context.state
    state["network"][TOWER]["ports"] = [22]
    state.setdefault("tower", {})["installed"] = False
    return live_site


def _tower(sim: Simulator, command: str) -> Result:
    return run(sim, TOWER, "cloudtower", CLOUDTOWER_DEFAULT_PASSWORD, command)


def test_default_account_logs_in(tower_vm: Simulator) -> None:
    """The ISO's ``cloudtower`` account logs in; a wrong password does not."""
    assert _tower(tower_vm, "whoami").stdout == "cloudtower\n"
    with pytest.raises(paramiko.AuthenticationException):
        connect(tower_vm, TOWER, "cloudtower", "wrong")


def test_log_missing_before_install(tower_vm: Simulator) -> None:
    """Before the installer starts, ``nohup.out`` does not exist."""
    cat = _tower(tower_vm, "cat nohup.out")
    assert (cat.status, cat.stderr) == (1, "cat: nohup.out: No such file or directory\n")
    assert _tower(tower_vm, "test -f nohup.out").status == 1


def test_installer_needs_preinstall_and_root(tower_vm: Simulator) -> None:
    """The installer refuses to run without sudo or before preinstall.sh."""
    no_root = _tower(tower_vm, "/usr/share/smartx/tower/installer/binary/installer deploy")
    no_preinstall = _tower(
        tower_vm, "sudo /usr/share/smartx/tower/installer/binary/installer deploy"
    )
    assert no_root.status == 1
    assert "root" in no_root.stderr
    assert no_preinstall.status == 1
    assert "preinstall.sh" in no_preinstall.stderr


def test_install_progresses_and_succeeds(tower_vm: Simulator) -> None:
    """The log grows over about 20 minutes, ends with the success line, and CloudTower opens 443."""
    assert _tower(tower_vm, PREINSTALL).status == 0
    started = _tower(tower_vm, DEPLOY)
    assert (started.status, started.stdout) == (0, "")
    assert _tower(tower_vm, "test -f nohup.out").status == 0

    elapse(tower_vm, 600)
    halfway = _tower(tower_vm, "cat nohup.out").stdout
    assert SUCCESS not in halfway
    assert not tower_vm.probe(TOWER, 443)

    elapse(tower_vm, 900)
    last = _tower(tower_vm, "tail -n 1 nohup.out").stdout
    assert last.rstrip().endswith(SUCCESS), last
    assert len(_tower(tower_vm, "cat nohup.out").stdout.splitlines()) > len(halfway.splitlines())
    assert tower_vm.context.state["tower"]["installed"] is True
    assert tower_vm.probe(TOWER, 443)


def test_second_installer_rejected_while_running(tower_vm: Simulator) -> None:
    """Starting the installer again while it runs fails."""
    _tower(tower_vm, PREINSTALL)
    _tower(tower_vm, DEPLOY)
    again = _tower(tower_vm, "sudo /usr/share/smartx/tower/installer/binary/installer deploy")
    assert again.status == 1
    assert "another installer" in again.stderr


def test_injected_failure_ends_with_error(tower_vm: Simulator) -> None:
    """With ``task:cloudtower-install:fail:1`` the log ends in an error and 443 stays closed."""
    tower_vm.context.faults.add("task:cloudtower-install:fail:1")
    _tower(tower_vm, PREINSTALL)
    _tower(tower_vm, DEPLOY)
    elapse(tower_vm, 1500)

    log = _tower(tower_vm, "cat nohup.out").stdout
    assert "ERROR" in log
    assert log.rstrip().endswith("Install Operation Center Failed")
    assert SUCCESS not in log
    assert tower_vm.context.state["tower"]["installed"] is False
    assert not tower_vm.probe(TOWER, 443)


def test_rerun_after_failure_succeeds(tower_vm: Simulator) -> None:
    """After an injected failure, running the installer again installs CloudTower."""
    tower_vm.context.faults.add("task:cloudtower-install:fail:1")
    _tower(tower_vm, PREINSTALL)
    _tower(tower_vm, DEPLOY)
    elapse(tower_vm, 1500)
    _tower(tower_vm, DEPLOY)
    elapse(tower_vm, 1500)
    assert _tower(tower_vm, "tail -1 nohup.out").stdout.rstrip().endswith(SUCCESS)


def test_foreground_install_waits_and_prints_log(tower_vm: Simulator) -> None:
    """A foreground run returns after the install with the whole log and exit 0."""
    _tower(tower_vm, PREINSTALL)
    before = tower_vm.clock.now()
    result = _tower(tower_vm, "sudo /usr/share/smartx/tower/installer/binary/installer deploy")
    assert result.status == 0, result.stderr
    assert result.stdout.rstrip().endswith(SUCCESS)
    assert tower_vm.clock.now() - before >= 1100
