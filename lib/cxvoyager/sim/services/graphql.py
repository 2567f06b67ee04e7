"""CloudTower GraphQL at ``POST /api`` (JSON, or a GraphQL multipart request for uploads).

Handlers live in ``graphql_setup`` (first boot, login, settings, alert rules)
``graphql_uploads`` (packages and uploads), ``graphql_obs`` and
``graphql_backup`` (app instances); this module parses
the request, authenticates it, runs the handler and shapes the response.
Errors come back in the standard ``{"errors": [{message, path, extensions:
{code}}]}`` shape: with HTTP 400 for a request that cannot run (bad syntax,
unknown operation, invalid variables), with HTTP 200 and ``data: null`` for
an operation that ran and failed, as Apollo Server answers.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Blueprint, Response, jsonify, request

from cxvoyager.sim.app import context, serves
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import auth, store
from cxvoyager.sim.tower.errors import TowerError
from cxvoyager.sim.tower.graphql import (
    PUBLIC,
    Operation,
    check_variables,
    find_operation,
    parse_request,
)
from cxvoyager.sim.tower.rest import language

logger = logging.getLogger(__name__)

blueprint = Blueprint("sim_tower_graphql", __name__)


def _set_path(target: dict[str, Any], dotted: str, value: Any) -> None:
    keys = dotted.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if isinstance(target, list) else target[key]
    target[keys[-1]] = value


def _multipart_body() -> dict[str, Any]:
    try:
        body: dict[str, Any] = json.loads(request.form["operations"])
        mapping: dict[str, list[str]] = json.loads(request.form["map"])
    except (KeyError, ValueError) as exc:
        raise TowerError(400, "sim.tower.graphql.multipart") from exc
    for part, paths in mapping.items():
        upload = request.files.get(part)
        if upload is None:
            raise TowerError(400, "sim.tower.graphql.multipart")
        content = upload.read()
        for dotted in paths:
            try:
                _set_path(body, dotted, content)
            except (KeyError, IndexError, TypeError, ValueError) as exc:
                raise TowerError(400, "sim.tower.graphql.multipart") from exc
    return body


def _request_body() -> dict[str, Any]:
    if request.mimetype == "multipart/form-data":
        return _multipart_body()
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        raise TowerError(400, "sim.tower.graphql.body")
    return body


def _caller(ctx: SimContext, operation: Operation) -> dict[str, Any] | None:
    public = operation.access == PUBLIC or (
        operation.public_when is not None and operation.public_when(ctx)
    )
    if public:
        return None
    return auth.authenticate(
        ctx, request.headers.get("Authorization"), request.cookies.get(auth.SESSION_COOKIE)
    )


def _error_response(error: TowerError, path: list[str], status: int) -> Response:
    response = jsonify({"errors": [error.graphql_error(path=path, lang=language())], "data": None})
    response.status_code = status
    return response


@blueprint.post("/api")
@blueprint.post("/api/")
@serves("cloudtower")
def graphql_endpoint() -> Any:
    """Run one GraphQL operation."""
    ctx = context()
    try:
        body = _request_body()
        parsed = parse_request(body["query"], body.get("operationName"))
        name = body.get("operationName") or (
            parsed.operation.name.value if parsed.operation.name else ""
        )
        operation = find_operation(name)
        if operation is None:
            raise TowerError(400, "sim.tower.graphql.unknown_operation", name=name)
        variables = check_variables(operation, body.get("variables"))
    except TowerError as error:
        return _error_response(error, [], 400)

    root_path = [node.name.value for node in parsed.root_fields()][:1]
    try:
        if not store.is_installed(ctx):
            raise TowerError(503, "sim.tower.not_installed")
        user = _caller(ctx, operation)
        reply = operation.handler(ctx, user, variables, parsed.arguments(variables))
    except TowerError as error:
        logger.info("graphql %s failed: %s", name, error.key)
        return _error_response(error, root_path, 401 if error.status == 401 else 200)

    response = jsonify({"data": parsed.project(reply.data)})
    if reply.task_id is not None:
        response.headers["X-Task-Id"] = reply.task_id
    if reply.cookie is not None:
        response.set_cookie(
            auth.SESSION_COOKIE,
            reply.cookie,
            path="/",
            httponly=True,
            secure=True,
            samesite="Strict",
        )
    return response
