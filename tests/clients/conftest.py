"""Loopback servers and transports for the client tests.

Every server here is a real HTTP(S) server (Werkzeug) on 127.0.0.1 that the
test starts and stops; nothing mocks ``requests``.
"""

from __future__ import annotations

import socket
import ssl
import struct
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import flask
import pytest
import trustme
from werkzeug.serving import BaseWSGIServer, make_server

from cxvoyager.clients.har import HarRecorder
from cxvoyager.clients.retry import RetryPolicy
from cxvoyager.clients.transport import SimTransport
from cxvoyager.clock import VirtualClock
from cxvoyager.redaction import Redactor

PLANNED_ADDRESSES = ("10.0.20.10", "10.0.20.11", "10.0.20.12")
PLAN_PASSWORD = "HC!r0cks-plan"
KEPT_BODY_BYTES = 64 * 1024

Answer = tuple[int, Any, dict[str, str]]
Handler = Callable[[flask.Request], Any]


@dataclass
class Received:
    """One request as the server saw it."""

    method: str
    path: str
    host: str
    headers: dict[str, str]
    body: bytes  # empty when larger than KEPT_BODY_BYTES, so big uploads are not kept
    size: int


@dataclass
class ScriptedApp:
    """A Flask app that responds from per-route queues or handlers and records every request."""

    app: flask.Flask = field(default_factory=lambda: flask.Flask("scripted"))
    queues: dict[tuple[str, str], deque[Answer]] = field(default_factory=dict)
    handlers: dict[tuple[str, str], Handler] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        methods = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"]
        self.app.add_url_rule("/", "root", self._dispatch, methods=methods, defaults={"path": ""})
        self.app.add_url_rule("/<path:path>", "any", self._dispatch, methods=methods)

    def respond(self, method: str, path: str, *answers: Answer) -> None:
        """Queue responses for the next requests to ``method path``."""
        self.queues.setdefault((method, path), deque()).extend(answers)

    def handle(self, method: str, path: str, handler: Handler) -> None:
        """Respond to ``method path`` with ``handler(request)`` once its queue is empty."""
        self.handlers[(method, path)] = handler

    def hits(self, method: str, path: str) -> int:
        with self.lock:
            return sum(1 for r in self.received if r.method == method and r.path == path)

    def _dispatch(self, path: str) -> Any:
        request = flask.request
        key = (request.method, "/" + path)
        body = request.get_data()
        with self.lock:
            self.received.append(
                Received(
                    method=request.method,
                    path="/" + path,
                    host=request.headers.get("Host", ""),
                    headers=dict(request.headers),
                    body=body if len(body) <= KEPT_BODY_BYTES else b"",
                    size=len(body),
                )
            )
            queue = self.queues.get(key)
            answer = queue.popleft() if queue else None
        if answer is not None:
            status, body, headers = answer
            return flask.make_response(
                flask.jsonify(body) if body is not None else "", status, headers
            )
        handler = self.handlers.get(key)
        if handler is not None:
            return handler(request)
        return flask.jsonify({"path": "/" + path, "status": 404, "message": "no such route"}), 404


@dataclass
class LoopbackServer:
    """A Werkzeug server running in a thread on 127.0.0.1."""

    server: BaseWSGIServer
    thread: threading.Thread

    @property
    def port(self) -> int:
        return int(self.server.server_port)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start_server(app: flask.Flask, ssl_context: ssl.SSLContext | None = None) -> LoopbackServer:
    server = make_server("127.0.0.1", 0, app, threaded=True, ssl_context=ssl_context)
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.02},
        name="loopback-server",
        daemon=True,
    )
    thread.start()
    return LoopbackServer(server=server, thread=thread)


def server_tls_context(ca: trustme.CA, *names: str) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*names).configure_cert(context)
    return context


class ResettingServer:
    """A TCP server that resets the first ``resets`` connections, then answers 200.

    It reads the request head, then closes with SO_LINGER 0, which sends a
    TCP RST: the same failure a host gives that drops a request mid-flight.
    """

    def __init__(self, resets: int) -> None:
        self.resets = resets
        self.connections = 0
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.02)
        self._running = True
        self._thread = threading.Thread(target=self._serve, name="resetting-server", daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._socket.getsockname()[1])

    def stop(self) -> None:
        self._running = False
        self._thread.join(timeout=5)
        self._socket.close()

    def _serve(self) -> None:
        while self._running:
            try:
                connection, _address = self._socket.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(2)
                connection.recv(65536)
                self.connections += 1
                if self.connections <= self.resets:
                    connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    continue
                connection.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b'Content-Length: 11\r\nConnection: close\r\n\r\n{"ok":true}'
                )


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_pem(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture(scope="session")
def planned_tls(ca: trustme.CA) -> ssl.SSLContext:
    """A server TLS context whose certificate lists every planned address."""
    return server_tls_context(ca, *PLANNED_ADDRESSES)


@pytest.fixture
def scripted() -> ScriptedApp:
    return ScriptedApp()


@pytest.fixture
def sim_servers(
    scripted: ScriptedApp, planned_tls: ssl.SSLContext
) -> Iterator[tuple[LoopbackServer, LoopbackServer]]:
    """The scripted app on plain HTTP and on TLS with a certificate for the planned addresses."""
    plain = start_server(scripted.app)
    secure = start_server(scripted.app, planned_tls)
    yield plain, secure
    plain.stop()
    secure.stop()


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(speed=None)


@pytest.fixture
def redactor() -> Redactor:
    return Redactor([PLAN_PASSWORD])


@pytest.fixture
def recorder(redactor: Redactor) -> HarRecorder:
    return HarRecorder(redactor=redactor)


@pytest.fixture
def retry_policy() -> RetryPolicy:
    return RetryPolicy(max_attempts=4, initial_wait=1.0, max_wait=8.0, jitter=0.5, deadline=120.0)


@pytest.fixture
def transport(
    sim_servers: tuple[LoopbackServer, LoopbackServer],
    ca_pem: Path,
    clock: VirtualClock,
    recorder: HarRecorder,
    redactor: Redactor,
    retry_policy: RetryPolicy,
) -> SimTransport:
    plain, secure = sim_servers
    return SimTransport(
        http_port=plain.port,
        https_port=secure.port,
        ca_pem=ca_pem,
        clock=clock,
        recorder=recorder,
        redactor=redactor,
        retry_policy=retry_policy,
    )
