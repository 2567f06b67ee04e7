"""Validation of Fisheye VM bodies: create (``POST /api/v2/vms``) and NIC update (``PUT``)."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.smtx import images, store
from cxvoyager.sim.smtx.cluster import NETWORK_KINDS
from cxvoyager.sim.smtx.envelope import check_list, check_object, invalid

MIB = 1024 * 1024
NIC_MODELS = ("virtio", "e1000", "rtl8139")
DISK_BUSES = ("virtio", "scsi", "ide")
NONE = type(None)

_CREATE_REQUIRED = {"vm_name": str, "vcpu": int, "memory": int, "nics": list, "disks": list}
# The captured body also carries fields the web UI leaves in (hasNormalVol, diskNamePrefix, ...).
_CREATE_OPTIONAL = {
    "description": str,
    "cpu": dict,
    "ha": bool,
    "nested_virtualization": bool,
    "cpu_model": str,
    "firmware": str,
    "folder_uuid": (str, NONE),
    "node_ip": (str, NONE),
    "auto_schedule": bool,
    "status": str,
    "quota_policy": (dict, NONE),
    "hasNormalVol": bool,
    "hasSharedVol": bool,
    "hasVolume": bool,
    "diskNamePrefix": str,
    "existDisks": list,
}
_NIC_REQUIRED = {"vlan_uuid": str, "ovs": str, "model": str}
_NIC_OPTIONAL = {
    "mirror": bool,
    "link": str,
    "mac_address": str,
    "gateway": str,
    "subnet_mask": str,
    "ip_address": str,
}


def check_create(ctx: SimContext, body: dict[str, Any]) -> None:
    """Check a VM create body against the cluster's networks, policies and images.

    Raises:
        SmtxApiError: the first invalid field (400).
    """
    check_object(body, "", required=_CREATE_REQUIRED, optional=_CREATE_OPTIONAL)
    if not body["vm_name"].strip() or len(body["vm_name"]) > 255:
        raise invalid("vm_name", "must be 1-255 characters")
    if body["vcpu"] < 1:
        raise invalid("vcpu", "must be at least 1")
    if body["memory"] < 128 * MIB or body["memory"] % MIB:
        raise invalid("memory", "must be a whole number of MiB, at least 128 MiB, in bytes")
    _check_topology(body)
    _choice(body, "firmware", ("BIOS", "UEFI"))
    _choice(body, "status", ("running", "stopped"))
    _check_placement(ctx, body)
    for index, nic in enumerate(check_list(body["nics"], "nics", dict)):
        check_nic(ctx, nic, f"nics[{index}]", allow_ip=False)
    disks = check_list(body["disks"], "disks", dict, min_items=1)
    for index, disk in enumerate(disks):
        _check_disk(ctx, disk, f"disks[{index}]")


def _choice(body: dict[str, Any], key: str, allowed: tuple[str, ...]) -> None:
    if key in body and body[key] not in allowed:
        raise invalid(key, f"{body[key]!r} is not one of {', '.join(allowed)}")


def _check_topology(body: dict[str, Any]) -> None:
    if "cpu" not in body:
        return
    check_object(body["cpu"], "cpu", required={"topology": dict})
    topology = check_object(
        body["cpu"]["topology"], "cpu.topology", required={"sockets": int, "cores": int}
    )
    if topology["sockets"] < 1 or topology["cores"] < 1:
        raise invalid("cpu.topology", "sockets and cores must be at least 1")
    if topology["sockets"] * topology["cores"] != body["vcpu"]:
        raise invalid("cpu.topology", f"sockets x cores differs from vcpu {body['vcpu']}")


def _check_placement(ctx: SimContext, body: dict[str, Any]) -> None:
    node_ip = body.get("node_ip")
    if body.get("auto_schedule", True):
        return
    if node_ip is None:
        raise invalid("node_ip", "required when auto_schedule is false")
    addresses = {
        ip
        for host in store.cluster(ctx)["hosts"].values()
        for ip in (host["management_ip"], host["storage_ip"])
    }
    if node_ip not in addresses:
        raise invalid("node_ip", f"{node_ip} is not a host of this cluster")


def check_nic(ctx: SimContext, nic: Any, path: str, *, allow_ip: bool) -> None:
    """Check one NIC: an existing VM network, the bridge of its VDS, and (when allowed) a static IP.

    Raises:
        SmtxApiError: the first invalid field (400).
    """
    check_object(nic, path, required=_NIC_REQUIRED, optional=_NIC_OPTIONAL)
    cluster = store.cluster(ctx)
    vlan = cluster["vlans"].get(nic["vlan_uuid"])
    if vlan is None or vlan["type"] != NETWORK_KINDS["vm"][0]:
        raise invalid(
            f"{path}.vlan_uuid", f"{nic['vlan_uuid']!r} is not a VM network of this cluster"
        )
    bridge = cluster["vdses"][vlan["vds_uuid"]]["ovsbr_name"]
    if nic["ovs"] != bridge:
        raise invalid(
            f"{path}.ovs", f"{nic['ovs']!r} is not the bridge {bridge} of the network's VDS"
        )
    if nic["model"] not in NIC_MODELS:
        raise invalid(f"{path}.model", f"{nic['model']!r} is not one of {', '.join(NIC_MODELS)}")
    if nic.get("link", "up") not in ("up", "down"):
        raise invalid(f"{path}.link", f"{nic['link']!r} is not 'up' or 'down'")
    ip_keys = {"ip_address", "subnet_mask", "gateway"} & set(nic)
    if ip_keys and not allow_ip:
        raise invalid(
            f"{path}.{sorted(ip_keys)[0]}",
            "a static IP is set with a VM update after the guest runs",
        )
    if ip_keys:
        _check_static_ip(nic, path)


def _check_static_ip(nic: dict[str, Any], path: str) -> None:
    for key in ("ip_address", "subnet_mask", "gateway"):
        if key not in nic:
            raise invalid(
                f"{path}.{key}", "missing: ip_address, subnet_mask and gateway go together"
            )
    try:
        address = IPv4Address(nic["ip_address"])
    except ValueError:
        raise invalid(
            f"{path}.ip_address", f"{nic['ip_address']!r} is not an IPv4 address"
        ) from None
    try:
        subnet = IPv4Network(f"{address}/{nic['subnet_mask']}", strict=False)
    except ValueError:
        raise invalid(
            f"{path}.subnet_mask", f"{nic['subnet_mask']!r} is not a dotted netmask"
        ) from None
    if address in (subnet.network_address, subnet.broadcast_address):
        raise invalid(
            f"{path}.ip_address", f"{address} is the network or broadcast address of {subnet}"
        )
    try:
        gateway = IPv4Address(nic["gateway"])
    except ValueError:
        raise invalid(f"{path}.gateway", f"{nic['gateway']!r} is not an IPv4 address") from None
    if gateway not in subnet or gateway == address:
        raise invalid(f"{path}.gateway", f"{gateway} is not another address of {subnet}")


def _check_disk(ctx: SimContext, disk: dict[str, Any], path: str) -> None:
    kind = disk.get("type")
    if kind == "disk":
        check_object(
            disk,
            path,
            required={
                "type": str,
                "bus": str,
                "storage_policy_uuid": str,
                "name": str,
                "size_in_byte": int,
            },
            optional={"quota_policy": (dict, NONE)},
        )
        policies = {policy["uuid"] for policy in store.private(ctx.state)["storage_policies"]}
        if disk["storage_policy_uuid"] not in policies:
            raise invalid(
                f"{path}.storage_policy_uuid",
                f"{disk['storage_policy_uuid']!r} is not a storage policy",
            )
        if disk["size_in_byte"] <= 0:
            raise invalid(f"{path}.size_in_byte", "must be positive")
    elif kind == "cdrom":
        check_object(
            disk, path, required={"type": str, "bus": str, "path": str}, optional={"disabled": bool}
        )
        image = cdrom_image(ctx, disk["path"])
        if image is None or not images.is_complete(image):
            raise invalid(
                f"{path}.path", f"{disk['path']!r} is not the path of a fully uploaded image"
            )
    else:
        raise invalid(f"{path}.type", f"{kind!r} is not 'disk' or 'cdrom'")
    if disk["bus"] not in DISK_BUSES:
        raise invalid(f"{path}.bus", f"{disk['bus']!r} is not one of {', '.join(DISK_BUSES)}")


def cdrom_image(ctx: SimContext, path: str) -> dict[str, Any] | None:
    """Return the image whose path is ``path``."""
    for image in store.cluster(ctx)["images"].values():
        if image["path"] == path:
            found: dict[str, Any] = image
            return found
    return None


def check_update(ctx: SimContext, body: dict[str, Any]) -> None:
    """Check a VM update body; only the NIC list can change here.

    Raises:
        SmtxApiError: the first invalid field (400).
    """
    check_object(body, "", required={"nics": list})
    for index, nic in enumerate(check_list(body["nics"], "nics", dict, min_items=1)):
        check_nic(ctx, nic, f"nics[{index}]", allow_ip=True)
