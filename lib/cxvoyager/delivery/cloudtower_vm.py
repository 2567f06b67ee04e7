"""Stage 04 CloudTower VM: its definition, creation, guest agent and address.

The VM boots from the CloudTower ISO, whose kickstart installs the OS
unattended. Once the VMTools agent runs inside, the planned address is set
through it (``PUT /api/v2/vms/{uuid}`` with the NIC's IP settings).
"""

from __future__ import annotations

import logging
from typing import Any

from cxvoyager.clients.fisheye import FisheyeClient
from cxvoyager.clients.models.fisheye import Vm
from cxvoyager.clients.waiting import wait_until
from cxvoyager.clock import Clock
from cxvoyager.errors import CXVoyagerError
from cxvoyager.i18n import t
from cxvoyager.plan.model import ComponentPlan, PlanModel, Sizing

logger = logging.getLogger(__name__)

GIB = 1024**3
DEFAULT_SIZING = Sizing(vcpu=8, memory_gib=19, disk_gib=400)  # the template's CloudTower row
AGENT_TIMEOUT = 3600.0  # seconds; the unattended OS install takes 10-30 minutes
VM_DESCRIPTION = "CloudTower VM created by CXVoyager"


class NetworkNotFoundError(CXVoyagerError):
    """The management VDS or its VM network is not in the cluster."""


def vm_name(component: ComponentPlan) -> str:
    """Return the VM name: the plan's CloudTower name (集群管理信息!B3) in lower case."""
    return component.name.lower()


def management_network(client: FisheyeClient, plan: PlanModel) -> tuple[str, str]:
    """Return the ``ovs`` bridge and the VLAN uuid of the management VM network (虚拟网络!C4/D4).

    Raises:
        NetworkNotFoundError: the VDS or the VM network does not exist.
    """
    network = plan.networks.management
    vds_name = network.vds_name or network.name
    vds = client.find_vds(vds_name)
    if vds is None:
        raise NetworkNotFoundError(t("stages.tower.no_vds", vds=vds_name))
    vlans = client.list_vlans(vds.uuid)
    vlan = next((item for item in vlans if item.name == network.name), None)
    if vlan is None:
        vlan = next((item for item in vlans if item.vlan_id == (network.vlan_id or 0)), None)
    if vlan is None:
        raise NetworkNotFoundError(
            t(
                "stages.tower.no_vlan",
                vds=vds_name,
                name=network.name,
                found=", ".join(item.name for item in vlans),
            )
        )
    return vds.ovsbr_name, vlan.uuid


def vm_body(
    component: ComponentPlan, *, ovs: str, vlan_uuid: str, storage_policy_uuid: str, iso_path: str
) -> dict[str, Any]:
    """Return the ``POST /api/v2/vms`` body of the CloudTower VM, sized per 集群管理信息!L3."""
    sizing = component.sizing or DEFAULT_SIZING
    name = vm_name(component)
    return {
        "vm_name": name,
        "description": VM_DESCRIPTION,
        "vcpu": sizing.vcpu,
        "cpu": {"topology": {"sockets": sizing.vcpu, "cores": 1}},
        "memory": sizing.memory_gib * GIB,
        "nics": [
            {"ovs": ovs, "model": "virtio", "mirror": False, "vlan_uuid": vlan_uuid, "link": "up"}
        ],
        "disks": [
            {
                "type": "disk",
                "bus": "virtio",
                "storage_policy_uuid": storage_policy_uuid,
                "name": f"{name}-os",
                "quota_policy": None,
                "size_in_byte": sizing.disk_gib * GIB,
            },
            {"type": "cdrom", "bus": "ide", "path": iso_path, "disabled": False},
        ],
        "ha": True,
        "nested_virtualization": False,
        "cpu_model": "cluster_default",
        "firmware": "BIOS",
        "folder_uuid": None,
        "node_ip": None,
        "auto_schedule": True,
        "quota_policy": None,
        "status": "running",
    }


def default_storage_policy(client: FisheyeClient) -> str:
    """Return the uuid of the ``default`` storage policy.

    Raises:
        NetworkNotFoundError: the cluster has no default policy.
    """
    policies = client.list_storage_policies()
    policy = next((item for item in policies if item.name == "default"), None)
    if policy is None:
        raise NetworkNotFoundError(
            t("stages.tower.no_policy", found=", ".join(p.name for p in policies))
        )
    return policy.uuid


def wait_for_agent(
    client: FisheyeClient, vm_uuid: str, *, clock: Clock, timeout: float = AGENT_TIMEOUT
) -> Vm:
    """Wait until the VM's VMTools agent runs (the OS install finished) and return the VM.

    Raises:
        WaitTimeoutError: the agent did not start in time.
    """
    return wait_until(
        lambda: client.get_vm(vm_uuid),
        is_done=lambda vm: vm.agent_running,
        describe=lambda vm: f"{vm.status} ga={vm.guest_info.ga_state if vm.guest_info else None}",
        what=t("stages.tower.agent_what", uuid=vm_uuid),
        clock=clock,
        timeout=timeout,
        interval=10.0,
        max_interval=60.0,
    )


def nic_settings(vm: Vm, plan: PlanModel) -> list[dict[str, Any]]:
    """Return the NIC list that gives the VM the planned CloudTower address (集群管理信息!E3)."""
    nic = vm.nics[0]
    management = plan.networks.management
    return [
        {
            "vlan_uuid": nic.vlan_uuid,
            "ovs": nic.ovs,
            "model": "virtio",
            "mac_address": nic.mac_address,
            "mirror": False,
            "gateway": str(management.gateway or ""),
            "subnet_mask": str(management.subnet.netmask) if management.subnet else "",
            "ip_address": str(plan.cloudtower.ip) if plan.cloudtower else "",
            "link": "up",
        }
    ]
