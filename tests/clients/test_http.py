"""ApiSession: retries, re-login, error mapping and per-attempt logging."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import flask
import pytest
import requests

from cxvoyager.clients.http import ApiSession
from cxvoyager.clients.retry import RetryPolicy
from cxvoyager.clients.transport import SimTransport
from cxvoyager.clock import VirtualClock
from cxvoyager.errors import AuthError, StatusError, TransportError

from .conftest import ResettingServer, ScriptedApp

UNAVAILABLE = (503, {"message": "busy"}, {})
OK = (200, {"ok": True}, {})


@pytest.fixture
def session(transport: SimTransport) -> ApiSession:
    return transport.session(service="cloudtower", base_url="https://10.0.20.10")


def plain_session(port: int, *, clock: VirtualClock, policy: RetryPolicy) -> ApiSession:
    http = requests.Session()
    http.trust_env = False
    return ApiSession(
        service="probe",
        base_url=f"http://127.0.0.1:{port}",
        session=http,
        clock=clock,
        retry_policy=policy,
    )


def test_503_burst_then_200_survives(
    session: ApiSession, scripted: ScriptedApp, caplog: pytest.LogCaptureFixture
) -> None:
    """Two 503 responses are retried and the third attempt's 200 is returned."""
    scripted.respond("GET", "/v2/api/get-version", UNAVAILABLE, UNAVAILABLE, OK)
    caplog.set_level(logging.INFO, logger="cxvoyager")

    response = session.request("GET", "/v2/api/get-version")

    assert response.status_code == 200
    assert scripted.hits("GET", "/v2/api/get-version") == 3
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2, warnings
    assert "attempt 1 failed (HTTP 503)" in warnings[0]
    assert "attempt 2 failed (HTTP 503)" in warnings[1]


@pytest.mark.parametrize("status", [400, 404, 409, 422], ids=lambda s: f"HTTP{s}")
def test_4xx_is_never_retried(session: ApiSession, scripted: ScriptedApp, status: int) -> None:
    """A client error is raised as StatusError after one request, without a retry."""
    scripted.respond("GET", "/v2/api/get-vms", (status, {"message": "no"}, {}), OK)

    with pytest.raises(StatusError) as caught:
        session.request("GET", "/v2/api/get-vms")

    assert caught.value.status == status
    assert scripted.hits("GET", "/v2/api/get-vms") == 1


def test_post_is_not_resent_by_default(session: ApiSession, scripted: ScriptedApp) -> None:
    """A POST that got 503 is not sent again: it may have created something."""
    scripted.respond("POST", "/v2/api/create-vm", UNAVAILABLE, OK)

    with pytest.raises(StatusError) as caught:
        session.request("POST", "/v2/api/create-vm", json=[{"name": "vm-1"}])

    assert caught.value.status == 503
    assert scripted.hits("POST", "/v2/api/create-vm") == 1


@pytest.mark.parametrize(
    ("safe", "expected_hits", "expected_status"),
    [(True, 2, 200), (False, 1, 503)],
    ids=["nothing-created", "something-created"],
)
def test_post_resent_only_when_safe(
    session: ApiSession,
    scripted: ScriptedApp,
    safe: bool,
    expected_hits: int,
    expected_status: int,
) -> None:
    """A POST is resent exactly when the caller's check returns that nothing was created."""
    scripted.respond("POST", "/v2/api/create-vm", UNAVAILABLE, OK)
    checks: list[int] = []

    def safe_to_resend() -> bool:
        checks.append(scripted.hits("POST", "/v2/api/create-vm"))
        return safe

    response = session.request(
        "POST", "/v2/api/create-vm", json=[], ok=(200, 503), safe_to_resend=safe_to_resend
    )

    assert response.status_code == expected_status
    assert scripted.hits("POST", "/v2/api/create-vm") == expected_hits
    assert checks == [1], "the check runs once, right before the resend"


