"""Transports: where the TCP connection of an API call goes, and how TLS is trusted.

``SimTransport`` (sim mode) leaves every request as a real client sends it,
URL ``https://10.0.20.10/api/v2/...`` and ``Host: 10.0.20.10`` included, and
only connects to the simulator on 127.0.0.1. TLS is verified against the
simulator's CA, for the planned address, because the simulator's certificate
lists every planned IP.

``LiveTransport`` (live mode) connects to the real hosts. It verifies TLS
against a CA bundle when one is given. Without one, it trusts each endpoint's
certificate on first use and raises ``CertificateChangedError`` when the
endpoint later presents another one.

Both build one ``requests.Session`` per service, with ``trust_env`` off so no
proxy or ``.netrc`` from the environment changes where a request goes.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import ssl
from pathlib import Path
from typing import Any, Protocol, cast

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPSConnection
from urllib3.connectionpool import HTTPSConnectionPool

import cxvoyager
from cxvoyager.clients.har import HarRecorder, host_header
from cxvoyager.clients.http import ApiSession
from cxvoyager.clients.retry import RetryPolicy
from cxvoyager.clock import Clock
from cxvoyager.errors import CertificateChangedError
from cxvoyager.i18n import t
from cxvoyager.redaction import Redactor

logger = logging.getLogger(__name__)

SIM_HEADER = "X-CXVoyager-Sim"
LOOPBACK = "127.0.0.1"


class CertificatePins(Protocol):
    """Stored SHA-256 fingerprints of TLS endpoints (``host:port``), for trust on first use."""

    def get(self, endpoint: str) -> str | None:
        """Return the fingerprint recorded for ``endpoint``, or None."""

    def set(self, endpoint: str, fingerprint: str) -> None:
        """Record ``fingerprint`` as the certificate of ``endpoint``."""


class MemoryPins:
    """``CertificatePins`` kept in memory, for one process (the ledger persists them)."""

    def __init__(self) -> None:
        self._pins: dict[str, str] = {}

    def get(self, endpoint: str) -> str | None:
        """Return the fingerprint recorded for ``endpoint``, or None."""
        return self._pins.get(endpoint)

    def set(self, endpoint: str, fingerprint: str) -> None:
        """Record ``fingerprint`` as the certificate of ``endpoint``."""
        self._pins[endpoint] = fingerprint


class Transport(Protocol):
    """Makes the sessions of one run; ``target`` is ``sim`` or ``live``."""

    target: str

    def session(self, *, service: str, base_url: str, verify_tls: bool = True) -> ApiSession:
        """Return a new session to ``service`` at ``base_url``."""


def certificate_fingerprint(der: bytes) -> str:
    """Return the SHA-256 fingerprint of a DER certificate, as openssl prints it (``AB:CD:...``)."""
    return ":".join(f"{byte:02X}" for byte in hashlib.sha256(der).digest())


class SimAdapter(HTTPAdapter):
    """Sends each request to the simulator on loopback, unchanged.

    The connection goes to ``127.0.0.1:<http_port>`` or ``:<https_port>`` by
    scheme. The request line, URL and ``Host`` header stay those of the
    planned address, and TLS checks the certificate for the planned address.

    The simulator answers for a planned machine that is not up yet with HTTP
    502 and ``X-CXVoyager-Sim: unreachable``, and for an injected connection
    reset it cannot make at the TCP level with ``X-CXVoyager-Sim: reset``. This
    adapter turns both into the ``requests.ConnectionError`` a real client
    gets from such a host: an unreachable host as a failed new connection
    (``EHOSTUNREACH``), so the request counts as never sent; a reset as
    ``ConnectionResetError`` after sending, so it counts as possibly received.
    """

    def __init__(self, *, http_port: int, https_port: int) -> None:
        self._ports = {"http": http_port, "https": https_port}
        super().__init__()

    def build_connection_pool_key_attributes(
        self, request: requests.PreparedRequest, verify: Any, cert: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Point the pool at the simulator's port, keeping the planned host for TLS."""
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        scheme = host_params["scheme"]
        planned_host = host_params["host"]
        host_params = {"scheme": scheme, "host": LOOPBACK, "port": self._ports[scheme]}
        if scheme == "https":
            pool_kwargs["server_hostname"] = planned_host
        return host_params, pool_kwargs

    def get_connection_with_tls_context(
        self,
        request: requests.PreparedRequest,
        verify: Any,
        proxies: Any = None,
        cert: Any = None,
    ) -> Any:
        """Return the loopback pool; proxies never apply to the simulator."""
        return super().get_connection_with_tls_context(request, verify, proxies=None, cert=cert)

    def add_headers(self, request: requests.PreparedRequest, **kwargs: Any) -> None:
        """Send the planned address as ``Host``, as a client connected to it would."""
        if "Host" not in request.headers:
            request.headers["Host"] = host_header(request.url or "")

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        """Send the request; raise ``ConnectionError`` for the simulator's failure markers."""
        response = super().send(
            request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )
        marker = response.headers.get(SIM_HEADER, "").lower()
        if marker == "unreachable":
            response.close()
            raise _unreachable_error(request)
        if marker == "reset":
            response.close()
            raise _reset_error(request)
        return response


