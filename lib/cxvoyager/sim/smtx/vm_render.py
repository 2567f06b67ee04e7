"""Render a VM record as ``GET /api/v2/vms/{uuid}`` shows it (shape of the captured response)."""

from __future__ import annotations

import copy
from ipaddress import IPv4Network
from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.smtx import store
from cxvoyager.sim.smtx.vms import GUEST_OS


def _vlans(ctx: SimContext, nic: dict[str, Any]) -> list[dict[str, Any]]:
    vlan = store.cluster(ctx)["vlans"].get(nic["vlan_uuid"])
    if vlan is None:
        return []
    return [
        {
            "enable_dhcp": None,
            "mode_type": "vlan_access",
            "mtu": None,
            "name": vlan["name"],
            "type": vlan["type"],
            "uuid": vlan["uuid"],
            "vds_uuid": vlan["vds_uuid"],
            "vlan_id": vlan["vlan_id"],
        }
    ]


def _nic(ctx: SimContext, nic: dict[str, Any], slot: int) -> dict[str, Any]:
    return {
        "gateway": nic.get("gateway") or "",
        "interface_id": nic.get("interface_id", ""),
        "link": nic.get("link", "up"),
        "mac_address": nic["mac_address"],
        "mirror": nic.get("mirror", False),
        "model": nic.get("model", "virtio"),
        "ovs": nic["ovs"],
        "ovs_health_status": "healthy",
        "pci_address": f"0000:00:{4 + slot:02x}.0",
        "queues": 8,
        "type": "VLAN",
        "vlan_uuid": nic["vlan_uuid"],
        "vlans": _vlans(ctx, nic),
    }


def _disk(disk: dict[str, Any], boot: int) -> dict[str, Any]:
    # VMs created through CloudTower are recorded by another service without Fisheye-only keys.
    if disk["type"] == "cdrom":
        return {
            "boot": boot,
            "bus": disk.get("bus", "ide"),
            "disabled": disk.get("disabled", False),
            "key": 100 + boot,
            "path": disk.get("path", ""),
            "quota_policy": None,
            "storage_policy_uuid": None,
            "type": "cdrom",
        }
    return {
        "boot": boot,
        "bus": disk.get("bus", "virtio"),
        "encryption_algorithm": "PLAINTEXT",
        "name": disk.get("name", ""),
        "path": disk.get("path", ""),
        "quota_policy": None,
        "resident_in_cache": False,
        "resident_in_cache_percentage": 0,
        "serial": disk.get("serial", ""),
        "size": disk.get("size", 0),
        "storage_policy_uuid": disk.get("storage_policy_uuid"),
        "type": "disk",
        "volume_is_sharing": False,
        "volume_uuid": disk.get("volume_uuid", ""),
    }


def _guest_nic(nic: dict[str, Any], index: int) -> dict[str, Any]:
    addresses = []
    if nic.get("ip_address"):
        prefix = IPv4Network(f"0.0.0.0/{nic['subnet_mask']}").prefixlen
        addresses.append(
            {
                "ip_address": nic["ip_address"],
                "ip_address_type": "ipv4",
                "netmask": nic["subnet_mask"],
                "prefix": str(prefix),
            }
        )
    return {
        "gateway_ip": nic.get("gateway") or "",
        "gateway_ip_v6": "",
        "hardware_address": nic["mac_address"],
        "ip_addresses": addresses,
        "ip_type": "static" if addresses else "dhcp",
        "ip_type_v6": "dhcp",
        "name": f"ens{4 + index}",
    }


_LOOPBACK = {
    "gateway_ip": "",
    "gateway_ip_v6": "::",
    "hardware_address": "00:00:00:00:00:00",
    "ip_addresses": [
        {
            "ip_address": "127.0.0.1",
            "ip_address_type": "ipv4",
            "netmask": "255.0.0.0",
            "prefix": "8",
        }
    ],
    "ip_type": "unknown",
    "ip_type_v6": "unknown",
    "name": "lo",
}

