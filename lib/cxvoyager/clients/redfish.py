"""Client of a server's BMC through Redfish: read and change the power state.

BMC vendors name their system differently (``1``, ``System.Embedded.1``,
``Self``), so the client discovers it through ``/redfish/v1/Systems`` and
posts resets to the target the system itself advertises. Authentication is
HTTP Basic with the BMC account of 主机规划!F:G.
"""

from __future__ import annotations

import base64
import logging

from cxvoyager.clients.http import ApiSession
from cxvoyager.clients.models import parse
from cxvoyager.clients.models.redfish import ComputerSystem
from cxvoyager.clients.waiting import wait_until
from cxvoyager.clock import Clock
from cxvoyager.errors import ResponseError
from cxvoyager.i18n import t

logger = logging.getLogger(__name__)

SERVICE = "redfish"
POWER_TIMEOUT = 600.0  # seconds for a server to reach the requested power state


class RedfishClient:
    """The Redfish service of one BMC.

    Args:
        session: HTTPS session to ``https://<BMC IP>``.
        username: the BMC user.
        password: the BMC password.
        clock: the clock power waits go through.
    """

    def __init__(self, session: ApiSession, *, username: str, password: str, clock: Clock) -> None:
        self.session = session
        self.clock = clock
        credentials = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        self._headers = {"Authorization": f"Basic {credentials}"}
        self._system_path: str | None = None

    def get_system(self) -> ComputerSystem:
        """Return the server this BMC manages (the first of ``/redfish/v1/Systems``).

        Raises:
            ApiError: the BMC rejected the credentials or did not respond.
            ResponseError: the BMC lists no system.
        """
        if self._system_path is None:
            self._system_path = self._discover_system()
        response = self.session.request(
            "GET", self._system_path, headers=self._headers, action="get_system"
        )
        return parse(ComputerSystem, response.json(), service=SERVICE, action="get_system")

    def reset(self, reset_type: str) -> None:
        """Request a power change (``On``, ``ForceOff``, ``GracefulShutdown``, ``ForceRestart``...).

        Raises:
            ApiError: the BMC rejected the request.
            ResponseError: the system offers no reset action or not this reset type.
        """
        system = self.get_system()
        action = system.actions.reset
        if action is None or (action.allowed and reset_type not in action.allowed):
            allowed = ", ".join(action.allowed) if action else "-"
            message = t("stages.redfish.reset_type", type=reset_type, allowed=allowed)
            raise ResponseError(message, service=SERVICE)
        self.session.request(
            "POST",
            action.target,
            json={"ResetType": reset_type},
            headers=self._headers,
            ok=(200, 202, 204),
            idempotent=False,
            action="reset_system",
        )
        logger.info("BMC %s: reset %s requested", self.session.base_url, reset_type)

    def wait_for_power(self, state: str, *, timeout: float = POWER_TIMEOUT) -> ComputerSystem:
        """Wait until the server's ``PowerState`` is ``state`` (``On`` or ``Off``).

        Raises:
            WaitTimeoutError: the state was not reached in time.
        """
        return wait_until(
            self.get_system,
            is_done=lambda system: system.power_state == state,
            describe=lambda system: system.power_state,
            what=f"BMC {self.session.base_url} {state}",
            clock=self.clock,
            timeout=timeout,
            interval=5.0,
        )

    def _discover_system(self) -> str:
        response = self.session.request(
            "GET", "/redfish/v1/Systems", headers=self._headers, action="list_systems"
        )
        members = response.json().get("Members") or []
        if not members:
            raise ResponseError(
                t("stages.redfish.no_system", bmc=self.session.base_url), service=SERVICE
            )
        return str(members[0]["@odata.id"])
