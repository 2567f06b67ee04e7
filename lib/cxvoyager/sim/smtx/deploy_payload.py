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
from ipaddress import IPv4Address, IPv4Network, IPv6Address, ip_address
from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.smtx import store
from cxvoyager.sim.smtx.deploy_disks import check_disks
from cxvoyager.sim.smtx.envelope import check_list, check_object, invalid

BOND_MODES = ("active-backup", "balance-tcp", "balance-slb")
NETWORK_PORTS = {"mgt": "port-mgt", "storage": "port-storage"}
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
        _ipv4(server, f"dns_server[{index}]")
    _check_ntp(body["ntp"])

    nodes = _check_hosts(ctx, body["hosts"], receiver=receiver)
    by_uuid = {node["host_uuid"]: node for node in nodes}
    vds_names = _check_vdses(body["vdses"], by_uuid)
    _check_networks(body["networks"], by_uuid, vds_names, body["hosts"])
    if body["rdma_enabled"]:
        _check_rdma(body["vdses"], body["networks"], by_uuid)
    return nodes


def _ipv4(value: Any, path: str) -> IPv4Address:
    try:
        return IPv4Address(value)
    except ValueError:
        raise invalid(path, f"{value!r} is not an IPv4 address") from None


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
    _unique([host["host_uuid"] for host in hosts], "hosts", "host_uuid")
    _unique([host["hostname"].lower() for host in hosts], "hosts", "hostname")
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


