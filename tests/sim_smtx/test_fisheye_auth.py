"""Fisheye accounts: root setup, sessions and the token every other call needs."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from cxvoyager.sim.smtx.auth import SESSION_SECONDS
from tests.factories import PASSWORD
from tests.sim_smtx import flows
from tests.sim_smtx.shapes import load_example, missing_keys
from tests.sim_smtx.site import Site

ROOT_BODY = {"password": PASSWORD, "repeat": PASSWORD, "encrypted": False}
LOGIN_BODY = {"username": "root", "password": PASSWORD, "encrypted": False}


@pytest.fixture
def deployed(site: Site) -> Site:
    flows.deploy(site)
    return site


def test_setup_root_returns_user(deployed: Site) -> None:
    """setupRoot returns the bare root user object."""
    response = deployed.fisheye("POST", "/api/v3/users:setupRoot", json=ROOT_BODY)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == "root", body
    assert body["role"] == "ROOT", body
    assert body["password"] == "", body


def test_setup_root_twice_fails(deployed: Site) -> None:
    """A second setupRoot fails with 409 ALREADY_EXISTS in the gateway error shape."""
    deployed.fisheye("POST", "/api/v3/users:setupRoot", json=ROOT_BODY)
    response = deployed.fisheye("POST", "/api/v3/users:setupRoot", json=ROOT_BODY)
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["code"] == 6, body
    assert set(body) == {"code", "message", "details"}, body


@pytest.mark.parametrize(
    "body",
    [
        {"password": PASSWORD, "repeat": PASSWORD + "x", "encrypted": False},
        {"password": PASSWORD, "repeat": PASSWORD},
        {"password": PASSWORD, "repeat": PASSWORD, "encrypted": False, "email": "a@b"},
        {"password": "short", "repeat": "short", "encrypted": False},
    ],
    ids=["repeat-differs", "missing-encrypted", "unknown-field", "too-short"],
)
def test_setup_root_rejects_body(deployed: Site, body: dict[str, object]) -> None:
    """setupRoot rejects an invalid body with 400 INVALID_ARGUMENT."""
    response = deployed.fisheye("POST", "/api/v3/users:setupRoot", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == 3


def test_session_token_and_expiry(cluster: Site) -> None:
    """A session token is 32 hex digits and expires seven days after creation."""
    response = cluster.fisheye("POST", "/api/v3/sessions", json=LOGIN_BODY)
    body = response.json()
    assert re.fullmatch(r"[0-9a-f]{32}", body["token"]), body
    created = datetime.fromisoformat(body["create_time"][:26])
    expires = datetime.fromisoformat(body["expire_time"][:26])
    assert (expires - created).total_seconds() == pytest.approx(SESSION_SECONDS, abs=1)


def test_session_before_root_setup(deployed: Site) -> None:
    """Logging in before root setup fails."""
    response = deployed.fisheye("POST", "/api/v3/sessions", json=LOGIN_BODY)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == 9


@pytest.mark.parametrize(
    "body",
    [{**LOGIN_BODY, "password": "wrong-password"}, {**LOGIN_BODY, "username": "admin"}],
    ids=["password", "username"],
)
def test_session_bad_credentials(cluster: Site, body: dict[str, object]) -> None:
    """Wrong credentials get 401 UNAUTHENTICATED."""
    response = cluster.fisheye("POST", "/api/v3/sessions", json=body)
    assert response.status_code == 401, response.text
    assert response.json()["code"] == 16


@pytest.mark.parametrize(
    "token", [None, "0" * 32, "not-a-token"], ids=["missing", "unknown", "malformed"]
)
def test_v2_call_needs_session(cluster: Site, token: str | None) -> None:
    """A v2 call without a valid session token gets 401 with the v2 error envelope."""
    response = cluster.fisheye("GET", "/api/v2/tools/license", token=token)
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["ec"] == "EUnauthorized", body
    assert body["data"] is None, body


def test_token_expires(cluster: Site) -> None:
    """A token stops working once seven simulated days have passed."""
    cluster.advance(SESSION_SECONDS + 1)
    response = cluster.fisheye("GET", "/api/v2/tools/license")
    assert response.status_code == 401, response.text
    assert "expired" in response.json()["error"]["msg"]


def test_logout_ends_session(cluster: Site) -> None:
    """After DELETE /api/v3/sessions the token no longer works."""
    response = cluster.fisheye("DELETE", "/api/v3/sessions")
    assert response.status_code == 200, response.text
    response = cluster.fisheye("GET", "/api/v2/tools/license")
    assert response.status_code == 401, response.text


def test_token_works_on_every_node(cluster: Site) -> None:
    """A session token is valid on every node of the cluster."""
    for host in cluster.plan.hosts:
        response = cluster.fisheye("GET", "/api/v2/tools/license", address=str(host.management_ip))
        assert response.status_code == 200, (host.hostname, response.text)


def test_session_has_captured_keys(cluster: Site, reference_dir: Path) -> None:
    """The session response has the captured keys."""
    response = cluster.fisheye("POST", "/api/v3/sessions", json=LOGIN_BODY)
    example = load_example(reference_dir, "fisheye-v3-sessions-response.json")
    assert missing_keys(example, response.json()) == []


def test_setup_root_has_captured_keys(deployed: Site, reference_dir: Path) -> None:
    """The setupRoot response has exactly the captured keys."""
    response = deployed.fisheye("POST", "/api/v3/users:setupRoot", json=ROOT_BODY)
    example = load_example(reference_dir, "fisheye-setup-root-response.json")
    assert set(response.json()) == set(example)
