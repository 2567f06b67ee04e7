"""Rules on planned addresses: unique, inside their subnet, clear of the test range."""

from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv4Network

from cxvoyager.plan.draft import Draft, Entry
from cxvoyager.plan.findings import FindingSink

# Keys of every address the plan assigns to a machine or a service.
_PLANNED = re.compile(
    r"^(hosts\.\d+\.(management_ip|storage_ip|bmc_ip)|cluster\.vip"
    r"|(cloudtower|observability|backup|sfs|sks)\.ip|everoute\.(vip|controllers\.\d+))$"
)
_MANAGEMENT_ONLY = re.compile(r"^(hosts\.\d+\.management_ip|cluster\.vip)$")


def planned_addresses(draft: Draft) -> list[Entry]:
    """Return the entries of every valid planned address, in reading order."""
    return [
        entry
        for key, entry in draft.entries.items()
        if _PLANNED.match(key) and isinstance(entry.value, IPv4Address)
    ]


def check_unique_addresses(draft: Draft, sink: FindingSink) -> None:
    """Every planned address is used once across all roles."""
    first_seen: dict[IPv4Address, Entry] = {}
    for entry in planned_addresses(draft):
        first = first_seen.setdefault(entry.value, entry)
        if first is not entry:
            sink.error("ip.duplicate", entry.ref, entry.text, other=str(first.ref))


def _allowed_networks(draft: Draft, key: str) -> list[str]:
    """Return the network roles whose subnet may hold the address of ``key``."""
    if _MANAGEMENT_ONLY.match(key):
        return ["management"]
    if key.endswith(".storage_ip"):
        return ["storage"]
    if key.endswith(".bmc_ip"):
        return ["ipmi"]
    # Management components live in the management subnet, or in the infra
    # subnet when 虚拟网络 row 5 plans one.
    return ["management", "infra"] if "networks.infra" in draft.rows else ["management"]


def check_addresses_in_subnets(draft: Draft, sink: FindingSink) -> None:
    """Each address lies in its network's subnet and is not its network, broadcast or gateway."""
    for entry in planned_addresses(draft):
        roles = _allowed_networks(draft, entry.key)
        subnets = [(role, draft.value(f"networks.{role}.subnet")) for role in roles]
        subnets = [(role, subnet) for role, subnet in subnets if subnet is not None]
        if not subnets:
            continue  # the subnet is missing or invalid, which is reported on its own cell
        inside = [(role, subnet) for role, subnet in subnets if entry.value in subnet]
        if not inside:
            _report_outside(draft, sink, entry, subnets)
            continue
        role, subnet = inside[0]
        _check_special_address(draft, sink, entry, role, subnet)


def _report_outside(
    draft: Draft, sink: FindingSink, entry: Entry, subnets: list[tuple[str, IPv4Network]]
) -> None:
    subnet_text = ", ".join(str(subnet) for _, subnet in subnets)
    cells = ", ".join(str(draft.entries[f"networks.{role}.subnet"].ref) for role, _ in subnets)
    # The template's own BMC addresses sit outside its IPMI subnet, so a BMC
    # address elsewhere is only a warning: BMC networks are often routed.
    if entry.key.endswith(".bmc_ip"):
        sink.warning("bmc.outside_subnet", entry.ref, entry.text, subnet=subnet_text, cells=cells)
    else:
        sink.error("ip.outside_subnet", entry.ref, entry.text, subnet=subnet_text, cells=cells)


def _check_special_address(
    draft: Draft, sink: FindingSink, entry: Entry, role: str, subnet: IPv4Network
) -> None:
    if subnet.prefixlen <= 30 and entry.value in (subnet.network_address, subnet.broadcast_address):
        sink.error("ip.reserved", entry.ref, entry.text, subnet=str(subnet))
    gateway = draft.entry(f"networks.{role}.gateway")
    if gateway is not None and gateway.value == entry.value:
        sink.error("ip.is_gateway", entry.ref, entry.text, gateway_cell=str(gateway.ref))


def check_test_range(draft: Draft, sink: FindingSink) -> None:
    """The test range has both ends in order, inside the management subnet, clear of the plan."""
    start, end = draft.entry("test_ip_range.start"), draft.entry("test_ip_range.end")
    if start is None or end is None or (not start.filled and not end.filled):
        return
    if start.filled != end.filled:
        missing = end if start.filled else start
        sink.error(
            "range.partial", missing.ref, None, other=str((start if end is missing else end).ref)
        )
        return
    if start.value is None or end.value is None:
        return  # an invalid end has been reported already
    if start.value > end.value:
        sink.error("range.order", start.ref, f"{start.text} - {end.text}", end_cell=str(end.ref))
        return

    subnet = draft.value("networks.management.subnet")
    for edge in (start, end):
        if subnet is not None and edge.value not in subnet:
            sink.error("range.outside_subnet", edge.ref, edge.text, subnet=str(subnet))
    _check_range_clear(draft, sink, start, end)


def _check_range_clear(draft: Draft, sink: FindingSink, start: Entry, end: Entry) -> None:
    for entry in planned_addresses(draft):
        if start.value <= entry.value <= end.value:
            sink.error(
                "range.conflict", start.ref, entry.text, other=str(entry.ref), end_cell=str(end.ref)
            )
    size = int(end.value) - int(start.value) + 1
    hosts = len(draft.indices("hosts"))
    if size < hosts:
        sink.warning("range.small", start.ref, f"{start.text} - {end.text}", size=size, hosts=hosts)