def test_idempotent_post_is_resent(session: ApiSession, scripted: ScriptedApp) -> None:
    """idempotent=True lets a POST be retried like a GET."""
    scripted.respond("POST", "/v2/api/get-tasks", UNAVAILABLE, OK)

    session.request("POST", "/v2/api/get-tasks", json={}, idempotent=True)

    assert scripted.hits("POST", "/v2/api/get-tasks") == 2


def test_connection_reset_is_retried(clock: VirtualClock, retry_policy: RetryPolicy) -> None:
    """A real TCP reset on a GET is retried and the next response is returned."""
    server = ResettingServer(resets=2)
    try:
        session = plain_session(server.port, clock=clock, policy=retry_policy)
        response = session.request("GET", "/api/v2/cluster/summary")
    finally:
        server.stop()
    assert response.json() == {"ok": True}
    assert server.connections == 3


def test_connection_reset_on_post_is_not_resent(
    clock: VirtualClock, retry_policy: RetryPolicy
) -> None:
    """A reset after a POST was sent raises TransportError without a resend."""
    server = ResettingServer(resets=5)
    try:
        session = plain_session(server.port, clock=clock, policy=retry_policy)
        with pytest.raises(TransportError) as caught:
            session.request("POST", "/api/v2/jobs", json={})
    finally:
        server.stop()
    assert server.connections == 1
    assert caught.value.details["request_sent"] is True
    # The client sees the RST either as a reset or as a connection closed early.
    reason = caught.value.details["reason"].lower()
    assert any(word in reason for word in ("reset", "closed")), reason


