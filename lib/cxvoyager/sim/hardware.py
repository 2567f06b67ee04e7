"""Physical hardware of the simulated nodes, generated deterministically from the plan.

Each planned host becomes ``state["nodes"][management_ip]`` (shape in
``records.py``): NICs named after the virtual-network sheet plus two unused
ports, disks laid out for the plan's storage architecture, one CPU model and
memory size for the whole cluster, and serial numbers. Every random choice
comes from ``ctx.rng``, so two simulators with the same plan and seed build
identical hardware.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from cxvoyager.plan.model import HostPlan, PlanModel, StorageArchitecture
from cxvoyager.sim.context import SimContext

GIB = 1024**3
DEFAULT_SPEED_TEXT = "10G"
EXTRA_PORTS = 2  # unused ports every server has besides the planned ones


@dataclass(frozen=True)
class CpuModel:
    """A server CPU as the host scan reports it."""

    brand: str
    vendor: str
    cores_per_socket: int
    threads_per_core: int
    hz: int
    compatibility_models: tuple[str, ...]  # QEMU CPU models the cluster may expose to VMs


@dataclass(frozen=True)
class DiskModel:
    """A disk product: model string, media type and capacity in bytes."""

    model: str
    media: str  # SSD or HDD, as the scan spells it
    size: int
    nvme: bool = False


CPU_MODELS = (
    CpuModel(
        "Intel(R) Xeon(R) Gold 6330 CPU @ 2.00GHz",
        "GenuineIntel",
        28,
        2,
        2_000_000_000,
        ("Icelake-Server-noTSX", "Cascadelake-Server-noTSX"),
    ),
    CpuModel(
        "Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz",
        "GenuineIntel",
        24,
        2,
        3_000_000_000,
        ("Cascadelake-Server-noTSX", "Skylake-Server-noTSX-IBRS"),
    ),
    CpuModel("AMD EPYC 7K62 48-Core Processor", "AuthenticAMD", 48, 2, 2_600_000_000, ("EPYC",)),
)
MEMORY_SIZES_GIB = (384, 512, 768)

BOOT_DISK = DiskModel("INTEL SSDSC2KB240G8", "SSD", 240_057_409_536)
CACHE_SSD = DiskModel("INTEL SSDSC2KG019T8", "SSD", 1_920_383_410_176)
CACHE_NVME = DiskModel("INTEL SSDPE2KX040T8", "SSD", 4_000_787_030_016, nvme=True)
CAPACITY_HDD = DiskModel("ST8000NM000A-2KE101", "HDD", 8_001_563_222_016)
CAPACITY_SSD = DiskModel("SAMSUNG MZ7LH3T8HMLT", "SSD", 3_840_755_982_336)

# MAC prefixes (OUIs) of common NIC vendors, by link speed in Gbit/s.
_NIC_OUI = {10: "6c:b3:11", 25: "b8:59:9f", 1: "a0:36:9f"}
_SPEED_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([MG])", re.IGNORECASE)


def parse_speed(text: str | None) -> int:
    """Convert the sheet's speed text (``10G``, ``25G``, ``100M``) to bit/s.

    Text that does not parse falls back to 10 Gbit/s, the template's default.
    """
    match = _SPEED_TEXT.match(text or DEFAULT_SPEED_TEXT)
    if match is None:
        return 10 * 10**9
    unit = 10**9 if match.group(2).upper() == "G" else 10**6
    return int(float(match.group(1)) * unit)


def planned_nics(plan: PlanModel) -> dict[str, int]:
    """Map every NIC named on the virtual-network sheet to its planned speed in bit/s."""
    networks = plan.networks
    rows = [
        networks.management,
        networks.storage,
        networks.infra,
        networks.backup,
        *networks.business,
    ]
    speeds: dict[str, int] = {}
    for row in rows:
        if row is None:
            continue
        for nic in row.nics:
            speeds.setdefault(nic, parse_speed(row.speed))
    return speeds


def _extra_port_names(used: list[str]) -> list[str]:
    """Name the unused ports after the planned ones (``ens257`` -> ``ens258``, ``ens259``)."""
    numbered = [re.match(r"^(.*?)(\d+)$", name) for name in used]
    matches = [match for match in numbered if match is not None]
    prefix = matches[0].group(1) if matches else "ens"
    highest = max((int(match.group(2)) for match in matches if match.group(1) == prefix), default=0)
    return [f"{prefix}{highest + offset}" for offset in range(1, EXTRA_PORTS + 1)]


def link_local_ipv6(mac: str) -> str:
    """Derive the IPv6 link-local address of ``mac`` with modified EUI-64, as Linux does."""
    octets = [int(part, 16) for part in mac.split(":")]
    octets[0] ^= 0x02
    eui = [*octets[:3], 0xFF, 0xFE, *octets[3:]]
    groups = [f"{(eui[i] << 8) | eui[i + 1]:x}" for i in range(0, 8, 2)]
    return "fe80::" + ":".join(groups)


def _mac(rng: Any, speed: int) -> str:
    oui = _NIC_OUI.get(speed // 10**9, _NIC_OUI[10])
    return oui + "".join(f":{rng.randrange(256):02x}" for _ in range(3))


def _ifaces(ctx: SimContext, host: HostPlan) -> list[dict[str, Any]]:
    rng = ctx.rng("hardware", "nics", host.index)
    speeds = planned_nics(ctx.plan)
    storage_nics = set(ctx.plan.networks.storage.nics)
    names = sorted([*speeds, *_extra_port_names(list(speeds))])
    ifaces = []
    for slot, name in enumerate(names):
        planned = name in speeds
        speed = speeds.get(name, 10**10)
        mac = _mac(rng, speed)
        ifaces.append(
            {
                "name": name,
                "hwaddr": mac,
                "speed": speed if planned else None,
                "ipv6": link_local_ipv6(mac) if planned else None,
                "link_up": planned,
                "pci_slot_name": f"0000:{0x18 + slot * 3:02x}:00",
                "rdma": ctx.plan.cluster.features.rdma and name in storage_nics,
            }
        )
    return ifaces


def _disk(rng: Any, drive: str, model: DiskModel, function: str) -> dict[str, Any]:
    serial = "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(14))
    return {
        "drive": drive,
        "type": model.media,
        "size": model.size,
        "model": model.model,
        "serial": serial,
        "function": function,
        "healthy": True,
    }


def _disks(ctx: SimContext, host: HostPlan) -> list[dict[str, Any]]:
    rng = ctx.rng("hardware", "disks", host.index)
    sata = iter(f"sd{letter}" for letter in "abcdefghijklmnop")
    disks = [_disk(rng, next(sata), BOOT_DISK, "boot")]
    if ctx.plan.cluster.storage_architecture is StorageArchitecture.ALL_FLASH_UNTIERED:
        disks += [_disk(rng, next(sata), CAPACITY_SSD, "data") for _ in range(6)]
        return disks
    # Hybrid: the whole cluster uses one cache product, NVMe or SATA SSD.
    if ctx.rng("hardware", "cache-media").random() < 0.5:
        disks += [_disk(rng, f"nvme{i}n1", CACHE_NVME, "cache") for i in range(2)]
    else:
        disks += [_disk(rng, next(sata), CACHE_SSD, "cache") for _ in range(2)]
    disks += [_disk(rng, next(sata), CAPACITY_HDD, "data") for _ in range(4)]
    return disks


def cluster_cpu(ctx: SimContext) -> CpuModel:
    """Return the CPU model every node of this simulated site carries."""
    return CPU_MODELS[ctx.rng("hardware", "cpu").randrange(len(CPU_MODELS))]


def _host_uuid(rng: Any) -> str:
    """Make a UUID shaped like the time-based (version 1) ones SMTX OS nodes report."""
    value = uuid.UUID(int=rng.getrandbits(128))
    return str(
        uuid.UUID(
            fields=(
                value.time_low,
                value.time_mid,
                0x1000 | (value.time_hi_version & 0x0FFF),
                0x80 | (value.clock_seq_hi_variant & 0x3F),
                value.clock_seq_low,
                value.node,
            )
        )
    )


def build_node(ctx: SimContext, host: HostPlan) -> dict[str, Any]:
    """Build the node record of one planned host (deterministic for the seed)."""
    rng = ctx.rng("hardware", "node", host.index)
    cpu = cluster_cpu(ctx)
    memory_gib = MEMORY_SIZES_GIB[ctx.rng("hardware", "memory").randrange(len(MEMORY_SIZES_GIB))]
    return {
        "host_uuid": _host_uuid(rng),
        "hostname": "localhost.localdomain",  # a fresh node has no name until deployment
        "sn": "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(12)),
        "cpu": {
            "model": cpu.brand,
            "vendor": cpu.vendor,
            "sockets": 2,
            "cores": cpu.cores_per_socket,
            "threads_per_core": cpu.threads_per_core,
            "hz": cpu.hz,
        },
        "memory_bytes": memory_gib * GIB,
        "disks": _disks(ctx, host),
        "ifaces": _ifaces(ctx, host),
        "deployed": False,
        "cluster_name": None,
        "power": "on",
        "passwords": {},
        "management_ip": str(host.management_ip),
        "storage_ip": str(host.storage_ip),
        "plan_index": host.index,
    }


def populate(ctx: SimContext) -> None:
    """Create ``state["nodes"]`` for every planned host (run once on a new state)."""
    nodes = ctx.state.setdefault("nodes", {})
    for host in ctx.plan.hosts:
        nodes[str(host.management_ip)] = build_node(ctx, host)