def _unreachable_error(request: requests.PreparedRequest) -> requests.ConnectionError:
    cause = OSError(errno.EHOSTUNREACH, "No route to host")
    reason = urllib3.exceptions.NewConnectionError(
        cast(Any, None), f"Failed to establish a new connection: {cause}"
    )
    reason.__cause__ = cause
    failure = urllib3.exceptions.MaxRetryError(cast(Any, None), request.path_url, reason)
    return requests.ConnectionError(failure, request=request)


def _reset_error(request: requests.PreparedRequest) -> requests.ConnectionError:
    cause = ConnectionResetError(errno.ECONNRESET, "Connection reset by peer")
    failure = urllib3.exceptions.ProtocolError("Connection aborted.", cause)
    return requests.ConnectionError(failure, request=request)


class PinningAdapter(HTTPAdapter):
    """Trusts each HTTPS endpoint's certificate on first use, then requires the same one."""

    def __init__(self, pins: CertificatePins) -> None:
        self._pins = pins
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """Create the pool manager with pinning HTTPS connection pools."""
        super().init_poolmanager(*args, **kwargs)
        classes = dict(self.poolmanager.pool_classes_by_scheme)
        classes["https"] = _pinning_pool_class(self._pins)
        self.poolmanager.pool_classes_by_scheme = classes


