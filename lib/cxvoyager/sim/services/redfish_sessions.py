"""Redfish sessions of a simulated BMC: create (log in), list and delete (log out)."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Blueprint, Response, jsonify, request

from cxvoyager.sim.app import serves
from cxvoyager.sim.services.redfish_auth import (
    TOKEN_HEADER,
    authorized,
    credentials_match,
    planned_host,
    redfish_error,
    sessions,
)

blueprint = Blueprint("redfish_sessions", __name__, url_prefix="/redfish/v1/SessionService")
SESSIONS_PATH = "/redfish/v1/SessionService/Sessions"


def _session_body(session_id: str, user: str) -> dict[str, Any]:
    return {
        "@odata.type": "#Session.v1_3_0.Session",
        "@odata.id": f"{SESSIONS_PATH}/{session_id}",
        "Id": session_id,
        "Name": "User Session",
        "UserName": user,
    }


@blueprint.get("")
@serves("bmc")
def session_service() -> Any:
    """Return the session service resource."""
    return authorized() or jsonify(
        {
            "@odata.type": "#SessionService.v1_1_8.SessionService",
            "@odata.id": "/redfish/v1/SessionService",
            "Id": "SessionService",
            "Name": "Session Service",
            "ServiceEnabled": True,
            "SessionTimeout": 1800,
            "Sessions": {"@odata.id": SESSIONS_PATH},
        }
    )


@blueprint.get("/Sessions")
@serves("bmc")
def list_sessions() -> Any:
    """Return the open sessions."""
    denied = authorized()
    if denied is not None:
        return denied
    members = [
        {"@odata.id": f"{SESSIONS_PATH}/{sid}"} for sid in sessions(str(planned_host().index))
    ]
    return jsonify(
        {
            "@odata.type": "#SessionCollection.SessionCollection",
            "@odata.id": SESSIONS_PATH,
            "Name": "Session Collection",
            "Members@odata.count": len(members),
            "Members": members,
        }
    )


@blueprint.post("/Sessions")
@serves("bmc")
def create_session() -> Any:
    """Log in with ``{"UserName", "Password"}``; the token comes back in ``X-Auth-Token``."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not all(
        isinstance(body.get(k), str) for k in ("UserName", "Password")
    ):
        return redfish_error(
            400,
            "Base.1.8.PropertyMissing",
            "The properties UserName and Password are required strings.",
            property="UserName, Password",
        )
    host = planned_host()
    if not credentials_match(host, body["UserName"], body["Password"]):
        return redfish_error(
            401,
            "Base.1.8.NoValidSession",
            "There is no valid session established with the implementation.",
        )

    session_id = secrets.token_hex(8)
    token = secrets.token_hex(16)
    sessions(str(host.index))[session_id] = {"token": token, "user": body["UserName"]}
    response = jsonify(_session_body(session_id, body["UserName"]))
    response.status_code = 201
    response.headers[TOKEN_HEADER] = token
    response.headers["Location"] = f"{SESSIONS_PATH}/{session_id}"
    return response


@blueprint.delete("/Sessions/<session_id>")
@serves("bmc")
def delete_session(session_id: str) -> Any:
    """Log out: delete the session so its token stops working."""
    denied = authorized()
    if denied is not None:
        return denied
    if sessions(str(planned_host().index)).pop(session_id, None) is None:
        return redfish_error(
            404,
            "Base.1.8.ResourceMissingAtURI",
            f"The resource at the URI {SESSIONS_PATH}/{session_id} was not found.",
        )
    return Response(status=204)
