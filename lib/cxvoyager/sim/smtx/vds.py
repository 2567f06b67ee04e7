"""Virtual distributed switches (VDS) and their VM networks (VLANs) on the SMTX OS cluster.

A VDS is created by a job (``NETWORK_CREATE_VDS``) and exists once the job
is done; a VLAN is created synchronously. Names collide: a second VDS with a
taken name, or a second VLAN with a taken name on the same VDS, is rejected.
A NIC belongs to at most one VDS, the system switches of deployment included.
"""

from __future__ import annotations

from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.smtx import jobs, store
from cxvoyager.sim.smtx.cluster import new_vds, new_vlan
from cxvoyager.sim.smtx.deploy_networks import BOND_MODES
from cxvoyager.sim.smtx.envelope import (
    DUPLICATE,
    NOT_FOUND,
    SmtxApiError,
    check_list,
    check_object,
    invalid,
)

VDS_JOB_SECONDS = 15
CREATE_VDS = "NETWORK_CREATE_VDS"
VM_NETWORK_TYPE = 3  # Fisheye's numeric type of a VM network, as captured
_VDS_KEYS = (
    "uuid",
    "bond_mode",
    "bond_name",
    "bond_type",
    "description",
    "name",
    "ovsbr_name",
    "qos_enable",
    "rb_interval",
    "type",
    "work_mode",
)


def _pending_vds_names(ctx: SimContext) -> set[str]:
    cluster = store.cluster(ctx)
    return {
        job["_args"]["vds"]["name"]
        for job in cluster.get("jobs", {}).values()
        if job["description"] == CREATE_VDS and job["state"] == "pending"
    }


def _claimed_nics(ctx: SimContext) -> dict[tuple[str, str], str]:
    """Map (host_uuid, NIC) to the VDS that uses it, pending VDS jobs included."""
    cluster = store.cluster(ctx)
    switches = list(cluster["vdses"].values()) + [
        job["_args"]["vds"]
        for job in cluster.get("jobs", {}).values()
        if job["description"] == CREATE_VDS and job["state"] == "pending"
    ]
    return {
        (host_uuid, nic): vds["name"]
        for vds in switches
        for host_uuid, entry in vds["hosts_associated"].items()
        for nic in entry["nics_associated"]
    }


def create_vds(ctx: SimContext, body: dict[str, Any]) -> str:
    """Validate a business VDS and start the job that creates it; return the job id.

    Raises:
        SmtxApiError: the body is invalid (400) or the name is taken (409).
    """
    check_object(
        body,
        "",
        required={"name": str, "hosts_associated": list},
        optional={"bond_mode": str, "description": str},
    )
    name = _check_name(ctx, body["name"])
    hosts = _check_hosts(ctx, body["hosts_associated"])
    mode = body.get("bond_mode")
    _check_bond_mode(mode, widest=max(len(entry["nics_associated"]) for entry in hosts))

    vds = new_vds(ctx, name=name, bond_mode=mode, hosts=hosts)
    vds["description"] = body.get("description", "")
    resource = {
        "type": "NETWORK_VDS",
        **{key: vds[key] for key in _VDS_KEYS if key != "type"},
        "status": "created",
        "hosts_associated": vds["hosts_associated"],
    }
    return jobs.create_job(
        ctx,
        description=CREATE_VDS,
        event_name="CREATE_VDS",
        resources={vds["uuid"]: resource},
        message_key="sim_smtx.job.create_vds",
        seconds=VDS_JOB_SECONDS,
        args={"vds": vds},
        name=name,
        uuid=vds["uuid"],
    )


def _check_name(ctx: SimContext, text: str) -> str:
    name = text.strip()
    if not name or len(name) > 64:
        raise invalid("name", "must be 1-64 characters")
    existing = {vds["name"] for vds in store.cluster(ctx)["vdses"].values()}
    if name in existing | _pending_vds_names(ctx):
        raise SmtxApiError(409, DUPLICATE, f"VDS name {name!r} already exists")
    return name


def _check_bond_mode(mode: str | None, *, widest: int) -> None:
    if mode is None and widest > 1:
        raise invalid("bond_mode", "required when a host associates more than one NIC")
    if mode is not None and mode not in BOND_MODES:
        raise invalid("bond_mode", f"{mode!r} is not one of {', '.join(BOND_MODES)}")


def _check_hosts(ctx: SimContext, entries: Any) -> list[dict[str, Any]]:
    cluster = store.cluster(ctx)
    claimed = _claimed_nics(ctx)
    check_list(entries, "hosts_associated", dict, min_items=1)
    hosts = []
    for index, entry in enumerate(entries):
        path = f"hosts_associated[{index}]"
        check_object(
            entry,
            path,
            required={"host_uuid": str, "nics_associated": list},
            optional={"data_ip": str},
        )
        host = cluster["hosts"].get(entry["host_uuid"])
        if host is None:
            raise invalid(
                f"{path}.host_uuid", f"{entry['host_uuid']!r} is not a host of this cluster"
            )
        if "data_ip" in entry and entry["data_ip"] != host["storage_ip"]:
            raise invalid(
                f"{path}.data_ip",
                f"{entry['data_ip']} is not the storage address of {host['hostname']}",
            )
        node = ctx.state["nodes"][host["management_ip"]]
        _check_nics(entry, path, node, claimed)
        hosts.append(
            {
                "host_uuid": entry["host_uuid"],
                "nics_associated": list(entry["nics_associated"]),
                "data_ip": entry.get("data_ip", host["storage_ip"]),
            }
        )
    if len({entry["host_uuid"] for entry in hosts}) != len(hosts):
        raise invalid("hosts_associated", "lists a host twice")
    return hosts


