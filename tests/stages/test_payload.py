"""Unit tests of the deployment payload builder and its rules."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from tests.factories import PASSWORD, make_plan

from cxvoyager.clients.models.deployment import ScannedDisk, ScannedHost
from cxvoyager.delivery.payload import (
    PayloadError,
    assign_disk_roles,
    build_deploy_payload,
    master_count,
    redacted,
)
from cxvoyager.delivery.payload_rules import check_payload
from cxvoyager.plan.model import NetworkArchitecture, PlanModel, StorageArchitecture

NOW = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=timezone.utc)
TIERED = StorageArchitecture.HYBRID_TIERED
UNTIERED = StorageArchitecture.ALL_FLASH_UNTIERED


def disk(drive: str, kind: str, size: int = 10**12, function: str = "data") -> ScannedDisk:
    return ScannedDisk(
        drive=drive, function=function, model="m", serial=f"sn-{drive}", size=size, type=kind
    )


BOOT = disk("sda", "SSD", function="boot")


def scan_for(index: int, disks: list[ScannedDisk] | None = None) -> ScannedHost:
    nics = ["ens192", "ens224", "ens256", "ens161", "ens225", "ens257"]
    return ScannedHost(
        host_uuid=f"00000000-0000-11f0-0000-00000000000{index}",
        ifaces=[{"name": name, "ipv6": [f"fe80::{index}:{n}"]} for n, name in enumerate(nics)],
        disks=disks or [BOOT, disk("nvme0n1", "SSD"), disk("sdb", "HDD"), disk("sdc", "HDD")],
    )


def scans_for(plan: PlanModel, disks: list[ScannedDisk] | None = None) -> dict[str, ScannedHost]:
    return {
        str(host.management_ip): scan_for(number, disks)
        for number, host in enumerate(plan.hosts, 1)
    }


def key_tree(value: Any) -> Any:
    """Reduce a JSON value to its keys (first list item stands for the list)."""
    if isinstance(value, dict):
        return {key: key_tree(item) for key, item in value.items()}
    if isinstance(value, list) and value:
        return [key_tree(value[0])]
    return None


@pytest.mark.parametrize(
    ("disks", "architecture", "expected_roles", "data_with_cache"),
    [
        pytest.param(
            [disk("nvme0n1", "SSD"), disk("sdb", "HDD")],
            TIERED,
            ["cache", "data"],
            False,
            id="tiered-nvme-hdd",
        ),
        pytest.param(
            [disk("sdb", "SSD"), disk("sdc", "HDD"), disk("sdd", "HDD")],
            TIERED,
            ["cache", "data", "data"],
            False,
            id="tiered-ssd-hdd",
        ),
        pytest.param(
            [disk("nvme0n1", "SSD"), disk("sdb", "SSD")],
            TIERED,
            ["cache", "data"],
            False,
            id="tiered-nvme-ssd",
        ),
        pytest.param(
            [disk("nvme0n1", "SSD"), disk("sdb", "SSD"), disk("sdc", "HDD")],
            TIERED,
            ["cache", "data", "data"],
            False,
            id="tiered-nvme-ssd-hdd",
        ),
        pytest.param(
            [disk("sdb", "SSD"), disk("sdc", "SSD", size=2 * 10**12)],
            TIERED,
            ["data", "data"],
            True,
            id="tiered-all-ssd",
        ),
        pytest.param(
            [disk("sdb", "SSD"), disk("sdc", "SSD")],
            UNTIERED,
            ["data", "data"],
            True,
            id="untiered-all-ssd",
        ),
        pytest.param(
            [disk("nvme0n1", "SSD"), disk("nvme1n1", "SSD")],
            UNTIERED,
            ["data", "data"],
            True,
            id="untiered-all-nvme",
        ),
    ],
)
def test_disk_roles(disks, architecture, expected_roles, data_with_cache):
    layout = assign_disk_roles("node", [BOOT, *disks], architecture)

    assert layout.problems == []
    assert [entry["function"] for entry in layout.disks] == expected_roles
    assert layout.data_with_cache is data_with_cache
    assert "sda" not in [entry["drive"] for entry in layout.disks], "boot disk given to storage"


@pytest.mark.parametrize(
    ("disks", "architecture"),
    [
        pytest.param([disk("sdb", "HDD"), disk("sdc", "HDD")], TIERED, id="tiered-hdd-only"),
        pytest.param([disk("sdb", "HDD")], UNTIERED, id="untiered-hdd-only"),
        pytest.param([disk("sdb", "SSD"), disk("sdc", "HDD")], UNTIERED, id="untiered-ssd-hdd"),
        pytest.param(
            [disk("nvme0n1", "SSD"), disk("sdb", "SSD")], UNTIERED, id="untiered-nvme-ssd"
        ),
        pytest.param([], TIERED, id="boot-disk-only"),
    ],
)
def test_disk_roles_rejected(disks, architecture):
    layout = assign_disk_roles("node-x", [BOOT, *disks], architecture)

    assert len(layout.problems) == 1
    assert "node-x" in layout.problems[0]


@pytest.mark.parametrize(
    ("hosts", "masters"), [(3, 3), (4, 3), (5, 5), (8, 5)], ids=lambda v: str(v)
)
def test_master_count(hosts, masters):
    assert master_count(hosts) == masters


def test_payload_follows_the_plan():
    plan = make_plan()
    payload = build_deploy_payload(plan, scans_for(plan), now=NOW)

    assert payload["cluster_name"] == plan.cluster.name
    assert [vds["name"] for vds in payload["vdses"]] == ["vDS-MgMt-Network", "vDS-Storage-Network"]
    assert payload["vdses"][0]["hosts_associated"][0]["nics_associated"] == ["ens224", "ens192"]
    assert [net["attached_vds"] for net in payload["networks"]] == [
        "vDS-MgMt-Network",
        "vDS-Storage-Network",
    ]
    mgt, storage = payload["networks"]
    assert mgt["network_config"]["route"] == [{"gateway": "10.0.20.1"}]
    assert "route" not in storage["network_config"]
    assert [s["service_interface_ip"] for s in storage["network_config"]["service"]] == [
        "10.0.21.11",
        "10.0.21.12",
        "10.0.21.13",
        "10.0.21.14",
    ]
    assert mgt["network_config"]["service"][0]["netmask"] == "255.255.255.0"
    assert [host["is_master"] for host in payload["hosts"]] == [True, True, True, False]
    assert payload["hosts"][0]["host_ip"] == "fe80::1:1%ens224"
    assert payload["ntp"]["current_time"] == "2026-01-02T03:04:05.678Z"
    assert payload["vhost_enabled"] is True
    assert payload["rdma_enabled"] is False


def test_payload_passes_its_rules():
    plan = make_plan()
    payload = build_deploy_payload(plan, scans_for(plan), now=NOW)

    assert check_payload(payload, plan) == []


def test_payload_rules_catch_a_broken_payload():
    plan = make_plan()
    payload = build_deploy_payload(plan, scans_for(plan), now=NOW)
    payload["networks"][1]["attached_vds"] = "no-such-vds"
    payload["hosts"][0]["disks"][0]["function"] = "boot"
    payload["vdses"][0]["bond_mode"] = "round-robin"

    problems = check_payload(payload, plan)

    assert len(problems) == 3, problems


def test_payload_rejects_converged_network():
    plan = make_plan(
        cluster=make_plan().cluster.model_copy(
            update={"network_architecture": NetworkArchitecture.CONVERGED}
        )
    )

    with pytest.raises(PayloadError) as caught:
        build_deploy_payload(plan, scans_for(plan), now=NOW)

    assert any("三网融合" in problem for problem in caught.value.problems)


def test_payload_lists_every_problem_at_once():
    plan = make_plan()
    scans = scans_for(plan)
    del scans["10.0.20.12"]
    scans["10.0.20.13"] = scan_for(3, [BOOT, disk("sdb", "HDD")])
    scans["10.0.20.14"] = scans["10.0.20.14"].model_copy(update={"ifaces": []})

    with pytest.raises(PayloadError) as caught:
        build_deploy_payload(plan, scans, now=NOW)

    text = "\n".join(caught.value.problems)
    assert "TEST-SMTX-Node-02" in text, text
    assert "TEST-SMTX-Node-03" in text, text
    assert "ens224" in text, text


def test_redacted_payload_hides_passwords():
    plan = make_plan()
    payload = build_deploy_payload(plan, scans_for(plan), now=NOW)

    shown = json.dumps(redacted(payload))

    encoded = base64.b64encode(PASSWORD.encode()).decode()
    assert encoded not in shown
    assert PASSWORD not in shown
    assert encoded in json.dumps(payload), "the payload sent to the node carries the password"


@pytest.mark.parametrize(
    "example", ["deploy-cluster-payload.json", "deploy-cluster-payload-converged.json"]
)
def test_payload_has_the_captured_structure(reference_dir: Path, example):
    captured = json.loads((reference_dir / "examples" / example).read_text(encoding="utf-8"))
    plan = make_plan()

    built = build_deploy_payload(plan, scans_for(plan), now=NOW)

    assert key_tree(built) == key_tree(captured)


@pytest.mark.parametrize(
    ("example", "architecture"),
    [
        ("deploy-payload-all-ssd-mixed-size-tiered.json", TIERED),
        ("deploy-payload-all-ssd-mixed-size-untiered.json", UNTIERED),
        ("deploy-payload-nvme-cache-ssd-data-tiered.json", TIERED),
        ("deploy-cluster-payload.json", TIERED),
    ],
)
def test_disk_roles_match_captured_payloads(reference_dir: Path, example, architecture):
    captured = json.loads((reference_dir / "examples" / example).read_text(encoding="utf-8"))
    for host in captured["hosts"]:
        disks = [ScannedDisk(**{**entry, "function": "data"}) for entry in host["disks"]]

        layout = assign_disk_roles(host["hostname"], [BOOT, *disks], architecture)

        assert [entry["function"] for entry in layout.disks] == [
            d["function"] for d in host["disks"]
        ], host["hostname"]
        assert layout.data_with_cache is host["disk_data_with_cache"], host["hostname"]
