"""Typed model of a validated planning workbook (规划设计表).

``PlanModel`` is what every stage reads. Addresses and networks are
``ipaddress`` objects, passwords are ``SecretStr`` (their ``repr`` and ``str``
are masked), and pydantic never echoes input values in its errors. Each field
that came from a cell keeps its location in ``PlanModel.cells`` so a later
stage can name the cell when the deployed system disagrees with the plan.
"""

from __future__ import annotations

import enum
from ipaddress import IPv4Address, IPv4Network

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, hide_input_in_errors=True, extra="forbid")


class StorageArchitecture(str, enum.Enum):
    """主机规划!Q19: disk roles at deployment."""

    HYBRID_TIERED = "混闪-分层"  # flash cache over capacity disks
    ALL_FLASH_UNTIERED = "全闪-不分层"  # every disk stores data


class NetworkArchitecture(str, enum.Enum):
    """主机规划!Q20: which traffic shares a virtual switch."""

    CONVERGED = "三网融合"  # management, storage and business on one VDS
    SEPARATE_STORAGE = "存储独立"  # management with business, storage apart
    SEPARATE_ALL = "三网独立"  # three separate virtual switches


class ClusterFeatures(str, enum.Enum):
    """主机规划!O19."""

    NONE = "None"
    RDMA = "RDMA"
    BOOST = "Boost"
    RDMA_BOOST = "RDMA+Boost"

    @property
    def boost(self) -> bool:
        """Whether vhost (Boost) is enabled."""
        return self in (ClusterFeatures.BOOST, ClusterFeatures.RDMA_BOOST)

    @property
    def rdma(self) -> bool:
        """Whether RDMA is enabled."""
        return self in (ClusterFeatures.RDMA, ClusterFeatures.RDMA_BOOST)


class BondMode(str, enum.Enum):
    """NIC bonding modes the template allows (虚拟网络!K)."""

    ACTIVE_BACKUP = "active-backup"
    BALANCE_SLB = "balance-slb"
    BALANCE_TCP = "balance-tcp"


class NetworkRole(str, enum.Enum):
    """The purpose of a row on 虚拟网络."""

    IPMI = "ipmi"
    MANAGEMENT = "management"
    INFRA = "infra"
    STORAGE = "storage"
    BACKUP = "backup"
    BUSINESS = "business"


class CellRef(_Frozen):
    """A cell of the workbook, as ``sheet!cell``."""

    sheet: str
    cell: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}"


class NetworkPlan(_Frozen):
    """One row of 虚拟网络: a virtual network on a virtual switch (VDS)."""

    role: NetworkRole
    row: int
    vds_name: str | None
    name: str
    vlan_id: int | None
    subnet: IPv4Network | None
    gateway: IPv4Address | None
    nics: tuple[str, ...] = ()
    bond_mode: BondMode | None = None
    speed: str | None = None


class VirtualNetworks(_Frozen):
    """All of 虚拟网络: system networks plus up to 11 business networks."""

    ipmi: NetworkPlan | None
    management: NetworkPlan
    infra: NetworkPlan | None
    storage: NetworkPlan
    backup: NetworkPlan | None
    business: tuple[NetworkPlan, ...] = ()


class HostPlan(_Frozen):
    """One node row of 主机规划 (rows 3-18)."""

    index: int
    row: int
    serial: str | None
    bmc_ip: IPv4Address | None
    bmc_user: str | None
    bmc_password: SecretStr | None
    hostname: str
    management_ip: IPv4Address
    ssh_user: str
    ssh_password: SecretStr
    admin_user: str | None
    admin_password: SecretStr | None
    storage_ip: IPv4Address
    description: str | None = None
    rack: str | None = None
    rack_unit: int | None = None


class ClusterPlan(_Frozen):
    """Cluster-level cells of 主机规划 and 虚拟网络!B3."""

    name: str
    smtx_version: str | None
    serial: str | None
    vip: IPv4Address
    admin_user: str
    admin_password: SecretStr
    features: ClusterFeatures
    storage_architecture: StorageArchitecture
    network_architecture: NetworkArchitecture


class ComponentKind(str, enum.Enum):
    """Management components planned on 集群管理信息."""

    CLOUDTOWER = "cloudtower"
    OBSERVABILITY = "observability"
    BACKUP = "backup"
    SFS = "sfs"
    SKS = "sks"


class Sizing(_Frozen):
    r"""A component VM's size, from 集群管理信息!L (``8vCPU\19GB-Mem\400GB Disk``)."""

    vcpu: int
    memory_gib: int
    disk_gib: int


class ComponentPlan(_Frozen):
    """One component row of 集群管理信息 (CloudTower, OBS, backup, SFS, SKS)."""

    kind: ComponentKind
    row: int
    name: str
    version: str | None
    ip: IPv4Address
    web_user: str | None = None
    web_password: SecretStr | None = None
    ssh_user: str | None = None
    ssh_password: SecretStr | None = None
    system_user: str | None = None
    system_password: SecretStr | None = None
    sizing: Sizing | None = None
    serial: str | None = None


class EveroutePlan(_Frozen):
    """Everoute rows of 集群管理信息 (E6 VIP, E7:E11 controllers, M6 serial)."""

    vip: IPv4Address
    controllers: tuple[IPv4Address, ...]
    serial: str | None = None


class AddressRange(_Frozen):
    """The temporary test IP range (集群管理信息!E18:E19), both ends included."""

    start: IPv4Address
    end: IPv4Address

    def addresses(self) -> list[IPv4Address]:
        """List every address of the range in order."""
        return [IPv4Address(value) for value in range(int(self.start), int(self.end) + 1)]


class PlanModel(_Frozen):
    """The validated planning workbook.

    Attributes:
        fingerprint: SHA-256 of the parsed content; identifies the plan in the ledger.
        cells: where each field came from, keyed by a dotted field path
            (``hosts.0.management_ip``, ``cluster.vip``, ``cloudtower.ip``).
    """

    source: str
    fingerprint: str
    customer: str
    project: str
    datacenter: str
    cluster: ClusterPlan
    networks: VirtualNetworks
    hosts: tuple[HostPlan, ...]
    cloudtower: ComponentPlan | None = None
    observability: ComponentPlan | None = None
    backup: ComponentPlan | None = None
    sfs: ComponentPlan | None = None
    sks: ComponentPlan | None = None
    everoute: EveroutePlan | None = None
    test_ip_range: AddressRange | None = None
    ntp_servers: tuple[str, ...] = ()
    dns_servers: tuple[IPv4Address, ...] = ()
    cells: dict[str, CellRef] = Field(default_factory=dict)

    def secrets(self) -> list[str]:
        """List every secret value in the plan, for redaction and the final leak scan."""
        values: list[SecretStr | None] = [self.cluster.admin_password]
        for host in self.hosts:
            values += [host.bmc_password, host.ssh_password, host.admin_password]
        for component in self.components():
            values += [component.web_password, component.ssh_password, component.system_password]
        return sorted({value.get_secret_value() for value in values if value is not None} - {""})

    def components(self) -> list[ComponentPlan]:
        """List the planned management components in stage order."""
        planned = [self.cloudtower, self.observability, self.backup, self.sfs, self.sks]
        return [component for component in planned if component is not None]

    def host_by_ip(self, address: IPv4Address) -> HostPlan | None:
        """Return the planned host whose management IP is ``address``."""
        return next((host for host in self.hosts if host.management_ip == address), None)
