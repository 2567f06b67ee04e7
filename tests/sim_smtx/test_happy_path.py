"""The whole SMTX OS side of a delivery by raw HTTP, as stages 02-04 drive it."""

from __future__ import annotations

import hashlib
from typing import Any

from cxvoyager.sim.smtx.vms import GUEST_BOOT_SECONDS
from tests.factories import PASSWORD
from tests.sim_smtx import flows
from tests.sim_smtx.site import Site


def _data(response: Any) -> Any:
    assert response.status_code == 200, (
        response.request.method,
        response.request.url,
        response.text,
    )
    body = response.json()
    assert body["ec"] == "EOK", body
    return body["data"]


def _poll_deployment(site: Site, address: str) -> dict[str, Any]:
    """Poll deploy_status every 10 simulated seconds, riding over the network blip."""
    for _ in range(400):
        response = site.deployment(
            "GET", address, "/host/deploy_status", params={"host_ip": address}
        )
        if response.status_code == 200 and response.json()["data"]["state"] != "running":
            data: dict[str, Any] = response.json()["data"]
            return data
        site.advance(10)
    raise AssertionError("deployment still running after 4000 simulated seconds")


def _deploy(site: Site) -> None:
    address = flows.first_node(site)
    scan = _data(site.deployment("GET", address, "/cluster"))
    assert len(scan["hosts"]) == len(site.plan.hosts), scan
    scans = {
        str(host.management_ip): _data(site.deployment("GET", str(host.management_ip), "/host"))
        for host in site.plan.hosts
    }
    _data(site.deployment("POST", address, "/cluster", json=flows.build_payload(site.plan, scans)))
    assert _poll_deployment(site, address)["state"] == "done"
    assert (
        _data(site.deployment("GET", address, "/deploy_verify", https=True))["is_deployed"] is True
    )


def _configure(site: Site) -> str:
    vip = str(site.plan.cluster.vip)
    flows.log_in(site)
    _data(
        site.fisheye("PUT", "/api/v2/settings/vip", json={"iscsi_vip": None, "management_vip": vip})
    )
    dns = [str(ip) for ip in site.plan.dns_servers]
    job = _data(
        site.fisheye("PUT", "/api/v2/settings/dns", address=vip, json={"dns_servers": dns})
    )["job_id"]
    assert flows.wait_job(site, job)["state"] == "done"
    body = {"ntp_mode": "external", "ntp_servers": list(site.plan.ntp_servers)}
    job = _data(site.fisheye("PUT", "/api/v2/settings/ntp", address=vip, json=body))["job_id"]
    assert flows.wait_job(site, job)["state"] == "done"
    return vip


def _business_network(site: Site) -> None:
    business = site.plan.networks.business
    hosts = _data(site.fisheye("GET", "/api/v2/hosts"))["hosts"]
    body = {
        "name": business[0].vds_name,
        "bond_mode": business[0].bond_mode.value,  # type: ignore[union-attr]
        "hosts_associated": [
            {
                "host_uuid": host["host_uuid"],
                "nics_associated": list(business[0].nics),
                "data_ip": host["data_ip"],
            }
            for host in hosts
        ],
    }
    job = flows.wait_job(
        site, _data(site.fisheye("POST", "/api/v2/network/vds", json=body))["job_id"]
    )
    assert job["state"] == "done", job
    vds_uuid = next(iter(job["resources"]))
    for network in business:
        vlan = {"name": network.name, "vlan_id": network.vlan_id, "vds_uuid": vds_uuid}
        _data(site.fisheye("POST", f"/api/v2/network/vds/{vds_uuid}/vlans", json=vlan))
    assert _data(site.fisheye("GET", f"/api/v2/network/vds/{vds_uuid}"))["vlans_count"] == len(
        business
    )


def _cloudtower_vm(site: Site) -> None:
    data = flows.image_bytes(2 * flows.CHUNK + 999)
    volume = flows.upload_image(site, "cloudtower-v4.6.2.oe2003.x86_64.iso", data)
    image = _data(site.fisheye("GET", "/api/v2/images"))["images"][0]
    assert image["md5"] == hashlib.md5(data).hexdigest()  # noqa: S324 - the API reports MD5
    body = flows.cloudtower_vm_body(site, volume["image_path"])
    job = flows.wait_job(site, _data(site.fisheye("POST", "/api/v2/vms", json=body))["job_id"])
    assert job["state"] == "done", job
    vm_uuid = next(iter(job["resources"]))
    site.advance(GUEST_BOOT_SECONDS)
    vm = _data(site.fisheye("GET", f"/api/v2/vms/{vm_uuid}"))
    assert vm["guest_info"]["ga_state"] == "Running", vm["guest_info"]
    address = str(site.plan.cloudtower.ip)  # type: ignore[union-attr]
    nics = {"nics": [flows.static_ip_nic(site, vm, address)]}
    job = flows.wait_job(
        site, _data(site.fisheye("PUT", f"/api/v2/vms/{vm_uuid}", json=nics))["job_id"]
    )
    assert job["state"] == "done", job
    assert site.simulator.probe(address, 22)


def test_delivery_by_raw_http(site: Site) -> None:
    """Scan, deploy, configure, build networks, upload the ISO and bring up the CloudTower VM."""
    _deploy(site)
    vip = _configure(site)
    assert site.simulator.probe(vip, 443)
    assert _data(site.fisheye("GET", "/api/v2/settings/ntp", address=vip))["ntp_mode"] == "external"
    _business_network(site)
    _cloudtower_vm(site)
    nodes = site.state["nodes"].values()
    assert {node["passwords"]["smartx"] for node in nodes} == {PASSWORD}
