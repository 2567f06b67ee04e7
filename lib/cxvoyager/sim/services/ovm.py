"""ovm-operator under CloudTower: chunked upload of the Observability package.

Every call needs both HTTP Basic credentials of the ``o11y`` service account
(CloudTower's root password) and the ``connect.sid`` cookie of a GraphQL
login; the commit also names the CloudTower user in ``x-user-id``.
NOTE: ovm-operator's error body is not captured; errors are answered in the
gRPC-gateway form (``{code, message, details}``) its v3 API suggests.
"""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, jsonify, request

from cxvoyager.sim.app import context, serves
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import auth, ovm, store
from cxvoyager.sim.tower.errors import TowerError
from cxvoyager.sim.tower.rest import grpc_error_response
from cxvoyager.sim.tower.schema import STR, Obj, validate

blueprint = Blueprint("sim_tower_ovm", __name__, url_prefix="/api/ovm-operator/api")

CREATE = Obj({"origin_file_name": STR})


def _authorize(ctx: SimContext) -> dict[str, Any]:
    if not store.is_installed(ctx):
        raise TowerError(503, "sim.tower.not_installed")
    credentials = auth.basic_credentials(request.headers.get("Authorization"))
    if credentials is None:
        raise TowerError(401, "sim.tower.auth.missing")
    user, password = credentials
    valid = user == store.OVM_OPERATOR_USER and hmac.compare_digest(
        password, store.root_password(ctx)
    )
    session_user = auth.user_from_cookie(ctx, request.cookies.get(auth.SESSION_COOKIE))
    if not valid or session_user is None:
        raise TowerError(401, "sim.tower.auth.invalid")
    return session_user


@blueprint.post("/v3/chunkedUploads")
@serves("cloudtower")
def create_upload() -> Any:
    """Start an upload (O-01)."""
    ctx = context()
    try:
        _authorize(ctx)
        body = validate(CREATE, request.get_json(silent=True))
        upload = ovm.create_upload(ctx, body["origin_file_name"])
    except TowerError as error:
        return grpc_error_response(error)
    return jsonify(ovm.ovm_v3_view(upload))


@blueprint.post("/v1/chunkedUploads")
@serves("cloudtower")
def append_part() -> Any:
    """Append one multipart part ``file`` to upload ``id`` (O-02)."""
    ctx = context()
    try:
        _authorize(ctx)
        upload_id = request.form.get("id")
        part = request.files.get("file")
        if not upload_id or part is None:
            raise TowerError(400, "sim.tower.ovm.parts")
        upload = ovm.append_part(ctx, upload_id, part.read())
    except TowerError as error:
        return grpc_error_response(error)
    return jsonify(ovm.ovm_v1_view(upload))


@blueprint.post("/v3/chunkedUploads/<upload_id>:commit")
@serves("cloudtower")
def commit(upload_id: str) -> Any:
    """Finish an upload; CloudTower then creates the package in two tasks (O-03)."""
    ctx = context()
    try:
        _authorize(ctx)
        user_id = request.headers.get("x-user-id", "")
        if user_id not in store.collection(ctx, "users"):
            raise TowerError(400, "sim.tower.ovm.user", user_id=user_id)
        upload = ovm.commit(ctx, upload_id, user_id)
    except TowerError as error:
        return grpc_error_response(error)
    return jsonify(ovm.ovm_v3_view(upload))
