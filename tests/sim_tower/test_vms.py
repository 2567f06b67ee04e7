"""VM operations and host maintenance through CloudTower tasks over the shared VM records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cxvoyager.sim import Simulator
from tests.sim_tower.conftest import TowerClient
from tests.sim_tower.site import TEST_VM_IP
from tests.sim_tower.spec import schema_errors

DEFAULT_ROUTE = "0.0.0.0"  # noqa: S104 - a cloud-init route destination, not a bind address


def _wait(site: Simulator, seconds: float = 600) -> None:
    site.clock.advance(seconds)  # type: ignore[attr-defined]


def _task(client: TowerClient, task_id: str) -> dict[str, Any]:
    task: dict[str, Any] = client.rest("get-tasks", {"where": {"id": task_id}}).json()[0]
    return task


def _vm(client: TowerClient, name: str) -> dict[str, Any]:
    vms = client.rest("get-vms", {"where": {"name": name}}).json()
    assert len(vms) == 1, vms
    vm: dict[str, Any] = vms[0]
    return vm


def _make_template(client: TowerClient, cluster: dict[str, Any]) -> str:
    vm = _vm(client, "cloudtower")
    created = client.rest(
        "clone-content-library-vm-template-from-vm",
        [{"name": "fio-template", "vm": {"id": vm["id"]}, "clusters": {"id": cluster["id"]}}],
    )
    assert created.status_code == 200, created.text
    template_id: str = created.json()[0]["data"]["id"]
    return template_id


def _create_test_vm(
    client: TowerClient, cluster: dict[str, Any], template_id: str, name: str, ip: str
) -> Any:
    vlan = client.rest("get-vlans", {"where": {"name": "default"}}).json()[0]
    body = [
        {
            "template_id": template_id,
            "cluster_id": cluster["id"],
            "name": name,
            "is_full_copy": False,
            "vcpu": 4,
            "memory": 8,
            "memory_unit": "GB",
            "vm_nics": [{"connect_vlan_id": vlan["id"]}],
            "cloud_init": {
                "hostname": name,
                "default_user_password": "Guest-Passw0rd",
                "networks": [
                    {
                        "type": "IPV4",
                        "nic_index": 0,
                        "ip_address": ip,
                        "netmask": "255.255.255.0",
                        "routes": [
                            {
                                "network": DEFAULT_ROUTE,
                                "netmask": DEFAULT_ROUTE,
                                "gateway": "10.0.20.1",
                            }
                        ],
                    }
                ],
            },
        }
    ]
    return client.rest("create-vm-from-content-library-template", body)


def test_create_test_vm_from_template(
    tower: TowerClient, site: Simulator, connected: dict[str, Any], reference_dir: Path
) -> None:
    """A VM from a template with cloud-init starts and its guest responds SSH on its address."""
    template_id = _make_template(tower, connected)
    assert (
        schema_errors(
            reference_dir,
            "get-content-library-vm-templates",
            tower.rest("get-content-library-vm-templates", {}).json(),
        )
        == []
    )
    response = _create_test_vm(tower, connected, template_id, "fio-01", "10.0.20.231")
    assert response.status_code == 200, response.text
    assert (
        schema_errors(reference_dir, "create-vm-from-content-library-template", response.json())
        == []
    )
    assert response.json()[0]["data"]["entityAsyncStatus"] == "CREATING"
    _wait(site)
    assert _task(tower, response.json()[0]["task_id"])["status"] == "SUCCESSED"
    vm = _vm(tower, "fio-01")
    assert (vm["status"], vm["vcpu"], vm["memory"]) == ("RUNNING", 4, 8 * 1024**3), vm
    assert vm["vm_tools_status"] == "RUNNING", vm
    assert site.probe("10.0.20.231", 22) is True
    record = site.context.state["cluster"]["vms"][vm["local_id"]]
    assert record["passwords"] == {"root": "Guest-Passw0rd"}, record
    again = _create_test_vm(tower, connected, template_id, "fio-01", "10.0.20.232")
    assert again.status_code == 400, again.text


def test_injected_vm_create_failure(
    tower: TowerClient, site: Simulator, connected: dict[str, Any]
) -> None:
    """task:vm-create:fail:1 fails creation with the wrapped ELF error and leaves no VM."""
    template_id = _make_template(tower, connected)
    site.context.faults.add("task:vm-create:fail:1")
    response = _create_test_vm(tower, connected, template_id, "fio-02", "10.0.20.232")
    _wait(site)
    task = _task(tower, response.json()[0]["task_id"])
    assert task["status"] == "FAILED", task
    assert "CREATE_VM_FORM_TEMPLATE_FAILED" in task["error_message"], task
    assert tower.rest("get-vms", {"where": {"name": "fio-02"}}).json() == []


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        pytest.param("shutdown-vm", "STOPPED", id="shutdown"),
        pytest.param("poweroff-vm", "STOPPED", id="poweroff"),
        pytest.param("force-restart-vm", "RUNNING", id="force-restart"),
    ],
)
def test_power_operations(
    tower: TowerClient,
    site: Simulator,
    connected: dict[str, Any],
    reference_dir: Path,
    operation: str,
    expected: str,
) -> None:
    """Power operations return [{task_id, data}] and change the VM when the task ends."""
    vm = _vm(tower, "test-vm-01")
    response = tower.rest(operation, {"where": {"id": vm["id"]}})
    assert response.status_code == 200, response.text
    assert schema_errors(reference_dir, operation, response.json()) == []
    _wait(site)
    assert _task(tower, response.json()[0]["task_id"])["status"] == "SUCCESSED"
    assert _vm(tower, "test-vm-01")["status"] == expected


def test_starting_a_running_vm_fails_its_task(
    tower: TowerClient, site: Simulator, connected: dict[str, Any]
) -> None:
    """start-vm on a running VM ends FAILED with VM_STATUS_ERROR."""
    vm = _vm(tower, "test-vm-01")
    response = tower.rest("start-vm", {"where": {"id": vm["id"]}})
    _wait(site)
    task = _task(tower, response.json()[0]["task_id"])
    assert (task["status"], task["error_code"]) == ("FAILED", "VM_STATUS_ERROR"), task


def test_migrate_vm_moves_it(
    tower: TowerClient, site: Simulator, connected: dict[str, Any]
) -> None:
    """migrate-vm to a named host moves the VM there and records the downtime."""
    vm = _vm(tower, "cloudtower")
    target = next(
        h for h in tower.rest("get-hosts", {}).json() if h["management_ip"] != vm["node_ip"]
    )
    response = tower.rest(
        "migrate-vm", {"where": {"id": vm["id"]}, "data": {"host_id": target["id"]}}
    )
    assert response.status_code == 200, response.text
    _wait(site)
    assert _task(tower, response.json()[0]["task_id"])["status"] == "SUCCESSED"
    assert _vm(tower, "cloudtower")["host"]["id"] == target["id"]
    record = site.context.state["cluster"]["vms"][vm["local_id"]]
    assert record["last_migration"]["downtime_ms"] > 0, record


def test_delete_vm(
    tower: TowerClient, site: Simulator, connected: dict[str, Any], reference_dir: Path
) -> None:
    """delete-vm returns [{task_id, data}]; the VM and its guest address are gone."""
    vm = _vm(tower, "test-vm-01")
    response = tower.rest("delete-vm", {"where": {"id": vm["id"]}})
    assert schema_errors(reference_dir, "delete-vm", response.json()) == []
    _wait(site)
    assert [v["name"] for v in tower.rest("get-vms", {}).json()] == ["cloudtower"]
    assert site.probe(TEST_VM_IP) is False


def test_stopping_the_cloudtower_vm_takes_cloudtower_down(
    tower: TowerClient, site: Simulator, connected: dict[str, Any]
) -> None:
    """Powering off CloudTower's own VM makes CloudTower unreachable, as on a real site."""
    vm = _vm(tower, "cloudtower")
    tower.rest("poweroff-vm", {"where": {"id": vm["id"]}})
    _wait(site)
    assert site.probe(tower.address, 443) is False


