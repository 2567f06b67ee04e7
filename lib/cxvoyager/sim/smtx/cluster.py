"""The SMTX OS cluster record a finished deployment creates (shape in ``records.py``)."""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.smtx import store

LICENSE_PERIOD = 30 * 24 * 3600  # a fresh cluster runs on a 30-day trial licence
_OVSBR_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


def ovsbr_name(ctx: SimContext) -> str:
    """Generate an OVS bridge name such as ``ovsbr-azpjnos8v``."""
    rng = ctx.rng("ovsbr", store.next_number(ctx, "ovsbr"))
    return "ovsbr-" + "".join(rng.choice(_OVSBR_CHARS) for _ in range(9))


def new_vds(
    ctx: SimContext,
    *,
    name: str,
    bond_mode: str | None,
    hosts: list[dict[str, Any]],
    system: str | None = None,
) -> dict[str, Any]:
    """Build a VDS record from ``{host_uuid, nics_associated, data_ip}`` host entries."""
    vds_uuid = store.new_uuid(ctx, "vds")
    return {
        "uuid": vds_uuid,
        "name": name,
        "ovsbr_name": ovsbr_name(ctx),
        "description": "",
        "bond_mode": bond_mode or "",
        "bond_name": f"bond-m-{vds_uuid[:8]}",
        "bond_type": "ovs_bond",
        "type": 1,
        "work_mode": "single",
        "qos_enable": False,
        "rb_interval": "",
        "hosts_associated": {entry["host_uuid"]: dict(entry) for entry in hosts},
        "system": system,  # "mgt" / "storage" for the switches deployment creates, else None
    }


# Network kinds: (Fisheye numeric type, CloudTower NetworkType word).
# NOTE: only type 3 (VM network) is captured; 1 and 2 for the system networks are a guess.
NETWORK_KINDS = {"vm": (3, "VM"), "mgt": (1, "MANAGEMENT"), "storage": (2, "STORAGE")}


def new_vlan(
    ctx: SimContext, *, name: str, vlan_id: int, vds_uuid: str, kind: str = "vm"
) -> dict[str, Any]:
    """Build a network (VLAN) record on the VDS ``vds_uuid``; ``kind`` is vm, mgt or storage."""
    number, word = NETWORK_KINDS[kind]
    return {
        "uuid": store.new_uuid(ctx, "vlan"),
        "name": name,
        "vds_uuid": vds_uuid,
        "vlan_id": vlan_id,
        "type": number,
        "network_type": word,
        "enable_dhcp": False,
        "dhcp_config": None,
        "mode_type": "vlan_access",
    }


