"""Health views for stage 07: hosts with disks, storage and services summary, time sync."""

from __future__ import annotations

from typing import Any

from tests.sim_smtx.site import Site


def _data(site: Site, path: str) -> Any:
    response = site.fisheye("GET", path)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_hosts_healthy_after_deploy(cluster: Site) -> None:
    """Every deployed host runs and every disk is healthy."""
    hosts = _data(cluster, "/api/v2/hosts")["hosts"]
    assert len(hosts) == len(cluster.plan.hosts), hosts
    for host in hosts:
        assert host["status"] == "running", host
        assert all(disk["status"] == "healthy" for disk in host["disks"]), host["disks"]


def test_unhealthy_disk_reported(cluster: Site) -> None:
    """A disk another service marks unhealthy shows as unhealthy."""
    node = cluster.state["nodes"][str(cluster.plan.hosts[1].management_ip)]
    node["disks"][3]["healthy"] = False
    hosts = _data(cluster, "/api/v2/hosts")["hosts"]
    host = next(h for h in hosts if h["management_ip"] == str(cluster.plan.hosts[1].management_ip))
    statuses = [disk["status"] for disk in host["disks"]]
    assert statuses.count("unhealthy") == 1, statuses


def test_summary_capacity_and_services(cluster: Site) -> None:
    """The summary reports raw data capacity, healthy replicas and running services."""
    summary = _data(cluster, "/api/v2/cluster/summary")
    expected = sum(
        disk["size"]
        for node in cluster.state["nodes"].values()
        for disk in node["disks"]
        if disk["function"] == "data"
    )
    assert summary["storage"]["total_data_capacity"] == expected
    assert summary["storage"]["replicas_healthy"] is True
    assert {service["status"] for service in summary["services"]} == {"running"}


def test_powered_off_host_degrades(cluster: Site) -> None:
    """A powered-off host shows as powered off, degrades services and loses time sync."""
    address = str(cluster.plan.hosts[3].management_ip)
    cluster.state["nodes"][address]["power"] = "off"
    hosts = {h["management_ip"]: h for h in _data(cluster, "/api/v2/hosts")["hosts"]}
    assert hosts[address]["status"] == "powered_off"
    summary = _data(cluster, "/api/v2/cluster/summary")
    assert {service["status"] for service in summary["services"]} == {"degraded"}
    sync = {h["management_ip"]: h for h in _data(cluster, "/api/v2/cluster/time_sync")["hosts"]}
    assert sync[address]["synced"] is False
    assert sync[address]["offset_ms"] is None


def test_time_sync_offsets_small(cluster: Site) -> None:
    """Running hosts report a small, stable clock offset and count as synchronized."""
    first = _data(cluster, "/api/v2/cluster/time_sync")
    second = _data(cluster, "/api/v2/cluster/time_sync")
    assert first == second
    for host in first["hosts"]:
        assert host["synced"] is True, host
        assert abs(host["offset_ms"]) < 100, host
