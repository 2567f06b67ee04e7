"""Space and memory use on a guest: ``df`` (GNU coreutils 8.32) and ``free`` (procps-ng)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from cxvoyager.sim.sshcommands.files import memory_bytes
from cxvoyager.sim.sshcommands.guest import BOOT_PARTITION_BYTES, guest_disks
from cxvoyager.sim.sshcommands.machines import absolute
from cxvoyager.sim.sshcommands.registry import command
from cxvoyager.sim.sshcommands.shell import Call, Output

BLOCK_SIZE = 1024  # df's default unit without -B
INODE_BYTES = 16384  # one inode per 16 KiB, the xfs/ext4 default ratio
# --output field -> (header with -B1, header otherwise); coreutils spells them so.
FIELDS = {
    "source": ("Filesystem", "Filesystem"),
    "fstype": ("Type", "Type"),
    "itotal": ("Inodes", "Inodes"),
    "iused": ("IUsed", "IUsed"),
    "iavail": ("IFree", "IFree"),
    "ipcent": ("IUse%", "IUse%"),
    "size": ("1B-blocks", "1K-blocks"),
    "used": ("Used", "Used"),
    "avail": ("Avail", "Avail"),
    "pcent": ("Use%", "Use%"),
    "file": ("File", "File"),
    "target": ("Mounted on", "Mounted on"),
}
DEFAULT_FIELDS = ("source", "size", "used", "avail", "pcent", "target")


@dataclass(frozen=True)
class Filesystem:
    """One mounted filesystem of the guest."""

    source: str
    fstype: str
    size: int
    used: int
    target: str

    def value(self, name: str, unit: int, path: str) -> str:
        """Return the ``--output`` field ``name`` in ``unit``-byte blocks."""
        inodes = self.size // INODE_BYTES
        used_inodes = self.used // (INODE_BYTES * 4)
        values = {
            "source": self.source,
            "fstype": self.fstype,
            "itotal": str(inodes),
            "iused": str(used_inodes),
            "iavail": str(inodes - used_inodes),
            "ipcent": f"{-(-used_inodes * 100 // max(inodes, 1))}%",
            "size": str(self.size // unit),
            "used": str(self.used // unit),
            "avail": str((self.size - self.used) // unit),
            "pcent": f"{-(-self.used * 100 // max(self.size, 1))}%",
            "file": path,
            "target": self.target,
        }
        return values[name]


def filesystems(call: Call) -> list[Filesystem]:
    """List the guest's mounted filesystems with deterministic usage."""
    disks = [disk for disk in guest_disks(call.machine.vm or {}) if not disk["rom"]]
    root_size = (disks[0]["size"] if disks else 40 * 2**30) - BOOT_PARTITION_BYTES
    rng = call.ctx.rng("df", call.machine.address)
    memory = memory_bytes(call.machine)
    return [
        Filesystem("devtmpfs", "devtmpfs", memory // 2, 0, "/dev"),
        Filesystem("tmpfs", "tmpfs", memory // 2, 0, "/dev/shm"),  # noqa: S108 - a simulated mount
        Filesystem("/dev/vda2", "xfs", root_size, int(root_size * rng.uniform(0.08, 0.15)), "/"),
        Filesystem(
            "/dev/vda1",
            "xfs",
            BOOT_PARTITION_BYTES,
            int(BOOT_PARTITION_BYTES * rng.uniform(0.15, 0.25)),
            "/boot",
        ),
    ]


def _parse_df(args: list[str]) -> tuple[int, list[str], list[str]] | str:
    unit, fields, paths = BLOCK_SIZE, list(DEFAULT_FIELDS), []
    for arg in args:
        if arg in ("-B1", "--block-size=1", "-b"):
            unit = 1
        elif arg.startswith("--output"):
            _, _, listed = arg.partition("=")
            fields = listed.split(",") if listed else list(FIELDS)
            unknown = [name for name in fields if name not in FIELDS]
            if unknown:
                return f"df: ‘{unknown[0]}’: not a valid field for the --output option"
        elif arg.startswith("-"):
            return f"df: invalid option -- '{arg.lstrip('-')}'"
        else:
            paths.append(arg)
    return unit, fields, paths


def _mount_of(mounted: list[Filesystem], path: str) -> Filesystem:
    candidates = [
        fs for fs in mounted if path == fs.target or path.startswith(fs.target.rstrip("/") + "/")
    ]
    return max(candidates, key=lambda fs: len(fs.target))


@command("df", kinds=("guest", "cloudtower", "app"))
def df(call: Call) -> Output:
    """Report filesystem space; ``-B1`` in bytes, ``--output=FIELDS``, optional paths."""
    parsed = _parse_df(call.argv[1:])
    if isinstance(parsed, str):
        return Output(stderr=parsed + "\nTry 'df --help' for more information.\n", status=1)
    unit, fields, paths = parsed
    mounted = filesystems(call)
    rows: list[tuple[Filesystem, str]] = [(fs, "-") for fs in mounted]
    if paths:
        rows = [
            (_mount_of(mounted, posixpath.normpath(absolute(call.machine, call.user, p))), p)
            for p in paths
        ]

    header = [FIELDS[name][0 if unit == 1 else 1] for name in fields]
    table = [header] + [[fs.value(name, unit, path) for name in fields] for fs, path in rows]
    widths = [max(len(row[column]) for row in table) for column in range(len(fields))]
    lines = [
        " ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]
    return Output(stdout="\n".join(lines) + "\n")


@command("free", kinds=("guest", "node", "cloudtower", "app"))
def free(call: Call) -> Output:
    """Report memory use; ``-b`` in bytes (the default unit is KiB)."""
    unit = 1 if "-b" in call.argv[1:] else 1024
    total = memory_bytes(call.machine)
    rng = call.ctx.rng("free", call.machine.address)
    used = int(total * rng.uniform(0.08, 0.2))
    cache = int(total * rng.uniform(0.1, 0.2))
    shared = int(total * 0.002)
    values = [total, used, total - used - cache, shared, cache, total - used]
    columns = ("total", "used", "free", "shared", "buff/cache", "available")
    header = " " * 15 + "".join(f"{column:>12}" for column in columns)
    memory = "Mem:" + " " * 11 + "".join(f"{value // unit:>12}" for value in values)
    swap = "Swap:" + " " * 10 + "".join(f"{0:>12}" for _ in range(3))
    return Output(stdout=f"{header}\n{memory}\n{swap}\n")
