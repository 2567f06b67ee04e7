"""Rules a deployment payload must satisfy before it is sent.

``build_deploy_payload`` builds the payload to meet them. Checking the
result separately catches a builder bug, or a plan value the builder let
through, before the nodes reject it (or worse, accept it) after minutes of
deployment.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from typing import Any

from cxvoyager.i18n import t
from cxvoyager.plan.model import PlanModel, StorageArchitecture

BOND_MODES = ("active-backup", "balance-slb", "balance-tcp")


def check_payload(payload: dict[str, Any], plan: PlanModel) -> list[str]:
    """Return every rule the payload breaks (empty when it is valid)."""
    problems: list[str] = []
    problems += _check_cross_references(payload)
    problems += _check_hosts(payload, plan)
    problems += _check_networks(payload)
    return problems


def _check_cross_references(payload: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    vds_names = [vds["name"] for vds in payload["vdses"]]
    host_uuids = {host["host_uuid"] for host in payload["hosts"]}
    for vds in payload["vdses"]:
        if vds["bond_mode"] not in BOND_MODES:
            problems.append(t("stages.rule.bond_mode", vds=vds["name"], found=vds["bond_mode"]))
        members = {member["host_uuid"] for member in vds["hosts_associated"]}
        if members != host_uuids:
            problems.append(t("stages.rule.vds_members", vds=vds["name"]))
        problems += [
            t("stages.rule.vds_nics", vds=vds["name"], host=member["host_uuid"])
            for member in vds["hosts_associated"]
            if not member["nics_associated"]
        ]
    for network in payload["networks"]:
        if network["attached_vds"] not in vds_names:
            problems.append(
                t(
                    "stages.rule.attached_vds",
                    network=network["name"],
                    found=network["attached_vds"],
                    expected=", ".join(vds_names),
                )
            )
    return problems


def _check_hosts(payload: dict[str, Any], plan: PlanModel) -> list[str]:
    problems: list[str] = []
    if len(payload["hosts"]) != len(plan.hosts):
        problems.append(
            t("stages.rule.host_count", expected=len(plan.hosts), found=len(payload["hosts"]))
        )
    masters = sum(1 for host in payload["hosts"] if host["is_master"])
    if masters not in (3, 5) and masters != len(plan.hosts):
        problems.append(t("stages.rule.masters", found=masters))
    untiered = plan.cluster.storage_architecture is StorageArchitecture.ALL_FLASH_UNTIERED
    for host in payload["hosts"]:
        functions = {disk["function"] for disk in host["disks"]}
        types = {disk["type"] for disk in host["disks"]}
        if "data" not in functions:
            problems.append(t("stages.rule.no_data_disk", host=host["hostname"]))
        if untiered and ("cache" in functions or "HDD" in types):
            problems.append(t("stages.rule.untiered", host=host["hostname"]))
        if "boot" in functions:
            problems.append(t("stages.rule.boot_disk", host=host["hostname"]))
        if "%" not in host["host_ip"]:
            problems.append(t("stages.rule.host_ip", host=host["hostname"], found=host["host_ip"]))
    return problems


def _check_networks(payload: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for network in payload["networks"]:
        for service in network["network_config"]["service"]:
            address = IPv4Address(service["service_interface_ip"])
            subnet = IPv4Network(f"{address}/{service['netmask']}", strict=False)
            for route in network["network_config"].get("route", []):
                if IPv4Address(route["gateway"]) not in subnet:
                    problems.append(
                        t(
                            "stages.rule.gateway",
                            network=network["name"],
                            gateway=route["gateway"],
                            ip=str(address),
                        )
                    )
        vlan_ids = network["mode"]["network_identities"]
        if any(not 0 <= vlan <= 4094 for vlan in vlan_ids):
            problems.append(t("stages.rule.vlan", network=network["name"], found=vlan_ids))
    return problems
