"""Fisheye VMs: the CloudTower VM's create job, guest agent, NIC update and its address."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cxvoyager.sim.smtx.vms import GUEST_BOOT_SECONDS
from tests.sim_smtx import flows
from tests.sim_smtx.shapes import load_example, missing_keys
from tests.sim_smtx.site import Site


def _vm(site: Site, vm_uuid: str) -> dict[str, Any]:
    response = site.fisheye("GET", f"/api/v2/vms/{vm_uuid}")
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def _image_path(site: Site) -> str:
    volume = flows.upload_image(
        site, "cloudtower-v4.6.2.oe2003.x86_64.iso", flows.image_bytes(65536)
    )
    path: str = volume["image_path"]
    return path


def test_vm_created_by_job(cluster: Site) -> None:
    """The create job ends ``done`` with the VM in its resources, running on a host."""
    vm_uuid = flows.create_cloudtower_vm(cluster)
    vm = _vm(cluster, vm_uuid)
    assert vm["status"] == "running", vm
    assert vm["vm_name"] == "cloudtower", vm
    record = cluster.state["cluster"]["vms"][vm_uuid]
    assert record["role"] == "cloudtower", record
    assert record["node_ip"] in {str(host.management_ip) for host in cluster.plan.hosts}


def test_guest_agent_comes_up(cluster: Site) -> None:
    """The guest agent reports Running only after the ISO install time has passed."""
    vm_uuid = flows.create_cloudtower_vm(cluster)
    assert _vm(cluster, vm_uuid)["guest_info"]["ga_state"] != "Running"
    cluster.advance(GUEST_BOOT_SECONDS)
    assert _vm(cluster, vm_uuid)["guest_info"]["ga_state"] == "Running"


def test_nic_update_attaches_cloudtower(cluster: Site) -> None:
    """Setting the CloudTower VM's IP makes that address accept SSH as CloudTower."""
    vm_uuid = flows.create_cloudtower_vm(cluster)
    cluster.advance(GUEST_BOOT_SECONDS)
    address = str(cluster.plan.cloudtower.ip)  # type: ignore[union-attr]
    nic = flows.static_ip_nic(cluster, _vm(cluster, vm_uuid), address)
    response = cluster.fisheye("PUT", f"/api/v2/vms/{vm_uuid}", json={"nics": [nic]})
    assert response.status_code == 200, response.text
    assert not cluster.simulator.probe(address, 22)
    job = flows.wait_job(cluster, response.json()["data"]["job_id"])
    assert job["state"] == "done", job
    entry = cluster.state["network"][address]
    assert entry["kind"] == "cloudtower", entry
    assert cluster.simulator.probe(address, 22)
    addresses = [
        ip["ip_address"]
        for nic in _vm(cluster, vm_uuid)["guest_info"]["nics"]
        for ip in nic["ip_addresses"]
    ]
    assert address in addresses


def test_nic_update_needs_guest_agent(cluster: Site) -> None:
    """Setting an IP before the guest agent runs makes the job fail."""
    vm_uuid = flows.create_cloudtower_vm(cluster)
    nic = flows.static_ip_nic(cluster, _vm(cluster, vm_uuid), str(cluster.plan.cloudtower.ip))  # type: ignore[union-attr]
    response = cluster.fisheye("PUT", f"/api/v2/vms/{vm_uuid}", json={"nics": [nic]})
    job = flows.wait_job(cluster, response.json()["data"]["job_id"])
    assert job["state"] == "failed", job
    assert "guest agent" in job["error_msg"], job


def test_nic_update_address_in_use(cluster: Site) -> None:
    """Setting an address another machine uses makes the job fail."""
    vm_uuid = flows.create_cloudtower_vm(cluster)
    cluster.advance(GUEST_BOOT_SECONDS)
    nic = flows.static_ip_nic(
        cluster, _vm(cluster, vm_uuid), str(cluster.plan.hosts[1].management_ip)
    )
    response = cluster.fisheye("PUT", f"/api/v2/vms/{vm_uuid}", json={"nics": [nic]})
    job = flows.wait_job(cluster, response.json()["data"]["job_id"])
    assert job["state"] == "failed", job
    assert "already in use" in job["error_msg"], job


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"gateway": "10.0.99.1"}, "nics[0].gateway"),
        ({"subnet_mask": "255.0.255.0"}, "nics[0].subnet_mask"),
        ({"vlan_uuid": "nope"}, "nics[0].vlan_uuid"),
        ({"ovs": "ovsbr-nope"}, "nics[0].ovs"),
    ],
    ids=["gateway-outside", "netmask", "vlan", "bridge"],
)
def test_nic_update_rejected(cluster: Site, change: dict[str, str], expected: str) -> None:
    """An invalid NIC update is rejected naming the field."""
    vm_uuid = flows.create_cloudtower_vm(cluster)
    nic = {**flows.static_ip_nic(cluster, _vm(cluster, vm_uuid), "10.0.20.2"), **change}
    response = cluster.fisheye("PUT", f"/api/v2/vms/{vm_uuid}", json={"nics": [nic]})
    assert response.status_code == 400, response.text
    assert expected in response.json()["error"]["msg"]


def test_update_other_fields_rejected(cluster: Site) -> None:
    """Only NICs can be changed through this update."""
    vm_uuid = flows.create_cloudtower_vm(cluster)
    response = cluster.fisheye("PUT", f"/api/v2/vms/{vm_uuid}", json={"vcpu": 4})
    assert response.status_code == 400, response.text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"vcpu": 4}, "cpu.topology"),
        ({"memory": 1000}, "memory"),
        ({"firmware": "EFI"}, "firmware"),
        ({"unknown": True}, "unknown"),
        ({"auto_schedule": False}, "node_ip"),
    ],
    ids=["topology", "memory", "firmware", "unknown-field", "placement"],
)
def test_vm_body_rejected(cluster: Site, change: dict[str, Any], expected: str) -> None:
    """An invalid VM body is rejected naming the field."""
    body = {**flows.cloudtower_vm_body(cluster, _image_path(cluster)), **change}
    response = cluster.fisheye("POST", "/api/v2/vms", json=body)
    assert response.status_code == 400, response.text
    assert expected in response.json()["error"]["msg"]


