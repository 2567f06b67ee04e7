"""State survives a simulator restart: a running deployment continues, a cluster stays."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cxvoyager.plan.model import PlanModel
from tests.factories import make_plan
from tests.sim_smtx import flows
from tests.sim_smtx.site import Site, start_site


def _restarted(plan: PlanModel, state_dir: Path, old: Site) -> Site:
    old.simulator.stop()
    return Site(start_site(plan, state_dir))


def _status(site: Site) -> dict[str, object]:
    address = flows.first_node(site)
    response = site.deployment("GET", address, "/host/deploy_status", params={"host_ip": address})
    assert response.status_code == 200, response.text
    data: dict[str, object] = response.json()["data"]
    return data


def test_running_deployment_continues(tmp_path: Path) -> None:
    """A deployment running when the simulator stops continues in the next one and finishes."""
    plan = make_plan()
    first = Site(start_site(plan, tmp_path))
    payload = flows.build_payload(plan, flows.scan_hosts(first))
    first.deployment("POST", flows.first_node(first), "/cluster", json=payload)
    first.advance(15 * 60)
    before = _status(first)
    second = _restarted(plan, tmp_path, first)
    try:
        after = _status(second)
        assert after["state"] == "running", after
        assert after["current_stage"] == before["current_stage"], (before, after)
        second.advance(flows.DEPLOY_SECONDS)
        assert _status(second)["state"] == "done"
        assert second.state["cluster"]["name"] == plan.cluster.name
    finally:
        second.simulator.stop()


def test_cluster_and_session_survive(tmp_path: Path) -> None:
    """After a restart the cluster, its hardware and the Fisheye session are still there."""
    plan = make_plan()
    first = Site(start_site(plan, tmp_path))
    flows.deploy(first)
    token = flows.log_in(first)
    nodes = first.state["nodes"]
    second = _restarted(plan, tmp_path, first)
    try:
        second.fisheye_token = token
        response = second.fisheye("GET", "/api/v2/tools/license")
        assert response.status_code == 200, response.text
        assert second.state["nodes"] == nodes
        verify = second.deployment("GET", flows.first_node(second), "/deploy_verify", https=True)
        assert verify.json()["data"]["is_deployed"] is True
    finally:
        second.simulator.stop()


def test_upload_resumes_after_restart(tmp_path: Path) -> None:
    """A half-finished upload keeps its received chunks and finishes after a restart."""
    plan = make_plan()
    first = Site(start_site(plan, tmp_path))
    flows.deploy(first)
    flows.log_in(first)
    data = flows.image_bytes(2 * flows.CHUNK)
    volume = flows.create_volume(first, "cloudtower.iso", len(data))
    flows.send_chunk(first, volume, data, 0)
    token = first.fisheye_token
    second = _restarted(plan, tmp_path, first)
    try:
        second.fisheye_token = token
        response = flows.send_chunk(second, volume, data, 1)
        assert response.json()["data"]["to_upload"] == []
        image = second.fisheye("GET", "/api/v2/images").json()["data"]["images"][0]
        assert image["md5"] == hashlib.md5(data).hexdigest()  # noqa: S324 - the API reports MD5
    finally:
        second.simulator.stop()
