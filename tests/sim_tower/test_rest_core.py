"""CloudTower REST basics: login, authentication, organizations, datacenters, users, licence."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxvoyager.sim import Simulator
from tests.factories import PASSWORD
from tests.sim_tower.conftest import TowerClient
from tests.sim_tower.spec import component_errors, schema_errors


def test_login_returns_spec_shaped_token(
    tower: TowerClient, ready: dict[str, str], reference_dir: Path
) -> None:
    """A correct root login returns WithTask_LoginResponse_ with a JWT for the root user."""
    response = tower.rest("login", {"username": "root", "password": PASSWORD, "source": "LOCAL"})
    body = response.json()
    assert response.status_code == 200, body
    assert schema_errors(reference_dir, "login", body) == []
    assert body["data"]["token"].startswith("eyJhbGciOiJIUzI1NiJ9."), body


@pytest.mark.parametrize(
    ("body", "status"),
    [
        pytest.param(
            {"username": "root", "password": "wrong-Passw0rd", "source": "LOCAL"},
            400,
            id="wrong-password",
        ),
        pytest.param({"username": "nobody", "password": PASSWORD}, 400, id="unknown-user"),
        pytest.param({"username": "root"}, 400, id="missing-password"),
        pytest.param(
            {"username": "root", "password": PASSWORD, "extra": 1}, 400, id="unknown-field"
        ),
        pytest.param({"username": "root", "password": 42}, 400, id="wrong-type"),
    ],
)
def test_bad_login_answers_error_body(
    tower: TowerClient,
    ready: dict[str, str],
    reference_dir: Path,
    body: dict[str, object],
    status: int,
) -> None:
    """A bad login is rejected with CloudTower's ErrorBody."""
    response = tower.rest("login", body, headers={"Authorization": ""})
    assert response.status_code == status, response.text
    assert component_errors(reference_dir, "ErrorBody", response.json()) == []
    assert response.json()["path"] == "/login", response.json()


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param(None, id="missing"),
        pytest.param("not-a-token", id="garbage"),
        pytest.param("eyJhbGciOiJIUzI1NiJ9.Y2FiYw.forged", id="forged"),
    ],
)
def test_call_without_valid_token_is_401(
    tower: TowerClient, ready: dict[str, str], reference_dir: Path, authorization: str | None
) -> None:
    """Every operation but login returns 401 with an ErrorBody without a valid token."""
    tower.token = authorization
    response = tower.rest("get-organizations", {})
    assert response.status_code == 401, response.text
    assert component_errors(reference_dir, "ErrorBody", response.json()) == []


def test_bearer_prefix_is_accepted(tower: TowerClient, ready: dict[str, str]) -> None:
    """A token sent as ``Bearer <token>`` works like the raw token."""
    tower.token = f"Bearer {tower.token}"
    response = tower.rest("get-organizations", {})
    assert response.status_code == 200, response.text


def test_error_message_follows_content_language(tower: TowerClient, ready: dict[str, str]) -> None:
    """CloudTower localizes messages by the content-language header."""
    response = tower.rest(
        "login", {"username": "root", "password": "x"}, headers={"content-language": "zh-CN"}
    )
    assert response.json()["message"] == "用户名或密码错误", response.json()


def test_organization_and_datacenter_round_trip(
    tower: TowerClient, ready: dict[str, str], reference_dir: Path
) -> None:
    """A datacenter created in the first-boot organization is listed under it."""
    created = tower.rest(
        "create-datacenter", [{"name": "TEST-DC", "organization_id": ready["organization_id"]}]
    )
    assert created.status_code == 200, created.text
    assert schema_errors(reference_dir, "create-datacenter", created.json()) == []
    organizations = tower.rest("get-organizations", {"where": {"name": "测试客户"}}).json()
    assert schema_errors(reference_dir, "get-organizations", organizations) == []
    assert organizations[0]["datacenters"] == [
        {"id": created.json()[0]["data"]["id"], "name": "TEST-DC"}
    ]
    listed = tower.rest(
        "get-datacenters", {"where": {"organization": {"id": ready["organization_id"]}}}
    ).json()
    assert schema_errors(reference_dir, "get-datacenters", listed) == []
    assert [dc["name"] for dc in listed] == ["TEST-DC"]