@pytest.mark.parametrize(
    ("index", "key", "value", "expected"),
    [
        (0, "storage_policy_uuid", "nope", "disks[0].storage_policy_uuid"),
        (1, "path", "iscsi://nowhere/1", "disks[1].path"),
        (0, "type", "floppy", "disks[0].type"),
    ],
    ids=["policy", "cdrom-path", "disk-type"],
)
def test_vm_disk_rejected(cluster: Site, index: int, key: str, value: str, expected: str) -> None:
    """A disk with an unknown policy, image path or type is rejected."""
    body = flows.cloudtower_vm_body(cluster, _image_path(cluster))
    body["disks"][index][key] = value
    response = cluster.fisheye("POST", "/api/v2/vms", json=body)
    assert response.status_code == 400, response.text
    assert expected in response.json()["error"]["msg"]


def test_vm_nic_needs_vm_network(cluster: Site) -> None:
    """A NIC on the storage system network (not a VM network) is rejected."""
    storage_vlan = next(
        v for v in cluster.state["cluster"]["vlans"].values() if v["network_type"] == "STORAGE"
    )
    body = flows.cloudtower_vm_body(cluster, _image_path(cluster))
    body["nics"][0]["vlan_uuid"] = storage_vlan["uuid"]
    response = cluster.fisheye("POST", "/api/v2/vms", json=body)
    assert response.status_code == 400, response.text


def test_vm_create_fault(cluster: Site) -> None:
    """``task:vm-create:fail:1`` makes the create job fail and no VM appears."""
    cluster.simulator.context.faults.add("task:vm-create:fail:1")
    body = flows.cloudtower_vm_body(cluster, _image_path(cluster))
    response = cluster.fisheye("POST", "/api/v2/vms", json=body)
    job = flows.wait_job(cluster, response.json()["data"]["job_id"])
    assert job["state"] == "failed", job
    assert "VM_CREATE" in job["error_msg"], job
    assert cluster.fisheye("GET", "/api/v2/vms").json()["data"]["vms"] == []


def test_vm_too_large_fails(cluster: Site) -> None:
    """A VM bigger than any host's free memory fails its job with the scheduler's filter name."""
    body = flows.cloudtower_vm_body(cluster, _image_path(cluster))
    body["memory"] = 4096 * 1024**3
    response = cluster.fisheye("POST", "/api/v2/vms", json=body)
    job = flows.wait_job(cluster, response.json()["data"]["job_id"])
    assert job["state"] == "failed", job
    assert "HostAvailableMemoryFilter" in job["error_msg"], job


def test_same_name_creates_second_vm(cluster: Site) -> None:
    """VM creation is not idempotent: the same body creates a second VM."""
    path = _image_path(cluster)
    for _ in range(2):
        response = cluster.fisheye(
            "POST", "/api/v2/vms", json=flows.cloudtower_vm_body(cluster, path)
        )
        flows.wait_job(cluster, response.json()["data"]["job_id"])
    assert len(cluster.fisheye("GET", "/api/v2/vms").json()["data"]["vms"]) == 2


def test_unknown_vm_not_found(cluster: Site) -> None:
    """An unknown VM uuid gets 404."""
    assert cluster.fisheye("GET", "/api/v2/vms/nope").status_code == 404


def test_vm_responses_match_examples(cluster: Site, reference_dir: Path) -> None:
    """VM create, job, get and update responses have the captured keys."""
    body = flows.cloudtower_vm_body(cluster, _image_path(cluster))
    assert set(body) == set(
        load_example(reference_dir, "fisheye-vms-create-request-cloudtower.json")
    )
    response = cluster.fisheye("POST", "/api/v2/vms", json=body)
    assert (
        missing_keys(
            load_example(reference_dir, "fisheye-vms-create-response.json"), response.json()
        )
        == []
    )
    job_id = response.json()["data"]["job_id"]
    flows.wait_job(cluster, job_id)
    job = cluster.fisheye("GET", f"/api/v2/jobs/{job_id}").json()
    example_job = load_example(
        reference_dir, "fisheye-jobs-get-response-vm-create-done-truncated.json"
    )
    example_vm = next(iter(example_job["data"]["job"].pop("resources").values()))
    vm_resource = next(iter(job["data"]["job"].pop("resources").values()))
    assert missing_keys(example_job, job) == []
    assert missing_keys(example_vm, vm_resource) == []
    cluster.advance(GUEST_BOOT_SECONDS)
    vm = cluster.fisheye("GET", f"/api/v2/vms/{vm_resource['uuid']}").json()
    assert (
        missing_keys(load_example(reference_dir, "fisheye-vms-get-response-cloudtower.json"), vm)
        == []
    )
    nic = flows.static_ip_nic(cluster, vm["data"], "10.0.20.2")
    assert set(nic) == set(
        load_example(reference_dir, "fisheye-vms-update-nics-request.json")["nics"][0]
    )
    update = cluster.fisheye("PUT", f"/api/v2/vms/{vm_resource['uuid']}", json={"nics": [nic]})
    assert (
        missing_keys(
            load_example(reference_dir, "fisheye-vms-update-nics-response.json"), update.json()
        )
        == []
    )