def _pinning_pool_class(pins: CertificatePins) -> type[HTTPSConnectionPool]:
    class PinnedHTTPSConnection(HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            _check_pin(self, pins)
            # The pin check is the verification; tell urllib3 so it does not warn.
            self.is_verified = True

    class PinnedHTTPSConnectionPool(HTTPSConnectionPool):
        ConnectionCls = PinnedHTTPSConnection

    return PinnedHTTPSConnectionPool


def _check_pin(connection: HTTPSConnection, pins: CertificatePins) -> None:
    sock = connection.sock
    der = sock.getpeercert(binary_form=True) if isinstance(sock, ssl.SSLSocket) else None
    if not der:
        connection.close()
        raise ssl.SSLError("the server presented no certificate")
    endpoint = f"{connection.host}:{connection.port}"
    fingerprint = certificate_fingerprint(der)
    known = pins.get(endpoint)
    if known is None:
        pins.set(endpoint, fingerprint)
        logger.info("trusting the TLS certificate of %s on first use: %s", endpoint, fingerprint)
        return
    if known != fingerprint:
        connection.close()
        raise CertificateChangedError(
            t("clients.tls.changed", endpoint=endpoint, old=known, new=fingerprint),
            endpoint=endpoint,
            old_fingerprint=known,
            new_fingerprint=fingerprint,
        )


class _BaseTransport:
    target = ""

    def __init__(
        self,
        *,
        clock: Clock,
        recorder: HarRecorder | None,
        redactor: Redactor | None,
        retry_policy: RetryPolicy | None,
    ) -> None:
        self.clock = clock
        self.recorder = recorder
        self.redactor = redactor or Redactor()
        self.retry_policy = retry_policy or RetryPolicy()

    def _session(
        self, *, service: str, base_url: str, adapter: HTTPAdapter, verify: bool | str
    ) -> ApiSession:
        session = requests.Session()
        session.trust_env = False
        session.verify = verify
        session.headers["User-Agent"] = f"CXVoyager/{cxvoyager.__version__}"
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return ApiSession(
            service=service,
            base_url=base_url,
            session=session,
            clock=self.clock,
            recorder=self.recorder,
            redactor=self.redactor,
            retry_policy=self.retry_policy,
        )


class SimTransport(_BaseTransport):
    """Sessions whose connections go to the in-process simulator on loopback.

    Args:
        http_port: the simulator's plain HTTP port on 127.0.0.1.
        https_port: the simulator's TLS port on 127.0.0.1.
        ca_pem: the CA certificate that issued the simulator's certificate.
        clock: the run's clock (shared with the simulator).
        recorder: the traffic record, when one is kept.
        redactor: masks secrets in logs, errors and the traffic record.
        retry_policy: the retry policy of every session.
    """

    target = "sim"

    def __init__(
        self,
        *,
        http_port: int,
        https_port: int,
        ca_pem: Path,
        clock: Clock,
        recorder: HarRecorder | None = None,
        redactor: Redactor | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        super().__init__(
            clock=clock, recorder=recorder, redactor=redactor, retry_policy=retry_policy
        )
        self.http_port = http_port
        self.https_port = https_port
        self.ca_pem = ca_pem

    def session(self, *, service: str, base_url: str, verify_tls: bool = True) -> ApiSession:
        """Return a session to ``service``; TLS is always verified against the simulator's CA.

        ``verify_tls`` has no effect here: the simulator's certificate is
        trusted for every planned address.
        """
        adapter = SimAdapter(http_port=self.http_port, https_port=self.https_port)
        return self._session(
            service=service, base_url=base_url, adapter=adapter, verify=str(self.ca_pem)
        )


class LiveTransport(_BaseTransport):
    """Sessions to the real hosts and CloudTower.

    Args:
        clock: the run's clock.
        ca_bundle: CA certificates to verify TLS against; None for trust on first use.
        pinned: where trust-on-first-use fingerprints are kept (the ledger).
        recorder: the traffic record, when one is kept.
        redactor: masks secrets in logs, errors and the traffic record.
        retry_policy: the retry policy of every session.
    """

    target = "live"

    def __init__(
        self,
        *,
        clock: Clock,
        ca_bundle: Path | None,
        pinned: CertificatePins,
        recorder: HarRecorder | None = None,
        redactor: Redactor | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        super().__init__(
            clock=clock, recorder=recorder, redactor=redactor, retry_policy=retry_policy
        )
        self.ca_bundle = ca_bundle
        self.pinned = pinned

    def session(self, *, service: str, base_url: str, verify_tls: bool = True) -> ApiSession:
        """Return a session to ``service`` at ``base_url``.

        With ``verify_tls`` and a CA bundle, TLS is verified against the
        bundle. Otherwise (no bundle, or ``verify_tls=False`` for endpoints
        known to use self-signed certificates, such as SMTX OS nodes) the
        endpoint's certificate is pinned on first use. TLS is never left
        unchecked.
        """
        if verify_tls and self.ca_bundle is not None:
            return self._session(
                service=service,
                base_url=base_url,
                adapter=HTTPAdapter(),
                verify=str(self.ca_bundle),
            )
        return self._session(
            service=service, base_url=base_url, adapter=PinningAdapter(self.pinned), verify=False
        )
