"""The cluster deployment payload (``POST /api/v2/deployment/cluster``), built from plan and scans.

Disk roles follow the storage architecture (主机规划!Q19):

========================  ======================================  ===============
media on a node           混闪-分层 (tiered)                      全闪-不分层
========================  ======================================  ===============
all SSD, or all NVMe      every disk ``data``                     same
SSD + HDD                 SSD ``cache``, HDD ``data``             rejected
NVMe + SSD                NVMe ``cache``, SSD ``data``            rejected
NVMe + HDD (+ SSD)        NVMe ``cache``, the rest ``data``       rejected
HDD only                  rejected                                rejected
========================  ======================================  ===============

The boot disk is never given to storage. ``disk_data_with_cache`` is true
when every disk stores data (all flash of one kind), and
``with_faster_ssd_as_cache`` is always true, as in every captured payload.
Networks follow the network architecture (主机规划!Q20). Management and
storage each get a VDS at deployment time. Business networks are created in
stage 03, on their own VDS for 三网独立 and on the management VDS for 存储独立.
"""

from __future__ import annotations

import base64
import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from cxvoyager.clients.models.deployment import ScannedDisk, ScannedHost
from cxvoyager.errors import CXVoyagerError
from cxvoyager.i18n import t
from cxvoyager.plan.model import (
    HostPlan,
    NetworkArchitecture,
    NetworkPlan,
    PlanModel,
    StorageArchitecture,
)
from cxvoyager.redaction import MASK

MGT_NETWORK = "mgt-network"
STORAGE_NETWORK = "storage-network"
MASTER_COUNT_SMALL = 3  # clusters of up to four nodes run three master nodes
MASTER_COUNT_LARGE = 5  # clusters of five nodes or more run five
PASSWORD_USERS = ("root", "smartx")


class PayloadError(CXVoyagerError):
    """The plan and the scanned hardware cannot make a valid deployment payload.

    Attributes:
        problems: every problem found, each naming the host and what is wrong.
    """

    def __init__(self, problems: list[str]) -> None:
        super().__init__(t("stages.payload.invalid", problems="\n".join(problems)))
        self.problems = problems


@dataclass(frozen=True)
class DiskLayout:
    """The storage roles chosen for one host's disks."""

    disks: list[dict[str, Any]]
    data_with_cache: bool
    problems: list[str] = field(default_factory=list)


def media_of(disk: ScannedDisk) -> str:
    """Return the disk's media class: ``nvme``, ``ssd`` or ``hdd``."""
    if disk.is_nvme:
        return "nvme"
    return "ssd" if disk.type.upper() == "SSD" else "hdd"


def assign_disk_roles(
    hostname: str, disks: list[ScannedDisk], architecture: StorageArchitecture
) -> DiskLayout:
    """Choose ``cache`` or ``data`` for each non-boot disk of one host (table in the module doc)."""
    usable = [disk for disk in disks if disk.function != "boot"]
    kinds = {media_of(disk) for disk in usable}
    if not usable:
        return DiskLayout([], False, [t("stages.payload.no_disks", host=hostname)])
    if kinds == {"hdd"}:
        return DiskLayout([], False, [t("stages.payload.hdd_only", host=hostname)])
    if len(kinds) == 1:
        return DiskLayout([_disk(disk, "data") for disk in usable], True)
    if architecture is StorageArchitecture.ALL_FLASH_UNTIERED:
        found = "+".join(sorted(kinds))
        return DiskLayout([], False, [t("stages.payload.untiered_mix", host=hostname, media=found)])

    cache_kind = "nvme" if "nvme" in kinds else "ssd"
    roles = [_disk(disk, "cache" if media_of(disk) == cache_kind else "data") for disk in usable]
    return DiskLayout(roles, False)


def _disk(disk: ScannedDisk, function: str) -> dict[str, Any]:
    return {
        "drive": disk.drive,
        "function": function,
        "model": disk.model,
        "serial": disk.serial,
        "size": disk.size,
        "type": disk.type,
    }


def master_count(hosts: int) -> int:
    """Return how many nodes run the cluster's master services."""
    return MASTER_COUNT_LARGE if hosts >= MASTER_COUNT_LARGE else min(hosts, MASTER_COUNT_SMALL)


def link_local_address(scan: ScannedHost, nics: tuple[str, ...]) -> str | None:
    """Return ``<IPv6 link-local>%<NIC>`` through which the deploying node reaches this host.

    NOTE: how the real tool picks the interface is not documented; captured
    payloads use one management NIC's name for every host. This uses the
    first planned management NIC that has a link-local address on the host.
    """
    for name in nics:
        iface = scan.iface(name)
        if iface is not None and iface.link_local:
            return f"{iface.link_local.split('%')[0]}%{name}"
    return None


