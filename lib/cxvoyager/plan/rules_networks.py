"""Rules on 虚拟网络: gateways, overlapping subnets, VLANs, names, NICs and bonds."""

from __future__ import annotations

from itertools import combinations

from cxvoyager.plan.draft import Draft, Entry
from cxvoyager.plan.findings import FindingSink
from cxvoyager.plan.model import BondMode, ClusterFeatures, NetworkArchitecture

_SYSTEM_ROLES = ("ipmi", "management", "infra", "storage", "backup")


def network_prefixes(draft: Draft) -> list[str]:
    """Return the key prefix of every planned network row (``networks.management``...)."""
    system = [f"networks.{role}" for role in _SYSTEM_ROLES if f"networks.{role}" in draft.rows]
    business = [f"networks.business.{index}" for index in draft.indices("networks.business")]
    return system + business


def check_gateways(draft: Draft, sink: FindingSink) -> None:
    """Each gateway lies inside its subnet and is neither its network nor its broadcast address."""
    for prefix in network_prefixes(draft):
        subnet, gateway = draft.value(f"{prefix}.subnet"), draft.entry(f"{prefix}.gateway")
        if subnet is None or gateway is None or gateway.value is None:
            continue
        if gateway.value not in subnet:
            sink.error("gateway.outside_subnet", gateway.ref, gateway.text, subnet=str(subnet))
        elif subnet.prefixlen <= 30 and gateway.value in (
            subnet.network_address,
            subnet.broadcast_address,
        ):
            sink.error("gateway.reserved", gateway.ref, gateway.text, subnet=str(subnet))


def check_architecture(draft: Draft, sink: FindingSink) -> None:
    """The network architecture is one the automation supports, and RDMA is off."""
    architecture = draft.entry("cluster.network_architecture")
    if architecture is not None and architecture.value is NetworkArchitecture.CONVERGED:
        sink.error("network.converged_unsupported", architecture.ref, architecture.text)
    features = draft.entry("cluster.features")
    if features is not None and isinstance(features.value, ClusterFeatures) and features.value.rdma:
        sink.error("features.rdma_unsupported", features.ref, features.text)


def _subnet_group(draft: Draft, prefix: str) -> str:
    """Return which traffic group a network belongs to for the overlap rule."""
    architecture = draft.value("cluster.network_architecture")
    role = prefix.split(".")[1]
    if role == "storage":
        return "storage"
    if role in ("management", "infra"):
        return "management"
    if role == "business" and architecture is NetworkArchitecture.SEPARATE_ALL:
        return "business"
    if role == "business":
        return "management"  # 存储独立: business networks share the management VDS
    return role


def check_subnet_overlap(draft: Draft, sink: FindingSink) -> None:
    """Subnets that the network architecture keeps apart do not overlap.

    三网独立 separates management, storage and each business network;
    存储独立 separates storage from the rest. IPMI and backup networks are
    outside the rule (the template puts IPMI in the management subnet).
    """
    planned = [
        (prefix, draft.entries[f"{prefix}.subnet"])
        for prefix in network_prefixes(draft)
        if draft.value(f"{prefix}.subnet") is not None
        and _subnet_group(draft, prefix) not in ("ipmi", "backup")
    ]
    for (first_prefix, first), (second_prefix, second) in combinations(planned, 2):
        first_group = _subnet_group(draft, first_prefix)
        same_group = first_group == _subnet_group(draft, second_prefix)
        if same_group and first_group != "business":
            continue
        if first.value.overlaps(second.value):
            sink.error(
                "subnet.overlap",
                second.ref,
                second.text,
                other=str(first.ref),
                other_value=first.text,
            )


def check_business_networks(draft: Draft, sink: FindingSink) -> None:
    """Business networks have a name and a VLAN id, both unique."""
    names: dict[str, Entry] = {}
    vlans: dict[int, Entry] = {}
    for index in draft.indices("networks.business"):
        prefix = f"networks.business.{index}"
        name, vlan = draft.entries[f"{prefix}.name"], draft.entries[f"{prefix}.vlan_id"]
        if not name.filled:
            sink.error("network.name_missing", name.ref, None, vlan_cell=str(vlan.ref))
        elif name.value.casefold() in names:
            sink.error(
                "network.name_duplicate",
                name.ref,
                name.text,
                other=str(names[name.value.casefold()].ref),
            )
        else:
            names[name.value.casefold()] = name
        if not vlan.filled:
            sink.error("network.vlan_missing", vlan.ref, None, name_cell=str(name.ref))
        elif vlan.value is not None and vlan.value in vlans:
            sink.error("vlan.duplicate", vlan.ref, vlan.text, other=str(vlans[vlan.value].ref))
        elif vlan.value is not None:
            vlans[vlan.value] = vlan


def _nic_groups(draft: Draft) -> list[Entry]:
    """Return one NIC entry per virtual switch (J4, J6, J7 and J8)."""
    keys = ("networks.management.nics", "networks.storage.nics", "networks.backup.nics")
    groups = [draft.entries[key] for key in keys if key in draft.entries]
    business = draft.entry("networks.business.0.nics")
    if business is None:
        return groups
    # 存储独立 puts business networks on the management VDS, so J8 may repeat J4 or stay empty.
    management = draft.entry("networks.management.nics")
    shares_management = (
        draft.value("cluster.network_architecture") is NetworkArchitecture.SEPARATE_STORAGE
        and management is not None
        and set(business.value or ()) in (set(), set(management.value or ()))
    )
    if not shares_management:
        groups.append(business)
    return groups


def check_nics(draft: Draft, sink: FindingSink) -> None:
    """A NIC belongs to one virtual switch; 三网独立 business networks have their own NICs."""
    owner: dict[str, Entry] = {}
    for group in _nic_groups(draft):
        for nic in group.value or ():
            first = owner.setdefault(nic, group)
            if first is not group:
                sink.error("nic.shared", group.ref, nic, other=str(first.ref))
    architecture = draft.value("cluster.network_architecture")
    business = draft.entry("networks.business.0.nics")
    if (
        business is not None
        and not business.filled
        and architecture is NetworkArchitecture.SEPARATE_ALL
    ):
        sink.error("nic.missing", business.ref, None)


def check_bonds(draft: Draft, sink: FindingSink) -> None:
    """Balance bonds have two NICs or more; two NICs or more need a bond mode."""
    for group in _nic_groups(draft):
        nics = group.value or ()
        bond = draft.entries[group.key.replace(".nics", ".bond_mode")]
        if bond.value in (BondMode.BALANCE_SLB, BondMode.BALANCE_TCP) and len(nics) < 2:
            sink.error(
                "bond.nic_count", bond.ref, bond.text, nics_cell=str(group.ref), count=len(nics)
            )
        if len(nics) >= 2 and not bond.filled:
            sink.error("bond.missing", bond.ref, None, nics_cell=str(group.ref))
