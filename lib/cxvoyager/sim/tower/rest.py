"""Plumbing shared by the CloudTower REST routes (``POST /v2/api/<operation>``).

``@operation(blueprint, "get-clusters", body=LIST_QUERY)`` registers a handler
``fn(ctx, user, body)`` that responds on CloudTower's address only. The
wrapper parses and checks the JSON body, authenticates the caller (unless
``auth=False``) and turns a ``TowerError`` into CloudTower's ``ErrorBody``.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, jsonify, request

from cxvoyager.sim.app import context, serves
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import auth, store
from cxvoyager.sim.tower.errors import TowerError
from cxvoyager.sim.tower.schema import Shape, validate

logger = logging.getLogger(__name__)

Handler = Callable[[SimContext, Any, Any], Any]
API_PREFIX = "/v2/api"


def language() -> str:
    """Return the message language a request sets with ``content-language``."""
    return "zh-CN" if request.headers.get("content-language", "").lower().startswith("zh") else "en"


def error_response(error: TowerError, path: str) -> Response:
    """Build the ``ErrorBody`` response of ``error``."""
    response = jsonify(error.error_body(path=path, lang=language()))
    response.status_code = error.status
    return response


# gRPC status codes by HTTP status, for the gRPC-gateway services (ovm-operator, inspector).
_GRPC_CODES = {400: 3, 401: 16, 404: 5, 409: 6, 503: 14}


def grpc_error_response(error: TowerError) -> Response:
    """Build the gRPC-gateway response ``{code, message, details}`` of ``error``."""
    body = {
        "code": _GRPC_CODES.get(error.status, 2),
        "message": error.message(language()),
        "details": [],
    }
    response = jsonify(body)
    response.status_code = error.status
    return response


def current_user(ctx: SimContext) -> dict[str, Any]:
    """Return the caller identified by ``Authorization`` or the ``connect.sid`` cookie.

    Raises:
        TowerError: 401 without a valid credential.
    """
    return auth.authenticate(
        ctx, request.headers.get("Authorization"), request.cookies.get(auth.SESSION_COOKIE)
    )


def json_body(*, required: bool) -> Any:
    """Return the parsed JSON body; an absent body is ``{}`` unless ``required``.

    Raises:
        TowerError: 400 for a body that is not JSON, or is absent when required.
    """
    if not request.get_data():
        if required:
            raise TowerError(400, "sim.tower.body_missing")
        return {}
    body = request.get_json(silent=True)
    if body is None:
        raise TowerError(400, "sim.tower.body_not_json")
    return body


def operation(
    blueprint: Blueprint,
    name: str,
    *,
    body: Shape | None,
    auth_required: bool = True,
    body_required: bool = False,
    multipart: bool = False,
) -> Callable[[Handler], Handler]:
    """Register ``fn(ctx, user, body)`` as the handler of ``POST /v2/api/<name>``.

    A ``multipart`` operation gets ``body=None`` and reads ``request.form``
    and ``request.files`` itself; its body must be ``multipart/form-data``.
    """

    def decorate(fn: Handler) -> Handler:
        @functools.wraps(fn)
        def view() -> Any:
            ctx = context()
            path = f"/{name}"
            try:
                if not store.is_installed(ctx):
                    raise TowerError(503, "sim.tower.not_installed")
                user = current_user(ctx) if auth_required else None
                if multipart and request.mimetype != "multipart/form-data":
                    raise TowerError(400, "sim.tower.multipart_expected")
                payload = None if multipart else json_body(required=body_required)
                if body is not None:
                    validate(body, payload)
                result = fn(ctx, user, payload)
            except TowerError as error:
                logger.info("tower %s rejected: %s %s", path, error.status, error.key)
                return error_response(error, path)
            return result if isinstance(result, Response) else jsonify(result)

        blueprint.add_url_rule(
            f"{API_PREFIX}/{name}",
            endpoint=name,
            view_func=serves("cloudtower")(view),
            methods=["POST"],
        )
        return fn

    return decorate
