"""Authentication at a simulated BMC: HTTP Basic with the plan's BMC account, or a session token."""

from __future__ import annotations

import hmac
import logging
from typing import Any

from flask import Response, jsonify, request

from cxvoyager.plan.model import HostPlan
from cxvoyager.sim.app import context, machine
from cxvoyager.sim.services.redfish_body import error_body

logger = logging.getLogger(__name__)

TOKEN_HEADER = "X-Auth-Token"  # noqa: S105 - a header name, not a secret


def planned_host() -> HostPlan:
    """Return the planned host whose BMC the request reached."""
    index = int(machine()["key"])
    return next(host for host in context().plan.hosts if host.index == index)


def redfish_error(status: int, code: str, message: str, **arguments: str) -> Response:
    """Build a Redfish error response with ``status``."""
    response = jsonify(error_body(code, message, **arguments))
    response.status_code = status
    return response


def credentials_match(host: HostPlan, user: str, password: str) -> bool:
    """Tell whether ``user``/``password`` is the host's planned BMC account."""
    if host.bmc_user is None or host.bmc_password is None:
        return False
    user_ok = hmac.compare_digest(user.encode(), host.bmc_user.encode())
    password_ok = hmac.compare_digest(
        password.encode(), host.bmc_password.get_secret_value().encode()
    )
    return user_ok and password_ok


def sessions(bmc_key: str) -> dict[str, dict[str, Any]]:
    """Return the BMC's open sessions by id, from ``state["redfish_sessions"]``."""
    table: dict[str, dict[str, dict[str, Any]]] = context().state.setdefault("redfish_sessions", {})
    return table.setdefault(bmc_key, {})


def _token_ok(bmc_key: str) -> bool:
    token = request.headers.get(TOKEN_HEADER, "")
    return bool(token) and any(
        hmac.compare_digest(token.encode(), str(session["token"]).encode())
        for session in sessions(bmc_key).values()
    )


def authorized() -> Response | None:
    """Return a 401 response unless the request carries valid Basic auth or a session token."""
    host = planned_host()
    auth = request.authorization
    if auth is not None and auth.type == "basic":
        if credentials_match(host, str(auth.username or ""), str(auth.password or "")):
            return None
    elif _token_ok(str(host.index)):
        return None
    logger.info("Redfish request to the BMC of %s rejected: no valid credentials", host.hostname)
    response = redfish_error(
        401,
        "Base.1.8.NoValidSession",
        "There is no valid session established with the implementation.",
    )
    response.headers["WWW-Authenticate"] = 'Basic realm="Redfish"'
    return response