def _check_nics(
    entry: dict[str, Any], path: str, node: dict[str, Any], claimed: dict[tuple[str, str], str]
) -> None:
    nics = check_list(entry["nics_associated"], f"{path}.nics_associated", str, min_items=1)
    names = {iface["name"] for iface in node["ifaces"]}
    for index, nic in enumerate(nics):
        nic_path = f"{path}.nics_associated[{index}]"
        if nic not in names:
            raise invalid(nic_path, f"host {node['hostname']} has no NIC {nic!r}")
        owner = claimed.get((entry["host_uuid"], nic))
        if owner is not None:
            raise invalid(
                nic_path, f"NIC {nic} of host {node['hostname']} is already used by VDS {owner!r}"
            )
    if len(set(nics)) != len(nics):
        raise invalid(f"{path}.nics_associated", "lists a NIC twice")


@jobs.finisher(CREATE_VDS)
def _vds_created(ctx: SimContext, job: dict[str, Any]) -> None:
    vds = job["_args"]["vds"]
    store.cluster(ctx)["vdses"][vds["uuid"]] = vds


def get_vds(ctx: SimContext, vds_uuid: str) -> dict[str, Any]:
    """Return the VDS record.

    Raises:
        SmtxApiError: no VDS has this uuid (404).
    """
    vds = store.cluster(ctx)["vdses"].get(vds_uuid)
    if vds is None:
        raise SmtxApiError(404, NOT_FOUND, f"VDS {vds_uuid} not found")
    found: dict[str, Any] = vds
    return found


def render_vds(ctx: SimContext, vds: dict[str, Any]) -> dict[str, Any]:
    """Render a VDS as ``GET /api/v2/network/vds/{uuid}`` shows it."""
    vlans = [
        vlan
        for vlan in store.cluster(ctx)["vlans"].values()
        if vlan["vds_uuid"] == vds["uuid"] and vlan["type"] == VM_NETWORK_TYPE
    ]
    return {
        **{key: vds[key] for key in _VDS_KEYS},
        "hosts_associated": [],
        "vlans_count": len(vlans),
    }


def create_vlan(ctx: SimContext, vds_uuid: str, body: dict[str, Any]) -> dict[str, Any]:
    """Create a VM network on a VDS at once; return it rendered.

    Raises:
        SmtxApiError: the VDS does not exist (404), the body is invalid (400)
            or the name is taken (409).
    """
    vds = get_vds(ctx, vds_uuid)
    check_object(body, "", required={"name": str, "vlan_id": int}, optional={"vds_uuid": str})
    if body.get("vds_uuid", vds_uuid) != vds_uuid:
        raise invalid("vds_uuid", "differs from the VDS in the path")
    if not 0 <= body["vlan_id"] <= 4094:
        raise invalid("vlan_id", f"{body['vlan_id']} is outside 0-4094")
    name = body["name"].strip()
    if not name or len(name) > 64:
        raise invalid("name", "must be 1-64 characters")
    cluster = store.cluster(ctx)
    if any(
        vlan["name"] == name and vlan["vds_uuid"] == vds_uuid for vlan in cluster["vlans"].values()
    ):
        raise SmtxApiError(
            409, DUPLICATE, f"VM network {name!r} already exists on VDS {vds['name']!r}"
        )

    vlan = new_vlan(ctx, name=name, vlan_id=body["vlan_id"], vds_uuid=vds_uuid)
    cluster["vlans"][vlan["uuid"]] = vlan
    return render_vlan(ctx, vlan)


def render_vlan(ctx: SimContext, vlan: dict[str, Any]) -> dict[str, Any]:
    """Render a VLAN as Fisheye shows it, with live usage counts."""
    vms = store.cluster(ctx)["vms"].values()
    used = sum(1 for vm in vms if any(nic.get("vlan_uuid") == vlan["uuid"] for nic in vm["nics"]))
    return {
        "uuid": vlan["uuid"],
        "name": vlan["name"],
        "vds_uuid": vlan["vds_uuid"],
        "vlan_id": vlan["vlan_id"],
        "type": vlan["type"],
        "enable_dhcp": vlan["enable_dhcp"],
        "vms_count": used,
        "vm_snapshots_count": 0,
        "vm_templates_count": 0,
        "dhcp_config": vlan["dhcp_config"],
    }


def list_vlans(ctx: SimContext, vds_uuid: str) -> list[dict[str, Any]]:
    """List the networks on a VDS.

    Raises:
        SmtxApiError: the VDS does not exist (404).
    """
    get_vds(ctx, vds_uuid)
    return [
        render_vlan(ctx, vlan)
        for vlan in store.cluster(ctx)["vlans"].values()
        if vlan["vds_uuid"] == vds_uuid
    ]
