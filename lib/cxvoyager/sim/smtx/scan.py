"""The deployment API's view of a node: the host-scan object of ``GET /api/v2/deployment/host``."""

from __future__ import annotations

from typing import Any

from cxvoyager.sim import hardware
from cxvoyager.sim.context import SimContext

PRODUCT = "SMTXOS"
DEFAULT_VERSION = "6.2.0"
PATCH_VERSION = "P4"
# A representative subset of /proc/cpuinfo flags; the scan reports them comma-separated.
_COMMON_FLAGS = (
    "fpu, vme, de, pse, tsc, msr, pae, mce, cx8, apic, sep, mtrr, pge, mca, cmov, pat, "
    "pse36, clflush, mmx, fxsr, sse, sse2, ht, syscall, nx, pdpe1gb, rdtscp, lm, "
    "constant_tsc, nopl, cpuid, pni, pclmulqdq, ssse3, fma, cx16, sse4_1, sse4_2, x2apic, "
    "movbe, popcnt, aes, xsave, avx, f16c, rdrand, lahf_lm, abm, fsgsbase, bmi1, avx2, "
    "smep, bmi2, rdseed, adx, smap, clflushopt, clwb, sha_ni, xsaveopt, xsavec"
)
_VENDOR_FLAGS = {
    "GenuineIntel": ", vmx, ept, avx512f, avx512dq, avx512bw, avx512vl, pku",
    "AuthenticAMD": ", svm, npt, sse4a, misalignsse, topoext, clzero",
}


def _cpu(node: dict[str, Any]) -> dict[str, Any]:
    cpu = node["cpu"]
    physical = cpu["sockets"] * cpu["cores"]
    logical = physical * cpu["threads_per_core"]
    return {
        "arch": "x86_64",
        "brand": cpu["model"],
        "cores_per_socket": cpu["cores"],
        "flags": _COMMON_FLAGS + _VENDOR_FLAGS.get(cpu["vendor"], ""),
        "hz_advertised": f"{cpu['hz'] / 1e9:.4f} GHz",
        "hz_advertised_raw": [cpu["hz"], 0],
        "logical_cores": logical,
        "num_cores": logical,
        "physical_cores": physical,
        "sockets": cpu["sockets"],
        "threads_per_core": cpu["threads_per_core"],
        "vendor": cpu["vendor"],
    }


def _numa_nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    cpu = node["cpu"]
    per_socket = cpu["cores"] * cpu["threads_per_core"]
    memory_mb = node["memory_bytes"] // 2**20 // cpu["sockets"]
    return [
        {
            "cpus": [[core] for core in range(socket * per_socket, (socket + 1) * per_socket)],
            "free_mem_mb": memory_mb - 1024,
            "id": socket,
            "mem_size_mb": memory_mb,
        }
        for socket in range(cpu["sockets"])
    ]


def _profile(ctx: SimContext, node: dict[str, Any]) -> dict[str, Any]:
    features = ctx.plan.cluster.features
    return {
        "cpu_arch": "x86_64",
        "cpu_vendor": node["cpu"]["vendor"],
        "deployment_env": None,
        "enable_lsm_io_threads_state": None,
        "is_hygon_hct": False,
        "is_metro": False,
        "is_nvme_over_rdma": False,
        "is_nvme_over_tcp": False,
        "is_rdma": features.rdma,
        "is_vhost": features.boost,
        "is_vmware_by_dmidecode": False,
        "memory_total": node["memory_bytes"],
        "node_role": "master",
        "numa_info": {"numa_nodes": _numa_nodes(node)},
        "partition_total": 0,
        "platform": "kvm",
        "specified_mem_limits": {},
        "vm_min_free_bytes": 46963712,
        "zbs_spec": "normal",
    }


def _iface(entry: dict[str, Any]) -> dict[str, Any]:
    up = entry["link_up"]
    return {
        "hwaddr": entry["hwaddr"],
        "ibdev": None,
        "ipv4": entry.get("ipv4"),
        "ipv6": entry["ipv6"],
        "mtu": 1500,
        "name": entry["name"],
        "pci_slot_name": entry["pci_slot_name"],
        "physical_link_up": up,
        "rdma": entry["rdma"],
        "running": up,
        "speed": entry["speed"],
        "up": True,
    }


def _service_ports(node: dict[str, Any]) -> list[dict[str, Any]]:
    """Virtual ports a deployed node adds (``port-mgt``, ``port-storage``)."""
    ports = []
    for name, address, suffix in (
        ("port-mgt", node["management_ip"], 1),
        ("port-storage", node["storage_ip"], 2),
    ):
        mac = (
            "96:88:73:" + ":".join(node["host_uuid"][i : i + 2] for i in (0, 2)) + f":{suffix:02x}"
        )
        ports.append(
            {
                "hwaddr": mac,
                "ipv4": address,
                "ipv6": hardware.link_local_ipv6(mac),
                "link_up": True,
                "name": name,
                "pci_slot_name": None,
                "rdma": False,
                "speed": None,
            }
        )
    return ports


def host_info(ctx: SimContext, node: dict[str, Any], *, host_ip: str) -> dict[str, Any]:
    """Render the scan object of ``node``; ``host_ip`` is how the asking client reaches it."""
    ifaces = node["ifaces"] + (_service_ports(node) if node["deployed"] else [])
    media = {disk["type"] for disk in node["disks"] if disk["function"] != "boot"}
    return {
        "arch": "x86_64",
        "cgroup_profile_env": _profile(ctx, node),
        "cpu": _cpu(node),
        "disks": [
            {key: disk[key] for key in ("drive", "function", "model", "serial", "size", "type")}
            for disk in node["disks"]
        ],
        "distribution": "openeuler",
        "host_ip": host_ip,
        "host_uuid": node["host_uuid"],
        "hostname": node["hostname"],
        "ifaces": [_iface(entry) for entry in ifaces],
        "ipmi_ip": None,
        "is_all_flash": media == {"SSD"},
        "is_os_in_raid1": False,
        "is_os_in_single_disk": True,
        "patch_version": PATCH_VERSION,
        "product": PRODUCT,
        "sn": node["sn"],
        # NOTE: every captured scan shows "disabled"; "enabled" after deployment is a guess.
        "status": "enabled" if node["deployed"] else "disabled",
        "version": ctx.plan.cluster.smtx_version or DEFAULT_VERSION,
        "zbs_spec": "normal",
        "zbs_spec_valid": True,
    }
