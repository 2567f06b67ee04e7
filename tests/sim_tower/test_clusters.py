"""Connecting the cluster to CloudTower and reading back clusters, hosts, VMs and networks."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from cxvoyager.sim import Simulator
from tests.sim_tower.conftest import TowerClient, connect
from tests.sim_tower.spec import schema_errors


def _task(client: TowerClient, task_id: str) -> dict[str, Any]:
    tasks = client.rest("get-tasks", {"where": {"id": task_id}}).json()
    assert len(tasks) == 1, tasks
    task: dict[str, Any] = tasks[0]
    return task


def test_connect_answers_array_with_task(
    tower: TowerClient, site: Simulator, ready: dict[str, str], reference_dir: Path
) -> None:
    """connect-cluster returns an array of {task_id, data} with connect_state INITIALIZING."""
    item = connect(tower, site, ready)
    assert schema_errors(reference_dir, "connect-cluster", [item]) == []
    assert item["data"]["connect_state"] == "INITIALIZING", item
    assert item["task_id"], item


def test_connect_progresses_to_connected(
    tower: TowerClient, site: Simulator, ready: dict[str, str]
) -> None:
    """The cluster becomes CONNECTED over simulated minutes and its task SUCCESSED."""
    item = connect(tower, site, ready)
    assert _task(tower, item["task_id"])["status"] == "PENDING"
    site.clock.advance(30)  # type: ignore[attr-defined]
    assert _task(tower, item["task_id"])["status"] == "EXECUTING"
    assert tower.rest("get-clusters", {}).json()[0]["connect_state"] == "INITIALIZING"
    site.clock.advance(600)  # type: ignore[attr-defined]
    task = _task(tower, item["task_id"])
    assert task["status"] == "SUCCESSED", task
    assert task["progress"] == 1, task
    assert tower.rest("get-clusters", {}).json()[0]["connect_state"] == "CONNECTED"


def test_connected_cluster_mirrors_smtx(
    tower: TowerClient, site: Simulator, connected: dict[str, Any], reference_dir: Path
) -> None:
    """A connected cluster shows the SMTX OS cluster's identity, hosts, VIP and DNS."""
    clusters = tower.rest(
        "get-clusters", {"where": {"name": site.context.plan.cluster.name}}
    ).json()
    assert schema_errors(reference_dir, "get-clusters", clusters) == []
    smtx = site.context.state["cluster"]
    assert clusters[0]["local_id"] == smtx["uuid"], clusters[0]
    assert clusters[0]["management_vip"] == smtx["vip"], clusters[0]
    assert clusters[0]["host_num"] == 4, clusters[0]
    assert len(clusters[0]["id"]) == 25, clusters[0]["id"]
    assert clusters[0]["id"].startswith("c"), clusters[0]["id"]


def test_connecting_twice_fails(tower: TowerClient, site: Simulator, ready: dict[str, str]) -> None:
    """Connecting a connected (or connecting) cluster is rejected."""
    connect(tower, site, ready)
    body = [{"ip": str(site.context.plan.cluster.vip), "username": "root", "password": "whatever"}]
    second = tower.rest("connect-cluster", body)
    assert second.status_code == 400, second.text


def test_wrong_password_fails_task_and_rolls_back(
    tower: TowerClient, site: Simulator, ready: dict[str, str]
) -> None:
    """A wrong cluster password ends the connect task FAILED and leaves no cluster behind."""
    item = connect(tower, site, ready, password="Wrong-Passw0rd")
    site.clock.advance(600)  # type: ignore[attr-defined]
    task = _task(tower, item["task_id"])
    assert task["status"] == "FAILED", task
    assert task["error_code"] == "LOAD_CLUSTER_UNAUTHORIZED", task
    assert tower.rest("get-clusters", {}).json() == []
    retry = connect(tower, site, ready)
    assert retry["data"]["connect_state"] == "INITIALIZING", retry


def test_hosts_vms_and_networks_are_spec_shaped(
    tower: TowerClient, connected: dict[str, Any], reference_dir: Path
) -> None:
    """get-hosts, get-vms, get-vdses and get-vlans validate against the spec."""
    for operation in (
        "get-hosts",
        "get-vms",
        "get-vdses",
        "get-vlans",
        "get-tasks",
        "get-alerts",
        "get-disks",
        "get-cluster-settingses",
    ):
        body = tower.rest(operation, {}).json()
        assert schema_errors(reference_dir, operation, body) == [], operation
    hosts = tower.rest("get-hosts", {"where": {"cluster": {"id": connected["id"]}}}).json()
    assert len(hosts) == 4, hosts
    disks = tower.rest(
        "get-disks", {"where": {"host": {"id": hosts[0]["id"]}, "usage": "CACHE"}}
    ).json()
    assert [disk["path"] for disk in disks] == ["/dev/sdb"], disks


