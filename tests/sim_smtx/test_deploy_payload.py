"""Strict validation of the deployment payload: each bad field is rejected by name."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.sim_smtx import flows
from tests.sim_smtx.shapes import load_example
from tests.sim_smtx.site import Site

Payload = dict[str, Any]


def _disk_index(payload: Payload, function: str) -> int:
    return next(
        i for i, disk in enumerate(payload["hosts"][0]["disks"]) if disk["function"] == function
    )


def _boot_disk(site_nodes: dict[str, Any], payload: Payload) -> dict[str, Any]:
    node = next(
        n for n in site_nodes.values() if n["host_uuid"] == payload["hosts"][0]["host_uuid"]
    )
    boot = next(disk for disk in node["disks"] if disk["function"] == "boot")
    return {key: boot[key] for key in ("drive", "function", "model", "serial", "size", "type")}


def _hdd_only(payload: Payload) -> None:
    host = payload["hosts"][0]
    host["disks"] = [disk for disk in host["disks"] if disk["type"] == "HDD"]
    host["disk_data_with_cache"] = True


def _hdd_as_cache(payload: Payload) -> None:
    payload["hosts"][0]["disks"][_disk_index(payload, "data")]["function"] = "cache"


def _swap_management_ips(payload: Payload) -> None:
    first, second = payload["hosts"][0]["ifaces"][0], payload["hosts"][1]["ifaces"][0]
    first["ip"], second["ip"] = second["ip"], first["ip"]


def _nic_in_two_vdses(payload: Payload) -> None:
    payload["vdses"][1]["hosts_associated"][0]["nics_associated"].append(
        payload["vdses"][0]["hosts_associated"][0]["nics_associated"][0]
    )


def _narrow_netmask(payload: Payload) -> None:
    for entry in payload["networks"][0]["network_config"]["service"]:
        entry["netmask"] = "255.255.255.254"


def _drop_receiver(payload: Payload) -> None:
    uuid = payload["hosts"][0]["host_uuid"]
    payload["hosts"] = payload["hosts"][1:]
    for vds in payload["vdses"]:
        vds["hosts_associated"] = [e for e in vds["hosts_associated"] if e["host_uuid"] != uuid]


def _set(path: str, value: Any) -> Callable[[Payload], None]:
    """Build a mutation that sets a dotted path (``hosts.0.hostname``) to ``value``."""

    def mutate(payload: Payload) -> None:
        *parents, last = path.split(".")
        target: Any = payload
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return mutate


def _delete(key: str) -> Callable[[Payload], None]:
    return lambda payload: payload.pop(key)


CASES: list[tuple[str, Callable[[Payload], None], str]] = [
    ("unknown-field", _set("extra", 1), "extra"),
    ("missing-cluster-name", _delete("cluster_name"), "cluster_name"),
    ("wrong-type", _set("vhost_enabled", "true"), "vhost_enabled"),
    ("platform", _set("platform", "vmware"), "platform"),
    ("dns-not-ip", _set("dns_server", ["dns.example.com"]), "dns_server[0]"),
    ("ntp-mode", _set("ntp.mode", "local"), "ntp.mode"),
    (
        "unknown-host-uuid",
        _set("hosts.0.host_uuid", "00000000-0000-1000-8000-000000000000"),
        "hosts[0].host_uuid",
    ),
    ("bad-hostname", _set("hosts.0.hostname", "node_01!"), "hosts[0].hostname"),
    ("duplicate-hostname", _set("hosts.1.hostname", "TEST-SMTX-Node-01"), "hosts[1].hostname"),
    ("host-ip-ipv4", _set("hosts.0.host_ip", "10.0.20.11"), "hosts[0].host_ip"),
    ("host-ip-no-zone", _set("hosts.0.host_ip", "fe80::1"), "hosts[0].host_ip"),
    (
        "password-not-base64",
        _set("hosts.0.host_passwords.0.password", "not base64!"),
        "hosts[0].host_passwords[0].password",
    ),
    ("os-user", _set("hosts.0.host_passwords.0.user", "admin"), "hosts[0].host_passwords[0].user"),
    ("swapped-ips", _swap_management_ips, "hosts[0].ifaces[0].ip"),
    ("disk-serial", _set("hosts.0.disks.0.serial", "NOSUCHSERIAL"), "hosts[0].disks[0].serial"),
    ("disk-drive", _set("hosts.0.disks.0.drive", "sdz"), "hosts[0].disks[0].drive"),
    ("disk-function", _set("hosts.0.disks.0.function", "boot"), "hosts[0].disks[0].function"),
    ("hdd-as-cache", _hdd_as_cache, "an HDD cannot be a cache disk"),
    ("hdd-only", _hdd_only, "hosts[0].disks"),
    (
        "data-with-cache-flag",
        _set("hosts.0.disk_data_with_cache", True),
        "hosts[0].disk_data_with_cache",
    ),
    ("master-count", _set("hosts.3.is_master", True), "is_master"),
    ("receiver-missing", _drop_receiver, "receives the request"),
    (
        "nic-missing",
        _set("vdses.0.hosts_associated.0.nics_associated", ["eth9"]),
        "vdses[0].hosts_associated[0].nics_associated[0]",
    ),
    ("nic-in-two-vdses", _nic_in_two_vdses, "vdses[1].hosts_associated[0].nics_associated"),
    ("bond-mode", _set("vdses.0.bond_mode", "lacp"), "vdses[0].bond_mode"),
    ("bond-mode-missing", lambda p: p["vdses"][0].pop("bond_mode"), "vdses[0].bond_mode"),
    ("attached-vds", _set("networks.0.attached_vds", "vDS-Nope"), "networks[0].attached_vds"),
    ("network-type", _set("networks.1.network_type", "mgt"), "networks[1]"),
    (
        "vlan-range",
        _set("networks.0.mode.network_identities", [5000]),
        "networks[0].mode.network_identities",
    ),
    (
        "netmask-invalid",
        _set("networks.0.network_config.service.0.netmask", "255.0.255.0"),
        "networks[0].network_config.service[0].netmask",
    ),
    ("netmask-splits-subnet", _narrow_netmask, "not all in one subnet"),
    (
        "gateway-outside",
        _set("networks.0.network_config.route", [{"gateway": "192.0.2.1"}]),
        "networks[0].network_config.route[0].gateway",
    ),
    (
        "service-ip",
        _set("networks.1.network_config.service.0.service_interface_ip", "10.0.21.99"),
        "networks[1].network_config.service[0].service_interface_ip",
    ),
    (
        "port-name",
        _set("networks.0.network_config.service.0.service_interface_name", "eth0"),
        "service_interface_name",
    ),
    ("rdma-without-nics", _set("rdma_enabled", True), "rdma_enabled"),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_payload_rejected(site: Site, mutate: Callable[[Payload], None], expected: str) -> None:
    """A payload with one bad field gets 400 and an error envelope naming the field."""
    payload = copy.deepcopy(flows.build_payload(site.plan, flows.scan_hosts(site)))
    mutate(payload)
    response = site.deployment("POST", flows.first_node(site), "/cluster", json=payload)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["ec"] == "EInvalidArgument", body
    assert expected in body["error"]["msg"], body
    assert body["data"] is None, body


def test_boot_disk_rejected(site: Site) -> None:
    """Offering the boot disk to the cluster is rejected."""
    payload = flows.build_payload(site.plan, flows.scan_hosts(site))
    boot = _boot_disk(site.state["nodes"], payload)
    boot["function"] = "data"
    payload["hosts"][0]["disks"].append(boot)
    response = site.deployment("POST", flows.first_node(site), "/cluster", json=payload)
    assert response.status_code == 400, response.text
    assert "boot disk" in response.json()["error"]["msg"]


def test_body_must_be_object(site: Site) -> None:
    """A body that is not a JSON object is rejected."""
    response = site.deployment(
        "POST",
        flows.first_node(site),
        "/cluster",
        data="[1, 2]",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400, response.text
    assert response.json()["ec"] == "EInvalidArgument"


def test_rejected_payload_starts_nothing(site: Site) -> None:
    """After a rejected payload no deployment runs."""
    payload = flows.build_payload(site.plan, flows.scan_hosts(site))
    payload["platform"] = "vmware"
    site.deployment("POST", flows.first_node(site), "/cluster", json=payload)
    address = flows.first_node(site)
    status = site.deployment("GET", address, "/host/deploy_status", params={"host_ip": address})
    assert status.json()["data"]["state"] == "idle"


def test_captured_payload_shape_accepted(site: Site, reference_dir: Path) -> None:
    """The payload built like the captured one has exactly its top-level and host keys."""
    example = load_example(reference_dir, "deploy-cluster-payload.json")
    payload = flows.build_payload(site.plan, flows.scan_hosts(site))
    assert set(payload) == set(example)
    assert set(payload["hosts"][0]) == set(example["hosts"][0])
    response = site.deployment("POST", flows.first_node(site), "/cluster", json=payload)
    assert response.status_code == 200, response.text


def test_single_nic_without_bond_accepted(site: Site) -> None:
    """A VDS with one NIC per host may omit bond_mode, as the all-flash captures do."""
    payload = flows.build_payload(site.plan, flows.scan_hosts(site))
    for vds in payload["vdses"]:
        vds.pop("bond_mode")
        for entry in vds["hosts_associated"]:
            entry["nics_associated"] = entry["nics_associated"][:1]
    response = site.deployment("POST", flows.first_node(site), "/cluster", json=payload)
    assert response.status_code == 200, response.text
