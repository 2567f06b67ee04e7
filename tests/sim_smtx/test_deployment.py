"""The deployment API of uninitialized nodes: scans, deploy job, status, verify, auth."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxvoyager.sim import network
from cxvoyager.sim.smtx.deployment import PHASES
from tests.factories import PASSWORD
from tests.sim_smtx import flows
from tests.sim_smtx.shapes import load_example, missing_keys
from tests.sim_smtx.site import Site


def _status(site: Site, address: str | None = None) -> dict:  # type: ignore[type-arg]
    node = address or flows.first_node(site)
    response = site.deployment("GET", node, "/host/deploy_status", params={"host_ip": node})
    assert response.status_code == 200, response.text
    data: dict = response.json()["data"]  # type: ignore[type-arg]
    return data


def _start(site: Site) -> None:
    payload = flows.build_payload(site.plan, flows.scan_hosts(site))
    response = site.deployment("POST", flows.first_node(site), "/cluster", json=payload)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("token", "expected"),
    [(None, "missing"), ("0123456789ABCDEF0123456789ABCDEF", "malformed"), ("abc", "malformed")],
    ids=["missing", "upper-case", "short"],
)
def test_scan_rejects_bad_token(site: Site, token: str | None, expected: str) -> None:
    """A host scan without a 32 lower-case hex token gets 401 with an error envelope."""
    response = site.deployment("GET", flows.first_node(site), "/host", token=token)
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["ec"] == "EUnauthorized", body
    assert expected in body["error"]["msg"], body
    assert body["data"] is None, body


def test_host_scan_describes_node(site: Site) -> None:
    """The host scan reports the node's own uuid, IPv4 address and fresh-node name."""
    address = flows.first_node(site)
    data = site.deployment("GET", address, "/host").json()["data"]
    assert data["host_uuid"] == site.state["nodes"][address]["host_uuid"]
    assert data["host_ip"] == address
    assert data["hostname"] == "localhost.localdomain"
    assert data["status"] == "disabled"


def test_cluster_scan_lists_peers(site: Site) -> None:
    """The cluster scan lists every undeployed node with a zoned link-local address."""
    data = site.deployment("GET", flows.first_node(site), "/cluster").json()["data"]
    uuids = {host["host_uuid"] for host in data["hosts"]}
    expected = {node["host_uuid"] for node in site.state["nodes"].values()}
    assert uuids == expected
    storage_nic = site.plan.networks.storage.nics[0]
    for host in data["hosts"]:
        assert host["host_ip"].startswith("fe80::"), host["host_ip"]
        assert host["host_ip"].endswith(f"%{storage_nic}"), host["host_ip"]


def test_cluster_scan_has_captured_keys(site: Site, reference_dir: Path) -> None:
    """The cluster scan response has every key of the captured one, recursively."""
    example = load_example(reference_dir, "cluster-scan-response.json")
    response = site.deployment("GET", flows.first_node(site), "/cluster")
    assert missing_keys(example, response.json()) == []


def test_status_idle_before_deploy(site: Site) -> None:
    """Before any deployment, deploy_status reports ``idle``."""
    assert _status(site)["state"] == "idle"


def test_status_walks_through_phases(site: Site) -> None:
    """The deployment job reports each phase in order and ends ``done`` after ~40 minutes."""
    _start(site)
    seen = []
    for _ in range(60):
        data = _status(site)
        assert data["total_stages"] == len(PHASES), data
        if data["state"] != "running":
            break
        if not seen or seen[-1] != data["stage_info"]:
            seen.append(data["stage_info"])
        site.advance(60)
    assert data["state"] == "done", data
    assert seen == [name for name, _ in PHASES]


def test_deploy_takes_about_forty_minutes(site: Site) -> None:
    """The job is still running after 30 simulated minutes and done after 50."""
    _start(site)
    site.advance(30 * 60)
    assert _status(site)["state"] == "running"
    site.advance(20 * 60)
    assert _status(site)["state"] == "done"


def test_network_blip_during_config(site: Site) -> None:
    """The receiving node refuses HTTP briefly while its network is reconfigured."""
    _start(site)
    address = flows.first_node(site)
    site.advance(PHASES[0][1] * 1.1 + 1)
    response = site.deployment("GET", address, "/host/deploy_status", params={"host_ip": address})
    assert response.status_code == 502, response.text
    assert response.headers["X-CXVoyager-Sim"] == "unreachable"
    site.advance(30)
    assert _status(site)["stage_info"] == "config_network"


