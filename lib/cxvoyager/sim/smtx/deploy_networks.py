"""Switch and network checks of the deployment payload: ``vdses`` and ``networks``.

A VDS must list every host with NICs that exist on it, and no NIC may serve
two switches. Each network must attach to a listed VDS, list every host's
service address with a netmask that puts them all in one subnet, and (for
management) route through a gateway inside that subnet.
"""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import Any

from cxvoyager.sim.smtx.envelope import check_ipv4, check_list, check_object, check_unique, invalid

BOND_MODES = ("active-backup", "balance-tcp", "balance-slb")
NETWORK_PORTS = {"mgt": "port-mgt", "storage": "port-storage"}


def check_vdses(vdses: Any, by_uuid: dict[str, dict[str, Any]]) -> set[str]:
    """Check ``vdses`` against the payload's nodes (by host_uuid); return the VDS names.

    Raises:
        SmtxApiError: the first invalid field (400).
    """
    check_list(vdses, "vdses", dict, min_items=1)
    claimed: dict[tuple[str, str], str] = {}
    for index, vds in enumerate(vdses):
        path = f"vdses[{index}]"
        check_object(
            vds, path, required={"name": str, "hosts_associated": list}, optional={"bond_mode": str}
        )
        _check_vds_hosts(vds, path, by_uuid, claimed)
    check_unique([vds["name"] for vds in vdses], "vdses", "name")
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


def check_networks(
    networks: Any,
    by_uuid: dict[str, dict[str, Any]],
    vds_names: set[str],
    hosts: list[dict[str, Any]],
) -> None:
    """Check ``networks``: attached VDS, VLAN mode and every host's service address.

    Raises:
        SmtxApiError: the first invalid field (400).
    """
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
    check_unique(kinds, "networks", "network_type")


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
        _check_service_entry(entry, entry_path, kind, planned)
        subnets.append(_subnet(entry, entry_path))
    if {entry["host_uuid"] for entry in service} != set(by_uuid) or len(service) != len(by_uuid):
        raise invalid(
            f"{path}.network_config.service", "must list every host of hosts[] exactly once"
        )
    if len(set(subnets)) != 1:
        raise invalid(f"{path}.network_config.service", "addresses are not all in one subnet")
    _check_routes(config.get("route"), f"{path}.network_config.route", subnets[0], kind)


def _check_service_entry(entry: Any, path: str, kind: str, planned: dict[str, str]) -> None:
    """Check one host's service address; ``planned`` maps host_uuid to its address in hosts[]."""
    required = {
        "host_uuid": str,
        "service_interface_name": str,
        "service_interface_ip": str,
        "netmask": str,
    }
    check_object(entry, path, required=required)
    if entry["host_uuid"] not in planned:
        raise invalid(f"{path}.host_uuid", f"{entry['host_uuid']!r} is not one of hosts[]")
    if entry["service_interface_name"] != NETWORK_PORTS[kind]:
        raise invalid(f"{path}.service_interface_name", f"must be {NETWORK_PORTS[kind]!r}")
    if entry["service_interface_ip"] != planned[entry["host_uuid"]]:
        raise invalid(
            f"{path}.service_interface_ip",
            f"differs from the {kind} address in hosts[].ifaces of that host",
        )


def _iface_ip(host: dict[str, Any], kind: str) -> str:
    address: str = next(entry["ip"] for entry in host["ifaces"] if entry["function"] == kind)
    return address


def _subnet(entry: dict[str, Any], path: str) -> IPv4Network:
    address = check_ipv4(entry["service_interface_ip"], f"{path}.service_interface_ip")
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
        gateway = check_ipv4(route["gateway"], f"{path}[{index}].gateway")
        if gateway not in subnet:
            raise invalid(f"{path}[{index}].gateway", f"{gateway} is outside {subnet}")


def check_rdma(
    vdses: list[dict[str, Any]], networks: list[dict[str, Any]], by_uuid: dict[str, dict[str, Any]]
) -> None:
    """Check that every storage NIC supports RDMA when ``rdma_enabled`` is true.

    Raises:
        SmtxApiError: a storage NIC has no RDMA (400).
    """
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