def test_datacenter_name_collides(tower: TowerClient, ready: dict[str, str]) -> None:
    """Creating a datacenter whose name exists fails: creation is not idempotent."""
    body = [{"name": "TEST-DC", "organization_id": ready["organization_id"]}]
    assert tower.rest("create-datacenter", body).status_code == 200
    second = tower.rest("create-datacenter", body)
    assert second.status_code == 400, second.text


def test_datacenter_in_unknown_organization_is_404(
    tower: TowerClient, ready: dict[str, str]
) -> None:
    """A datacenter needs an existing organization."""
    response = tower.rest(
        "create-datacenter", [{"name": "X", "organization_id": "cnotanorganization0000000"}]
    )
    assert response.status_code == 404, response.text


def test_create_user_with_preset_role(
    tower: TowerClient, ready: dict[str, str], reference_dir: Path
) -> None:
    """A user created with a preset role can log in and is listed."""
    roles = tower.rest("get-user-role-nexts", {"where": {"name": "ADMIN"}}).json()
    assert schema_errors(reference_dir, "get-user-role-nexts", roles) == []
    body = [
        {"username": "ops", "name": "Ops", "role_id": roles[0]["id"], "password": "Ops-Passw0rd!"}
    ]
    created = tower.rest("create-user", body)
    assert created.status_code == 200, created.text
    assert schema_errors(reference_dir, "create-user", created.json()) == []
    users = tower.rest("get-users", {"orderBy": "username_ASC"}).json()
    assert schema_errors(reference_dir, "get-users", users) == []
    assert [user["username"] for user in users] == ["ops", "root"]
    login = tower.rest("login", {"username": "ops", "password": "Ops-Passw0rd!"})
    assert login.status_code == 200, login.text
    assert tower.rest("create-user", body).status_code == 400


def test_licence_and_ntp_url(
    tower: TowerClient, ready: dict[str, str], reference_dir: Path
) -> None:
    """CloudTower reports a trial licence with a serial, and its NTP URL."""
    licenses = tower.rest("get-licenses", {}).json()
    assert schema_errors(reference_dir, "get-licenses", licenses) == []
    assert licenses[0]["type"] == "TRIAL", licenses
    ntp = tower.rest("get-ntp-service-url")
    assert ntp.status_code == 200, ntp.text
    assert schema_errors(reference_dir, "get-ntp-service-url", ntp.json()) == []


def test_tower_not_answering_before_install(simulator: Simulator) -> None:
    """Before the installer ran, nothing responds on the CloudTower address."""
    address = str(simulator.context.plan.cloudtower.ip)  # type: ignore[union-attr]
    assert simulator.probe(address, 443) is False


def test_rest_create_root_user_once(tower: TowerClient, reference_dir: Path) -> None:
    """REST create-root-user works without a token once; the root user can then log in."""
    created = tower.rest("create-root-user", {"password": PASSWORD})
    assert created.status_code == 200, created.text
    assert schema_errors(reference_dir, "create-root-user", created.json()) == []
    assert tower.rest("create-root-user", {"password": PASSWORD}).status_code == 400
    assert tower.login().startswith("eyJ")


def test_unknown_operation_is_404_error_body(
    tower: TowerClient, ready: dict[str, str], reference_dir: Path
) -> None:
    """A misspelled operation gets a 404 ErrorBody naming it."""
    response = tower.rest("get-cluster", {})
    assert response.status_code == 404, response.text
    assert component_errors(reference_dir, "ErrorBody", response.json()) == []
    assert response.json()["path"] == "/get-cluster", response.json()


def test_session_timeout_expires_tokens(
    tower: TowerClient, site: Simulator, ready: dict[str, str], reference_dir: Path
) -> None:
    """After update-session-timeout a token older than the limit gets 401 until the next login."""
    response = tower.rest("update-session-timeout", {"session_max_age": 600})
    assert response.status_code == 200, response.text
    assert schema_errors(reference_dir, "update-session-timeout", response.json()) == []
    assert tower.rest("get-organizations", {}).status_code == 200
    site.clock.advance(601)  # type: ignore[attr-defined]
    expired = tower.rest("get-organizations", {})
    assert expired.status_code == 401, expired.text
    tower.login()
    assert tower.rest("get-organizations", {}).status_code == 200
    settings = tower.rest("get-global-settingses", {}).json()
    assert schema_errors(reference_dir, "get-global-settingses", settings) == []