def test_refused_connection_is_retried_even_for_post(
    clock: VirtualClock, retry_policy: RetryPolicy
) -> None:
    """A refused connection never sent the request, so a POST is retried until the limit."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    session = plain_session(port, clock=clock, policy=retry_policy)
    started = clock.now()

    with pytest.raises(TransportError) as caught:
        session.request("POST", "/api/v2/jobs", json={})

    assert caught.value.details["request_sent"] is False
    assert "refused" in caught.value.details["reason"].lower()
    assert clock.now() - started >= retry_policy.initial_wait * 3, "three waits passed on the clock"


def test_retries_are_instant_with_max_speed_clock(
    transport: SimTransport, scripted: ScriptedApp, clock: VirtualClock
) -> None:
    """Long backoff waits pass on the virtual clock, not in real time."""
    transport.retry_policy = RetryPolicy(
        max_attempts=4, initial_wait=60.0, max_wait=600.0, jitter=0.0, deadline=3600.0
    )
    session = transport.session(service="cloudtower", base_url="https://10.0.20.10")
    scripted.respond("GET", "/x", UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, OK)
    virtual_start = clock.now()
    real_start = time.monotonic()

    session.request("GET", "/x")

    assert time.monotonic() - real_start < 2.0
    assert clock.now() - virtual_start >= 60 + 120 + 240


def test_total_deadline_is_respected(
    transport: SimTransport, scripted: ScriptedApp, clock: VirtualClock
) -> None:
    """No attempt starts after the deadline, however many attempts are left."""
    transport.retry_policy = RetryPolicy(
        max_attempts=100, initial_wait=10.0, max_wait=10.0, jitter=0.0, deadline=35.0
    )
    session = transport.session(service="cloudtower", base_url="https://10.0.20.10")
    scripted.respond("GET", "/x", *[UNAVAILABLE] * 100)
    started = clock.now()

    with pytest.raises(StatusError):
        session.request("GET", "/x")

    assert clock.now() - started <= 35.5
    # Attempts at 0, 10, 20, 30 and the last one at the deadline (35).
    assert scripted.hits("GET", "/x") == 5


def test_retry_after_header_lengthens_wait(
    transport: SimTransport, scripted: ScriptedApp, clock: VirtualClock
) -> None:
    """A Retry-After of 7 s makes the wait at least 7 clock seconds."""
    transport.retry_policy = RetryPolicy(initial_wait=1.0, max_wait=30.0, jitter=0.0)
    session = transport.session(service="cloudtower", base_url="https://10.0.20.10")
    scripted.respond("GET", "/x", (503, None, {"Retry-After": "7"}), OK)
    started = clock.now()

    session.request("GET", "/x")

    assert clock.now() - started >= 7


class TokenServer:
    """Login returns the next token of a list; /data accepts only ``valid``."""

    def __init__(self, scripted: ScriptedApp, tokens: list[str], valid: str) -> None:
        self.tokens = list(tokens)
        self.valid = valid
        self.logins = 0
        scripted.handle("POST", "/v2/api/login", self.login)
        scripted.handle("GET", "/v2/api/data", self.data)

    def login(self, request: flask.Request) -> flask.Response:
        self.logins += 1
        return flask.jsonify({"task_id": None, "data": {"token": self.tokens.pop(0)}})

    def data(self, request: flask.Request) -> tuple[flask.Response, int]:
        if request.headers.get("Authorization") != self.valid:
            return flask.jsonify({"path": "/data", "status": 401, "message": "bad token"}), 401
        return flask.jsonify({"data": 1}), 200


def log_in(session: ApiSession) -> dict[str, str]:
    body = {"username": "root", "password": "HC!r0cks-plan", "source": "LOCAL"}
    response = session.request("POST", "/v2/api/login", json=body, action="login")
    return {"Authorization": response.json()["data"]["token"]}


TOKEN_1 = "eyJhbGciOiJIUzI1NiJ9.first-token.signature1"
TOKEN_2 = "eyJhbGciOiJIUzI1NiJ9.second-token.signature2"


def test_401_relogs_in_once_then_succeeds(
    session: ApiSession, scripted: ScriptedApp, caplog: pytest.LogCaptureFixture
) -> None:
    """An expired token gets one fresh login and the request is repeated with the new token."""
    server = TokenServer(scripted, [TOKEN_1, TOKEN_2], valid=TOKEN_2)
    caplog.set_level(logging.DEBUG, logger="cxvoyager")
    session.use_login(lambda: log_in(session))

    response = session.request("GET", "/v2/api/data")

    assert response.json() == {"data": 1}
    assert server.logins == 2
    assert scripted.hits("GET", "/v2/api/data") == 2
    assert TOKEN_1 not in caplog.text
    assert TOKEN_2 not in caplog.text
    assert "HC!r0cks-plan" not in caplog.text


def test_second_401_raises_auth_error(session: ApiSession, scripted: ScriptedApp) -> None:
    """A 401 that persists after the fresh login raises AuthError after exactly one re-login."""
    server = TokenServer(scripted, [TOKEN_1, TOKEN_2], valid="never")
    session.use_login(lambda: log_in(session))

    with pytest.raises(AuthError) as caught:
        session.request("GET", "/v2/api/data")

    assert server.logins == 2
    assert caught.value.status == 401
    assert "/v2/api/data" in str(caught.value)


def test_401_on_login_itself_is_auth_error(session: ApiSession, scripted: ScriptedApp) -> None:
    """A wrong password fails the login with AuthError instead of looping into more logins."""
    scripted.respond("POST", "/v2/api/login", (401, {"message": "bad password"}, {}))

    with pytest.raises(AuthError):
        session.use_login(lambda: log_in(session))

    assert scripted.hits("POST", "/v2/api/login") == 1


def test_status_error_names_vendor_code_and_hint(
    session: ApiSession, scripted: ScriptedApp
) -> None:
    """A CloudTower ErrorBody gives StatusError its vendor code, and the message a hint."""
    body = {
        "path": "/remove-vm-disk",
        "status": 400,
        "message": "Resource [VM-1] locked",
        "code": "ResourceLocked",
    }
    scripted.respond("POST", "/v2/api/remove-vm-disk", (400, body, {}))

    with pytest.raises(StatusError) as caught:
        session.request("POST", "/v2/api/remove-vm-disk", json={})

    error = caught.value
    assert error.vendor_code == "ResourceLocked"
    for part in ("cloudtower", "POST", "/v2/api/remove-vm-disk", "400", "Resource [VM-1] locked"):
        assert part in str(error), (part, str(error))
    assert "等该任务结束" in str(error), str(error)


def test_smtx_envelope_error_at_200_raises(session: ApiSession, scripted: ScriptedApp) -> None:
    """An SMTX OS envelope with ec other than EOK is an error even with HTTP 200."""
    body = {"ec": "EINVAL", "error": {"msg": "[EINVAL] bad vlan"}, "data": {}}
    scripted.respond("PUT", "/api/v2/network/vds", (200, body, {}))

    with pytest.raises(StatusError) as caught:
        session.request("PUT", "/api/v2/network/vds", json={})

    assert caught.value.vendor_code == "EINVAL"
    assert "[EINVAL] bad vlan" in str(caught.value)


def test_error_body_is_redacted(session: ApiSession, scripted: ScriptedApp) -> None:
    """A password echoed in an error body never reaches the StatusError."""
    body = {"message": "invalid", "path": "/x", "password": "HC!r0cks-plan"}
    scripted.respond("POST", "/x", (400, body, {}))

    with pytest.raises(StatusError) as caught:
        session.request("POST", "/x", json={})

    assert "HC!r0cks-plan" not in caught.value.body
    assert "HC!r0cks-plan" not in str(caught.value)


def test_every_attempt_logged_with_fields(
    session: ApiSession, scripted: ScriptedApp, caplog: pytest.LogCaptureFixture
) -> None:
    """Each attempt is one INFO line with the step, service, action, status, duration and result."""
    from cxvoyager.clients.context import step_context

    scripted.respond("GET", "/x", UNAVAILABLE, OK)
    caplog.set_level(logging.INFO, logger="cxvoyager.clients.http")

    with step_context(stage="06_cloudtower_config", step="test_set_ntp"):
        session.request("GET", "/x", action="get_ntp")

    lines = [
        r
        for r in caplog.records
        if r.name == "cxvoyager.clients.http" and r.levelno == logging.INFO
    ]
    assert [r.status for r in lines] == [503, 200]  # type: ignore[attr-defined]
    assert [r.attempt for r in lines] == [1, 2]  # type: ignore[attr-defined]
    assert [r.result for r in lines] == ["status_error", "ok"]  # type: ignore[attr-defined]
    first = lines[0]
    assert first.stage == "06_cloudtower_config"  # type: ignore[attr-defined]
    assert first.step == "test_set_ntp"  # type: ignore[attr-defined]
    assert first.service == "cloudtower"  # type: ignore[attr-defined]
    assert first.action == "get_ntp"  # type: ignore[attr-defined]
    assert first.path == "/x"  # type: ignore[attr-defined]
    assert isinstance(first.duration_ms, int)  # type: ignore[attr-defined]


def test_debug_bodies_are_redacted(
    session: ApiSession, scripted: ScriptedApp, caplog: pytest.LogCaptureFixture
) -> None:
    """At DEBUG the bodies are logged, with passwords masked."""
    scripted.respond("POST", "/v2/api/login", (200, {"data": {"token": "abcdef0123456789"}}, {}))
    caplog.set_level(logging.DEBUG, logger="cxvoyager.clients.http")

    session.request("POST", "/v2/api/login", json={"username": "root", "password": "s3cret-pw"})

    assert "request body" in caplog.text
    assert "s3cret-pw" not in caplog.text
    assert "abcdef0123456789" not in caplog.text


def test_timeouts_are_always_set(tmp_path: Path, clock: VirtualClock) -> None:
    """A server that never answers fails with a read timeout instead of hanging."""
    import socket

    with socket.create_server(("127.0.0.1", 0)) as silent:
        port = silent.getsockname()[1]
        http = requests.Session()
        session = ApiSession(
            service="probe",
            base_url=f"http://127.0.0.1:{port}",
            session=http,
            clock=clock,
            retry_policy=RetryPolicy(max_attempts=1),
            read_timeout=0.3,
        )
        with pytest.raises(TransportError) as caught:
            session.request("GET", "/x")

    assert caught.value.details["reason"] == "read timed out"
