"""Test VM guests over SSH: reachability, disks, CPU and memory, and fio."""

from __future__ import annotations

import json

import paramiko
import pytest

from cxvoyager.sim import Simulator, physics
from tests.sim_edge.builders import GUEST_PASSWORD
from tests.sim_edge.sshclient import Result, connect, run

GUEST_1 = "10.0.20.231"
GUEST_2 = "10.0.20.232"
GIB = 2**30
FIO = (
    "fio --name=randread --filename=/dev/vdb --rw=randread --bs=4k --iodepth=32 --numjobs=4 "
    "--ioengine=libaio --direct=1 --runtime=60 --time_based --group_reporting --output-format=json"
)


def _guest(sim: Simulator, command: str, address: str = GUEST_1) -> Result:
    return run(sim, address, "root", GUEST_PASSWORD, command)


@pytest.mark.parametrize(
    ("target", "status"),
    [("10.0.20.1", 0), (GUEST_2, 0), ("10.0.20.11", 0), ("10.0.21.12", 0), ("10.0.20.239", 1)],
    ids=["gateway", "other-guest", "host", "storage-address", "unused-address"],
)
def test_ping_follows_network_table(live_site: Simulator, target: str, status: int) -> None:
    """A guest's ping reaches planned gateways and attached addresses, nothing else."""
    result = _guest(live_site, f"ping -c 3 -W 1 {target}")
    assert result.status == status, result.stdout
    expected = "3 received, 0% packet loss" if status == 0 else "0 received, 100% packet loss"
    assert expected in result.stdout


def test_ping_of_powered_off_host_fails(live_site: Simulator) -> None:
    """After its host powers off, its management address no longer replies to ping."""
    with live_site.context.store.lock:
        physics.power_off_host(live_site.context, "10.0.20.13")
    assert _guest(live_site, "ping -c 2 -W 1 10.0.20.13").status == 1


def test_ping_of_name_fails(live_site: Simulator) -> None:
    """A name that does not resolve exits 2."""
    result = _guest(live_site, "ping -c 1 intranet.example")
    assert result.status == 2
    assert "Name or service not known" in result.stderr


def test_lsblk_lists_vm_disks(live_site: Simulator) -> None:
    """``lsblk -J -b`` lists the VM's disks with sizes in bytes and the partitioned system disk."""
    devices = json.loads(_guest(live_site, "lsblk -J -b").stdout)["blockdevices"]
    by_name = {device["name"]: device for device in devices}
    assert sorted(by_name) == ["sr0", "vda", "vdb"]
    assert by_name["vdb"]["size"] == 100 * GIB
    assert by_name["vda"]["size"] == 40 * GIB
    assert [child["mountpoints"] for child in by_name["vda"]["children"]] == [["/boot"], ["/"]]
    assert by_name["sr0"]["type"] == "rom"


def test_df_reports_selected_fields(live_site: Simulator) -> None:
    """``df -B1 --output=...`` prints the requested columns in bytes for the given path."""
    result = _guest(live_site, "df -B1 --output=source,fstype,size,used,avail,target /")
    header, row = result.stdout.splitlines()
    source, fstype, size, used, avail, target = row.split()
    assert header.split() == ["Filesystem", "Type", "1B-blocks", "Used", "Avail", "Mounted", "on"]
    assert (source, fstype, target) == ("/dev/vda2", "xfs", "/")
    assert int(size) == 39 * GIB
    assert int(used) + int(avail) == int(size)


def test_df_rejects_unknown_field(live_site: Simulator) -> None:
    """An unknown ``--output`` field exits 1 with df's message."""
    result = _guest(live_site, "df --output=colour")
    assert result.status == 1
    assert "not a valid field" in result.stderr


def test_cpu_count_and_memory(live_site: Simulator) -> None:
    """The guest reports the VM's vCPUs and memory."""
    cpus = _guest(live_site, "cat /proc/cpuinfo | grep -c processor")
    memory = _guest(live_site, "free -b").stdout.splitlines()[1].split()
    assert cpus.stdout == "4\n"
    assert int(memory[1]) == 8 * GIB


def test_fio_returns_json_and_takes_runtime(live_site: Simulator) -> None:
    """fio prints its JSON document and the run takes its runtime on the virtual clock."""
    before = live_site.clock.now()
    result = _guest(live_site, FIO)
    report = json.loads(result.stdout)
    job = report["jobs"][0]
    assert result.status == 0, result.stderr
    assert job["jobname"] == "randread"
    assert job["read"]["iops"] > 1000
    assert job["job options"]["bs"] == "4k"
    assert report["disk_util"][0]["name"] == "vdb"
    assert live_site.clock.now() - before >= 60


def test_fio_same_on_rerun(live_site: Simulator) -> None:
    """The same fio command on the same site gives the same numbers."""
    first = json.loads(_guest(live_site, FIO).stdout)["jobs"][0]["read"]["iops"]
    second = json.loads(_guest(live_site, FIO).stdout)["jobs"][0]["read"]["iops"]
    assert first == second


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("fio --name=x --rw=sideways --size=1g --output-format=json", "failed parsing rw=sideways"),
        ("fio --name=x --colour=red", "unrecognized option '--colour=red'"),
        ("fio --rw=read --size=1g", "No job(s) defined"),
        ("fio --name=x --filename=/dev/vdz --runtime=10", "No such file or directory"),
        ("fio --name=x --filename=/tmp/f", "specify size="),
    ],
    ids=["bad-rw", "unknown-option", "no-job", "missing-device", "no-size"],
)
def test_fio_rejects_bad_command_line(live_site: Simulator, command: str, message: str) -> None:
    """Invalid fio options exit 1 with fio's message on stderr."""
    result = _guest(live_site, command)
    assert result.status == 1
    assert message in result.stderr


def test_stopped_guest_refuses_ssh(live_site: Simulator) -> None:
    """A stopped VM's guest closes SSH connections."""
    with live_site.context.store.lock:
        physics.stop_vm(live_site.context, "vm-test-1")
    with pytest.raises((paramiko.SSHException, EOFError, ConnectionError)):
        connect(live_site, GUEST_1, "root", GUEST_PASSWORD)


def test_guest_without_vm_password_rejects_login(live_site: Simulator) -> None:
    """A guest accepts only the accounts its VM record lists."""
    with pytest.raises(paramiko.AuthenticationException):
        connect(live_site, GUEST_1, "smartx", GUEST_PASSWORD)
