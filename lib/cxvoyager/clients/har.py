"""The traffic record: every API attempt of a run as a HAR 1.2 file (``traffic.har``).

Entries are redacted when they are recorded (headers, JSON keys, GraphQL
variables, query strings, known secret values) and the whole file once more
when it is written, so tokens learned later in the run are masked in earlier
entries too. Multipart and binary bodies are recorded as size and SHA-256,
never as content, so a large upload does not grow the file. Text bodies over
``max_body_bytes`` are cut and marked ``_truncated``.

The request URL is the one the client built (the planned address); the
loopback address the simulator listens on never appears.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests

import cxvoyager
from cxvoyager.clients import failures
from cxvoyager.clients.context import step_fields
from cxvoyager.redaction import MASK, Redactor

logger = logging.getLogger(__name__)

HAR_VERSION = "1.2"
_TEXT_TYPES = ("json", "text/", "x-www-form-urlencoded", "xml", "graphql", "javascript")
_TIMINGS_NOTE = "only the total time of the attempt is measured; it is reported as wait"


@dataclass(frozen=True)
class BodySummary:
    """A body as it may be shown: redacted text, or size and SHA-256 for binary data.

    Attributes:
        size: the body's length in bytes, None for a streamed body.
        mime_type: the Content-Type, without parameters.
        text: the redacted (and possibly cut) text, None for binary bodies.
        sha256: the hex SHA-256 of a binary body.
        truncated: whether ``text`` was cut to the limit.
    """

    size: int | None
    mime_type: str
    text: str | None = None
    sha256: str | None = None
    truncated: bool = False

    def __str__(self) -> str:
        if self.text is not None:
            return f"{self.text} [truncated]" if self.truncated else self.text
        if self.size is None:
            return "<streamed body>"
        return f"<{self.size} bytes of {self.mime_type or 'data'}, sha256 {self.sha256}>"


def summarize_body(body: Any, content_type: str, redactor: Redactor, limit: int) -> BodySummary:
    """Redact a request or response body for logs and the HAR.

    Args:
        body: bytes, str, None, or anything else for a streamed body.
        content_type: the Content-Type header value.
        redactor: masks secrets in text bodies.
        limit: the maximum number of bytes of text kept.
    """
    mime_type = content_type.split(";", 1)[0].strip().lower()
    if body is None or body in (b"", ""):
        return BodySummary(size=0, mime_type=mime_type, text="")
    if not isinstance(body, (bytes, str)):
        return BodySummary(size=None, mime_type=mime_type)
    raw = body.encode("utf-8") if isinstance(body, str) else body
    if not any(marker in mime_type for marker in _TEXT_TYPES):
        return BodySummary(
            size=len(raw), mime_type=mime_type, sha256=hashlib.sha256(raw).hexdigest()
        )

    original = raw.decode("utf-8", errors="replace")
    text = _redact_text_body(original, mime_type, redactor)
    encoded = text.encode("utf-8")
    # The size of a redacted body is that of the redacted text: the original
    # length would tell how long the masked password was.
    size = len(raw) if text == original else len(encoded)
    if len(encoded) <= limit:
        return BodySummary(size=size, mime_type=mime_type, text=text)
    cut = encoded[:limit].decode("utf-8", errors="ignore")
    return BodySummary(size=size, mime_type=mime_type, text=cut, truncated=True)


def _redact_text_body(text: str, mime_type: str, redactor: Redactor) -> str:
    if "json" in mime_type:
        try:
            return json.dumps(redactor.json(json.loads(text)), ensure_ascii=False)
        except ValueError:
            return redactor.text(text)
    if "x-www-form-urlencoded" in mime_type:
        pairs = redactor.query(parse_qsl(text, keep_blank_values=True))
        return urlencode(pairs, safe="*")
    return redactor.text(text)


class HarRecorder:
    """Collects API attempts and writes them as a HAR 1.2 file.

    Args:
        redactor: masks secrets in every entry.
        max_body_bytes: text bodies longer than this are cut.
    """

    def __init__(self, *, redactor: Redactor, max_body_bytes: int = 64 * 1024) -> None:
        self._redactor = redactor
        self._max_body_bytes = max_body_bytes
        self._entries: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def record(
        self,
        response_or_exception: requests.Response | BaseException,
        *,
        request: requests.PreparedRequest,
        started: datetime,
        elapsed_ms: float,
        attempt: int,
        service: str,
    ) -> None:
        """Add one attempt; a failed attempt (no response) gets status 0 and ``_error``.

        Safe to call from several threads. A failure to build the entry is
        logged and never breaks the API call.
        """
        try:
            entry = self._entry(response_or_exception, request, started, elapsed_ms)
        except Exception:
            logger.exception("could not add a %s call to the traffic record", service)
            return
        entry.update({f"_{name}": value for name, value in step_fields().items()})
        entry["_attempt"] = attempt
        entry["_service"] = service
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        """Return a copy of the entries recorded so far, in order of their start."""
        with self._lock:
            entries = list(self._entries)
        return sorted(entries, key=lambda entry: str(entry["startedDateTime"]))

    def write(self, path: Path) -> None:
        """Write the HAR file atomically (temporary file, then rename)."""
        document = {
            "log": {
                "version": HAR_VERSION,
                "creator": {"name": "CXVoyager", "version": cxvoyager.__version__},
                "pages": [],
                "entries": self.entries(),
            }
        }
        text = self._redactor.text(json.dumps(document, ensure_ascii=False, indent=1))
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        logger.info("wrote %d API exchanges to %s", len(document["log"]["entries"]), path)

    def _entry(
        self,
        outcome: requests.Response | BaseException,
        request: requests.PreparedRequest,
        started: datetime,
        elapsed_ms: float,
    ) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "startedDateTime": started.astimezone(timezone.utc).isoformat(timespec="microseconds"),
            "time": round(elapsed_ms, 3),
            "request": self._request(request),
            "cache": {},
            "timings": {"send": 0, "wait": round(elapsed_ms, 3), "receive": 0},
        }
        entry["timings"]["comment"] = _TIMINGS_NOTE
        if isinstance(outcome, requests.Response):
            entry["response"] = self._response(outcome)
        else:
            entry["response"] = _no_response()
            entry["_error"] = self._redactor.text(_describe_error(outcome))
        return entry

    def _request(self, request: requests.PreparedRequest) -> dict[str, Any]:
        url = request.url or ""
        headers = {name: _header_text(value) for name, value in request.headers.items()}
        headers.setdefault("Host", host_header(url))
        body = summarize_body(
            request.body,
            headers.get("Content-Type", ""),
            self._redactor,
            self._max_body_bytes,
        )
        if body.size is not None and "Content-Length" in headers:
            headers["Content-Length"] = str(body.size)
        entry: dict[str, Any] = {
            "method": request.method or "",
            "url": self._redactor.url(url),
            "httpVersion": "HTTP/1.1",
            "cookies": _masked_cookies(headers.get("Cookie", "")),
            "headers": _name_values(self._redactor.headers(headers).items()),
            "queryString": _name_values(
                self._redactor.query(parse_qsl(urlsplit(url).query, keep_blank_values=True))
            ),
            "headersSize": -1,
            "bodySize": body.size if body.size is not None else -1,
        }
        if request.body is not None:
            entry["postData"] = _post_data(body)
        return entry

    def _response(self, response: requests.Response) -> dict[str, Any]:
        body = summarize_body(
            response.content,
            response.headers.get("Content-Type", ""),
            self._redactor,
            self._max_body_bytes,
        )
        return {
            "status": response.status_code,
            "statusText": response.reason or "",
            "httpVersion": _http_version(response),
            "cookies": [{"name": cookie.name, "value": MASK} for cookie in response.cookies],
            "headers": _name_values(self._redactor.headers(response.headers).items()),
            "content": _content(body),
            "redirectURL": response.headers.get("Location", ""),
            "headersSize": -1,
            "bodySize": body.size if body.size is not None else -1,
        }


def _post_data(body: BodySummary) -> dict[str, Any]:
    data: dict[str, Any] = {"mimeType": body.mime_type, "text": body.text or ""}
    if body.text is None:
        data["_size"] = body.size
        data["_sha256"] = body.sha256
        data["comment"] = "binary or multipart body: size and SHA-256 only"
    if body.truncated:
        data["_truncated"] = True
    return data


def _content(body: BodySummary) -> dict[str, Any]:
    content: dict[str, Any] = {"size": body.size or 0, "mimeType": body.mime_type or "x-unknown"}
    if body.text is not None:
        content["text"] = body.text
    else:
        content["_sha256"] = body.sha256
        content["comment"] = "binary body: size and SHA-256 only"
    if body.truncated:
        content["_truncated"] = True
        content["comment"] = f"cut to the first bytes of {body.size}"
    return content


def _no_response() -> dict[str, Any]:
    return {
        "status": 0,
        "statusText": "",
        "httpVersion": "",
        "cookies": [],
        "headers": [],
        "content": {"size": 0, "mimeType": "x-unknown"},
        "redirectURL": "",
        "headersSize": -1,
        "bodySize": -1,
    }


def _describe_error(error: BaseException) -> str:
    if isinstance(error, requests.RequestException):
        return f"{type(error).__name__}: {failures.transport_reason(error)}"
    return f"{type(error).__name__}: {error}"


def _header_text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _name_values(pairs: Any) -> list[dict[str, str]]:
    return [{"name": str(name), "value": str(value)} for name, value in pairs]


def _masked_cookies(cookie_header: str) -> list[dict[str, str]]:
    cookies = []
    for pair in cookie_header.split(";"):
        name, separator, _value = pair.strip().partition("=")
        if name and separator:
            cookies.append({"name": name, "value": MASK})
    return cookies


def host_header(url: str) -> str:
    """Return the Host header a client sends for ``url`` (port only when not the default)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    default_port = 443 if parts.scheme == "https" else 80
    if parts.port is not None and parts.port != default_port:
        return f"{host}:{parts.port}"
    return host


def _http_version(response: requests.Response) -> str:
    version = getattr(response.raw, "version", 11)
    return {10: "HTTP/1.0", 11: "HTTP/1.1", 20: "HTTP/2"}.get(version, "HTTP/1.1")