def test_unknown_vm_is_404(tower: TowerClient, connected: dict[str, Any]) -> None:
    """An operation whose where matches no VM is rejected."""
    response = tower.rest("poweroff-vm", {"where": {"id": "cnosuchvm0000000000000000"}})
    assert response.status_code == 404, response.text


def test_maintenance_mode_round_trip(
    tower: TowerClient, site: Simulator, connected: dict[str, Any], reference_dir: Path
) -> None:
    """Precheck, enter (VMs evacuated), exit with migrate-back, through the 'maintance' paths."""
    vm = _vm(tower, "cloudtower")
    host = next(
        h for h in tower.rest("get-hosts", {}).json() if h["management_ip"] == vm["node_ip"]
    )
    check = tower.rest("enter-maintenance-mode-precheck", {"where": {"id": host["id"]}})
    assert schema_errors(reference_dir, "enter-maintenance-mode-precheck", check.json()) == []
    _wait(site, 30)
    result = tower.rest("enter-maintance-mode-precheck-result", {"where": check.json()})
    assert result.json() == {"done": True, "shutdownVms": []}
    entered = tower.rest(
        "enter-maintance-mode", {"where": {"host_id": host["id"]}, "data": {"shutdown_vms": []}}
    )
    assert entered.status_code == 200, entered.text
    assert schema_errors(reference_dir, "enter-maintance-mode", entered.json()) == []
    assert entered.json()["data"]["host_state"]["state"] == "ENTERING_MAINTENANCE_MODE"
    _wait(site)
    assert _task(tower, entered.json()["task_id"])["status"] == "SUCCESSED"
    after = tower.rest("get-hosts", {"where": {"id": host["id"]}}).json()[0]
    assert after["host_state"]["state"] == "MAINTENANCE_MODE", after
    assert _vm(tower, "cloudtower")["node_ip"] != host["management_ip"]
    plan = tower.rest("exit-maintance-mode-precheck-result", {"where": {"id": host["id"]}}).json()
    assert schema_errors(reference_dir, "exit-maintance-mode-precheck-result", plan) == []
    assert sorted(item["vm_name"] for item in plan["liveMigrateVms"]) == [
        "cloudtower",
        "test-vm-01",
    ], plan
    left = tower.rest(
        "exit-maintance-mode",
        {"where": {"host_id": host["id"]}, "data": {"live_migrate_back_vms": [vm["local_id"]]}},
    )
    assert left.status_code == 200, left.text
    _wait(site)
    assert _task(tower, left.json()["task_id"])["status"] == "SUCCESSED"
    assert _vm(tower, "cloudtower")["node_ip"] == host["management_ip"]


