"""Fisheye cluster settings: VIP, DNS, NTP, licence, IPMI accounts, CPU compatibility, jobs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.factories import PASSWORD
from tests.sim_smtx import flows
from tests.sim_smtx.shapes import load_example, missing_keys
from tests.sim_smtx.site import Site


def _ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ec"] == "EOK", body
    return body["data"]


def _ipmi_accounts(site: Site, password: str = PASSWORD) -> list[dict[str, Any]]:
    hosts = site.state["cluster"]["hosts"].values()
    by_ip = {host["management_ip"]: host for host in hosts}
    return [
        {
            "node_name": plan_host.hostname,
            "host": str(plan_host.bmc_ip),
            "user": plan_host.bmc_user,
            "node_uuid": by_ip[str(plan_host.management_ip)]["host_uuid"],
            "password": password,
        }
        for plan_host in site.plan.hosts
    ]


def test_vip_serves_fisheye(cluster: Site) -> None:
    """After PUT settings/vip the VIP serves Fisheye with the same token."""
    vip = str(cluster.plan.cluster.vip)
    assert not cluster.simulator.probe(vip, 443)
    _ok(
        cluster.fisheye(
            "PUT", "/api/v2/settings/vip", json={"iscsi_vip": None, "management_vip": vip}
        )
    )
    data = _ok(cluster.fisheye("GET", "/api/v2/tools/license", address=vip))
    assert data["serial"] == cluster.state["cluster"]["serial"]
    assert _ok(cluster.fisheye("GET", "/api/v2/settings/vip"))["management_vip"] == vip


@pytest.mark.parametrize(
    ("vip", "status"),
    [("10.0.99.10", 400), ("10.0.20.255", 400), ("10.0.20.11", 409), ("not-an-ip", 400)],
    ids=["other-subnet", "broadcast", "node-address", "malformed"],
)
def test_vip_rejected(cluster: Site, vip: str, status: int) -> None:
    """A VIP outside the management subnet, or already in use, is rejected."""
    response = cluster.fisheye(
        "PUT", "/api/v2/settings/vip", json={"iscsi_vip": None, "management_vip": vip}
    )
    assert response.status_code == status, response.text


def test_dns_applied_by_job(cluster: Site) -> None:
    """DNS servers change only when their job is done, and GET reads them back."""
    servers = [str(ip) for ip in cluster.plan.dns_servers]
    job_id = _ok(cluster.fisheye("PUT", "/api/v2/settings/dns", json={"dns_servers": servers}))[
        "job_id"
    ]
    assert _ok(cluster.fisheye("GET", "/api/v2/settings/dns"))["dns_servers"] == ["127.0.0.1"]
    job = flows.wait_job(cluster, job_id)
    assert job["state"] == "done", job
    assert _ok(cluster.fisheye("GET", "/api/v2/settings/dns"))["dns_servers"] == servers


def test_dns_rejects_host_names(cluster: Site) -> None:
    """DNS servers must be IP addresses."""
    response = cluster.fisheye(
        "PUT", "/api/v2/settings/dns", json={"dns_servers": ["dns.example.com"]}
    )
    assert response.status_code == 400, response.text
    assert "dns_servers[0]" in response.json()["error"]["msg"]


def test_ntp_applied_by_job(cluster: Site) -> None:
    """NTP mode and servers (IPs or host names) change when their job is done."""
    servers = list(cluster.plan.ntp_servers)
    body = {"ntp_mode": "external", "ntp_servers": servers}
    job_id = _ok(cluster.fisheye("PUT", "/api/v2/settings/ntp", json=body))["job_id"]
    assert flows.wait_job(cluster, job_id)["state"] == "done"
    assert _ok(cluster.fisheye("GET", "/api/v2/settings/ntp")) == body


@pytest.mark.parametrize(
    "body",
    [
        {"ntp_mode": "external", "ntp_servers": []},
        {"ntp_mode": "manual", "ntp_servers": ["10.0.0.2"]},
        {"ntp_mode": "external", "ntp_servers": ["bad host!"]},
        {"ntp_servers": ["10.0.0.2"]},
    ],
    ids=["external-empty", "mode", "server-name", "missing-mode"],
)
def test_ntp_rejected(cluster: Site, body: dict[str, Any]) -> None:
    """An invalid NTP body is rejected with 400."""
    response = cluster.fisheye("PUT", "/api/v2/settings/ntp", json=body)
    assert response.status_code == 400, response.text


def test_license_serial_is_stable(cluster: Site) -> None:
    """The licence serial is a UUID that stays the same across reads."""
    first = _ok(cluster.fisheye("GET", "/api/v2/tools/license"))["serial"]
    second = _ok(cluster.fisheye("GET", "/api/v2/tools/license"))["serial"]
    assert first == second
    assert len(first) == 36, first


def test_ipmi_accounts_valid(cluster: Site) -> None:
    """BMC accounts matching the plan are all reported valid."""
    data = _ok(
        cluster.fisheye(
            "POST", "/api/v2/ipmi/upsert_accounts", json={"accounts": _ipmi_accounts(cluster)}
        )
    )
    assert len(data["success"]) == len(cluster.plan.hosts), data
    assert data["failure"] == [], data
    stored = _ok(cluster.fisheye("GET", "/api/v2/ipmi/accounts"))
    assert all(item["is_valid"] for item in stored), stored


def test_ipmi_wrong_password_fails(cluster: Site) -> None:
    """A wrong BMC password lands in failure[] with is_valid false, and the call still succeeds."""
    body = {"accounts": _ipmi_accounts(cluster, password="wrong-password")}
    data = _ok(cluster.fisheye("POST", "/api/v2/ipmi/upsert_accounts", json=body))
    assert data["success"] == [], data
    assert {item["is_valid"] for item in data["failure"]} == {False}
    assert {item["port"] for item in data["failure"]} == {623}


def test_ipmi_unknown_node(cluster: Site) -> None:
    """An account for a node outside the cluster is rejected."""
    accounts = _ipmi_accounts(cluster)
    accounts[0]["node_uuid"] = "nope"
    response = cluster.fisheye("POST", "/api/v2/ipmi/upsert_accounts", json={"accounts": accounts})
    assert response.status_code == 400, response.text
    assert "accounts[0].node_uuid" in response.json()["error"]["msg"]


def test_cpu_compatibility_roundtrip(cluster: Site) -> None:
    """The first recommended CPU model can be set and read back."""
    models = _ok(cluster.fisheye("GET", "/api/v2/elf/cluster_recommended_cpu_models"))["cpu_models"]
    assert models, models
    assert _ok(cluster.fisheye("GET", "/api/v2/elf/cluster_cpu_compatibility"))["cpu_model"] is None
    assert (
        _ok(
            cluster.fisheye(
                "PUT", "/api/v2/elf/cluster_cpu_compatibility", json={"cpu_model": models[0]}
            )
        )
        == {}
    )
    assert (
        _ok(cluster.fisheye("GET", "/api/v2/elf/cluster_cpu_compatibility"))["cpu_model"]
        == models[0]
    )


def test_cpu_model_unsupported(cluster: Site) -> None:
    """A CPU model the hosts do not support is rejected."""
    response = cluster.fisheye(
        "PUT", "/api/v2/elf/cluster_cpu_compatibility", json={"cpu_model": "Haswell"}
    )
    assert response.status_code == 400, response.text


def test_unknown_job_not_found(cluster: Site) -> None:
    """An unknown job id gets 404 with the v2 error envelope."""
    response = cluster.fisheye("GET", "/api/v2/jobs/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404, response.text
    assert response.json()["ec"] == "ENotFound"


@pytest.mark.parametrize(
    ("example", "method", "path", "body"),
    [
        ("fisheye-tools-license-response.json", "GET", "/api/v2/tools/license", None),
        (
            "fisheye-settings-dns-response.json",
            "PUT",
            "/api/v2/settings/dns",
            {"dns_servers": ["10.0.0.1"]},
        ),
        (
            "fisheye-settings-ntp-response.json",
            "PUT",
            "/api/v2/settings/ntp",
            {"ntp_mode": "external", "ntp_servers": ["10.0.0.2"]},
        ),
        (
            "fisheye-elf-cluster-recommended-cpu-models-response.json",
            "GET",
            "/api/v2/elf/cluster_recommended_cpu_models",
            None,
        ),
        ("fisheye-storage-policies-response.json", "GET", "/api/v2/storage_policies", None),
        (
            "fisheye-elf-cluster-cpu-compatibility-get-response.json",
            "GET",
            "/api/v2/elf/cluster_cpu_compatibility",
            None,
        ),
    ],
    ids=["license", "dns", "ntp", "cpu-models", "storage-policies", "cpu-compatibility"],
)
def test_settings_have_captured_keys(
    cluster: Site, reference_dir: Path, example: str, method: str, path: str, body: Any
) -> None:
    """Each settings response has every key of its captured example, recursively."""
    response = cluster.fisheye(method, path, json=body)
    assert missing_keys(load_example(reference_dir, example), response.json()) == []


def test_ipmi_has_captured_keys(cluster: Site, reference_dir: Path) -> None:
    """The IPMI response has the captured keys, failure items included."""
    body = {"accounts": _ipmi_accounts(cluster, password="wrong-password")}
    response = cluster.fisheye("POST", "/api/v2/ipmi/upsert_accounts", json=body)
    example = load_example(reference_dir, "fisheye-ipmi-upsert-accounts-response.json")
    assert missing_keys(example, response.json()) == []
