"""Validation of the cluster deployment payload (``POST /api/v2/deployment/cluster``).

The checks follow the captured payloads and the disk-role rules of SMTX OS.
Every key must be known and of the right type. Every host must be a scanned,
undeployed node named by its real ``host_uuid``, with NICs and disks that
exist on that node and a consistent cache/data layout. Bond modes must be
valid, netmasks must fit the addresses, and the cross references between
``vdses``, ``networks`` and ``hosts`` must resolve. Each failure names the
field path, e.g. ``hosts[1].disks[0].serial``.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime
from ipaddress import IPv6Address, ip_address
from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.smtx import store
from cxvoyager.sim.smtx.deploy_disks import check_disks
from cxvoyager.sim.smtx.deploy_networks import check_networks, check_rdma, check_vdses
from cxvoyager.sim.smtx.envelope import check_ipv4, check_list, check_object, check_unique, invalid

_HOSTNAME = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$")
_CLUSTER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")

_TOP = {
    "platform": str,
    "cluster_name": str,
    "dns_server": list,
    "vdses": list,
    "networks": list,
    "hosts": list,
    "ntp": dict,
    "vhost_enabled": bool,
    "rdma_enabled": bool,
}
_HOST = {
    "host_ip": str,
    "host_uuid": str,
    "hostname": str,
    "disk_data_with_cache": bool,
    "host_passwords": list,
    "tags": list,
    "ifaces": list,
    "disks": list,
    "is_master": bool,
    "with_faster_ssd_as_cache": bool,
}


def validate(
    ctx: SimContext, body: dict[str, Any], *, receiver: dict[str, Any]
) -> list[dict[str, Any]]:
    """Check the whole payload sent to the node ``receiver``; return the nodes it deploys.

    Raises:
        SmtxApiError: the first problem found, naming its field (400).
    """
    check_object(body, "", required=_TOP)
    if body["platform"] != "kvm":
        raise invalid("platform", f"unsupported platform {body['platform']!r}, expected 'kvm'")
    if not _CLUSTER_NAME.match(body["cluster_name"]):
        raise invalid("cluster_name", "must be 1-63 letters, digits, '-', '_' or '.'")
    for index, server in enumerate(check_list(body["dns_server"], "dns_server", str, min_items=1)):
        check_ipv4(server, f"dns_server[{index}]")
    _check_ntp(body["ntp"])

    nodes = _check_hosts(ctx, body["hosts"], receiver=receiver)
    by_uuid = {node["host_uuid"]: node for node in nodes}
    vds_names = check_vdses(body["vdses"], by_uuid)
    check_networks(body["networks"], by_uuid, vds_names, body["hosts"])
    if body["rdma_enabled"]:
        check_rdma(body["vdses"], body["networks"], by_uuid)
    return nodes


def _check_ntp(ntp: dict[str, Any]) -> None:
    check_object(
        ntp, "ntp", required={"mode": str, "ntp_server": (str, type(None)), "current_time": str}
    )
    if ntp["mode"] not in ("internal", "external"):
        raise invalid("ntp.mode", f"{ntp['mode']!r} is not 'internal' or 'external'")
    if ntp["mode"] == "external" and not ntp["ntp_server"]:
        raise invalid("ntp.ntp_server", "required when ntp.mode is 'external'")
    try:
        datetime.fromisoformat(ntp["current_time"].replace("Z", "+00:00"))
    except ValueError:
        raise invalid(
            "ntp.current_time", f"{ntp['current_time']!r} is not an ISO 8601 time"
        ) from None


def _check_hosts(ctx: SimContext, hosts: Any, *, receiver: dict[str, Any]) -> list[dict[str, Any]]:
    check_list(hosts, "hosts", dict, min_items=1)
    nodes: list[dict[str, Any]] = []
    for index, host in enumerate(hosts):
        nodes.append(_check_host(ctx, host, f"hosts[{index}]", receiver=receiver))
    check_unique([host["host_uuid"] for host in hosts], "hosts", "host_uuid")
    check_unique([host["hostname"].lower() for host in hosts], "hosts", "hostname")
    if receiver["host_uuid"] not in {node["host_uuid"] for node in nodes}:
        raise invalid("hosts", "must include the node that receives the request")
    masters = sum(1 for host in hosts if host["is_master"])
    # Small clusters make every node a master; from 5 nodes on there are 5 masters, else 3.
    expected = 3
    if len(hosts) < 3:
        expected = len(hosts)
    elif len(hosts) >= 5:
        expected = 5
    if masters != expected:
        raise invalid(
            "hosts[].is_master",
            f"{masters} master node(s) for {len(hosts)} hosts, expected {expected}",
        )
    return nodes


def _check_host(
    ctx: SimContext, host: Any, path: str, *, receiver: dict[str, Any]
) -> dict[str, Any]:
    check_object(host, path, required=_HOST)
    node = store.node_by_uuid(ctx, host["host_uuid"])
    if node is None:
        raise invalid(f"{path}.host_uuid", f"no scanned node has host_uuid {host['host_uuid']!r}")
    if node["deployed"]:
        raise invalid(
            f"{path}.host_uuid", f"node {node['management_ip']} already belongs to a cluster"
        )
    if node["power"] != "on":
        raise invalid(f"{path}.host_uuid", f"node {node['management_ip']} is powered off")
    if not _HOSTNAME.match(host["hostname"]) or host["hostname"].isdigit():
        raise invalid(f"{path}.hostname", f"{host['hostname']!r} is not a valid host name")
    _check_host_ip(host["host_ip"], f"{path}.host_ip", node, receiver)
    _check_passwords(host["host_passwords"], f"{path}.host_passwords")
    check_list(host["tags"], f"{path}.tags", str)
    _check_ifaces(host["ifaces"], f"{path}.ifaces", node)
    check_disks(host, path, node)
    return node


def _check_host_ip(value: str, path: str, node: dict[str, Any], receiver: dict[str, Any]) -> None:
    """Check ``<link-local IPv6 of the node>%<NIC of the receiving node>``.

    This is the form the cluster scan reports peers in.
    """
    address, _, zone = value.partition("%")
    try:
        parsed = ip_address(address)
    except ValueError:
        raise invalid(path, f"{value!r} is not an IPv6 link-local address with a zone") from None
    if not isinstance(parsed, IPv6Address) or not parsed.is_link_local or not zone:
        raise invalid(path, f"{value!r} is not an IPv6 link-local address with a %<interface> zone")
    own = {IPv6Address(entry["ipv6"]) for entry in node["ifaces"] if entry["ipv6"]}
    if parsed not in own:
        raise invalid(
            path, f"{address} is not a link-local address of node {node['management_ip']}"
        )
    if zone not in {entry["name"] for entry in receiver["ifaces"]}:
        raise invalid(path, f"zone {zone!r} is not an interface of the receiving node")


def _check_passwords(entries: Any, path: str) -> None:
    """Check ``[{user, password}]`` for root and smartx, passwords base64-encoded.

    NOTE: the captured client sends a fixed 16-character value for the
    factory password ``P@ssw0rd!123``, and that value has the length of its
    standard base64 encoding. The simulator therefore requires base64 of UTF-8 text.
    """
    check_list(entries, path, dict, min_items=1)
    users = []
    for index, entry in enumerate(entries):
        check_object(entry, f"{path}[{index}]", required={"user": str, "password": str})
        if entry["user"] not in ("root", "smartx"):
            raise invalid(f"{path}[{index}].user", f"unknown OS user {entry['user']!r}")
        decode_password(entry["password"], f"{path}[{index}].password")
        users.append(entry["user"])
    check_unique(users, path, "user")


def decode_password(encoded: str, path: str) -> str:
    """Decode a ``host_passwords`` value.

    Raises:
        SmtxApiError: the value is not base64 of non-empty UTF-8 text.
    """
    try:
        text = base64.b64decode(encoded, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise invalid(path, "must be the base64 encoding of the password") from None
    if not text:
        raise invalid(path, "must not be empty")
    return text


def _check_ifaces(entries: Any, path: str, node: dict[str, Any]) -> None:
    check_list(entries, path, dict, min_items=2)
    expected = {"mgt": node["management_ip"], "storage": node["storage_ip"]}
    seen = []
    for index, entry in enumerate(entries):
        check_object(entry, f"{path}[{index}]", required={"ip": str, "function": str})
        function = entry["function"]
        if function not in expected:
            raise invalid(f"{path}[{index}].function", f"{function!r} is not 'mgt' or 'storage'")
        check_ipv4(entry["ip"], f"{path}[{index}].ip")
        # NOTE: simulated nodes keep their planned addresses, so another address is rejected.
        if entry["ip"] != expected[function]:
            raise invalid(
                f"{path}[{index}].ip",
                f"{entry['ip']} is not the planned {function} address "
                f"{expected[function]} of this node",
            )
        seen.append(function)
    check_unique(seen, path, "function")