def test_alerts_mirror_shared_records(tower: TowerClient, connected: dict[str, Any]) -> None:
    """Open and ended alerts from the shared records show with their host or VM."""
    open_alerts = tower.rest("get-alerts", {"where": {"ended": False}}).json()
    assert [alert["severity"] for alert in open_alerts] == ["WARNING"], open_alerts
    assert open_alerts[0]["host"]["name"] == "TEST-SMTX-Node-01", open_alerts
    ended = tower.rest("get-alerts", {"where": {"ended": True}}).json()
    assert [alert["vms"][0]["name"] for alert in ended] == ["test-vm-01"], ended


def test_vlan_local_id_is_cluster_and_smtx_uuid(
    tower: TowerClient, site: Simulator, connected: dict[str, Any]
) -> None:
    """A VLAN's local_id is <cluster local_id>_<SMTX vlan uuid>."""
    vlans = tower.rest("get-vlans", {"where": {"name": "default"}}).json()
    smtx = site.context.state["cluster"]
    uuid = next(u for u, v in smtx["vlans"].items() if v["name"] == "default")
    assert vlans[0]["local_id"] == f"{smtx['uuid']}_{uuid}", vlans


def test_create_vm_vlan_on_storage_vds(
    tower: TowerClient, site: Simulator, connected: dict[str, Any], reference_dir: Path
) -> None:
    """create-vm-vlan returns an array, shows CREATING, and the VLAN exists on SMTX OS."""
    vds = tower.rest("get-vdses", {"where": {"name_contains": "vDS-Storage"}}).json()[0]
    response = tower.rest(
        "create-vm-vlan", [{"vds_id": vds["id"], "name": "backup-storage", "vlan_id": 0}]
    )
    assert response.status_code == 200, response.text
    assert schema_errors(reference_dir, "create-vm-vlan", response.json()) == []
    assert response.json()[0]["data"]["entityAsyncStatus"] == "CREATING"
    site.clock.advance(60)  # type: ignore[attr-defined]
    vlan = tower.rest("get-vlans", {"where": {"name": "backup-storage"}}).json()[0]
    assert vlan["entityAsyncStatus"] is None, vlan
    names = [v["name"] for v in site.context.state["cluster"]["vlans"].values()]
    assert "backup-storage" in names, names
    again = tower.rest("create-vm-vlan", [{"vds_id": vds["id"], "name": "backup-storage"}])
    assert again.status_code == 400, again.text


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        pytest.param({"name": "TEST-SMTX-Node-01"}, ["TEST-SMTX-Node-01"], id="exact"),
        pytest.param(
            {"name_in": ["TEST-SMTX-Node-02", "TEST-SMTX-Node-03"]},
            ["TEST-SMTX-Node-02", "TEST-SMTX-Node-03"],
            id="in",
        ),
        pytest.param(
            {"name_not": "TEST-SMTX-Node-01"},
            ["TEST-SMTX-Node-02", "TEST-SMTX-Node-03", "TEST-SMTX-Node-04"],
            id="not",
        ),
        pytest.param(
            {"management_ip_starts_with": "10.0.20.1", "name_contains": "04"},
            ["TEST-SMTX-Node-04"],
            id="starts-with-and-contains",
        ),
        pytest.param(
            {"total_cpu_cores_gte": 56, "name_ends_with": "1"}, ["TEST-SMTX-Node-01"], id="gte"
        ),
        pytest.param({"total_cpu_cores_gt": "56"}, [], id="number-as-string"),
        pytest.param(
            {"OR": [{"name": "TEST-SMTX-Node-01"}, {"name": "TEST-SMTX-Node-04"}]},
            ["TEST-SMTX-Node-01", "TEST-SMTX-Node-04"],
            id="or",
        ),
        pytest.param(
            {"NOT": [{"name_in": ["TEST-SMTX-Node-01", "TEST-SMTX-Node-02"]}]},
            ["TEST-SMTX-Node-03", "TEST-SMTX-Node-04"],
            id="not-list",
        ),
        pytest.param(
            {"AND": [{"name_lt": "TEST-SMTX-Node-03"}, {"name_gte": "TEST-SMTX-Node-02"}]},
            ["TEST-SMTX-Node-02"],
            id="and-lt-gte",
        ),
        pytest.param(
            {"cluster": {"name": "TEST-SMTX-Cls01"}, "name_lte": "TEST-SMTX-Node-01"},
            ["TEST-SMTX-Node-01"],
            id="relation-name",
        ),
        pytest.param(
            {"vms_some": {"name": "cloudtower"}}, ["TEST-SMTX-Node-01"], id="to-many-some"
        ),
        pytest.param(
            {"vms_none": {}},
            ["TEST-SMTX-Node-02", "TEST-SMTX-Node-03", "TEST-SMTX-Node-04"],
            id="to-many-none",
        ),
    ],
)
def test_where_filters_hosts(
    tower: TowerClient, connected: dict[str, Any], where: dict[str, Any], expected: list[str]
) -> None:
    """get-hosts evaluates Prisma-style where filters like CloudTower."""
    hosts = tower.rest("get-hosts", {"where": where, "orderBy": "name_ASC"})
    assert hosts.status_code == 200, hosts.text
    assert [host["name"] for host in hosts.json()] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            {"orderBy": "name_DESC", "first": 2},
            ["TEST-SMTX-Node-04", "TEST-SMTX-Node-03"],
            id="desc-first",
        ),
        pytest.param(
            {"orderBy": "name_ASC", "skip": 1, "first": 2},
            ["TEST-SMTX-Node-02", "TEST-SMTX-Node-03"],
            id="skip",
        ),
        pytest.param({"orderBy": "name_ASC", "last": 1}, ["TEST-SMTX-Node-04"], id="last"),
    ],
)
def test_order_and_pagination(
    tower: TowerClient, connected: dict[str, Any], body: dict[str, Any], expected: list[str]
) -> None:
    """orderBy, first, skip and last shape the list."""
    assert [host["name"] for host in tower.rest("get-hosts", body).json()] == expected


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"where": {"no_such_field": 1}}, id="unknown-field"),
        pytest.param({"where": {"name_in": "not-a-list"}}, id="in-needs-array"),
        pytest.param({"orderBy": "no_such_ASC"}, id="unknown-order-field"),
        pytest.param({"first": "2"}, id="first-must-be-integer"),
        pytest.param({"filter": {}}, id="unknown-argument"),
    ],
)
def test_bad_query_is_400(
    tower: TowerClient, connected: dict[str, Any], body: dict[str, Any]
) -> None:
    """A query naming an unknown field or with a wrong operand type is rejected."""
    response = tower.rest("get-hosts", body)
    assert response.status_code == 400, response.text


