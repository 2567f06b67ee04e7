"""Stage 07 plan-vs-actual: one row per planned value, next to what the deployed system reports.

NOTE: no documented call lists the member NICs of a VDS (``GET
/api/v2/network/vds/{uuid}`` returns ``hosts_associated`` empty), so VDS rows
compare name and bond mode only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cxvoyager.clients.models.fisheye import Vds, Vlan
from cxvoyager.clients.models.tower import TowerHost
from cxvoyager.i18n import t
from cxvoyager.plan.model import NetworkArchitecture, PlanModel


@dataclass(frozen=True)
class Row:
    """One planned value and the deployed one.

    Attributes:
        field: what is compared (``hosts.0.management_ip``).
        cell: the workbook cell the planned value comes from, if known.
        planned: the planned value as text.
        actual: the deployed value as text.
    """

    field: str
    cell: str
    planned: str
    actual: str

    @property
    def matches(self) -> bool:
        """Tell whether the deployed value is the planned one."""
        return self.planned == self.actual

    def describe(self) -> str:
        """Return the row as one line of the report: cell, planned, actual and verdict."""
        key = "stages.pva.match" if self.matches else "stages.pva.differs"
        return t(key, cell=self.cell or "-", planned=self.planned or "-", actual=self.actual or "-")


@dataclass(frozen=True)
class Actual:
    """The deployed system's values, gathered once for all rows."""

    cluster_name: str
    vip: str
    dns: list[str]
    ntp: list[str]
    hosts: list[TowerHost]
    vdses: list[Vds]
    vlans: Mapping[str, list[Vlan]]


def compare(plan: PlanModel, actual: Actual) -> list[Row]:
    """Return one row per planned field: cluster, DNS and NTP servers, hosts, networks."""
    rows = [
        _row(plan, "cluster.name", plan.cluster.name, actual.cluster_name),
        _row(plan, "cluster.vip", str(plan.cluster.vip), actual.vip),
    ]
    rows += _list_rows(
        plan, "dns_servers", [str(server) for server in plan.dns_servers], actual.dns
    )
    rows += _list_rows(plan, "ntp_servers", list(plan.ntp_servers), actual.ntp)
    rows += _host_rows(plan, actual)
    rows += _network_rows(plan, actual)
    return rows


def _list_rows(plan: PlanModel, field: str, planned: list[str], found: list[str]) -> list[Row]:
    """Compare two ordered lists item by item; an item only one side has is a mismatch."""
    return [
        _row(
            plan,
            f"{field}.{index}",
            planned[index] if index < len(planned) else "",
            found[index] if index < len(found) else "",
        )
        for index in range(max(len(planned), len(found)))
    ]


def _host_rows(plan: PlanModel, actual: Actual) -> list[Row]:
    by_ip = {host.management_ip: host for host in actual.hosts}
    rows = []
    for position, host in enumerate(plan.hosts):
        found = by_ip.get(str(host.management_ip))
        prefix = f"hosts.{position}"
        management_ip = found.management_ip if found else ""
        rows.append(_row(plan, f"{prefix}.management_ip", str(host.management_ip), management_ip))
        rows.append(_row(plan, f"{prefix}.hostname", host.hostname, found.name if found else ""))
        storage_ip = (found.data_ip or "") if found else ""
        rows.append(_row(plan, f"{prefix}.storage_ip", str(host.storage_ip), storage_ip))
    return rows


def _network_rows(plan: PlanModel, actual: Actual) -> list[Row]:
    switches = {vds.name: vds for vds in actual.vdses}
    switched = [
        ("networks.management", plan.networks.management),
        ("networks.storage", plan.networks.storage),
    ]
    business = [(f"networks.business.{i}", net) for i, net in enumerate(plan.networks.business)]
    if plan.cluster.network_architecture is NetworkArchitecture.SEPARATE_ALL:
        # Only 三网独立 gives business networks a VDS of their own (虚拟网络 row 8).
        switched += business[:1]

    rows = []
    for key, network in switched:
        name = network.vds_name or network.name
        vds = switches.get(name)
        rows.append(_row(plan, f"{key}.vds_name", name, vds.name if vds else ""))
        if network.bond_mode is not None:
            found = vds.bond_mode if vds else ""
            rows.append(_row(plan, f"{key}.bond_mode", network.bond_mode.value, found))
    vlans = {vlan.name: vlan for vds_vlans in actual.vlans.values() for vlan in vds_vlans}
    for key, network in business:
        vlan = vlans.get(network.name)
        found = str(vlan.vlan_id) if vlan else ""
        rows.append(_row(plan, f"{key}.vlan_id", str(network.vlan_id or 0), found))
    return rows


def _row(plan: PlanModel, field: str, planned: str, actual: str) -> Row:
    cell = plan.cells.get(field)
    return Row(field, str(cell) if cell is not None else "", planned, actual)
