"""VMs created through Fisheye: create and NIC-update jobs, guest agent, rendering.

A VM that boots from an ISO installs its OS unattended; its guest agent
(VMTools) reports ``ga_state: Running`` ``GUEST_BOOT_SECONDS`` after power-on.
A static IP is set through the guest agent, so a NIC update that sets an IP
fails while the agent is not running. Once a VM of role ``cloudtower`` has
its IP, the CloudTower address accepts SSH, which the installer uses.
"""

from __future__ import annotations

import logging
from typing import Any

from cxvoyager.sim import network
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.scheduler import action
from cxvoyager.sim.smtx import jobs, store
from cxvoyager.sim.smtx.envelope import NOT_FOUND, SmtxApiError
from cxvoyager.sim.smtx.vm_checks import cdrom_image, check_create, check_update

logger = logging.getLogger(__name__)

VM_CREATE = "VM_CREATE"
VM_UPDATE = "VM_UPDATE"
CREATE_SECONDS = 30
UPDATE_SECONDS = 10
GUEST_BOOT_SECONDS = 8 * 60  # unattended install from the ISO, then VMTools starts
GUEST_READY_ACTION = "smtx.vm.guest_ready"
GUEST_OS = "openEuler 20.03 (LTS-SP3)"


def create_vm(ctx: SimContext, body: dict[str, Any]) -> str:
    """Validate a VM and start the job that creates it; return the job id.

    Raises:
        SmtxApiError: the body is invalid (400).
    """
    check_create(ctx, body)
    vm_uuid = store.new_uuid(ctx, "vm")
    failure = None
    if ctx.faults.take_task_failure("vm-create"):
        failure = f"VM_CREATE {body['vm_name']}: simulated task failure"
    resource = {
        "uuid": vm_uuid,
        "vm_name": body["vm_name"],
        "vcpu": body["vcpu"],
        "cpu": body.get("cpu"),
    }
    return jobs.create_job(
        ctx,
        description=VM_CREATE,
        event_name="CREATE_VM",
        resources={vm_uuid: resource},
        message_key="sim_smtx.job.create_vm",
        seconds=CREATE_SECONDS,
        args={"uuid": vm_uuid, "body": body},
        fail_message=failure,
        name=body["vm_name"],
        uuid=vm_uuid,
    )


def _pick_host(ctx: SimContext, body: dict[str, Any]) -> dict[str, Any]:
    """Choose the running host with the most free memory (or the requested one)."""
    cluster = store.cluster(ctx)
    candidates = []
    for host in cluster["hosts"].values():
        node = ctx.state["nodes"][host["management_ip"]]
        if host["status"] != "running" or node["power"] != "on":
            continue
        if body.get("auto_schedule", True) is False and body.get("node_ip") not in (
            host["management_ip"],
            host["storage_ip"],
        ):
            continue
        used = sum(
            vm["memory"] for vm in cluster["vms"].values() if vm["node_ip"] == host["management_ip"]
        )
        candidates.append((node["memory_bytes"] - used, host["management_ip"], host))
    fitting = [entry for entry in candidates if entry[0] >= body["memory"]]
    if not fitting:
        # NOTE: the SMTX OS scheduler reports this filter name when no host has the memory.
        raise jobs.JobFailedError(
            f"HostAvailableMemoryFilter: no host has {body['memory']} bytes of free memory"
        )
    chosen: dict[str, Any] = max(fitting, key=lambda entry: (entry[0], entry[1]))[2]
    return chosen


def _mac(ctx: SimContext) -> str:
    rng = ctx.rng("vm-mac", store.next_number(ctx, "vm-mac"))
    return "52:54:00:" + ":".join(f"{rng.randrange(256):02x}" for _ in range(3))


@jobs.finisher(VM_CREATE)
def _vm_created(ctx: SimContext, job: dict[str, Any]) -> None:
    body = job["_args"]["body"]
    host = _pick_host(ctx, body)
    now = ctx.clock.now()
    cdroms = [cdrom_image(ctx, disk["path"]) for disk in body["disks"] if disk["type"] == "cdrom"]
    iso_names = [image["name"].lower() for image in cdroms if image is not None]
    vm = {
        "uuid": job["_args"]["uuid"],
        "vm_name": body["vm_name"],
        "status": body.get("status", "running"),
        "vcpu": body["vcpu"],
        "memory": body["memory"],
        "node_ip": host["management_ip"],
        "ha": body.get("ha", True),
        "guest_ip": None,
        "ga_state": "Unknown",
        "created_at": now,
        "role": "cloudtower" if any("cloudtower" in name for name in iso_names) else None,
        "nics": [_new_nic(ctx, nic) for nic in body["nics"]],
        "disks": [_new_disk(ctx, disk) for disk in body["disks"]],
        "description": body.get("description", ""),
        "cpu": body.get("cpu") or {},
        "firmware": body.get("firmware", "BIOS"),
        "cpu_model": body.get("cpu_model", "cluster_default"),
        "nested_virtualization": body.get("nested_virtualization", False),
        "bios_uuid": store.new_uuid(ctx, "bios"),
        "started_at": now,
    }
    store.cluster(ctx)["vms"][vm["uuid"]] = vm
    if vm["status"] == "running" and iso_names:
        ctx.scheduler.at(GUEST_BOOT_SECONDS, GUEST_READY_ACTION, uuid=vm["uuid"])
    logger.info("VM %s (%s) created on %s", vm["vm_name"], vm["uuid"], vm["node_ip"])


