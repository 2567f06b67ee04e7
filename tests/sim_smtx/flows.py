"""Client-side steps the SMTX OS tests share: build a deployment payload, deploy, log in."""

from __future__ import annotations

import base64
from ipaddress import IPv4Network
from typing import Any

from cxvoyager.plan.model import PlanModel
from tests.factories import PASSWORD
from tests.sim_smtx.site import Site

DEPLOY_SECONDS = 3600  # more than the ~40 simulated minutes a deployment takes


def encoded(password: str) -> str:
    return base64.b64encode(password.encode()).decode()


def scan_hosts(site: Site) -> dict[str, dict[str, Any]]:
    """Scan every planned node (D-01) and return the scans by management IP."""
    scans = {}
    for host in site.plan.hosts:
        response = site.deployment("GET", str(host.management_ip), "/host")
        assert response.status_code == 200, response.text
        scans[str(host.management_ip)] = response.json()["data"]
    return scans


def _disk_roles(scan: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {key: disk[key] for key in ("drive", "function", "model", "serial", "size", "type")}
        for disk in scan["disks"]
        if disk["function"] != "boot"
    ]


def _link_local(scan: dict[str, Any], nic: str) -> str:
    ipv6 = next(iface["ipv6"] for iface in scan["ifaces"] if iface["name"] == nic)
    return f"{ipv6}%{nic}"