def test_connection_counts(tower: TowerClient, connected: dict[str, Any]) -> None:
    """get-*-connection counts what where selects."""
    body = tower.rest(
        "get-hosts-connection", {"where": {"name_in": ["TEST-SMTX-Node-01", "TEST-SMTX-Node-02"]}}
    ).json()
    assert body == {"aggregate": {"count": 2}}


def test_state_survives_restart(
    tower: TowerClient, site: Simulator, connected: dict[str, Any], tmp_path: Path
) -> None:
    """A new simulator on the saved state keeps the connected cluster and the token."""
    with site.context.store.lock:
        site.context.state["clock_now"] = site.clock.now()
        site.context.store.save()
    # A copy, because a starting simulator rewrites the CA file the session's clients trust.
    state_dir = tmp_path / "restarted"
    state_dir.mkdir()
    shutil.copy(site.state_dir / "simulator.json", state_dir / "simulator.json")  # type: ignore[operator]
    restarted = Simulator(site.context.plan, state_dir=state_dir)
    restarted.start()
    try:
        client = TowerClient(restarted, tower.address)
        client.token = tower.token
        clusters = client.rest("get-clusters", {}).json()
        assert [c["id"] for c in clusters] == [connected["id"]], clusters
        assert clusters[0]["connect_state"] == "CONNECTED"
    finally:
        restarted.stop()


def test_network_setting_changes_smtx_dns_and_ntp(
    tower: TowerClient, site: Simulator, connected: dict[str, Any], reference_dir: Path
) -> None:
    """update-cluster-network-setting changes the SMTX OS DNS and NTP when its task ends."""
    body = {
        "where": {"id": connected["id"]},
        "data": {"dns": ["10.0.0.53"], "ntp_servers": ["10.0.0.123"]},
    }
    response = tower.rest("update-cluster-network-setting", body)
    assert response.status_code == 200, response.text
    assert schema_errors(reference_dir, "update-cluster-network-setting", response.json()) == []
    site.clock.advance(60)  # type: ignore[attr-defined]
    cluster = tower.rest("get-clusters", {}).json()[0]
    assert (cluster["dns"], cluster["ntp_servers"]) == (["10.0.0.53"], ["10.0.0.123"]), cluster
    assert site.context.state["cluster"]["dns_servers"] == ["10.0.0.53"]


def test_changing_the_vip_through_tower_is_rejected(
    tower: TowerClient, connected: dict[str, Any]
) -> None:
    """The simulator says plainly that it does not move the VIP through CloudTower."""
    body = {"where": {"id": connected["id"]}, "data": {"management_vip": "10.0.20.99"}}
    response = tower.rest("update-cluster-network-setting", body)
    assert response.status_code == 400, response.text
    assert "management_vip" in response.json()["message"], response.json()


def test_global_alert_rules_over_rest(
    tower: TowerClient, connected: dict[str, Any], reference_dir: Path
) -> None:
    """get-global-alert-rules and update-global-alert-rule validate against the spec."""
    rules = tower.rest(
        "get-global-alert-rules", {"where": {"name": "zbs_cluster_data_space_use_rate"}}
    ).json()
    assert schema_errors(reference_dir, "get-global-alert-rules", rules) == []
    body = {
        "where": {"id": rules[0]["id"]},
        "data": {
            "thresholds": [
                {"severity": "NOTICE", "value": 70},
                {"severity": "CRITICAL", "value": 85},
            ]
        },
    }
    updated = tower.rest("update-global-alert-rule", body)
    assert updated.status_code == 200, updated.text
    assert schema_errors(reference_dir, "update-global-alert-rule", updated.json()) == []
    values = {t["severity"]: t["value"] for t in updated.json()[0]["data"]["thresholds"]}
    assert values == {"NOTICE": 70, "CRITICAL": 85}, values
