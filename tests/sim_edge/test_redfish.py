"""BMC Redfish over verified HTTPS: auth, system resource, reset actions and a full power cycle."""

from __future__ import annotations

from typing import Any

import pytest

from cxvoyager.sim import Simulator
from tests.factories import PASSWORD
from tests.sim_edge.builders import elapse
from tests.sim_edge.https import PlannedHTTPS, body_of

BMC_1 = "10.0.19.11"
HOST_1 = "10.0.20.11"
SYSTEM = "/redfish/v1/Systems/1"
RESET = f"{SYSTEM}/Actions/ComputerSystem.Reset"
AUTH = ("root", PASSWORD)


@pytest.fixture
def bmc(live_site: Simulator) -> PlannedHTTPS:
    assert live_site.endpoints is not None
    return PlannedHTTPS(live_site.endpoints, BMC_1)


def _reset(bmc: PlannedHTTPS, body: Any) -> Any:
    return bmc.request("POST", RESET, body=body, auth=AUTH)


def test_service_root_needs_no_auth(bmc: PlannedHTTPS) -> None:
    """The service root responds without credentials and links the systems."""
    response = bmc.request("GET", "/redfish/v1")
    assert response.status == 200, response.data
    assert body_of(response)["Systems"] == {"@odata.id": "/redfish/v1/Systems"}


@pytest.mark.parametrize(
    "auth",
    [None, ("root", "wrong-password"), ("admin", PASSWORD)],
    ids=["no-credentials", "wrong-password", "wrong-user"],
)
def test_systems_reject_bad_credentials(bmc: PlannedHTTPS, auth: tuple[str, str] | None) -> None:
    """Systems return 401 with a Redfish error body unless the plan's BMC account is used."""
    response = bmc.request("GET", "/redfish/v1/Systems", auth=auth)
    assert response.status == 401, response.data
    assert body_of(response)["error"]["code"].endswith("NoValidSession")
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_system_reports_identity_and_power(bmc: PlannedHTTPS) -> None:
    """The system resource carries the node's maker, model, serial and power state."""
    members = body_of(bmc.request("GET", "/redfish/v1/Systems", auth=AUTH))["Members"]
    system = body_of(bmc.request("GET", members[0]["@odata.id"], auth=AUTH))

    assert (system["Manufacturer"], system["Model"]) == ("Inspur", "NF5280M6")
    assert system["SerialNumber"] == "SN-EDGE-0001"
    assert system["PowerState"] == "On"
    assert (
        "ForceOff"
        in system["Actions"]["#ComputerSystem.Reset"]["ResetType@Redfish.AllowableValues"]
    )


def test_unknown_system_is_not_found(bmc: PlannedHTTPS) -> None:
    """A system id other than the BMC's own returns 404."""
    response = bmc.request("GET", "/redfish/v1/Systems/System.Embedded.1", auth=AUTH)
    assert response.status == 404, response.data


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"ResetType": "PowerCycle"}, "ActionParameterNotSupported"),
        ({"ResetType": 1}, "ActionParameterNotSupported"),
        ({}, "ActionParameterMissing"),
        ({"ResetType": "On", "Force": True}, "ActionParameterUnknown"),
        ("not json", "MalformedJSON"),
    ],
    ids=["unsupported-type", "number", "missing", "extra-parameter", "malformed"],
)
def test_reset_rejects_invalid_body(bmc: PlannedHTTPS, body: Any, code: str) -> None:
    """An invalid reset request answers 400 with the matching Redfish message id."""
    response = _reset(bmc, body)
    error = body_of(response)["error"]
    assert response.status == 400, response.data
    assert error["code"].endswith(code), error
    assert error["@Message.ExtendedInfo"][0]["MessageId"] == error["code"]


def test_reset_needs_auth(bmc: PlannedHTTPS) -> None:
    """A reset without credentials answers 401 and leaves the host on."""
    response = bmc.request("POST", RESET, body={"ResetType": "ForceOff"})
    assert response.status == 401
    assert body_of(bmc.request("GET", SYSTEM, auth=AUTH))["PowerState"] == "On"


def test_force_off_and_on_cycle(bmc: PlannedHTTPS, live_site: Simulator) -> None:
    """ForceOff takes the host down with HA and recovery following; On brings it back."""
    state = live_site.context.state
    assert _reset(bmc, {"ResetType": "ForceOff"}).status == 204
    assert body_of(bmc.request("GET", SYSTEM, auth=AUTH))["PowerState"] == "Off"
    assert not live_site.probe(HOST_1, 443)
    assert live_site.probe(BMC_1, 443), "the BMC stays reachable while the host is off"

    elapse(live_site, 3600)
    assert state["cluster"]["vms"]["vm-tower"]["node_ip"] != HOST_1, "HA moved CloudTower"
    assert _reset(bmc, {"ResetType": "On"}).status == 204
    elapse(live_site, 300)
    assert live_site.probe(HOST_1, 443)
    assert state["cluster"]["storage"]["recovering_bytes"] > 0

    elapse(live_site, 7200)
    assert state["cluster"]["storage"]["replicas_healthy"] is True


def test_session_token_replaces_basic_auth(bmc: PlannedHTTPS) -> None:
    """A Redfish session token authorizes requests until the session is deleted."""
    created = bmc.request(
        "POST",
        "/redfish/v1/SessionService/Sessions",
        body={"UserName": "root", "Password": PASSWORD},
    )
    token = {"X-Auth-Token": created.headers["X-Auth-Token"]}
    assert created.status == 201, created.data
    assert bmc.request("GET", SYSTEM, headers=token).status == 200

    assert bmc.request("DELETE", created.headers["Location"], headers=token).status == 204
    assert bmc.request("GET", SYSTEM, headers=token).status == 401


def test_session_rejects_wrong_password(bmc: PlannedHTTPS) -> None:
    """Logging in with a wrong password answers 401 and no token."""
    response = bmc.request(
        "POST", "/redfish/v1/SessionService/Sessions", body={"UserName": "root", "Password": "nope"}
    )
    assert response.status == 401
    assert "X-Auth-Token" not in response.headers


def test_redfish_absent_on_node_address(live_site: Simulator) -> None:
    """A host's management address does not serve Redfish."""
    assert live_site.endpoints is not None
    response = PlannedHTTPS(live_site.endpoints, HOST_1).request("GET", "/redfish/v1")
    assert response.status == 404
