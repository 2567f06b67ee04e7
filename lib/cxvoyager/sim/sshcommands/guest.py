"""Commands of a test VM's guest OS: ``ping``, ``lsblk``, ``df``, ``free`` (``fio`` in ``fio_cli``).

The guest's disks come from the VM record: the first ``disk`` is ``vda``
(``/boot`` on ``vda1``, ``/`` on ``vda2``), further disks are ``vdb``,
``vdc``, ... unpartitioned, and CD-ROMs are ``sr0``, ``sr1``, ... Output
follows util-linux 2.37 and procps-ng 3.3 (openEuler 22.03).
"""

from __future__ import annotations

import json
from ipaddress import IPv4Address
from typing import Any

from cxvoyager.sim import network
from cxvoyager.sim.sshcommands.registry import command
from cxvoyager.sim.sshcommands.shell import Call, Output

BOOT_PARTITION_BYTES = 2**30


def _gateways(call: Call) -> set[str]:
    networks = call.ctx.plan.networks
    planned = [
        networks.management,
        networks.storage,
        networks.ipmi,
        networks.infra,
        networks.backup,
        *networks.business,
    ]
    return {str(net.gateway) for net in planned if net is not None and net.gateway is not None}


def _answers_ping(call: Call, address: str) -> bool:
    if address == call.machine.address or address in _gateways(call):
        return True
    return network.in_use(call.state, address)


def _ping_options(args: list[str]) -> tuple[dict[str, str], list[str]]:
    options: dict[str, str] = {}
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in ("-c", "-W", "-i", "-s", "-w") and index + 1 < len(args):
            options[arg] = args[index + 1]
            index += 2
            continue
        if arg != "-q":
            rest.append(arg)
        index += 1
    return options, rest


@command("ping", kinds=("guest", "node", "cloudtower", "app"))
def ping(call: Call) -> Output:
    """Send ICMP echo requests; exit 0 when any reply came, 1 when none, 2 on a usage error.

    NOTE: without ``-c`` a real ping never ends; here it stops after 4 packets.
    """
    options, rest = _ping_options(call.argv[1:])
    if len(rest) != 1:
        return call.error("usage error: Destination address required", status=2)
    target = rest[0]
    try:
        IPv4Address(target)
        count = int(options.get("-c", "4"))
        interval = float(options.get("-i", "1"))
        timeout = float(options.get("-W", "10"))
    except ValueError:
        return call.error(f"{target}: Name or service not known", status=2)
    if count <= 0:
        return call.error(
            f"invalid argument: '{count}': out of range: 1 <= value <= 9223372036854775807",
            status=1,
        )

    elapsed_ms = int((count - 1) * interval * 1000)
    if _answers_ping(call, target):
        return _ping_replies(call, target, count, interval)
    lines = [
        f"PING {target} ({target}) 56(84) bytes of data.",
        "",
        f"--- {target} ping statistics ---",
        f"{count} packets transmitted, 0 received, 100% packet loss, time {elapsed_ms}ms",
        "",
    ]
    return Output(
        stdout="\n".join(lines) + "\n", status=1, wait_seconds=(count - 1) * interval + timeout
    )


def _ping_replies(call: Call, target: str, count: int, interval: float) -> Output:
    rng = call.ctx.rng("ping", call.machine.address, target)
    times = [rng.uniform(0.15, 0.6) for _ in range(count)]
    lines = [f"PING {target} ({target}) 56(84) bytes of data."]
    lines += [
        f"64 bytes from {target}: icmp_seq={seq} ttl=64 time={ms:.3f} ms"
        for seq, ms in enumerate(times, start=1)
    ]
    mean = sum(times) / count
    deviation = (sum((t - mean) ** 2 for t in times) / count) ** 0.5
    lines += [
        "",
        f"--- {target} ping statistics ---",
        f"{count} packets transmitted, {count} received, 0% packet loss, "
        f"time {int((count - 1) * interval * 1000)}ms",
        f"rtt min/avg/max/mdev = {min(times):.3f}/{mean:.3f}/{max(times):.3f}/{deviation:.3f} ms",
    ]
    return Output(stdout="\n".join(lines) + "\n", wait_seconds=(count - 1) * interval)


def guest_disks(vm: dict[str, Any]) -> list[dict[str, Any]]:
    """List the VM's disks under their guest device names: ``{name, size, rom}`` in bus order."""
    disks: list[dict[str, Any]] = []
    virtio = 0
    cdroms = 0
    for disk in vm.get("disks", []):
        if disk.get("type") == "cdrom":
            disks.append({"name": f"sr{cdroms}", "size": 0, "rom": True})
            cdroms += 1
            continue
        size = int(disk.get("size") or disk.get("size_in_byte") or 0)
        disks.append({"name": "vd" + chr(ord("a") + virtio), "size": size, "rom": False})
        virtio += 1
    return disks


def _lsblk_device(disk: dict[str, Any], number: int) -> dict[str, Any]:
    device: dict[str, Any] = {
        "name": disk["name"],
        "maj:min": f"{11 if disk['rom'] else 252}:{number * 16}",
        "rm": disk["rom"],
        "size": disk["size"],
        "ro": disk["rom"],
        "type": "rom" if disk["rom"] else "disk",
        "mountpoints": [None],
    }
    if disk["name"] == "vda":
        device["children"] = [
            {
                "name": "vda1",
                "maj:min": "252:1",
                "rm": False,
                "size": BOOT_PARTITION_BYTES,
                "ro": False,
                "type": "part",
                "mountpoints": ["/boot"],
            },
            {
                "name": "vda2",
                "maj:min": "252:2",
                "rm": False,
                "size": disk["size"] - BOOT_PARTITION_BYTES,
                "ro": False,
                "type": "part",
                "mountpoints": ["/"],
            },
        ]
    return device


def _human(size: int) -> str:
    for unit, factor in (("T", 2**40), ("G", 2**30), ("M", 2**20), ("K", 2**10)):
        if size >= factor:
            return f"{size / factor:.1f}{unit}".replace(".0", "")
    return f"{size}B"


@command("lsblk", kinds=("guest", "cloudtower", "app"))
def lsblk(call: Call) -> Output:
    """List block devices; ``-J`` gives JSON, ``-b`` sizes in bytes, ``-d`` no partitions."""
    flags = "".join(
        arg[1:] for arg in call.argv[1:] if arg.startswith("-") and not arg.startswith("--")
    )
    devices = [
        _lsblk_device(disk, number)
        for number, disk in enumerate(guest_disks(call.machine.vm or {}))
    ]
    if "d" in flags:
        for device in devices:
            device.pop("children", None)
    if not ("b" in flags or "--bytes" in call.argv):
        for device in [*devices, *(child for d in devices for child in d.get("children", []))]:
            device["size"] = _human(device["size"])
    if "J" in flags or "--json" in call.argv:
        return Output(stdout=json.dumps({"blockdevices": devices}, indent=3) + "\n")
    lines = ["NAME   MAJ:MIN RM  SIZE RO TYPE MOUNTPOINTS"]
    for device in devices:
        for row, prefix in [(device, ""), *((child, "├─") for child in device.get("children", []))]:
            mount = row["mountpoints"][0] or ""
            lines.append(
                f"{prefix + row['name']:<7}{row['maj:min']:<8}{int(row['rm']):>2} "
                f"{row['size']!s:>5} {int(row['ro']):>2} {row['type']:<4} {mount}".rstrip()
            )
    return Output(stdout="\n".join(lines) + "\n")