def test_deploy_opens_fisheye_and_storage(site: Site) -> None:
    """A finished deployment opens HTTPS on each node and brings up pingable storage addresses."""
    flows.deploy(site)
    for host in site.plan.hosts:
        assert site.simulator.probe(str(host.management_ip), 443), host.hostname
        assert network.in_use(site.state, str(host.storage_ip)), host.hostname
        assert not site.simulator.probe(str(host.storage_ip), 80), host.hostname


def test_deploy_records_nodes_and_cluster(site: Site) -> None:
    """Deployed nodes carry hostname, cluster name and the OS passwords from the payload."""
    flows.deploy(site)
    cluster = site.state["cluster"]
    assert cluster["name"] == site.plan.cluster.name
    assert len(cluster["hosts"]) == len(site.plan.hosts)
    for host in site.plan.hosts:
        node = site.state["nodes"][str(host.management_ip)]
        assert node["deployed"] is True, host.hostname
        assert node["hostname"] == host.hostname
        assert node["cluster_name"] == site.plan.cluster.name
        assert node["passwords"] == {"root": PASSWORD, "smartx": PASSWORD}, host.hostname


def test_verify_reports_deployed(site: Site) -> None:
    """After deployment, deploy_verify returns ``is_deployed: true`` over HTTPS."""
    flows.deploy(site)
    response = site.deployment("GET", flows.first_node(site), "/deploy_verify", https=True)
    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"is_deployed": True, "platform": "kvm"}


def test_verify_not_on_http(site: Site) -> None:
    """deploy_verify is served on HTTPS only."""
    flows.deploy(site)
    response = site.deployment("GET", flows.first_node(site), "/deploy_verify")
    assert response.status_code == 404, response.text


def test_deploy_again_is_rejected(site: Site) -> None:
    """Deploying to a node that already belongs to a cluster fails with 409."""
    payload = flows.deploy(site)
    response = site.deployment("POST", flows.first_node(site), "/cluster", json=payload)
    assert response.status_code == 409, response.text
    assert response.json()["ec"] == "EHostAlreadyDeployed"


def test_second_deploy_while_running(site: Site) -> None:
    """A second deployment while one runs is rejected as busy."""
    _start(site)
    payload = flows.build_payload(site.plan, flows.scan_hosts(site))
    response = site.deployment("POST", flows.first_node(site), "/cluster", json=payload)
    assert response.status_code == 409, response.text
    assert response.json()["ec"] == "EResourceBusy"


def test_injected_failure_names_phase(site: Site) -> None:
    """With ``task:cluster-deploy:fail:1`` the job ends ``failed`` naming the phase."""
    site.simulator.context.faults.add("task:cluster-deploy:fail:1")
    _start(site)
    site.advance(flows.DEPLOY_SECONDS)
    data = _status(site)
    assert data["state"] == "failed", data
    assert data["stage_info"] in data["msg"], data
    response = site.deployment("GET", flows.first_node(site), "/deploy_verify", https=True)
    assert response.json()["data"]["is_deployed"] is False


def test_redeploy_after_failure(site: Site) -> None:
    """After a failed deployment the nodes can be deployed again."""
    site.simulator.context.faults.add("task:cluster-deploy:fail:1")
    _start(site)
    site.advance(flows.DEPLOY_SECONDS)
    flows.deploy(site)
    assert _status(site)["state"] == "done"


def test_fisheye_absent_before_deploy(site: Site) -> None:
    """Before deployment, the node refuses HTTPS, so Fisheye is unreachable."""
    response = site.fisheye(
        "POST",
        "/api/v3/sessions",
        json={"username": "root", "password": PASSWORD, "encrypted": False},
    )
    assert response.status_code == 502, response.text


def test_status_and_verify_match_examples(site: Site, reference_dir: Path) -> None:
    """deploy_status while running and deploy_verify have the captured keys."""
    _start(site)
    address = flows.first_node(site)
    status = site.deployment("GET", address, "/host/deploy_status", params={"host_ip": address})
    example = load_example(reference_dir, "smtx-deployment-deploy-status-response-running.json")
    assert missing_keys(example, status.json()) == []
    site.advance(flows.DEPLOY_SECONDS)
    verify = site.deployment("GET", address, "/deploy_verify", https=True)
    example = load_example(reference_dir, "smtx-deployment-deploy-verify-response.json")
    assert missing_keys(example, verify.json()) == []
