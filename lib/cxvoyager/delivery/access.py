"""API addresses and accounts, and the ledger keys that stages share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from cxvoyager.plan.model import PlanModel

# Ledger outputs written by one stage and read by later ones.
SCANS = "stage02.scans"  # {management IP: scan}
HOST_UUIDS = "hosts.uuid"  # {management IP: host uuid}
CLUSTER_DEPLOYED = "cluster.deployed"
VIP_SET = "cluster.vip_set"
CLUSTER_SERIAL = "cluster.serial"
VDS_UUIDS = "vds.uuid"  # {VDS name: uuid}
IMAGE_UUID = "cloudtower.image_uuid"
TOWER_VM_UUID = "cloudtower.vm_uuid"
TOWER_INSTALLED = "cloudtower.installed"
ORGANIZATION_ID = "cloudtower.organization_id"
DATACENTER_ID = "cloudtower.datacenter_id"
TOWER_CLUSTER_ID = "cloudtower.cluster_id"
CLUSTER_UUID = "cluster.uuid"
TOWER_SERIAL = "cloudtower.serial"
AS_BUILT = "as_built"

# Cells of the as-built workbook that the suite fills.
CLUSTER_SERIAL_CELL = "主机规划!E19"
TOWER_SERIAL_CELL = "集群管理信息!M3"

TOWER_ROOT_USER = "root"


class Outputs(Protocol):
    """The part of the ledger stages use: values keyed by name."""

    def get_output(self, key: str, default: Any = None) -> Any:
        """Return a stored value."""

    def set_output(self, key: str, value: Any) -> None:
        """Store a value."""


def fisheye_address(plan: PlanModel, outputs: Outputs) -> str:
    """Return where the SMTX OS cluster API is reached: the VIP once set, else the first node."""
    if outputs.get_output(VIP_SET):
        return str(plan.cluster.vip)
    return str(plan.hosts[0].management_ip)


def tower_login(plan: PlanModel) -> tuple[str, str]:
    """Return CloudTower's ``root`` login with the plan's web password (集群管理信息!G3).

    Raises:
        ValueError: the plan has no CloudTower or no web password for it.
    """
    if plan.cloudtower is None or plan.cloudtower.web_password is None:
        raise ValueError("the plan has no CloudTower web password (集群管理信息!G3)")
    return TOWER_ROOT_USER, plan.cloudtower.web_password.get_secret_value()


def record_as_built(outputs: Outputs, values: Mapping[str, str]) -> None:
    """Add cell values to the as-built workbook the report writes (``主机规划!E19``...)."""
    merged = dict(outputs.get_output(AS_BUILT) or {})
    merged.update(values)
    outputs.set_output(AS_BUILT, merged)
