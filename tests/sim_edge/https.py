"""HTTPS to a planned address through the simulator's loopback port, with verified TLS."""

from __future__ import annotations

import base64
import json
from typing import Any

import urllib3

from cxvoyager.sim import SimEndpoints


class PlannedHTTPS:
    """Send requests to ``address`` as a real client would, over the simulator's TLS port.

    The TCP connection goes to 127.0.0.1; TLS verifies the simulator's
    certificate for the planned address, and the Host header names it.
    """

    def __init__(self, endpoints: SimEndpoints, address: str) -> None:
        self.address = address
        self.pool = urllib3.HTTPSConnectionPool(
            "127.0.0.1",
            endpoints.https_port,
            ca_certs=str(endpoints.ca_pem),
            server_hostname=address,
            assert_hostname=address,
            retries=False,
        )

    def request(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        auth: tuple[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> urllib3.BaseHTTPResponse:
        sent = {"Host": self.address, "Accept": "application/json", **(headers or {})}
        if auth is not None:
            sent["Authorization"] = "Basic " + base64.b64encode(":".join(auth).encode()).decode()
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            sent["Content-Type"] = "application/json"
        return self.pool.request(method, path, body=data, headers=sent)


def body_of(response: urllib3.BaseHTTPResponse) -> Any:
    return json.loads(response.data.decode() or "null")