def _new_nic(ctx: SimContext, nic: dict[str, Any]) -> dict[str, Any]:
    return {
        "mac_address": nic.get("mac_address") or _mac(ctx),
        "vlan_uuid": nic["vlan_uuid"],
        "ovs": nic["ovs"],
        "model": nic["model"],
        "mirror": nic.get("mirror", False),
        "link": nic.get("link", "up"),
        "ip_address": nic.get("ip_address"),
        "subnet_mask": nic.get("subnet_mask"),
        "gateway": nic.get("gateway"),
        "interface_id": store.new_uuid(ctx, "vm-interface"),
    }


def _new_disk(ctx: SimContext, disk: dict[str, Any]) -> dict[str, Any]:
    if disk["type"] == "cdrom":
        return {
            "type": "cdrom",
            "bus": disk["bus"],
            "path": disk["path"],
            "disabled": disk.get("disabled", False),
        }
    datastore = store.private(ctx.state)["storage_policies"][0]["datastores"][0]
    lun = store.next_number(ctx, "iscsi-lun")
    return {
        "type": "disk",
        "bus": disk["bus"],
        "name": disk["name"],
        "size": disk["size_in_byte"],
        "storage_policy_uuid": disk["storage_policy_uuid"],
        "serial": store.new_uuid(ctx, "vm-disk"),
        "volume_uuid": store.new_uuid(ctx, "volume"),
        "path": f"iscsi://iqn.2016-02.com.smartx:system:{datastore}/{lun}",
    }


@action(GUEST_READY_ACTION)
def _guest_ready(ctx: SimContext, _due: float, args: dict[str, Any]) -> None:
    vm = store.cluster(ctx)["vms"].get(args["uuid"])
    if vm is not None and vm["status"] == "running":
        vm["ga_state"] = "Running"


def get_vm(ctx: SimContext, vm_uuid: str) -> dict[str, Any]:
    """Return the VM record.

    Raises:
        SmtxApiError: no VM has this uuid (404).
    """
    vm = store.cluster(ctx)["vms"].get(vm_uuid)
    if vm is None:
        raise SmtxApiError(404, NOT_FOUND, f"VM {vm_uuid} not found")
    found: dict[str, Any] = vm
    return found


def update_vm(ctx: SimContext, vm_uuid: str, body: dict[str, Any]) -> str:
    """Validate new NICs for a VM and start the job that applies them; return the job id.

    Raises:
        SmtxApiError: unknown VM (404) or an invalid body (400).
    """
    vm = get_vm(ctx, vm_uuid)
    check_update(ctx, body)
    return jobs.create_job(
        ctx,
        description=VM_UPDATE,
        event_name="EDIT_VM_NIC",
        resources={vm_uuid: {"uuid": vm_uuid, "vm_name": vm["vm_name"]}},
        message_key="sim_smtx.job.update_vm",
        seconds=UPDATE_SECONDS,
        args={"uuid": vm_uuid, "nics": body["nics"]},
        name=vm["vm_name"],
        uuid=vm_uuid,
    )


@jobs.finisher(VM_UPDATE)
def _vm_updated(ctx: SimContext, job: dict[str, Any]) -> None:
    vm = get_vm(ctx, job["_args"]["uuid"])
    nics = job["_args"]["nics"]
    addresses = [nic["ip_address"] for nic in nics if nic.get("ip_address")]
    if addresses and vm["ga_state"] != "Running":
        raise jobs.JobFailedError(
            f"cannot set the IP of VM {vm['vm_name']}: the guest agent is not running"
        )
    for address in addresses:
        if address != vm["guest_ip"] and network.in_use(ctx.state, address):
            raise jobs.JobFailedError(f"IP address {address} is already in use on the network")
    old = {nic["mac_address"]: nic for nic in vm["nics"]}
    updated = []
    for nic in nics:
        entry = _new_nic(ctx, nic)
        if entry["mac_address"] in old:
            entry["interface_id"] = old[entry["mac_address"]]["interface_id"]
        updated.append(entry)
    vm["nics"] = updated
    if addresses:
        _move_guest_address(ctx, vm, addresses[0])


def _move_guest_address(ctx: SimContext, vm: dict[str, Any], address: str) -> None:
    if vm["guest_ip"] and vm["guest_ip"] != address:
        network.detach(ctx.state, vm["guest_ip"])
    vm["guest_ip"] = address
    if network.entries(ctx.state).get(address) is not None:
        return  # already attached (a rerun after the installer opened more ports)
    kind, key = (
        ("cloudtower", "cloudtower") if vm["role"] == "cloudtower" else ("guest", vm["uuid"])
    )
    network.attach(ctx.state, address, kind=kind, key=key, ports=[network.SSH_PORT])
    logger.info("VM %s now reachable at %s as %s", vm["vm_name"], address, kind)
