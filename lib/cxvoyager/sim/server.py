"""Loopback HTTP and HTTPS listeners for the simulator (Werkzeug's threaded server).

The TLS certificate is issued at start by a throwaway CA (``trustme``) for
every planned address plus 127.0.0.1 and localhost. A client that connects to
loopback but verifies the planned address as server name therefore succeeds,
as it would against the real machine with a trusted certificate.
"""

from __future__ import annotations

import logging
import ssl
import threading
from pathlib import Path

import trustme
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

logger = logging.getLogger(__name__)


class Listener:
    """One Werkzeug server running in a daemon thread."""

    def __init__(self, app: Flask, *, port: int, ssl_context: ssl.SSLContext | None) -> None:
        self.server: BaseWSGIServer = make_server(
            "127.0.0.1", port, app, threaded=True, ssl_context=ssl_context
        )
        self.port = self.server.server_port
        # A short poll interval lets stop() return in about 0.1 s instead of 0.5-1 s.
        self.thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"cxvoyager-sim-{self.port}",
            daemon=True,
        )

    def start(self) -> None:
        """Start serving in the background."""
        self.thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def issue_certificate(addresses: list[str], ca_path: Path) -> ssl.SSLContext:
    """Create a CA, write its certificate to ``ca_path``; return a TLS context for ``addresses``."""
    authority = trustme.CA(organization_name="CXVoyager simulator")
    names = [*addresses, "127.0.0.1", "localhost"]
    server_cert = authority.issue_cert(*names, common_name="cxvoyager-sim")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_cert.configure_cert(context)
    ca_path.parent.mkdir(parents=True, exist_ok=True)
    authority.cert_pem.write_to_path(str(ca_path))
    return context