# Fields every simulated VM reports with the same value (as in the captured CloudTower VM).
_FIXED_FIELDS = {
    "auto_schedule": True,
    "boot_with_host": False,
    "clock_offset": "utc",
    "cloud_init_supported": False,
    "cluster_cpu_model": "host_passthrough",
    "cpu_exclusive": {"actual_enabled": False, "expected_enabled": False},
    "cpu_qos": {"limit_hz": -1, "reservation_hz": 0, "shares": 1000},
    "guest_cpu_model": "host_passthrough",
    "guest_os_type": "unknown",
    "ha_priority": 500,
    "hostdevs": [],
    "internal": False,
    "placement_groups": [],
    "quota_policy": None,
    "resource_state": "in-use",
    "svt_iso": "",
    "sync_vm_time_on_resume": False,
    "type": "KVM_VM",
    "video_type": "cirrus",
    "vm_version": "elf-1.2",
    "vm_version_mode": "vm-version-auto",
    "win_opt": None,
}


def _guest_storage(vm: dict[str, Any]) -> dict[str, Any]:
    system_disks = [disk for disk in vm["disks"] if disk["type"] == "disk"]
    disks = [
        {
            "name": f"/dev/vd{chr(97 + index)}",
            "serial": disk.get("serial", "")[:20],
            "size": disk.get("size", 0),
            "used": None,
        }
        for index, disk in enumerate(system_disks)
    ]
    size = sum(disk.get("size", 0) for disk in system_disks)
    return {"disks": disks, "mount_points": [], "size": size, "storage_pools": [], "used": None}


def _guest_info(vm: dict[str, Any], now: float) -> dict[str, Any]:
    running = vm.get("ga_state") == "Running"
    nics = [copy.deepcopy(_LOOPBACK), *[_guest_nic(nic, i) for i, nic in enumerate(vm["nics"])]]
    return {
        "dns_servers": [],
        "expired": False,
        "ga_state": vm.get("ga_state") or "Unknown",
        "ga_version": 4000000 if running else None,
        "gateway_ips": ["::"],
        "hostname": "localhost.localdomain",
        "kernel_info": "4.19.90-2307.3.0.oe1.smartx.37.x86_64" if running else "",
        "mounted": False,
        "nics": nics if running else [],
        "os_version": GUEST_OS if running else "",
        "storage": _guest_storage(vm),
        "update_time": int(now),
        "vip": None,
    }


def render_vm(ctx: SimContext, vm: dict[str, Any]) -> dict[str, Any]:
    """Render the VM in the captured shape.

    NOTE: the capture reports ``node_ip`` as the host's storage (data) address,
    so this does too, although the shared record keeps the management address.
    """
    now = ctx.clock.now()
    hosts = store.cluster(ctx)["hosts"].values()
    data_ip = next(
        (h["storage_ip"] for h in hosts if h["management_ip"] == vm["node_ip"]), vm["node_ip"]
    )
    started = vm.get("started_at", vm["created_at"])
    return {
        **copy.deepcopy(_FIXED_FIELDS),
        "bios_uuid": vm.get("bios_uuid", vm["uuid"]),
        "cpu": vm.get("cpu") or {"topology": {"cores": 1, "sockets": vm["vcpu"]}},
        "cpu_model": vm.get("cpu_model", "cluster_default"),
        "create_time": int(vm["created_at"]),
        "description": vm.get("description", ""),
        "disks": [_disk(disk, boot) for boot, disk in enumerate(vm["disks"], start=1)],
        "firmware": vm.get("firmware", "BIOS"),
        "guest_info": _guest_info(vm, now),
        "ha": vm["ha"],
        "last_shutdown_time": int(vm["created_at"]),
        "last_start_time": int(started),
        "memory": vm["memory"],
        "nested_virtualization": vm.get("nested_virtualization", False),
        "nics": [_nic(ctx, nic, slot) for slot, nic in enumerate(vm["nics"])],
        "node_ip": data_ip,
        "status": vm["status"],
        "update_time": int(now),
        "uptime": int(now - started) if vm["status"] == "running" else 0,
        "uuid": vm["uuid"],
        "vcpu": vm["vcpu"],
        "vm_name": vm["vm_name"],
    }