def build_payload(plan: PlanModel, scans: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Build the D-03 body the way stage 02 does, from the plan and the host scans."""
    networks = plan.networks
    storage_nic = networks.storage.nics[0]
    hosts = [(host, scans[str(host.management_ip)]) for host in plan.hosts]
    masters = 5 if len(hosts) >= 5 else 3

    def vds(row: Any) -> dict[str, Any]:
        return {
            "name": row.vds_name,
            "bond_mode": row.bond_mode.value,
            "hosts_associated": [
                {"host_uuid": scan["host_uuid"], "nics_associated": list(row.nics)}
                for _, scan in hosts
            ],
        }

    def service(row: Any, kind: str, attribute: str) -> dict[str, Any]:
        subnet: IPv4Network = row.subnet
        config: dict[str, Any] = {
            "service": [
                {
                    "host_uuid": scan["host_uuid"],
                    "service_interface_name": f"port-{kind}",
                    "service_interface_ip": str(getattr(host, attribute)),
                    "netmask": str(subnet.netmask),
                }
                for host, scan in hosts
            ]
        }
        if kind == "mgt":
            config["route"] = [{"gateway": str(row.gateway)}]
        return {
            "name": f"{'mgt' if kind == 'mgt' else 'storage'}-network",
            "attached_vds": row.vds_name,
            "network_type": kind,
            "network_config": config,
            "mode": {"type": "vlan_access", "network_identities": [row.vlan_id or 0]},
        }

    return {
        "platform": "kvm",
        "cluster_name": plan.cluster.name,
        "dns_server": ["127.0.0.1"],
        "vdses": [vds(networks.management), vds(networks.storage)],
        "networks": [
            service(networks.management, "mgt", "management_ip"),
            service(networks.storage, "storage", "storage_ip"),
        ],
        "hosts": [
            {
                "host_ip": _link_local(scan, storage_nic),
                "host_uuid": scan["host_uuid"],
                "hostname": host.hostname,
                "disk_data_with_cache": not any(
                    d["function"] == "cache" for d in _disk_roles(scan)
                ),
                "host_passwords": [
                    {"user": "root", "password": encoded(PASSWORD)},
                    {"user": "smartx", "password": encoded(PASSWORD)},
                ],
                "tags": [],
                "ifaces": [
                    {"ip": str(host.management_ip), "function": "mgt"},
                    {"ip": str(host.storage_ip), "function": "storage"},
                ],
                "disks": _disk_roles(scan),
                "is_master": index < masters,
                "with_faster_ssd_as_cache": True,
            }
            for index, (host, scan) in enumerate(hosts)
        ],
        "ntp": {"mode": "internal", "ntp_server": None, "current_time": "2026-01-04T07:49:20.978Z"},
        "vhost_enabled": plan.cluster.features.boost,
        "rdma_enabled": False,
    }


def first_node(site: Site) -> str:
    return str(site.plan.hosts[0].management_ip)


def deploy(site: Site) -> dict[str, Any]:
    """Scan, deploy and wait until the deployment is done; return the payload used."""
    payload = build_payload(site.plan, scan_hosts(site))
    response = site.deployment("POST", first_node(site), "/cluster", json=payload)
    assert response.status_code == 200, response.text
    site.advance(DEPLOY_SECONDS)
    return payload


def log_in(site: Site) -> str:
    """Set up root and open a Fisheye session; keep its token on ``site``."""
    response = site.fisheye(
        "POST",
        "/api/v3/users:setupRoot",
        token=None,
        json={"password": PASSWORD, "repeat": PASSWORD, "encrypted": False},
    )
    assert response.status_code == 200, response.text
    response = site.fisheye(
        "POST",
        "/api/v3/sessions",
        token=None,
        json={"username": "root", "password": PASSWORD, "encrypted": False},
    )
    assert response.status_code == 200, response.text
    site.fisheye_token = response.json()["token"]
    return site.fisheye_token


def wait_job(site: Site, job_id: str, seconds: float = 120) -> dict[str, Any]:
    """Let the job's time pass and return it."""
    site.advance(seconds)
    response = site.fisheye("GET", f"/api/v2/jobs/{job_id}")
    assert response.status_code == 200, response.text
    job: dict[str, Any] = response.json()["data"]["job"]
    return job


CHUNK = 8 * 1024 * 1024


def image_bytes(size: int) -> bytes:
    """Return ``size`` bytes of varied content, so a misplaced chunk changes the MD5."""
    pattern = bytes(range(251))
    return (pattern * (size // len(pattern) + 1))[:size]


def create_volume(site: Site, name: str, size: int) -> dict[str, Any]:
    params = {"description": "", "name": name, "device": "nfs", "task_id": 1, "size": size}
    response = site.fisheye("POST", "/api/v2/images/upload/volume", params=params)
    assert response.status_code == 200, response.text
    volume: dict[str, Any] = response.json()["data"]
    return volume


def send_chunk(site: Site, volume: dict[str, Any], data: bytes, number: int) -> Any:
    params = {
        "zbs_volume_id": volume["zbs_volume_id"],
        "chunk_num": number,
        "image_uuid": volume["image_uuid"],
    }
    chunk = data[number * volume["chunk_size"] : (number + 1) * volume["chunk_size"]]
    return site.fisheye(
        "POST", "/api/v2/images/upload", params=params, files={"file": ("blob", chunk)}
    )


def upload_image(site: Site, name: str, data: bytes) -> dict[str, Any]:
    """Upload ``data`` as an ISO image in 8 MiB chunks; return the create-volume response."""
    volume = create_volume(site, name, len(data))
    for number in volume["to_upload"]:
        response = send_chunk(site, volume, data, number)
        assert response.status_code == 200, response.text
    return volume


def management_network(site: Site) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the management VDS and its ``default`` VM network as Fisheye lists them."""
    vdses = site.fisheye("GET", "/api/v2/network/vds").json()["data"]
    vds = next(item for item in vdses if item["name"] == site.plan.networks.management.vds_name)
    vlans = site.fisheye("GET", f"/api/v2/network/vds/{vds['uuid']}/vlans").json()["data"]
    return vds, next(vlan for vlan in vlans if vlan["name"] == "default")


def cloudtower_vm_body(site: Site, image_path: str) -> dict[str, Any]:
    """Build the CloudTower VM body the way stage 04 does."""
    vds, vlan = management_network(site)
    policy = site.fisheye("GET", "/api/v2/storage_policies").json()["data"][0]["uuid"]
    return {
        "vm_name": "cloudtower",
        "description": "CloudTower VM auto created by CXVoyager",
        "vcpu": 8,
        "memory": 19 * 1024**3,
        "cpu": {"topology": {"sockets": 8, "cores": 1}},
        "nics": [
            {
                "ovs": vds["ovsbr_name"],
                "model": "virtio",
                "mirror": False,
                "vlan_uuid": vlan["uuid"],
                "link": "up",
            }
        ],
        "disks": [
            {
                "type": "disk",
                "bus": "virtio",
                "storage_policy_uuid": policy,
                "name": "cloudtower-os",
                "quota_policy": None,
                "size_in_byte": 400 * 1024**3,
            },
            {"type": "cdrom", "bus": "ide", "path": image_path, "disabled": False},
        ],
        "ha": True,
        "nested_virtualization": False,
        "hasNormalVol": False,
        "hasSharedVol": False,
        "hasVolume": False,
        "cpu_model": "cluster_default",
        "firmware": "BIOS",
        "diskNamePrefix": "cloudtower",
        "folder_uuid": None,
        "node_ip": None,
        "auto_schedule": True,
        "existDisks": [],
        "quota_policy": None,
        "status": "running",
    }


def create_cloudtower_vm(site: Site) -> str:
    """Upload a small CloudTower ISO, create the VM, wait for the job; return the VM uuid."""
    volume = upload_image(site, "cloudtower-v4.6.2.oe2003.x86_64.iso", image_bytes(65536))
    response = site.fisheye(
        "POST", "/api/v2/vms", json=cloudtower_vm_body(site, volume["image_path"])
    )
    assert response.status_code == 200, response.text
    job = wait_job(site, response.json()["data"]["job_id"])
    assert job["state"] == "done", job
    return next(iter(job["resources"]))


def static_ip_nic(site: Site, vm: dict[str, Any], address: str) -> dict[str, Any]:
    """Build the NIC update that sets ``address`` on the VM's first NIC."""
    nic = vm["nics"][0]
    management = site.plan.networks.management
    return {
        "vlan_uuid": nic["vlan_uuid"],
        "ovs": nic["ovs"],
        "model": "virtio",
        "mac_address": nic["mac_address"],
        "mirror": False,
        "gateway": str(management.gateway),
        "subnet_mask": str(management.subnet.netmask),  # type: ignore[union-attr]
        "ip_address": address,
        "link": "up",
    }
