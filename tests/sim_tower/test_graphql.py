"""CloudTower GraphQL: first boot, login, configuration operations and GraphQL errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cxvoyager.sim import Simulator
from tests.sim_tower.conftest import (
    CREATE_ORGANIZATION,
    CREATE_ROOT_USER,
    ENCODED_PASSWORD,
    TowerClient,
    load_example,
)


def _replay(
    client: TowerClient, reference_dir: Path, name: str, variables: Any = None, **kwargs: Any
) -> Any:
    """Send a captured request (its own query text) with optional new variables."""
    captured = load_example(reference_dir, f"tower-gql-{name}-request.json")
    chosen = captured["variables"] if variables is None else variables
    return client.graphql(captured["operationName"], captured["query"], chosen, **kwargs)


def _shape(value: Any) -> Any:
    """Reduce a body to its structure: keys and types, not values."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__ if value is not None else None


def test_first_boot_sequence(tower: TowerClient, reference_dir: Path) -> None:
    """checkTowerIsSetup reports nothing, then root and organization exist after first boot."""
    before = _replay(tower, reference_dir, "check-tower-is-setup").json()
    assert before == {
        "data": {
            "organizations": [],
            "userCreated": {"created": False, "__typename": "UserCreatedData"},
        }
    }
    root = _replay(
        tower,
        reference_dir,
        "create-root-user",
        {"root_password": ENCODED_PASSWORD, "now": "2026-01-01T00:00:00.000Z"},
    ).json()
    assert set(root["data"]["createUser"]) == {"id", "__typename"}, root
    org = _replay(
        tower, reference_dir, "create-organization", {"data": {"name": "测试客户"}}
    ).json()
    assert org["data"]["createOrganization"]["__typename"] == "Organization", org
    after = _replay(tower, reference_dir, "check-tower-is-setup").json()
    expected = load_example(reference_dir, "tower-gql-check-tower-is-setup-response.json")
    assert _shape(after) == _shape(expected)
    assert after["data"]["organizations"][0]["name"] == "测试客户", after


def test_second_root_user_fails(tower: TowerClient, ready: dict[str, str]) -> None:
    """createRootUser runs once; a second call returns a GraphQL error."""
    response = tower.graphql(
        "createRootUser",
        CREATE_ROOT_USER,
        {"root_password": ENCODED_PASSWORD, "now": "2026-01-01T00:00:00.000Z"},
    )
    body = response.json()
    assert body["data"] is None, body
    assert body["errors"][0]["path"] == ["createUser"], body
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body


def test_second_organization_needs_login(tower: TowerClient, ready: dict[str, str]) -> None:
    """Once an organization exists, createOrganization is no longer open without a login."""
    tower.token = None
    response = tower.graphql("createOrganization", CREATE_ORGANIZATION, {"data": {"name": "other"}})
    assert response.status_code == 401, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_login_sets_session_cookie(
    tower: TowerClient, ready: dict[str, str], reference_dir: Path
) -> None:
    """GraphQL login returns the token and sets connect.sid; the cookie alone then authenticates."""
    tower.token = None
    response = _replay(tower, reference_dir, "login")
    body = response.json()
    expected = load_example(reference_dir, "tower-gql-login-response.json")
    assert _shape(body) == _shape(expected)
    assert "connect.sid" in tower.session.cookies, response.headers
    licence = _replay(tower, reference_dir, "deployed-license")
    assert licence.status_code == 200, licence.text
    assert licence.json()["data"]["deploys"][0]["license"]["license_serial"], licence.json()


def test_login_with_badly_encoded_password_fails(
    tower: TowerClient, ready: dict[str, str], reference_dir: Path
) -> None:
    """An encoded password must have CloudTower's shape."""
    variables = {
        "data": {
            "username": "root",
            "password": "not-encoded",
            "source": "LOCAL",
            "auth_config_id": None,
        }
    }
    response = _replay(tower, reference_dir, "login", variables, headers={"Authorization": ""})
    assert response.status_code == 401, response.text


@pytest.mark.parametrize(
    ("name", "response_name"),
    [
        pytest.param(
            "update-cloud-tower-ntp-url", "update-cloud-tower-ntp-url-response", id="ntp-url"
        ),
        pytest.param("deployed-license", "deployed-license-response", id="licence"),
    ],
)
def test_captured_requests_answer_captured_shapes(
    tower: TowerClient, ready: dict[str, str], reference_dir: Path, name: str, response_name: str
) -> None:
    """Replayed captured requests get responses with the captured structure."""
    body = _replay(tower, reference_dir, name).json()
    expected = load_example(reference_dir, f"tower-gql-{response_name}.json")
    assert _shape(body) == _shape(expected)


