"""Fisheye VDS and VLANs: async VDS creation, sync VLANs, name collisions, NIC ownership."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.sim_smtx import flows
from tests.sim_smtx.shapes import load_example, missing_keys
from tests.sim_smtx.site import Site


def _business_vds(site: Site, **overrides: Any) -> dict[str, Any]:
    business = site.plan.networks.business[0]
    hosts = site.state["cluster"]["hosts"].values()
    body = {
        "name": business.vds_name,
        "bond_mode": business.bond_mode.value,  # type: ignore[union-attr]
        "hosts_associated": [
            {
                "host_uuid": host["host_uuid"],
                "nics_associated": list(business.nics),
                "data_ip": host["storage_ip"],
            }
            for host in hosts
        ],
    }
    body.update(overrides)
    return body


def _create_vds(site: Site, body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    response = site.fisheye("POST", "/api/v2/network/vds", json=body)
    assert response.status_code == 200, response.text
    job = flows.wait_job(site, response.json()["data"]["job_id"])
    assert job["state"] == "done", job
    return next(iter(job["resources"])), job


def test_vds_exists_after_job(cluster: Site) -> None:
    """A new VDS is not found while its job is pending and is found once it is done."""
    response = cluster.fisheye("POST", "/api/v2/network/vds", json=_business_vds(cluster))
    job_id = response.json()["data"]["job_id"]
    pending = cluster.fisheye("GET", f"/api/v2/jobs/{job_id}").json()["data"]["job"]
    assert pending["state"] == "pending", pending
    vds_uuid = next(iter(pending["resources"]))
    assert cluster.fisheye("GET", f"/api/v2/network/vds/{vds_uuid}").status_code == 404
    flows.wait_job(cluster, job_id)
    data = cluster.fisheye("GET", f"/api/v2/network/vds/{vds_uuid}").json()["data"]
    assert data["name"] == cluster.plan.networks.business[0].vds_name, data
    assert data["vlans_count"] == 0, data


def test_vds_name_collides(cluster: Site) -> None:
    """Creating a VDS with a taken name fails with 409, also while the first job is pending."""
    first = cluster.fisheye("POST", "/api/v2/network/vds", json=_business_vds(cluster))
    assert first.status_code == 200, first.text
    second = cluster.fisheye("POST", "/api/v2/network/vds", json=_business_vds(cluster))
    assert second.status_code == 409, second.text
    assert second.json()["ec"] == "EDuplicate"
    system = _business_vds(cluster, name=cluster.plan.networks.management.vds_name)
    assert cluster.fisheye("POST", "/api/v2/network/vds", json=system).status_code == 409


@pytest.mark.parametrize(
    ("nics", "expected"),
    [(["ens224"], "already used by VDS"), (["eth42"], "has no NIC"), ([], "at least 1")],
    ids=["used-by-management", "missing", "empty"],
)
def test_vds_nic_rules(cluster: Site, nics: list[str], expected: str) -> None:
    """VDS NICs must exist on the host and not belong to another VDS."""
    body = _business_vds(cluster, bond_mode="active-backup")
    for entry in body["hosts_associated"]:
        entry["nics_associated"] = nics
    response = cluster.fisheye("POST", "/api/v2/network/vds", json=body)
    assert response.status_code == 400, response.text
    assert expected in response.json()["error"]["msg"]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [({"bond_mode": "lacp"}, "bond_mode"), ({"name": ""}, "name"), ({"mtu": 9000}, "mtu")],
    ids=["bond-mode", "empty-name", "unknown-field"],
)
def test_vds_body_rejected(cluster: Site, overrides: dict[str, Any], expected: str) -> None:
    """An invalid VDS body is rejected naming the field."""
    response = cluster.fisheye(
        "POST", "/api/v2/network/vds", json=_business_vds(cluster, **overrides)
    )
    assert response.status_code == 400, response.text
    assert expected in response.json()["error"]["msg"]


def test_vds_wrong_data_ip(cluster: Site) -> None:
    """data_ip must be the host's storage address."""
    body = _business_vds(cluster)
    body["hosts_associated"][0]["data_ip"] = "10.0.21.99"
    response = cluster.fisheye("POST", "/api/v2/network/vds", json=body)
    assert response.status_code == 400, response.text


