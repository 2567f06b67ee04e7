"""Stage 03 business networks: the business VDS and its VLANs from 虚拟网络 rows 8-18.

三网独立 puts business networks on their own VDS (虚拟网络!C8, NICs J8,
bond K8), created over every host with its storage IP as ``data_ip``. 存储独立
shares the management VDS (created at deployment) between management and
business traffic, so the VLANs go there.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from cxvoyager.clients.fisheye import FisheyeClient
from cxvoyager.clients.models.fisheye import Vds, Vlan
from cxvoyager.plan.model import NetworkArchitecture, NetworkPlan, PlanModel

logger = logging.getLogger(__name__)


@dataclass
class BusinessNetworks:
    """The business VDS and VLANs after the step, and what it created."""

    vds: Vds
    vlans: list[Vlan]
    created_vds: bool = False
    created_vlans: list[str] = field(default_factory=list)


def business_vds_name(plan: PlanModel) -> str | None:
    """Return the name of the VDS that carries business VLANs, or None when none are planned."""
    if not plan.networks.business:
        return None
    if plan.cluster.network_architecture is NetworkArchitecture.SEPARATE_STORAGE:
        management = plan.networks.management
        return management.vds_name or management.name
    first = plan.networks.business[0]
    return first.vds_name or first.name


def ensure_business_networks(
    client: FisheyeClient, plan: PlanModel, host_uuids: Mapping[str, str]
) -> BusinessNetworks | None:
    """Create the business VDS (三网独立) and every planned VLAN that is missing.

    Raises:
        ApiError, TaskFailedError, WaitTimeoutError: a creation failed.
    """
    name = business_vds_name(plan)
    if name is None:
        return None
    vds = client.find_vds(name)
    created_vds = vds is None
    if vds is None:
        vds = client.create_vds(
            name=name,
            bond_mode=_bond_mode(plan.networks.business[0]),
            hosts=_members(plan, host_uuids),
        )

    existing = {vlan.name for vlan in client.list_vlans(vds.uuid)}
    created = []
    for network in plan.networks.business:
        if network.name not in existing:
            client.create_vlan(vds.uuid, name=network.name, vlan_id=network.vlan_id or 0)
            created.append(network.name)
    return BusinessNetworks(
        client.get_vds(vds.uuid), client.list_vlans(vds.uuid), created_vds, created
    )


def vlan_mismatches(plan: PlanModel, vlans: list[Vlan]) -> list[str]:
    """Return each planned business network that is missing or has another VLAN id."""
    found = {vlan.name: vlan.vlan_id for vlan in vlans}
    problems = []
    for network in plan.networks.business:
        if found.get(network.name) != (network.vlan_id or 0):
            problems.append(f"{network.name}: {network.vlan_id} != {found.get(network.name)}")
    return problems


def _bond_mode(network: NetworkPlan) -> str:
    return network.bond_mode.value if network.bond_mode else "active-backup"


def _members(plan: PlanModel, host_uuids: Mapping[str, str]) -> list[dict[str, object]]:
    nics = list(plan.networks.business[0].nics)
    return [
        {
            "host_uuid": host_uuids[str(host.management_ip)],
            "nics_associated": nics,
            "data_ip": str(host.storage_ip),
        }
        for host in plan.hosts
    ]
