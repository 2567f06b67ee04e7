"""Stage 03 node passwords: make the planned SSH password (主机规划!K) work on every node.

Deployment sets the nodes' ``root`` and ``smartx`` passwords from the
payload, which carries the planned password. Where the planned password does
not log in (a node deployed by another tool keeps the factory default), the
step logs in with the factory default and changes both accounts with
``chpasswd``.
"""

from __future__ import annotations

import logging
import shlex
from collections.abc import Callable

from cxvoyager.clients.ssh import CommandResult, SshAuthError, SshClient
from cxvoyager.delivery.cluster_config import Change
from cxvoyager.errors import CXVoyagerError
from cxvoyager.i18n import t
from cxvoyager.plan.model import HostPlan

logger = logging.getLogger(__name__)

# NOTE: the factory password of the ``smartx`` account on SMTX OS 6.x nodes,
# as vendor documentation states it; it is never a plan secret.
FACTORY_NODE_PASSWORD = "P@ssw0rd!123"  # noqa: S105
ROTATED_ACCOUNTS = ("smartx", "root")

Connect = Callable[[str, str, str], SshClient]


class PasswordChangeError(CXVoyagerError):
    """A node did not accept the new password."""


def check_login(connect: Connect, host: HostPlan) -> str | None:
    """Log in with the planned password and return the node's host name, or None when rejected.

    Raises:
        TransportError: the node does not respond on SSH.
    """
    address = str(host.management_ip)
    try:
        with connect(address, host.ssh_user, host.ssh_password.get_secret_value()) as client:
            return client.run("hostname").stdout.strip()
    except SshAuthError:
        return None


def ensure_host_password(connect: Connect, host: HostPlan) -> Change:
    """Make the planned password log in as the SSH user of ``host``.

    Raises:
        PasswordChangeError: ``chpasswd`` failed, or the new password still does not log in.
        SshAuthError: neither the planned nor the factory password logs in.
        TransportError: the node does not respond on SSH.
    """
    hostname = check_login(connect, host)
    if hostname is not None:
        return Change(False, hostname, hostname)

    address, planned = str(host.management_ip), host.ssh_password.get_secret_value()
    with connect(address, host.ssh_user, FACTORY_NODE_PASSWORD) as client:
        for account in ROTATED_ACCOUNTS:
            _require_ok(
                host, client.run(f"echo {shlex.quote(f'{account}:{planned}')} | sudo chpasswd")
            )
    logger.info("node %s: passwords of %s changed", host.hostname, ", ".join(ROTATED_ACCOUNTS))

    hostname = check_login(connect, host)
    if hostname is None:
        raise PasswordChangeError(t("stages.password.still_rejected", host=host.hostname))
    return Change(True, "factory", hostname)


def _require_ok(host: HostPlan, result: CommandResult) -> None:
    if not result.ok:
        raise PasswordChangeError(
            t(
                "stages.password.chpasswd",
                host=host.hostname,
                code=result.exit_code,
                stderr=result.stderr.strip()[:200],
            )
        )
