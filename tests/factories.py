"""Build PlanModel objects in code, for tests that need a plan without a workbook."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from typing import Any

from pydantic import SecretStr

from cxvoyager.plan.model import (
    AddressRange,
    BondMode,
    ClusterFeatures,
    ClusterPlan,
    ComponentKind,
    ComponentPlan,
    EveroutePlan,
    HostPlan,
    NetworkArchitecture,
    NetworkPlan,
    NetworkRole,
    PlanModel,
    Sizing,
    StorageArchitecture,
    VirtualNetworks,
)

PASSWORD = "Cx!Test-Passw0rd"


def _network(
    role: NetworkRole, row: int, vds: str, name: str, subnet: str, **extra: Any
) -> NetworkPlan:
    net = IPv4Network(subnet)
    fields: dict[str, Any] = {
        "role": role,
        "row": row,
        "vds_name": vds,
        "name": name,
        "vlan_id": 0,
        "subnet": net,
        "gateway": net.network_address + 1,
        "nics": (),
        "bond_mode": None,
    }
    fields.update(extra)
    return NetworkPlan(**fields)


def _networks() -> VirtualNetworks:
    business = tuple(
        _network(
            NetworkRole.BUSINESS,
            8 + i,
            "vDS-Prod-Network",
            f"VLAN-{1120 + i}",
            f"10.1.{20 + i}.0/24",
            vlan_id=1120 + i,
            nics=("ens225", "ens257"),
            bond_mode=BondMode.BALANCE_SLB,
        )
        for i in range(4)
    )
    return VirtualNetworks(
        ipmi=_network(NetworkRole.IPMI, 3, "（IPMI）", "（IPMI）", "10.0.19.0/24"),
        management=_network(
            NetworkRole.MANAGEMENT,
            4,
            "vDS-MgMt-Network",
            "default",
            "10.0.20.0/24",
            nics=("ens224", "ens192"),
            bond_mode=BondMode.ACTIVE_BACKUP,
        ),
        infra=None,
        storage=_network(
            NetworkRole.STORAGE,
            6,
            "vDS-Storage-Network",
            "storage-network",
            "10.0.21.0/24",
            nics=("ens256", "ens161"),
            bond_mode=BondMode.ACTIVE_BACKUP,
        ),
        backup=None,
        business=business,
    )


def _host(index: int) -> HostPlan:
    """Return host ``index``: 1-based in names and addresses, 0-based in the model."""
    return HostPlan(
        index=index - 1,
        row=2 + index,
        serial=None,
        bmc_ip=IPv4Address(f"10.0.19.{10 + index}"),
        bmc_user="root",
        bmc_password=SecretStr(PASSWORD),
        hostname=f"TEST-SMTX-Node-{index:02d}",
        management_ip=IPv4Address(f"10.0.20.{10 + index}"),
        ssh_user="smartx",
        ssh_password=SecretStr(PASSWORD),
        admin_user="root",
        admin_password=SecretStr(PASSWORD),
        storage_ip=IPv4Address(f"10.0.21.{10 + index}"),
        rack="A01",
        rack_unit=2 * index - 1,
    )


def _component(kind: ComponentKind, row: int, name: str, ip: str, sizing: Sizing) -> ComponentPlan:
    return ComponentPlan(
        kind=kind,
        row=row,
        name=name,
        version="1.0.0",
        ip=IPv4Address(ip),
        web_user="root",
        web_password=SecretStr(PASSWORD),
        ssh_user="smartx",
        ssh_password=SecretStr(PASSWORD),
        system_user="admin",
        system_password=SecretStr(PASSWORD),
        sizing=sizing,
    )


def make_plan(hosts: int = 4, **overrides: Any) -> PlanModel:
    """Return a complete plan: ``hosts`` nodes, every component, three separate networks."""
    fields: dict[str, Any] = {
        "source": "tests/factories.py",
        "fingerprint": "0" * 64,
        "customer": "测试客户",
        "project": "测试项目",
        "datacenter": "TEST-DC",
        "cluster": ClusterPlan(
            name="TEST-SMTX-Cls01",
            smtx_version="6.2.0",
            serial=None,
            vip=IPv4Address("10.0.20.10"),
            admin_user="root",
            admin_password=SecretStr(PASSWORD),
            features=ClusterFeatures.BOOST,
            storage_architecture=StorageArchitecture.HYBRID_TIERED,
            network_architecture=NetworkArchitecture.SEPARATE_ALL,
        ),
        "networks": _networks(),
        "hosts": tuple(_host(i) for i in range(1, hosts + 1)),
        "cloudtower": _component(
            ComponentKind.CLOUDTOWER,
            3,
            "Cloudtower",
            "10.0.20.2",
            Sizing(vcpu=8, memory_gib=19, disk_gib=400),
        ),
        "observability": _component(
            ComponentKind.OBSERVABILITY,
            4,
            "Observability",
            "10.0.20.3",
            Sizing(vcpu=16, memory_gib=32, disk_gib=512),
        ),
        "backup": _component(
            ComponentKind.BACKUP,
            5,
            "backup",
            "10.0.20.4",
            Sizing(vcpu=4, memory_gib=16, disk_gib=40),
        ),
        "sfs": _component(
            ComponentKind.SFS, 12, "SFS", "10.0.20.5", Sizing(vcpu=4, memory_gib=8, disk_gib=100)
        ),
        "sks": _component(
            ComponentKind.SKS, 13, "SKS", "10.0.20.6", Sizing(vcpu=8, memory_gib=16, disk_gib=200)
        ),
        "everoute": EveroutePlan(
            vip=IPv4Address("10.0.20.20"),
            controllers=tuple(IPv4Address(f"10.0.20.{21 + i}") for i in range(3)),
        ),
        "test_ip_range": AddressRange(
            start=IPv4Address("10.0.20.231"), end=IPv4Address("10.0.20.239")
        ),
        "ntp_servers": ("10.0.0.2", "10.0.0.3", "ntp.example.com"),
        "dns_servers": (IPv4Address("10.0.0.114"), IPv4Address("10.0.0.1")),
    }
    fields.update(overrides)
    return PlanModel(**fields)
