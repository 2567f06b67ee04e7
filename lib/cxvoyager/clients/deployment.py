"""Client of the SMTX OS deployment API that uninitialized nodes serve.

Every node serves ``http://<management IP>/api/v2/deployment/...`` before
it belongs to a cluster; only ``deploy_verify`` is served over HTTPS. One
client talks to one node.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from cxvoyager.clients.http import ApiSession
from cxvoyager.clients.models import parse
from cxvoyager.clients.models.deployment import DeployStatus, DeployVerify, ScannedHost

logger = logging.getLogger(__name__)

SERVICE = "deployment"
BASE = "/api/v2/deployment"

# NOTE: how nodes check the deployment token is not documented: captured
# traffic always sends one fixed 32-hex value that came from the tool's
# configuration. The client sends a random value of that shape, made once per
# process, so nothing secret is hard-coded. A site that requires a specific
# value passes it as ``token``.
_PROCESS_TOKEN = secrets.token_hex(16)


class DeploymentClient:
    """Scan one node and deploy a cluster through it.

    Args:
        session: HTTP session to ``http://<node IP>``.
        secure_session: HTTPS session to ``https://<node IP>`` (``deploy_verify``).
        node_ip: the node's management IP, which ``deploy_status`` takes as a query.
        token: the ``x-smartx-token`` value.
    """

    def __init__(
        self,
        session: ApiSession,
        secure_session: ApiSession,
        *,
        node_ip: str,
        token: str = _PROCESS_TOKEN,
    ) -> None:
        self.session = session
        self.secure_session = secure_session
        self.node_ip = node_ip
        self._headers = {"x-smartx-token": token}

    def get_host(self) -> ScannedHost:
        """Return the node's inventory (hardware, NICs, disks, host uuid).

        Raises:
            ApiError: the node did not respond or responded with an error.
        """
        response = self.session.request(
            "GET", f"{BASE}/host", headers=self._headers, action="scan_host"
        )
        return parse(ScannedHost, response.json().get("data"), service=SERVICE, action="scan_host")

    def create_cluster(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Start deploying a cluster with ``payload``; return the response's ``data``.

        The call is never resent: a second deployment request to a node that
        already started one fails on the node.

        Raises:
            ApiError: the node rejected the payload or did not respond.
        """
        response = self.session.request(
            "POST",
            f"{BASE}/cluster",
            json=payload,
            headers=self._headers,
            idempotent=False,
            timeout=300,
            action="deploy_cluster",
        )
        data = response.json().get("data")
        return data if isinstance(data, dict) else {}

    def get_deploy_status(self) -> DeployStatus:
        """Return the progress of the deployment this node runs.

        A body with an ``error`` member ends the deployment: that member is
        copied into ``DeployStatus.error`` as text.

        Raises:
            ApiError: the node did not respond or responded with an error status.
        """
        response = self.session.request(
            "GET",
            f"{BASE}/host/deploy_status",
            params={"host_ip": self.node_ip},
            headers=self._headers,
            action="deploy_status",
        )
        body = response.json()
        status = parse(
            DeployStatus, body.get("data") or {}, service=SERVICE, action="deploy_status"
        )
        error = body.get("error")
        if error:
            status = status.model_copy(update={"error": _error_text(error)})
        return status

    def get_deploy_verify(self) -> DeployVerify:
        """Return whether the deployment succeeded (``is_deployed``).

        Raises:
            ApiError: the node did not respond or responded with an error.
        """
        response = self.secure_session.request(
            "GET", f"{BASE}/deploy_verify", headers=self._headers, action="deploy_verify"
        )
        return parse(
            DeployVerify, response.json().get("data"), service=SERVICE, action="deploy_verify"
        )


def _error_text(error: Any) -> str:
    if isinstance(error, dict):
        return str(error.get("msg") or error.get("message") or error)
    return str(error)
