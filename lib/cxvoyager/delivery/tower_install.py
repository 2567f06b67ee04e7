"""Stage 04 CloudTower installer: run it over SSH inside the CloudTower VM and watch its log.

The ISO leaves an installer in the VM; ``preinstall.sh`` prepares it and the
installer then runs in the background with its output in ``nohup.out`` in
the login user's home directory. The installation takes about 20 minutes
and ends with the line ``Install Operation Center Successfully``. Its log
does not exist for a moment after the start, which the wait tolerates.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from cxvoyager.clients.ssh import SshClient
from cxvoyager.clients.tower_graphql import TowerGraphQL
from cxvoyager.clients.waiting import wait_until
from cxvoyager.clock import Clock
from cxvoyager.errors import CXVoyagerError
from cxvoyager.i18n import t

logger = logging.getLogger(__name__)

# NOTE: the OS account the CloudTower ISO creates, with its factory password
# as vendor documentation states it; the plan does not set it.
TOWER_VM_USER = "cloudtower"
FACTORY_TOWER_VM_PASSWORD = "HC!r0cks"  # noqa: S105

PREINSTALL = "sudo /usr/share/smartx/tower/preinstall.sh"
INSTALL = "nohup sudo /usr/share/smartx/tower/installer/binary/installer deploy > nohup.out 2>&1 &"
READ_LOG = "cat nohup.out"
SUCCESS_MARKER = "Install Operation Center Successfully"
FAILURE_LINE = re.compile(r"\b(fail(ed|ure)?|error|fatal)\b", re.IGNORECASE)
INSTALL_TIMEOUT = 3600.0  # seconds; the installer takes about 20 minutes
LOG_GRACE = 180.0  # seconds the log may be missing after the start
SERVICE_TIMEOUT = 600.0  # seconds for HTTPS to respond after the installer finished


class InstallerError(CXVoyagerError):
    """The installer could not be started, or its log reports a failure."""


@dataclass(frozen=True)
class InstallerLog:
    """The installer log as read at one moment (``text`` is None while it does not exist)."""

    text: str | None

    @property
    def succeeded(self) -> bool:
        """Tell whether the log ends the installation successfully."""
        return self.text is not None and SUCCESS_MARKER in self.text

    def failure(self) -> str | None:
        """Return the first line that reports a failure, or None."""
        if self.text is None or self.succeeded:
            return None
        return next(
            (line.strip() for line in self.text.splitlines() if FAILURE_LINE.search(line)), None
        )

    def describe(self) -> str:
        """Return the last log line, for progress lines."""
        if self.text is None:
            return "nohup.out missing"
        lines = [line for line in self.text.splitlines() if line.strip()]
        return lines[-1][:120] if lines else "nohup.out empty"


def read_log(client: SshClient) -> InstallerLog:
    """Return the installer log (its text is None while the file does not exist).

    Raises:
        TransportError: the SSH connection failed.
    """
    result = client.run(READ_LOG)
    return InstallerLog(result.stdout if result.ok else None)


def start_installer(client: SshClient) -> None:
    """Run the preinstall script, then start the installer in the background.

    Raises:
        InstallerError: the preinstall script or the start failed.
        TransportError: the SSH connection failed.
    """
    for command in (PREINSTALL, INSTALL):
        result = client.run(command)
        if not result.ok:
            raise InstallerError(
                t(
                    "stages.tower.installer_start",
                    command=command.split(">")[0].strip(),
                    code=result.exit_code,
                    stderr=result.stderr.strip()[:300],
                )
            )
    logger.info("CloudTower installer started on %s", client.address)


def wait_for_installer(
    client: SshClient, *, clock: Clock, timeout: float = INSTALL_TIMEOUT
) -> InstallerLog:
    """Wait until the log reports success; a log missing past the grace period is a failure.

    Raises:
        TaskFailedError: the log reports a failure, or it never appeared.
        WaitTimeoutError: the installer ran past ``timeout`` seconds.
    """
    started = clock.now()

    def failed(log: InstallerLog) -> str | None:
        if log.text is None and clock.now() - started > LOG_GRACE:
            return t("stages.tower.no_log", seconds=int(LOG_GRACE))
        return log.failure()

    return wait_until(
        lambda: read_log(client),
        is_done=lambda log: log.succeeded,
        is_failed=failed,
        describe=InstallerLog.describe,
        what=t("stages.tower.installer_what", address=client.address),
        clock=clock,
        timeout=timeout,
        interval=60.0,  # seconds; the install takes about 20 minutes
        max_interval=120.0,
    )


def wait_for_service(
    graphql: TowerGraphQL, *, clock: Clock, timeout: float = SERVICE_TIMEOUT
) -> None:
    """Wait until CloudTower responds over HTTPS (a connection error counts as not yet).

    Raises:
        WaitTimeoutError: CloudTower did not respond in time.
    """
    wait_until(
        graphql.get_setup_state,
        is_done=lambda _state: True,
        what="CloudTower HTTPS",
        clock=clock,
        timeout=timeout,
        interval=10.0,
        max_interval=10.0,
    )
