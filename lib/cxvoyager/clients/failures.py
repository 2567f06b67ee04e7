"""Details of failed calls: vendor error bodies, envelope codes and connection errors.

The SmartX APIs report errors in three shapes:

- SMTX OS v2 envelope ``{"ec": "<code>", "error": {"msg": "[CODE] text"}, "data": ...}``,
  an error whenever ``ec`` is not ``EOK``, even with HTTP 200;
- CloudTower REST ``ErrorBody`` ``{"path", "status", "message", "code"?, "props"?}``,
  where ``code`` is ``ResourceLocked`` or absent;
- GraphQL ``{"errors": [{"message", "extensions": {"code"}}]}``.
"""

from __future__ import annotations

import json
from typing import Any

import requests
import urllib3.exceptions

from cxvoyager.i18n import t

ERROR_BODY_LIMIT = 2000  # characters of an error body kept on StatusError
_PARSE_LIMIT = 1024 * 1024  # bodies larger than this are not parsed for error codes
_LOCKED_CODE = "ResourceLocked"


def json_body(response: requests.Response) -> Any:
    """Return the parsed JSON body, or None when the body is not (small) JSON."""
    content = response.content
    if not content or len(content) > _PARSE_LIMIT or content.lstrip()[:1] not in (b"{", b"["):
        return None
    try:
        return json.loads(content)
    except ValueError:
        return None


def envelope_error(response: requests.Response) -> str | None:
    """Return the SMTX OS envelope's ``ec`` when it is an error code, else None."""
    body = json_body(response)
    if isinstance(body, dict) and isinstance(body.get("ec"), str) and body["ec"] != "EOK":
        return str(body["ec"])
    return None


def vendor_error(response: requests.Response) -> tuple[str | None, str]:
    """Return the vendor error code and message from an error body, or ``(None, "")``."""
    body = json_body(response)
    if not isinstance(body, dict):
        return None, ""
    if isinstance(body.get("ec"), str) and body["ec"] != "EOK":
        return body["ec"], _envelope_message(body.get("error"))
    if isinstance(body.get("message"), str) and ("path" in body or "code" in body):
        code = body.get("code")
        return (str(code) if code else None), body["message"]
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        extensions = first.get("extensions")
        code = extensions.get("code") if isinstance(extensions, dict) else None
        return (str(code) if code else None), str(first.get("message", ""))
    return None, ""


def describe_vendor(code: str | None, message: str) -> str:
    """Return the vendor part of a status error message, empty when there is none."""
    if not code and not message:
        return ""
    return t("clients.status.vendor", code=code or "-", message=message or "-")


def hint(response: requests.Response, code: str | None) -> str:
    """Return what the engineer should do about an error response."""
    status = response.status_code
    if 300 <= status < 400:
        return t("clients.hint.redirect", location=response.headers.get("Location", "?"))
    if code == _LOCKED_CODE:
        return t("clients.hint.locked")
    hints = {
        400: "clients.hint.bad_request",
        422: "clients.hint.bad_request",
        401: "clients.hint.unauthorized",
        403: "clients.hint.forbidden",
        404: "clients.hint.not_found",
    }
    if status in hints:
        return t(hints[status])
    if status >= 500:
        return t("clients.hint.server")
    return t("clients.hint.other")


def transport_reason(exc: requests.RequestException) -> str:
    """Describe why no response came, without the pool's (possibly loopback) address."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "connect timed out"
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return "read timed out"
    root = _root_os_error(exc)
    detail = str(root) if root is not None else type(exc).__name__
    if isinstance(exc, requests.exceptions.SSLError):
        return f"TLS failed: {detail}"
    return detail


def connection_never_opened(exc: requests.RequestException) -> bool:
    """Tell whether the request surely never reached the server.

    True for a connect timeout, a TLS handshake failure and a refused or
    unreachable connection. A reset or a read timeout may come after the
    server got the request, so they count as sent.
    """
    if isinstance(exc, (requests.exceptions.ConnectTimeout, requests.exceptions.SSLError)):
        return True
    return any(isinstance(error, urllib3.exceptions.NewConnectionError) for error in _chain(exc))


def _envelope_message(error: Any) -> str:
    if isinstance(error, dict):
        return str(error.get("msg") or error.get("message") or "")
    return str(error or "")


def _chain(exc: BaseException) -> list[BaseException]:
    """Return ``exc`` and every error it wraps (urllib3 reasons, arguments, causes)."""
    seen: list[BaseException] = []
    pending: list[BaseException] = [exc]
    while pending:
        error = pending.pop(0)
        if any(error is known for known in seen):
            continue
        seen.append(error)
        wrapped = [getattr(error, "reason", None), error.__cause__, error.__context__]
        wrapped.extend(argument for argument in error.args if isinstance(argument, BaseException))
        pending.extend(item for item in wrapped if isinstance(item, BaseException))
    return seen


def _root_os_error(exc: BaseException) -> BaseException | None:
    """Return the innermost socket-level error, whose text names no pool address."""
    candidates = [
        error
        for error in _chain(exc)
        if isinstance(error, OSError) and not isinstance(error, requests.RequestException)
    ]
    plain = [error for error in candidates if not isinstance(error, urllib3.exceptions.HTTPError)]
    chosen = plain or candidates
    return chosen[-1] if chosen else None