def test_second_host_cannot_enter_maintenance(
    tower: TowerClient, site: Simulator, connected: dict[str, Any]
) -> None:
    """While one host is out of service another cannot enter maintenance mode."""
    hosts = tower.rest("get-hosts", {"orderBy": "name_ASC"}).json()
    first = tower.rest("enter-maintance-mode", {"where": {"host_id": hosts[0]["id"]}, "data": {}})
    assert first.status_code == 200, first.text
    second = tower.rest("enter-maintance-mode", {"where": {"host_id": hosts[1]["id"]}, "data": {}})
    assert second.status_code == 400, second.text


def test_clone_vm_keeps_role_and_starts(
    tower: TowerClient, site: Simulator, connected: dict[str, Any]
) -> None:
    """clone-vm makes a running copy of a test VM with the source's size."""
    source = _vm(tower, "test-vm-01")
    response = tower.rest("clone-vm", [{"src_vm_id": source["id"], "name": "test-vm-02"}])
    assert response.status_code == 200, response.text
    _wait(site)
    clone = _vm(tower, "test-vm-02")
    assert (clone["status"], clone["vcpu"], clone["memory"]) == ("RUNNING", 4, source["memory"]), (
        clone
    )
    record = site.context.state["cluster"]["vms"][clone["local_id"]]
    assert record["role"] == "test", record
