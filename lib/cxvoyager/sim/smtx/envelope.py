"""Response envelopes and errors of the SMTX OS APIs, and strict request-body checks.

The deployment API and Fisheye v2 wrap every response as
``{"ec": "EOK", "error": {}, "data": ...}``; an error carries another ``ec``
and ``error.msg`` as ``"[CODE] text"`` with ``data: null``. Fisheye v3
(``/api/v3/...``) is served through grpc-gateway and answers bare objects;
its errors use the gateway's ``{"code", "message", "details"}`` shape with the
gRPC status code.

NOTE: the captured material never shows an error ``ec``. The codes below
are this simulator's choice, spelled like ``EOK``, so clients should branch
on the HTTP status and on ``ec != "EOK"``.
"""

from __future__ import annotations

from ipaddress import IPv4Address
from typing import Any

from flask import Blueprint, Response, jsonify, request

INVALID_ARGUMENT = "EInvalidArgument"
NOT_FOUND = "ENotFound"
DUPLICATE = "EDuplicate"
UNAUTHORIZED = "EUnauthorized"
BUSY = "EResourceBusy"
IN_USE = "EResourceInUse"
ALREADY_DEPLOYED = "EHostAlreadyDeployed"
INTERNAL = "EInternal"

# gRPC status codes used by the v3 endpoints, with the HTTP status grpc-gateway maps them to.
GRPC_INVALID_ARGUMENT = (3, 400)
GRPC_ALREADY_EXISTS = (6, 409)
GRPC_UNAUTHENTICATED = (16, 401)
GRPC_FAILED_PRECONDITION = (9, 400)


class SmtxApiError(Exception):
    """An error response of the deployment API or Fisheye v2."""

    def __init__(self, status: int, ec: str, message: str) -> None:
        super().__init__(f"[{ec}] {message}")
        self.status = status
        self.ec = ec
        self.message = message


class GatewayError(Exception):
    """An error response of a Fisheye v3 (grpc-gateway) endpoint."""

    def __init__(self, grpc_status: tuple[int, int], message: str) -> None:
        super().__init__(message)
        self.code, self.status = grpc_status
        self.message = message


def invalid(path: str, problem: str) -> SmtxApiError:
    """Build the 400 error for one invalid request field, naming its path."""
    return SmtxApiError(400, INVALID_ARGUMENT, f"invalid field {path}: {problem}")


def ok(data: Any) -> Response:
    """Return a success response in the v2 envelope."""
    return jsonify({"ec": "EOK", "error": {}, "data": data})


def _v2_error(exc: SmtxApiError) -> Response:
    response = jsonify({"ec": exc.ec, "error": {"msg": str(exc)}, "data": None})
    response.status_code = exc.status
    return response


def _gateway_error(exc: GatewayError) -> Response:
    response = jsonify({"code": exc.code, "message": exc.message, "details": []})
    response.status_code = exc.status
    return response


def install_error_handlers(blueprint: Blueprint) -> None:
    """Render ``SmtxApiError`` and ``GatewayError`` raised by the blueprint's views."""
    blueprint.register_error_handler(SmtxApiError, _v2_error)
    blueprint.register_error_handler(GatewayError, _gateway_error)


def json_object() -> dict[str, Any]:
    """Return the request body as a JSON object.

    Raises:
        SmtxApiError: the body is missing, not JSON, or not an object.
    """
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise SmtxApiError(400, INVALID_ARGUMENT, "request body must be a JSON object")
    return body


def _type_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {
        str: "string",
        int: "integer",
        bool: "boolean",
        list: "array",
        dict: "object",
        type(None): "null",
        float: "number",
    }
    return " or ".join(names.get(item, item.__name__) for item in kinds)


def has_type(value: Any, kind: type | tuple[type, ...]) -> bool:
    """Tell whether ``value`` is of ``kind``, treating JSON booleans as distinct from integers."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool):
        return bool in kinds
    return isinstance(value, kinds)


def check_object(
    value: Any,
    path: str,
    *,
    required: dict[str, Any],
    optional: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Check that ``value`` is an object with exactly the known keys, each of the given type.

    ``required`` and ``optional`` map keys to a type or a tuple of types.

    Raises:
        SmtxApiError: a key is missing or unknown, or a value has the wrong type.
    """
    label = path or "body"
    if not isinstance(value, dict):
        raise invalid(label, "must be an object")
    allowed = {**required, **(optional or {})}
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise invalid(f"{path}.{unknown[0]}" if path else unknown[0], "unknown field")
    for key, kind in allowed.items():
        field_path = f"{path}.{key}" if path else key
        if key not in value:
            if key in required:
                raise invalid(field_path, "missing")
            continue
        if not has_type(value[key], kind):
            raise invalid(field_path, f"must be {_type_name(kind)}")
    return value


def check_list(
    value: Any, path: str, item: type | tuple[type, ...], *, min_items: int = 0
) -> list[Any]:
    """Check that ``value`` is a list of ``item`` values with at least ``min_items`` entries.

    Raises:
        SmtxApiError: the value is not such a list.
    """
    if not isinstance(value, list):
        raise invalid(path, "must be an array")
    if len(value) < min_items:
        raise invalid(path, f"must have at least {min_items} item(s)")
    for index, entry in enumerate(value):
        if not has_type(entry, item):
            raise invalid(f"{path}[{index}]", f"must be {_type_name(item)}")
    return value


def check_ipv4(value: Any, path: str) -> IPv4Address:
    """Parse an IPv4 address field.

    Raises:
        SmtxApiError: the value is not an IPv4 address.
    """
    try:
        return IPv4Address(value)
    except ValueError:
        raise invalid(path, f"{value!r} is not an IPv4 address") from None


def check_unique(values: list[str], path: str, key: str) -> None:
    """Reject the first repeated value of ``key`` among the items of ``path``.

    Raises:
        SmtxApiError: a value appears twice, naming the second item.
    """
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise invalid(f"{path}[{index}].{key}", f"duplicate value {value!r}")
        seen.add(value)
