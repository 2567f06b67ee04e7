"""Fisheye v3 accounts: root setup and sessions (bare objects, grpc-gateway errors)."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from cxvoyager.sim.app import context
from cxvoyager.sim.smtx import auth
from cxvoyager.sim.smtx.envelope import GRPC_INVALID_ARGUMENT, GatewayError
from cxvoyager.sim.smtx.fisheye import cluster_endpoint, make_blueprint

blueprint = make_blueprint("fisheye_auth")


def _body() -> dict[str, Any]:
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise GatewayError(GRPC_INVALID_ARGUMENT, "request body must be a JSON object")
    return body


@blueprint.post("/api/v3/users:setupRoot")
@cluster_endpoint(session=False)
def setup_root() -> Any:
    """Set the first root password; fails once root is set up."""
    return jsonify(auth.setup_root(context(), _body()))


@blueprint.post("/api/v3/sessions")
@cluster_endpoint(session=False)
def create_session() -> Any:
    """Log in as root and return a session token."""
    return jsonify(auth.create_session(context(), _body()))


@blueprint.delete("/api/v3/sessions")
@cluster_endpoint(session=False)
def delete_session() -> Any:
    """Log out the session named by ``x-smartx-token``.

    NOTE: the logout path is not captured; this one follows the v3 style.
    """
    auth.delete_session(context())
    return jsonify({})