def test_ntp_url_answer_is_semicolon_separated(
    tower: TowerClient, ready: dict[str, str], reference_dir: Path
) -> None:
    """updateCloudTowerNtpUrl takes a comma list and answers it ;-separated, also over REST."""
    body = _replay(
        tower,
        reference_dir,
        "update-cloud-tower-ntp-url",
        {"data": {"ntp_service_url": "10.0.0.2,ntp.example.com"}},
    ).json()
    assert body["data"]["updateCloudTowerNtpUrl"]["ntp_service_url"] == "10.0.0.2;ntp.example.com"
    assert tower.rest("get-ntp-service-url").json() == {
        "ntp_service_url": "10.0.0.2;ntp.example.com"
    }


def test_cluster_settings_and_alert_rules(
    tower: TowerClient, site: Simulator, connected: dict[str, Any], reference_dir: Path
) -> None:
    """Settings update by settings id; the data-space rule takes a cluster threshold."""
    settings = _replay(
        tower,
        reference_dir,
        "update-cluster-settings",
        {
            **load_example(reference_dir, "tower-gql-update-cluster-settings-request.json")[
                "variables"
            ],
            "where": {"id": connected["settings"]["id"]},
        },
    ).json()
    expected = load_example(reference_dir, "tower-gql-update-cluster-settings-response.json")
    assert _shape(settings) == _shape(expected)

    rules = _replay(tower, reference_dir, "global-alert-rules").json()["data"]
    names = [rule["name"] for rule in rules["globalAlertRules"]]
    assert "zbs_cluster_data_space_use_rate" in names, names
    assert not [n for n in names if n.startswith(("elf_", "scvm_", "witness_", "system."))], names
    assert rules["globalAlertRulesConnection"]["aggregate"]["count"] == len(names)
    rule = next(
        r for r in rules["globalAlertRules"] if r["name"] == "zbs_cluster_data_space_use_rate"
    )
    variables = load_example(reference_dir, "tower-gql-update-global-alert-rule-request.json")[
        "variables"
    ]
    variables["where"]["id"] = rule["id"]
    variables["data"]["alert_rules"]["update"][0]["where"]["id"] = rule["alert_rules"][0]["id"]
    updated = _replay(tower, reference_dir, "update-global-alert-rule", variables).json()
    cluster_rule = updated["data"]["updateGlobalAlertRule"]["alert_rules"][0]
    notice = [t["value"] for t in cluster_rule["thresholds"] if t["severity"] == "NOTICE"]
    assert notice == [60], cluster_rule
    assert cluster_rule["cluster"]["id"] == connected["id"], cluster_rule


def test_before_connect_no_cluster_rules_match(
    tower: TowerClient, ready: dict[str, str], reference_dir: Path
) -> None:
    """Before connecting, no rule has per-cluster rules, so the filtered list is empty."""
    rules = _replay(tower, reference_dir, "global-alert-rules").json()["data"]
    assert rules["globalAlertRules"] == [], rules


def test_answer_holds_only_selected_fields_with_aliases(
    tower: TowerClient, ready: dict[str, str]
) -> None:
    """The answer follows the query's selection set, aliases and fragments included."""
    query = """query checkTowerIsSetup {
                 orgs: organizations(first: 1) { ...Org } userCreated { created } }
               fragment Org on Organization { name }"""
    body = tower.graphql("checkTowerIsSetup", query).json()
    assert body == {"data": {"orgs": [{"name": "测试客户"}], "userCreated": {"created": True}}}


@pytest.mark.parametrize(
    ("operation", "query", "variables"),
    [
        pytest.param(
            "checkTowerIsSetup", "query checkTowerIsSetup { organizations {", {}, id="syntax"
        ),
        pytest.param("dropDatabase", "mutation dropDatabase { drop }", {}, id="unknown-operation"),
        pytest.param(
            "updateCloudTowerNtpUrl",
            "mutation updateCloudTowerNtpUrl($data: X!) { x }",
            {"data": {"ntp_service_url": 1}},
            id="wrong-variable-type",
        ),
        pytest.param(
            "updateCloudTowerNtpUrl",
            "mutation updateCloudTowerNtpUrl($data: X!) { x }",
            {"data": {"url": "x"}},
            id="unknown-variable-field",
        ),
    ],
)
def test_bad_request_answers_graphql_errors(
    tower: TowerClient, ready: dict[str, str], operation: str, query: str, variables: Any
) -> None:
    """A request that cannot run answers HTTP 400 with the standard errors array."""
    response = tower.graphql(operation, query, variables)
    assert response.status_code == 400, response.text
    error = response.json()["errors"][0]
    assert set(error) == {"message", "path", "extensions"}, error
    assert error["extensions"]["code"], error


def test_authenticated_operation_without_login_is_401(
    tower: TowerClient, ready: dict[str, str], reference_dir: Path
) -> None:
    """deployedLicense needs a token or a session cookie."""
    tower.token = None
    response = _replay(tower, reference_dir, "deployed-license")
    assert response.status_code == 401, response.text
