"""``ApiSession``: one HTTP session per SmartX service, with retries, re-login and logging.

Each call goes through four steps: build the request (base URL, auth
headers, timeouts), send it under the retry policy, re-login once on a 401,
then check the response and turn a failure into ``StatusError`` or
``TransportError``. Every attempt is logged at INFO with the structured
fields of ``cxvoyager.logfmt.API_FIELDS`` and recorded in the HAR, if any.

Requests that may be sent more than once (retries, re-login) are rebuilt from
the caller's arguments for each attempt, so ``data`` and ``files`` must be
bytes or strings, not open files that a first attempt would consume.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import requests

from cxvoyager.clients import failures, har
from cxvoyager.clients.context import step_fields
from cxvoyager.clients.retry import RetryPolicy, is_idempotent
from cxvoyager.clock import Clock
from cxvoyager.errors import AuthError, StatusError, TransportError
from cxvoyager.i18n import t
from cxvoyager.redaction import Redactor, header_secrets

logger = logging.getLogger(__name__)

DEFAULT_CONNECT_TIMEOUT = 5.0  # seconds to establish TCP and TLS
DEFAULT_READ_TIMEOUT = 60.0  # seconds without data from the server before giving up
LOG_BODY_LIMIT = 4096  # characters of a body shown in a DEBUG line

Login = Callable[[], Mapping[str, str]]


@dataclass(frozen=True)
class _Call:
    """One logical API call; each attempt prepares a fresh request from it."""

    method: str
    url: str
    ok: Collection[int]
    timeout: tuple[float, float]
    action: str
    arguments: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return urlsplit(self.url).path


class ApiSession:
    """An HTTP session to one service (``fisheye``, ``cloudtower``, ``deployment``...).

    Transports build sessions (``Transport.session``); per-API clients call
    ``request`` and never touch ``requests`` directly.

    Args:
        service: the service name used in logs, errors and the HAR.
        base_url: prefix of relative paths, such as ``https://10.0.20.10``.
        session: the ``requests.Session`` with the transport's adapters mounted.
        clock: the clock retry waits go through.
        recorder: records every attempt in the traffic record, when given.
        redactor: masks secrets in logs and errors; login tokens are added to it.
        retry_policy: how failed attempts are retried.
        connect_timeout: default seconds to connect.
        read_timeout: default seconds to wait for data from the server.
    """

    def __init__(
        self,
        *,
        service: str,
        base_url: str,
        session: requests.Session,
        clock: Clock,
        recorder: har.HarRecorder | None = None,
        redactor: Redactor | None = None,
        retry_policy: RetryPolicy | None = None,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
    ) -> None:
        self.service = service
        self.base_url = base_url.rstrip("/")
        self.redactor = redactor or Redactor()
        self._session = session
        self._clock = clock
        self._recorder = recorder
        self._retry_policy = retry_policy or RetryPolicy()
        self._timeouts = (connect_timeout, read_timeout)
        self._login: Login | None = None
        self._auth_headers: dict[str, str] = {}
        self._login_generation = 0
        self._login_lock = threading.Lock()
        self._in_login = threading.local()

    def __enter__(self) -> ApiSession:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Any = None,
        json: Any = None,
        data: Any = None,
        files: Any = None,
        headers: Mapping[str, str] | None = None,
        ok: Collection[int] = (200,),
        idempotent: bool | None = None,
        safe_to_resend: Callable[[], bool] | None = None,
        timeout: float | None = None,
        action: str = "",
    ) -> requests.Response:
        """Send one API call and return its response once the status is in ``ok``.

        Args:
            method: the HTTP method.
            path: a path under ``base_url``, or a full URL.
            params: query parameters.
            json: a JSON body.
            data: a form or raw body (bytes or str, see the module docstring).
            files: multipart files, as ``requests`` takes them.
            headers: extra headers; they override the auth headers.
            ok: the statuses that count as success.
            idempotent: whether the call may be sent twice; by method when None.
            safe_to_resend: for calls that are not idempotent, a check run
                before a resend that returns True when nothing was created.
            timeout: seconds to wait for the answer instead of the default.
            action: what the call does, for logs (``create_vm``).

        Raises:
            TransportError: no answer came, even after retries.
            AuthError: a 401 persisted after one fresh login, or a 403.
            StatusError: the status is not in ``ok``, or an SMTX OS envelope
                carries an error code other than ``EOK``.
        """
        call = _Call(
            method=method.upper(),
            url=self._url(path),
            ok=ok,
            timeout=(self._timeouts[0], timeout or self._timeouts[1]),
            action=action,
            arguments={"params": params, "json": json, "data": data, "files": files},
            headers=dict(headers or {}),
        )
        resendable = is_idempotent(call.method, idempotent)

        generation = self._login_generation
        response = self._send(call, resendable, safe_to_resend)
        if response.status_code == 401 and 401 not in ok and self._may_log_in_again():
            self._log_in_again(generation)
            response = self._send(call, resendable, safe_to_resend)
            if response.status_code == 401:
                raise self._status_error(call, response, relogged=True)

        return self._check(call, response)

    def use_login(self, login: Login) -> None:
        """Log in now with ``login`` and send its headers on every later request.

        ``login()`` performs the login call(s), usually through this session,
        and returns the auth headers (``{"x-smartx-token": ...}``,
        ``{"Authorization": ...}`` or a ``Cookie``). On a 401 the session calls
        it once more and repeats the request once. The header values are added
        to the redactor, so the token never appears in any output.

        Raises:
            ApiError: the login call itself failed.
        """
        self._login = login
        self._log_in_again(self._login_generation)

    def close(self) -> None:
        """Close the pooled connections."""
        self._session.close()

    def _url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return f"{self.base_url}/{path.lstrip('/')}"

    def _send(
        self, call: _Call, resendable: bool, safe_to_resend: Callable[[], bool] | None
    ) -> requests.Response:
        label = f"{self.service} {call.method} {call.path}"
        return self._retry_policy.run(
            lambda number: self._attempt(call, number),
            clock=self._clock,
            label=label,
            resendable=resendable,
            safe_to_resend=safe_to_resend,
        )

    def _attempt(self, call: _Call, number: int) -> requests.Response:
        prepared = self._prepare(call)
        started = datetime.now(timezone.utc)
        began = time.monotonic()

        try:
            response = self._session.send(prepared, timeout=call.timeout, allow_redirects=False)
        except requests.RequestException as exc:
            elapsed_ms = (time.monotonic() - began) * 1000
            self._after_attempt(call, prepared, exc, started, elapsed_ms, number)
            raise self._transport_error(call, exc) from exc

        elapsed_ms = (time.monotonic() - began) * 1000
        self._after_attempt(call, prepared, response, started, elapsed_ms, number)
        return response

    def _prepare(self, call: _Call) -> requests.PreparedRequest:
        headers = {} if self._logging_in() else dict(self._auth_headers)
        headers.update(call.headers)
        request = requests.Request(call.method, call.url, headers=headers, **call.arguments)
        return self._session.prepare_request(request)

    def _after_attempt(
        self,
        call: _Call,
        prepared: requests.PreparedRequest,
        outcome: requests.Response | BaseException,
        started: datetime,
        elapsed_ms: float,
        number: int,
    ) -> None:
        if self._recorder is not None:
            self._recorder.record(
                outcome,
                request=prepared,
                started=started,
                elapsed_ms=elapsed_ms,
                attempt=number,
                service=self.service,
            )
        self._log_attempt(call, outcome, elapsed_ms, number)
        if logger.isEnabledFor(logging.DEBUG):
            self._log_bodies(call, prepared, outcome)

    def _log_attempt(
        self,
        call: _Call,
        outcome: requests.Response | BaseException,
        elapsed_ms: float,
        number: int,
    ) -> None:
        if isinstance(outcome, requests.Response):
            status: int | None = outcome.status_code
            result = "ok" if outcome.status_code in call.ok else "status_error"
        else:
            status, result = None, "transport_error"
        fields = {
            **step_fields(),
            "service": self.service,
            "action": call.action,
            "method": call.method,
            "path": call.path,
            "status": status,
            "duration_ms": round(elapsed_ms),
            "result": result,
            "attempt": number,
        }
        logger.info(
            "%s %s %s -> %s in %d ms, %s (attempt %d)",
            self.service,
            call.method,
            call.path,
            status if status is not None else "no response",
            round(elapsed_ms),
            result,
            number,
            extra=fields,
        )

    def _log_bodies(
        self,
        call: _Call,
        prepared: requests.PreparedRequest,
        outcome: requests.Response | BaseException,
    ) -> None:
        sent = har.summarize_body(
            prepared.body,
            str(prepared.headers.get("Content-Type", "")),
            self.redactor,
            LOG_BODY_LIMIT,
        )
        logger.debug("%s %s %s request body: %s", self.service, call.method, call.path, sent)
        if isinstance(outcome, requests.Response):
            received = har.summarize_body(
                outcome.content,
                outcome.headers.get("Content-Type", ""),
                self.redactor,
                LOG_BODY_LIMIT,
            )
            logger.debug(
                "%s %s %s response body: %s", self.service, call.method, call.path, received
            )

    def _logging_in(self) -> bool:
        return bool(getattr(self._in_login, "active", False))

    def _may_log_in_again(self) -> bool:
        return self._login is not None and not self._logging_in()

    def _log_in_again(self, seen_generation: int) -> None:
        """Call the login callback, unless another thread did since ``seen_generation``."""
        login = self._login
        if login is None:
            return
        with self._login_lock:
            if self._login_generation != seen_generation:
                return
            self._in_login.active = True
            try:
                headers = dict(login())
            finally:
                self._in_login.active = False
            for secret in header_secrets(headers):
                self.redactor.add(secret)
            self._auth_headers = headers
            self._login_generation += 1
        logger.info("%s: logged in", self.service, extra={"service": self.service})

    def _check(self, call: _Call, response: requests.Response) -> requests.Response:
        if response.status_code not in call.ok:
            raise self._status_error(call, response)
        if failures.envelope_error(response) is not None:
            raise self._status_error(call, response)
        return response

    def _status_error(
        self, call: _Call, response: requests.Response, *, relogged: bool = False
    ) -> StatusError:
        code, vendor_message = failures.vendor_error(response)
        vendor_message = self.redactor.text(vendor_message)
        fields: dict[str, Any] = {
            "service": self.service,
            "method": call.method,
            "path": call.path,
            "status": response.status_code,
        }
        if relogged:
            message = t("clients.auth.failed", **fields)
        else:
            message = t(
                "clients.status.error",
                vendor=failures.describe_vendor(code, vendor_message),
                hint=failures.hint(response, code),
                **fields,
            )
        # Redact before cutting to the limit, so no secret is cut in half and missed.
        limit = failures.ERROR_BODY_LIMIT
        body = self.redactor.text(response.text[: limit * 2])[:limit]

        error_class = AuthError if relogged or response.status_code in (401, 403) else StatusError
        return error_class(
            self.redactor.text(message),
            status=response.status_code,
            vendor_code=code,
            body=body,
            method=call.method,
            url=self.redactor.url(call.url),
            service=self.service,
            vendor_message=vendor_message,
        )

    def _transport_error(self, call: _Call, exc: requests.RequestException) -> TransportError:
        reason = failures.transport_reason(exc)
        url = self.redactor.url(call.url)
        message = t(
            "clients.transport.error",
            service=self.service,
            method=call.method,
            url=url,
            reason=reason,
        )
        return TransportError(
            self.redactor.text(message),
            method=call.method,
            url=url,
            service=self.service,
            reason=reason,
            request_sent=not failures.connection_never_opened(exc),
        )