def _unique(values: list[str], path: str, key: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise invalid(f"{path}[{index}].{key}", f"duplicate value {value!r}")
        seen.add(value)


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
    _unique(users, path, "user")


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
        _ipv4(entry["ip"], f"{path}[{index}].ip")
        # NOTE: simulated nodes keep their planned addresses, so another address is rejected.
        if entry["ip"] != expected[function]:
            raise invalid(
                f"{path}[{index}].ip",
                f"{entry['ip']} is not the planned {function} address "
                f"{expected[function]} of this node",
            )
        seen.append(function)
    _unique(seen, path, "function")


def _check_vdses(vdses: Any, by_uuid: dict[str, dict[str, Any]]) -> set[str]:
    check_list(vdses, "vdses", dict, min_items=1)
    claimed: dict[tuple[str, str], str] = {}
    for index, vds in enumerate(vdses):
        path = f"vdses[{index}]"
        check_object(
            vds, path, required={"name": str, "hosts_associated": list}, optional={"bond_mode": str}
        )
        _check_vds_hosts(vds, path, by_uuid, claimed)
    _unique([vds["name"] for vds in vdses], "vdses", "name")
    return {vds["name"] for vds in vdses}


def _check_vds_hosts(
    vds: dict[str, Any],
    path: str,
    by_uuid: dict[str, dict[str, Any]],
    claimed: dict[tuple[str, str], str],
) -> None:
    associated = check_list(vds["hosts_associated"], f"{path}.hosts_associated", dict, min_items=1)
    widest = 0
    for index, entry in enumerate(associated):
        entry_path = f"{path}.hosts_associated[{index}]"
        check_object(entry, entry_path, required={"host_uuid": str, "nics_associated": list})
        node = by_uuid.get(entry["host_uuid"])
        if node is None:
            raise invalid(
                f"{entry_path}.host_uuid", f"{entry['host_uuid']!r} is not one of hosts[]"
            )
        nics = check_list(
            entry["nics_associated"], f"{entry_path}.nics_associated", str, min_items=1
        )
        names = {iface["name"] for iface in node["ifaces"]}
        for nic_index, nic in enumerate(nics):
            nic_path = f"{entry_path}.nics_associated[{nic_index}]"
            if nic not in names:
                raise invalid(nic_path, f"node {node['management_ip']} has no NIC {nic!r}")
            owner = claimed.setdefault((node["host_uuid"], nic), vds["name"])
            if owner != vds["name"]:
                raise invalid(nic_path, f"NIC {nic!r} is already associated with VDS {owner!r}")
        widest = max(widest, len(nics))
    if {entry["host_uuid"] for entry in associated} != set(by_uuid):
        raise invalid(f"{path}.hosts_associated", "must list every host of hosts[] exactly once")
    _check_bond(vds, path, widest)


def _check_bond(vds: dict[str, Any], path: str, widest: int) -> None:
    mode = vds.get("bond_mode")
    if mode is None:
        if widest > 1:
            raise invalid(f"{path}.bond_mode", "required when a host associates more than one NIC")
        return
    if mode not in BOND_MODES:
        raise invalid(f"{path}.bond_mode", f"{mode!r} is not one of {', '.join(BOND_MODES)}")


def _check_networks(
    networks: Any,
    by_uuid: dict[str, dict[str, Any]],
    vds_names: set[str],
    hosts: list[dict[str, Any]],
) -> None:
    check_list(networks, "networks", dict, min_items=2)
    kinds = []
    for index, network in enumerate(networks):
        path = f"networks[{index}]"
        check_object(
            network,
            path,
            required={
                "name": str,
                "attached_vds": str,
                "network_type": str,
                "network_config": dict,
                "mode": dict,
            },
        )
        if network["network_type"] not in NETWORK_PORTS:
            raise invalid(
                f"{path}.network_type", f"{network['network_type']!r} is not 'mgt' or 'storage'"
            )
        if network["attached_vds"] not in vds_names:
            raise invalid(
                f"{path}.attached_vds", f"no VDS named {network['attached_vds']!r} in vdses[]"
            )
        _check_mode(network["mode"], f"{path}.mode")
        _check_service(network, path, by_uuid, hosts)
        kinds.append(network["network_type"])
    _unique(kinds, "networks", "network_type")


def _check_mode(mode: dict[str, Any], path: str) -> None:
    check_object(mode, path, required={"type": str, "network_identities": list})
    if mode["type"] != "vlan_access":
        raise invalid(f"{path}.type", f"{mode['type']!r} is not 'vlan_access'")
    identities = check_list(
        mode["network_identities"], f"{path}.network_identities", int, min_items=1
    )
    if len(identities) != 1 or not 0 <= identities[0] <= 4094:
        raise invalid(f"{path}.network_identities", "must hold one VLAN id from 0 to 4094")


def _check_service(
    network: dict[str, Any],
    path: str,
    by_uuid: dict[str, dict[str, Any]],
    hosts: list[dict[str, Any]],
) -> None:
    kind = network["network_type"]
    config = check_object(
        network["network_config"],
        f"{path}.network_config",
        required={"service": list},
        optional={"route": list},
    )
    service = check_list(config["service"], f"{path}.network_config.service", dict, min_items=1)
    planned = {host["host_uuid"]: _iface_ip(host, kind) for host in hosts}
    subnets = []
    for index, entry in enumerate(service):
        entry_path = f"{path}.network_config.service[{index}]"
        check_object(
            entry,
            entry_path,
            required={
                "host_uuid": str,
                "service_interface_name": str,
                "service_interface_ip": str,
                "netmask": str,
            },
        )
        if entry["host_uuid"] not in by_uuid:
            raise invalid(
                f"{entry_path}.host_uuid", f"{entry['host_uuid']!r} is not one of hosts[]"
            )
        if entry["service_interface_name"] != NETWORK_PORTS[kind]:
            raise invalid(
                f"{entry_path}.service_interface_name", f"must be {NETWORK_PORTS[kind]!r}"
            )
        if entry["service_interface_ip"] != planned[entry["host_uuid"]]:
            raise invalid(
                f"{entry_path}.service_interface_ip",
                f"differs from the {kind} address in hosts[].ifaces of that host",
            )
        subnets.append(_subnet(entry, entry_path))
    if {entry["host_uuid"] for entry in service} != set(by_uuid) or len(service) != len(by_uuid):
        raise invalid(
            f"{path}.network_config.service", "must list every host of hosts[] exactly once"
        )
    if len(set(subnets)) != 1:
        raise invalid(f"{path}.network_config.service", "addresses are not all in one subnet")
    _check_routes(config.get("route"), f"{path}.network_config.route", subnets[0], kind)


def _iface_ip(host: dict[str, Any], kind: str) -> str:
    address: str = next(entry["ip"] for entry in host["ifaces"] if entry["function"] == kind)
    return address


def _subnet(entry: dict[str, Any], path: str) -> IPv4Network:
    address = _ipv4(entry["service_interface_ip"], f"{path}.service_interface_ip")
    try:
        network = IPv4Network(f"{address}/{entry['netmask']}", strict=False)
    except ValueError:
        raise invalid(f"{path}.netmask", f"{entry['netmask']!r} is not a dotted netmask") from None
    if network.prefixlen < 31 and address in (network.network_address, network.broadcast_address):
        raise invalid(
            f"{path}.netmask", f"{address} is the network or broadcast address of {network}"
        )
    return network


def _check_routes(routes: Any, path: str, subnet: IPv4Network, kind: str) -> None:
    if routes is None:
        if kind == "mgt":
            raise invalid(path, "the management network needs a gateway route")
        return
    for index, route in enumerate(check_list(routes, path, dict, min_items=1)):
        check_object(route, f"{path}[{index}]", required={"gateway": str})
        gateway = _ipv4(route["gateway"], f"{path}[{index}].gateway")
        if gateway not in subnet:
            raise invalid(f"{path}[{index}].gateway", f"{gateway} is outside {subnet}")


def _check_rdma(
    vdses: list[dict[str, Any]], networks: list[dict[str, Any]], by_uuid: dict[str, dict[str, Any]]
) -> None:
    storage = next(
        network["attached_vds"] for network in networks if network["network_type"] == "storage"
    )
    vds = next(entry for entry in vdses if entry["name"] == storage)
    for entry in vds["hosts_associated"]:
        node = by_uuid[entry["host_uuid"]]
        capable = {iface["name"] for iface in node["ifaces"] if iface["rdma"]}
        missing = [nic for nic in entry["nics_associated"] if nic not in capable]
        if missing:
            raise invalid(
                "rdma_enabled",
                f"storage NIC {missing[0]} of node {node['management_ip']} has no RDMA",
            )