def build_deploy_payload(
    plan: PlanModel, scans: Mapping[str, ScannedHost], *, now: datetime | None = None
) -> dict[str, Any]:
    """Build the deployment payload from the plan and each host's scan (keyed by management IP).

    Raises:
        PayloadError: a host lacks a scan, a NIC, a link-local address or
            disks that fit the storage architecture, or the network
            architecture is not supported.
    """
    problems: list[str] = []
    if plan.cluster.network_architecture is NetworkArchitecture.CONVERGED:
        problems.append(t("stages.payload.converged"))
    masters = master_count(len(plan.hosts))
    hosts = [
        _host_entry(
            plan, host, scans.get(str(host.management_ip)), problems, master=position < masters
        )
        for position, host in enumerate(plan.hosts)
    ]
    if problems:
        raise PayloadError(problems)

    management, storage = plan.networks.management, plan.networks.storage
    return {
        "platform": "kvm",
        "cluster_name": plan.cluster.name,
        # Real DNS servers go in after deployment (stage 03): captured payloads
        # send the loopback address here, and deployment does not resolve names.
        "dns_server": ["127.0.0.1"],
        "vdses": [_vds(management, scans, plan), _vds(storage, scans, plan)],
        "networks": [
            _network(MGT_NETWORK, "mgt", "port-mgt", management, plan, scans, storage=False),
            _network(
                STORAGE_NETWORK, "storage", "port-storage", storage, plan, scans, storage=True
            ),
        ],
        "hosts": hosts,
        "ntp": _internal_ntp(now or datetime.now(timezone.utc)),
        "vhost_enabled": plan.cluster.features.boost,
        "rdma_enabled": plan.cluster.features.rdma,
    }


def _internal_ntp(now: datetime) -> dict[str, Any]:
    # Internal NTP during deployment avoids a failure when the external
    # servers are unreachable from the new nodes; stage 03 sets them.
    moment = now.astimezone(timezone.utc)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return {"mode": "internal", "ntp_server": None, "current_time": stamp}


def _host_entry(
    plan: PlanModel, host: HostPlan, scan: ScannedHost | None, problems: list[str], *, master: bool
) -> dict[str, Any]:
    if scan is None:
        problems.append(t("stages.payload.no_scan", host=host.hostname, ip=str(host.management_ip)))
        return {}
    layout = assign_disk_roles(host.hostname, scan.disks, plan.cluster.storage_architecture)
    problems.extend(layout.problems)
    for nic in (*plan.networks.management.nics, *plan.networks.storage.nics):
        if scan.iface(nic) is None:
            problems.append(t("stages.payload.missing_nic", host=host.hostname, nic=nic))
    host_ip = link_local_address(scan, plan.networks.management.nics)
    if host_ip is None:
        problems.append(t("stages.payload.no_link_local", host=host.hostname))

    # NOTE: the payload carries each password base64-encoded: the captured
    # 16-character value decodes to the 12-character factory password. Stage 03
    # checks the node accepts the planned password over SSH.
    password = base64.b64encode(host.ssh_password.get_secret_value().encode("utf-8")).decode(
        "ascii"
    )
    return {
        "host_ip": host_ip or "",
        "host_uuid": scan.host_uuid,
        "hostname": host.hostname,
        "disk_data_with_cache": layout.data_with_cache,
        "host_passwords": [{"user": user, "password": password} for user in PASSWORD_USERS],
        "tags": [],
        "ifaces": [
            {"ip": str(host.management_ip), "function": "mgt"},
            {"ip": str(host.storage_ip), "function": "storage"},
        ],
        "disks": layout.disks,
        "is_master": master,
        "with_faster_ssd_as_cache": True,
    }


def _vds(network: NetworkPlan, scans: Mapping[str, ScannedHost], plan: PlanModel) -> dict[str, Any]:
    return {
        "name": network.vds_name or network.name,
        "bond_mode": network.bond_mode.value if network.bond_mode else "active-backup",
        "hosts_associated": [
            {
                "host_uuid": scans[str(host.management_ip)].host_uuid,
                "nics_associated": list(network.nics),
            }
            for host in plan.hosts
        ],
    }


def _network(
    name: str,
    kind: str,
    port: str,
    network: NetworkPlan,
    plan: PlanModel,
    scans: Mapping[str, ScannedHost],
    *,
    storage: bool,
) -> dict[str, Any]:
    netmask = str(network.subnet.netmask) if network.subnet else ""
    service = [
        {
            "host_uuid": scans[str(host.management_ip)].host_uuid,
            "service_interface_name": port,
            "service_interface_ip": str(host.storage_ip if storage else host.management_ip),
            "netmask": netmask,
        }
        for host in plan.hosts
    ]
    config: dict[str, Any] = {"service": service}
    if not storage and network.gateway is not None:
        config["route"] = [{"gateway": str(network.gateway)}]
    return {
        "name": name,
        "attached_vds": network.vds_name or network.name,
        "network_type": kind,
        "network_config": config,
        "mode": {"type": "vlan_access", "network_identities": [network.vlan_id or 0]},
    }


def redacted(payload: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of the payload with every host password masked, for the report."""
    masked = copy.deepcopy(payload)
    for host in masked.get("hosts", []):
        for entry in host.get("host_passwords", []):
            entry["password"] = MASK
    return masked
