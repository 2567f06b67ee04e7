"""Authentication of the deployment API and of Fisheye (root setup, sessions, tokens).

Both APIs read the ``x-smartx-token`` header. The deployment API on a fresh
node has no accounts, and Fisheye sessions exist only after ``setupRoot``.
"""

from __future__ import annotations

import re
from typing import Any

from flask import request

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.smtx import store
from cxvoyager.sim.smtx.envelope import (
    GRPC_ALREADY_EXISTS,
    GRPC_FAILED_PRECONDITION,
    GRPC_INVALID_ARGUMENT,
    GRPC_UNAUTHENTICATED,
    UNAUTHORIZED,
    GatewayError,
    SmtxApiError,
)

TOKEN_HEADER = "x-smartx-token"  # noqa: S105 - a header name, not a secret
SESSION_SECONDS = 7 * 24 * 3600  # the captured session expires 7 days after creation
ROOT_USER = "root"
_HEX32 = re.compile(r"[0-9a-f]{32}")


def require_deployment_token() -> None:
    """Check the deployment API token.

    NOTE: the real nodes' rule is not documented, and every capture sends the
    same fixed 32-hex value. This simulator accepts any 32 lower-case hex
    digits and returns 401 for a missing or malformed token.

    Raises:
        SmtxApiError: the header is missing or is not 32 lower-case hex digits (401).
    """
    token = request.headers.get(TOKEN_HEADER)
    if token is None:
        raise SmtxApiError(401, UNAUTHORIZED, f"missing {TOKEN_HEADER} header")
    if not _HEX32.fullmatch(token):
        raise SmtxApiError(
            401, UNAUTHORIZED, f"malformed {TOKEN_HEADER}: expected 32 lower-case hex digits"
        )


def setup_root(ctx: SimContext, body: dict[str, Any]) -> dict[str, Any]:
    """Set the first password of the Fisheye ``root`` account; return the user object.

    Raises:
        GatewayError: the body is invalid, the passwords differ, or root is already set up.
    """
    _check_fields(body, {"password": str, "repeat": str, "encrypted": bool})
    if body["encrypted"]:
        raise GatewayError(GRPC_INVALID_ARGUMENT, "encrypted passwords are not supported here")
    if body["password"] != body["repeat"]:
        raise GatewayError(GRPC_INVALID_ARGUMENT, "password and repeat differ")
    if len(body["password"]) < 8:
        raise GatewayError(GRPC_INVALID_ARGUMENT, "password must have at least 8 characters")
    cluster = store.cluster(ctx)
    section = store.private(ctx.state)
    if cluster.get("root_ready"):
        raise GatewayError(GRPC_ALREADY_EXISTS, "root user is already set up")

    section["root_password"] = body["password"]
    cluster["root_ready"] = True
    return {
        "id": ROOT_USER,
        "username": ROOT_USER,
        "password": "",
        "email": "root@smartx.com",
        "role": "ROOT",
        "annotation": "",
        "auth_provider_id": "local",
    }


def create_session(ctx: SimContext, body: dict[str, Any]) -> dict[str, Any]:
    """Log in and return the new session (token valid for seven virtual days).

    Raises:
        GatewayError: the body is invalid, root is not set up, or the credentials are wrong.
    """
    _check_fields(body, {"username": str, "password": str, "encrypted": bool})
    cluster = store.cluster(ctx)
    if not cluster.get("root_ready"):
        raise GatewayError(GRPC_FAILED_PRECONDITION, "root user is not set up yet")
    password = store.private(ctx.state).get("root_password")
    if body["encrypted"] or body["username"] != ROOT_USER or body["password"] != password:
        raise GatewayError(GRPC_UNAUTHENTICATED, "invalid username or password")

    now = ctx.clock.now()
    token = store.new_hex(ctx, "session")
    store.private(ctx.state).setdefault("sessions", {})[token] = {
        "user_id": ROOT_USER,
        "create_time": now,
        "expire_time": now + SESSION_SECONDS,
    }
    return {
        "user_id": ROOT_USER,
        "token": token,
        "create_time": store.rfc3339(now),
        "expire_time": store.rfc3339(now + SESSION_SECONDS),
        "update_time": store.rfc3339(now),
    }


def delete_session(ctx: SimContext) -> None:
    """Log out the session of the request's token.

    Raises:
        SmtxApiError: the token is missing, unknown or expired (401).
    """
    token = _session_token(ctx)
    store.private(ctx.state)["sessions"].pop(token, None)


def require_session(ctx: SimContext) -> str:
    """Check the Fisheye session token of the request; return the user id.

    Raises:
        SmtxApiError: the token is missing, unknown or expired (401).
    """
    token = _session_token(ctx)
    user: str = store.private(ctx.state)["sessions"][token]["user_id"]
    return user


def _session_token(ctx: SimContext) -> str:
    token = request.headers.get(TOKEN_HEADER)
    if not token:
        raise SmtxApiError(401, UNAUTHORIZED, f"missing {TOKEN_HEADER} header")
    session = store.private(ctx.state).get("sessions", {}).get(token)
    if session is None:
        raise SmtxApiError(401, UNAUTHORIZED, "unknown session token")
    if ctx.clock.now() >= session["expire_time"]:
        raise SmtxApiError(401, UNAUTHORIZED, "session token expired")
    return token


def _check_fields(body: dict[str, Any], fields: dict[str, type]) -> None:
    unknown = sorted(set(body) - set(fields))
    if unknown:
        raise GatewayError(GRPC_INVALID_ARGUMENT, f"unknown field {unknown[0]!r}")
    for key, kind in fields.items():
        value = body.get(key)
        if (
            value is None
            or isinstance(value, bool) != (kind is bool)
            or not isinstance(value, kind)
        ):
            raise GatewayError(
                GRPC_INVALID_ARGUMENT, f"field {key!r} is missing or not a {kind.__name__}"
            )