def test_vlans_created_and_counted(cluster: Site) -> None:
    """Each business VLAN is created at once and counted on its VDS."""
    vds_uuid, _ = _create_vds(cluster, _business_vds(cluster))
    for network in cluster.plan.networks.business:
        body = {"name": network.name, "vlan_id": network.vlan_id, "vds_uuid": vds_uuid}
        response = cluster.fisheye("POST", f"/api/v2/network/vds/{vds_uuid}/vlans", json=body)
        assert response.status_code == 200, response.text
        assert response.json()["data"]["vlan_id"] == network.vlan_id
    data = cluster.fisheye("GET", f"/api/v2/network/vds/{vds_uuid}").json()["data"]
    assert data["vlans_count"] == len(cluster.plan.networks.business), data
    listed = cluster.fisheye("GET", f"/api/v2/network/vds/{vds_uuid}/vlans").json()["data"]
    assert [vlan["name"] for vlan in listed] == [
        network.name for network in cluster.plan.networks.business
    ]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"name": "VLAN-1120", "vlan_id": 5000}, 400),
        ({"name": "VLAN-1120", "vlan_id": "1120"}, 400),
        ({"name": "VLAN-1120", "vlan_id": 1120, "vds_uuid": "other"}, 400),
    ],
    ids=["vlan-range", "vlan-string", "vds-mismatch"],
)
def test_vlan_rejected(cluster: Site, body: dict[str, Any], status: int) -> None:
    """An invalid VLAN body is rejected."""
    vds_uuid, _ = _create_vds(cluster, _business_vds(cluster))
    response = cluster.fisheye("POST", f"/api/v2/network/vds/{vds_uuid}/vlans", json=body)
    assert response.status_code == status, response.text


def test_vlan_name_collides(cluster: Site) -> None:
    """A second VLAN with the same name on one VDS fails with 409."""
    vds_uuid, _ = _create_vds(cluster, _business_vds(cluster))
    body = {"name": "VLAN-1120", "vlan_id": 1120, "vds_uuid": vds_uuid}
    cluster.fisheye("POST", f"/api/v2/network/vds/{vds_uuid}/vlans", json=body)
    response = cluster.fisheye("POST", f"/api/v2/network/vds/{vds_uuid}/vlans", json=body)
    assert response.status_code == 409, response.text


def test_vlan_on_unknown_vds(cluster: Site) -> None:
    """Creating a VLAN on an unknown VDS gets 404."""
    response = cluster.fisheye(
        "POST", "/api/v2/network/vds/nope/vlans", json={"name": "x", "vlan_id": 1}
    )
    assert response.status_code == 404, response.text


def test_management_vds_has_default_network(cluster: Site) -> None:
    """After deployment the management VDS carries the ``default`` VM network."""
    vdses = cluster.fisheye("GET", "/api/v2/network/vds").json()["data"]
    management = next(v for v in vdses if v["name"] == cluster.plan.networks.management.vds_name)
    vlans = cluster.fisheye("GET", f"/api/v2/network/vds/{management['uuid']}/vlans").json()["data"]
    assert "default" in [vlan["name"] for vlan in vlans], vlans


def test_vds_responses_match_examples(cluster: Site, reference_dir: Path) -> None:
    """VDS job, VDS get and VLAN create responses have the captured keys."""
    response = cluster.fisheye("POST", "/api/v2/network/vds", json=_business_vds(cluster))
    example = load_example(reference_dir, "fisheye-network-vds-create-response.json")
    assert missing_keys(example, response.json()) == []
    job_id = response.json()["data"]["job_id"]
    job = cluster.fisheye("GET", f"/api/v2/jobs/{job_id}").json()
    example_job = load_example(reference_dir, "fisheye-jobs-get-response-create-vds-pending.json")
    example_resource = next(iter(example_job["data"]["job"].pop("resources").values()))
    resource = next(iter(job["data"]["job"].pop("resources").values()))
    # Both maps are keyed by the new VDS uuid, which differs between runs.
    example_job["data"]["job"]["event"].pop("resources")
    assert job["data"]["job"]["event"].pop("resources") == {resource["uuid"]: "NETWORK_VDS"}
    assert missing_keys(example_job, job) == []
    example_resource.pop("hosts_associated")
    assert missing_keys(example_resource, resource) == []

    flows.wait_job(cluster, job_id)
    vds_uuid = next(iter(cluster.state["cluster"]["jobs"][job_id]["resources"]))
    response = cluster.fisheye("GET", f"/api/v2/network/vds/{vds_uuid}")
    assert (
        missing_keys(
            load_example(reference_dir, "fisheye-network-vds-get-response.json"), response.json()
        )
        == []
    )
    body = {"name": "VLAN-1120", "vlan_id": 1120, "vds_uuid": vds_uuid}
    response = cluster.fisheye("POST", f"/api/v2/network/vds/{vds_uuid}/vlans", json=body)
    example_vlan = load_example(reference_dir, "fisheye-network-vds-vlans-create-response.json")
    assert missing_keys(example_vlan, response.json()) == []