def _system_vdses(
    ctx: SimContext, payload: dict[str, Any], nodes: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    roles = {network["attached_vds"]: network["network_type"] for network in payload["networks"]}
    vdses = []
    for vds in payload["vdses"]:
        hosts = [
            {
                "host_uuid": entry["host_uuid"],
                "nics_associated": list(entry["nics_associated"]),
                "data_ip": nodes[entry["host_uuid"]]["storage_ip"],
            }
            for entry in vds["hosts_associated"]
        ]
        vdses.append(
            new_vds(
                ctx,
                name=vds["name"],
                bond_mode=vds.get("bond_mode"),
                hosts=hosts,
                system=roles.get(vds["name"]),
            )
        )
    return vdses


def _system_networks(
    ctx: SimContext, payload: dict[str, Any], vdses: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Create the deployed system networks plus the ``default`` VM network on the management VDS."""
    by_name = {vds["name"]: vds for vds in vdses}
    vlans = []
    for network in payload["networks"]:
        vds_uuid = by_name[network["attached_vds"]]["uuid"]
        vlan_id = network["mode"]["network_identities"][0]
        vlans.append(
            new_vlan(
                ctx,
                name=network["name"],
                vlan_id=vlan_id,
                vds_uuid=vds_uuid,
                kind=network["network_type"],
            )
        )
        if network["network_type"] == "mgt":
            vlans.append(new_vlan(ctx, name="default", vlan_id=vlan_id, vds_uuid=vds_uuid))
    return vlans


def _storage(nodes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    raw = sum(
        disk["size"]
        for node in nodes.values()
        for disk in node["disks"]
        if disk["function"] == "data"
    )
    return {"replicas_healthy": True, "recovering_bytes": 0, "capacity_bytes": raw, "used_bytes": 0}


def _hosts(payload: dict[str, Any], nodes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        host["host_uuid"]: {
            "host_uuid": host["host_uuid"],
            "hostname": host["hostname"],
            "management_ip": nodes[host["host_uuid"]]["management_ip"],
            "storage_ip": nodes[host["host_uuid"]]["storage_ip"],
            "status": "running",
            "role": "master" if host["is_master"] else "storage",
        }
        for host in payload["hosts"]
    }


def create_cluster(
    ctx: SimContext, payload: dict[str, Any], nodes: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Create ``state["cluster"]`` from a deployed payload.

    ``nodes`` maps each host_uuid of the payload to its node record.
    """
    now = ctx.clock.now()
    vdses = _system_vdses(ctx, payload, nodes)
    vlans = _system_networks(ctx, payload, vdses)
    record: dict[str, Any] = {
        "uuid": store.new_uuid(ctx, "cluster"),
        "name": payload["cluster_name"],
        "vip": None,
        "dns_servers": list(payload["dns_server"]),
        "ntp_mode": payload["ntp"]["mode"],
        "ntp_servers": [payload["ntp"]["ntp_server"]] if payload["ntp"]["ntp_server"] else [],
        "serial": store.new_uuid(ctx, "license-serial"),
        "cpu_model": None,
        "root_ready": False,
        "created_at": now,
        "hosts": _hosts(payload, nodes),
        "vdses": {vds["uuid"]: vds for vds in vdses},
        "vlans": {vlan["uuid"]: vlan for vlan in vlans},
        "images": {},
        "vms": {},
        "jobs": {},
        "storage": _storage(nodes),
    }
    ctx.state["cluster"] = record
    store.private(ctx.state)["subnets"] = _subnets(payload)
    _create_storage_policy(ctx, record)
    return record


def _subnets(payload: dict[str, Any]) -> dict[str, str]:
    """Map ``mgt`` and ``storage`` to the subnet (CIDR) their service addresses are in."""
    subnets = {}
    for network in payload["networks"]:
        entry = network["network_config"]["service"][0]
        address = f"{entry['service_interface_ip']}/{entry['netmask']}"
        subnets[network["network_type"]] = str(IPv4Network(address, strict=False))
    return subnets


def _create_storage_policy(ctx: SimContext, record: dict[str, Any]) -> None:
    now = int(ctx.clock.now())
    whitelist = ",".join(host["storage_ip"] for host in record["hosts"].values())
    store.private(ctx.state)["storage_policies"] = [
        {
            "created_time": now,
            "datastores": [f"zbs-iscsi-datastore-{store.new_uuid(ctx, 'datastore')}"],
            "description": "default storage policy",
            "modified_time": now,
            "name": "default",
            "read_only": False,
            "replica_num": 2,
            "resource_state": "in-use",
            "storage_pool_id": "system",
            "stripe_num": 4,
            "stripe_size": 262144,
            "thin_provision": True,
            "type": "replica",
            "uuid": store.new_uuid(ctx, "storage-policy"),
            "whitelist": whitelist,
        }
    ]


def license_info(ctx: SimContext) -> dict[str, Any]:
    """Render the cluster licence (``GET /api/v2/tools/license``)."""
    record = store.cluster(ctx)
    return {
        "serial": record["serial"],
        "software_edition": "ENTERPRISE",
        "max_chunk_num": 255,
        "max_physical_data_capacity": 0,
        "max_physical_data_capacity_per_node": 140737488355328,
        "license_capabilities": {"has_metrox": True, "has_remote_backup": True},
        "license_type": "TRIAL",
        "vendor": "SMTX",
        "maintenance_start_date": 0,
        "maintenance_period": 0,
        "sign_date": int(record["created_at"]),
        "platform": 15,
        "mode": "HCI",
        "period": LICENSE_PERIOD,
        "pricing_type": "PRICING_TYPE_UNKNOWN",
    }
