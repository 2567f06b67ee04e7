"""SimTransport routes to loopback unchanged; LiveTransport verifies or pins TLS."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import trustme

from cxvoyager.clients.transport import (
    LiveTransport,
    MemoryPins,
    SimTransport,
    certificate_fingerprint,
)
from cxvoyager.clock import VirtualClock
from cxvoyager.errors import CertificateChangedError, TransportError

from .conftest import LoopbackServer, ScriptedApp, server_tls_context, start_server


def test_https_request_keeps_planned_host(transport: SimTransport, scripted: ScriptedApp) -> None:
    """A call to https://10.0.20.11 reaches the loopback TLS server with Host 10.0.20.11."""
    scripted.respond("GET", "/x", (200, {"ok": True}, {}))
    session = transport.session(service="fisheye", base_url="https://10.0.20.11")

    response = session.request("GET", "/x")

    assert response.json() == {"ok": True}
    assert scripted.received[-1].host == "10.0.20.11", scripted.received[-1]
    assert response.url == "https://10.0.20.11/x"


def test_plain_http_goes_to_http_port(transport: SimTransport, scripted: ScriptedApp) -> None:
    """A call to http://10.0.20.12 reaches the plain loopback server with the planned Host."""
    scripted.respond("GET", "/api/v2/deployment/host", (200, {"ec": "EOK", "data": []}, {}))
    session = transport.session(service="deployment", base_url="http://10.0.20.12")

    session.request("GET", "/api/v2/deployment/host")

    assert scripted.received[-1].host == "10.0.20.12"


def test_loopback_guard_is_active() -> None:
    """The session's guard blocks the planned address, so the calls above went to loopback."""
    with pytest.raises(requests.ConnectionError) as caught:
        requests.get("http://10.0.20.11/x", timeout=1)
    assert "blocked a connection to 10.0.20.11" in str(caught.value)


def test_certificate_without_the_planned_address_fails(
    scripted: ScriptedApp, ca: trustme.CA, ca_pem: Path, clock: VirtualClock
) -> None:
    """TLS really checks the planned address: a certificate for another address is rejected."""
    server = start_server(scripted.app, server_tls_context(ca, "10.0.99.99"))
    try:
        transport = SimTransport(http_port=1, https_port=server.port, ca_pem=ca_pem, clock=clock)
        session = transport.session(service="fisheye", base_url="https://10.0.20.11")
        with pytest.raises(TransportError) as caught:
            session.request("GET", "/x")
    finally:
        server.stop()
    assert "TLS" in caught.value.details["reason"], caught.value.details
    assert caught.value.details["request_sent"] is False
    assert scripted.received == []


@pytest.mark.parametrize("marker", ["unreachable", "reset"])
def test_sim_failure_marker_becomes_connection_error(
    transport: SimTransport, scripted: ScriptedApp, marker: str
) -> None:
    """The simulator's 502 with X-CXVoyager-Sim becomes the ConnectionError a real host gives."""
    scripted.respond("GET", "/x", (502, None, {"X-CXVoyager-Sim": marker}))
    session = transport.session(service="fisheye", base_url="https://10.0.20.11")
    adapter = session._session.get_adapter("https://10.0.20.11/x")
    prepared = requests.Request("GET", "https://10.0.20.11/x").prepare()

    with pytest.raises(requests.ConnectionError):
        adapter.send(prepared, timeout=5, verify=str(transport.ca_pem))


def test_unreachable_host_counts_as_never_sent(
    transport: SimTransport, scripted: ScriptedApp
) -> None:
    """An unreachable host raises TransportError naming the planned URL, not loopback."""
    unreachable = (502, None, {"X-CXVoyager-Sim": "unreachable"})
    scripted.respond("POST", "/x", *[unreachable] * 10)
    session = transport.session(service="fisheye", base_url="https://10.0.20.11")

    with pytest.raises(TransportError) as caught:
        session.request("POST", "/x", json={})

    error = caught.value
    assert error.details["request_sent"] is False
    assert "https://10.0.20.11/x" in str(error), str(error)
    assert "127.0.0.1" not in str(error), str(error)
    assert "No route to host" in error.details["reason"]
    # Never sent, so even a POST is retried up to the policy's limit.
    assert scripted.hits("POST", "/x") == transport.retry_policy.max_attempts


@pytest.fixture
def local_tls(scripted: ScriptedApp, ca: trustme.CA) -> Iterator[LoopbackServer]:
    scripted.respond("GET", "/v2/api/get-version", *[(200, "4.7.1", {})] * 5)
    server = start_server(scripted.app, server_tls_context(ca, "127.0.0.1"))
    yield server
    server.stop()


def test_live_pins_certificate_on_first_use(
    local_tls: LoopbackServer, ca: trustme.CA, clock: VirtualClock
) -> None:
    """Without a CA bundle the first certificate is pinned, and the same one passes again."""
    pins = MemoryPins()
    transport = LiveTransport(clock=clock, ca_bundle=None, pinned=pins)
    base_url = f"https://127.0.0.1:{local_tls.port}"

    first = transport.session(service="cloudtower", base_url=base_url)
    first.request("GET", "/v2/api/get-version")
    second = transport.session(service="cloudtower", base_url=base_url)
    second.request("GET", "/v2/api/get-version")

    endpoint = f"127.0.0.1:{local_tls.port}"
    assert pins.get(endpoint) is not None
    assert len(str(pins.get(endpoint)).split(":")) == 32


def test_live_changed_certificate_raises(local_tls: LoopbackServer, clock: VirtualClock) -> None:
    """A certificate other than the pinned one raises CertificateChangedError naming both."""
    pins = MemoryPins()
    endpoint = f"127.0.0.1:{local_tls.port}"
    old = certificate_fingerprint(b"the certificate seen on first use")
    pins.set(endpoint, old)
    transport = LiveTransport(clock=clock, ca_bundle=None, pinned=pins)
    session = transport.session(service="cloudtower", base_url=f"https://{endpoint}")

    with pytest.raises(CertificateChangedError) as caught:
        session.request("GET", "/v2/api/get-version")

    details = caught.value.details
    assert details["endpoint"] == endpoint
    assert details["old_fingerprint"] == old
    assert details["new_fingerprint"] != old
    assert old in str(caught.value)
    assert pins.get(endpoint) == old


def test_live_verifies_against_ca_bundle(
    local_tls: LoopbackServer, ca_pem: Path, clock: VirtualClock
) -> None:
    """With a CA bundle the certificate is verified against it and nothing is pinned."""
    pins = MemoryPins()
    transport = LiveTransport(clock=clock, ca_bundle=ca_pem, pinned=pins)
    session = transport.session(
        service="cloudtower", base_url=f"https://127.0.0.1:{local_tls.port}"
    )

    response = session.request("GET", "/v2/api/get-version")

    assert response.json() == "4.7.1"
    assert pins.get(f"127.0.0.1:{local_tls.port}") is None


def test_live_rejects_certificate_of_other_ca(
    local_tls: LoopbackServer, clock: VirtualClock, tmp_path: Path
) -> None:
    """A CA bundle that did not issue the server's certificate fails the TLS handshake."""
    other_ca = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other_ca))
    transport = LiveTransport(clock=clock, ca_bundle=other_ca, pinned=MemoryPins())
    session = transport.session(
        service="cloudtower", base_url=f"https://127.0.0.1:{local_tls.port}"
    )

    with pytest.raises(TransportError) as caught:
        session.request("GET", "/v2/api/get-version")

    assert "TLS" in caught.value.details["reason"]
