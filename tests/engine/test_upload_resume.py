"""The CloudTower ISO upload continues a volume an interrupted run left in the simulator."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.factories import make_plan
from tests.sim_smtx import flows
from tests.sim_smtx.site import Site, start_site

from cxvoyager.clients.fisheye import FisheyeClient
from cxvoyager.clients.transport import SimTransport
from cxvoyager.delivery import images
from cxvoyager.sim import Simulator

ISO = "cloudtower-v4.7.1.oe2003.x86_64.iso"
CHUNKS = 4


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """A simulated site with a deployed cluster and its root account set up."""
    simulator: Simulator = start_site(make_plan(), tmp_path / "state")
    deployed = Site(simulator)
    flows.deploy(deployed)
    flows.log_in(deployed)
    yield deployed
    simulator.stop()


@pytest.fixture
def fisheye(site: Site) -> FisheyeClient:
    """A Fisheye client logged in as root, its connections routed to the simulator."""
    endpoints = site.endpoints
    transport = SimTransport(
        http_port=endpoints.http_port,
        https_port=endpoints.https_port,
        ca_pem=endpoints.ca_pem,
        clock=site.clock,
    )
    session = transport.session(service="fisheye", base_url=f"https://{flows.first_node(site)}")
    client = FisheyeClient(session, clock=site.clock)
    client.use_credentials(username="root", password=flows.PASSWORD)
    return client


@pytest.fixture
def iso(tmp_path: Path) -> Path:
    """A local ISO of ``CHUNKS`` chunks, the last one short."""
    path = tmp_path / ISO
    path.write_bytes(flows.image_bytes((CHUNKS - 1) * flows.CHUNK + 4096))
    return path


def interrupt_upload(site: Site, path: Path, sent: list[int]) -> str:
    """Create a volume for ``path`` and send only the chunks ``sent``, as a killed run leaves it."""
    data = path.read_bytes()
    volume = flows.create_volume(site, path.name, len(data))
    for number in sent:
        response = flows.send_chunk(site, volume, data, number)
        assert response.status_code == 200, response.text
    image_uuid: str = volume["image_uuid"]
    return image_uuid


def test_unfinished_image_is_not_found(site: Site, fisheye: FisheyeClient, iso: Path) -> None:
    """find_image ignores a half-uploaded volume, so a rerun does not take it as the ISO."""
    interrupt_upload(site, iso, [0, 1])

    found = fisheye.find_image(iso.name, size=iso.stat().st_size)
    unfinished = fisheye.find_unfinished_upload(iso.name, size=iso.stat().st_size)

    assert found is None, found
    assert unfinished is not None
    assert unfinished.zbs_volume_id, unfinished


@pytest.mark.parametrize(
    "sent",
    [[], [0], [0, 1], [0, 1, 2], [0, 2]],
    ids=["none", "first", "first-two", "all-but-last", "with-gap"],
)
def test_upload_fills_interrupted_volume(
    site: Site, fisheye: FisheyeClient, iso: Path, sent: list[int]
) -> None:
    """The upload continues the unfinished volume: one image, complete, only missing chunks sent."""
    image_uuid = interrupt_upload(site, iso, sent)

    result = images.upload_image(fisheye, iso, clock=site.clock)

    stored = [image for image in fisheye.list_images() if image.name == iso.name]
    assert [image.uuid for image in stored] == [image_uuid]
    assert stored[0].is_complete, stored[0]
    assert stored[0].md5 == hashlib.md5(iso.read_bytes()).hexdigest()  # noqa: S324  (API's MD5)
    assert result.resumed is True, result
    # The last chunk goes first to learn the server's list. It is missing in every case here.
    assert result.chunks_sent == CHUNKS - len(sent), result
    assert result.retries == 0, result


def test_finished_image_is_not_resumed(site: Site, fisheye: FisheyeClient, iso: Path) -> None:
    """With only a complete image of the same name, a new upload creates a fresh volume."""
    flows.upload_image(site, iso.name, iso.read_bytes())

    result = images.upload_image(fisheye, iso, clock=site.clock)

    assert result.resumed is False, result
    assert result.chunks_sent == CHUNKS, result
