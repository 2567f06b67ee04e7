"""Run commands on a machine over SSH (paramiko), with password login.

Used where no HTTP API exists: rotating node passwords, running the
CloudTower installer inside its VM, reading time offsets. Host keys are
trusted on first use and pinned, like TLS certificates in live mode: a key
that changes later fails the connection.

Each command runs on a connection of its own. Waits that poll a log for
twenty minutes then survive idle-connection cuts by firewalls, and servers
that take one command per connection work as well.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from types import TracebackType

import paramiko

from cxvoyager.clients.transport import CertificatePins
from cxvoyager.errors import ApiError, CertificateChangedError, TransportError
from cxvoyager.i18n import t

logger = logging.getLogger(__name__)

SERVICE = "ssh"
CONNECT_TIMEOUT = 15.0  # seconds to open TCP and finish the SSH handshake
COMMAND_TIMEOUT = 120.0  # seconds a command may run before the channel is abandoned


class SshAuthError(ApiError):
    """The machine rejected the user name or password."""


@dataclass(frozen=True)
class CommandResult:
    """The output and exit status of a remote command."""

    command: str
    exit_code: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        """Tell whether the command exited with status 0."""
        return self.exit_code == 0


# paramiko ships no type hints, so mypy types its classes as Any.
class _PinningPolicy(paramiko.MissingHostKeyPolicy):  # type: ignore[misc]
    """Accept a host key seen for the first time and record its SHA-256 fingerprint."""

    def __init__(self, pins: CertificatePins, endpoint: str) -> None:
        self.pins = pins
        self.endpoint = endpoint

    def missing_host_key(
        self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey
    ) -> None:
        fingerprint = hashlib.sha256(key.asbytes()).hexdigest()
        known = self.pins.get(self.endpoint)
        if known is None:
            self.pins.set(self.endpoint, fingerprint)
            return
        if known != fingerprint:
            message = t(
                "stages.ssh.key_changed", endpoint=self.endpoint, old=known, new=fingerprint
            )
            raise CertificateChangedError(message, endpoint=self.endpoint)


class SshClient:
    """One SSH connection to a machine.

    Args:
        address: the machine's planned address (names the machine in logs and pins).
        username: the login user.
        password: the login password.
        pins: where host-key fingerprints are kept.
        connect_host: where to connect; the simulator's loopback address in
            sim mode, ``address`` itself in live mode.
        port: the TCP port to connect to.
    """

    def __init__(
        self,
        *,
        address: str,
        username: str,
        password: str,
        pins: CertificatePins,
        connect_host: str | None = None,
        port: int = 22,
    ) -> None:
        self.address = address
        self.username = username
        self._password = password
        self._host = connect_host or address
        self._port = port
        self._pins = pins
        self._client: paramiko.SSHClient | None = None

    def __enter__(self) -> SshClient:
        self.connect()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def connect(self) -> None:
        """Open the connection and log in (``run`` does this itself for each command).

        Raises:
            SshAuthError: the password was rejected.
            TransportError: no connection could be made.
        """
        self.close()
        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(_PinningPolicy(self._pins, f"ssh://{self.address}"))
        try:
            client.connect(
                self._host,
                port=self._port,
                username=self.username,
                password=self._password,
                timeout=CONNECT_TIMEOUT,
                banner_timeout=CONNECT_TIMEOUT,
                auth_timeout=CONNECT_TIMEOUT,
                allow_agent=False,
                look_for_keys=False,
            )
        except paramiko.AuthenticationException as exc:
            client.close()
            message = t("stages.ssh.auth", user=self.username, address=self.address)
            raise SshAuthError(message, service=SERVICE, url=f"ssh://{self.address}") from exc
        except (OSError, paramiko.SSHException) as exc:
            client.close()
            message = t(
                "stages.ssh.connect", address=self.address, reason=str(exc) or type(exc).__name__
            )
            raise TransportError(message, service=SERVICE, url=f"ssh://{self.address}") from exc
        self._client = client
        logger.info("ssh: logged in to %s as %s", self.address, self.username)

    def run(self, command: str, *, timeout: float = COMMAND_TIMEOUT) -> CommandResult:
        """Run ``command`` on a fresh connection and return its exit status and output.

        Raises:
            SshAuthError: the password was rejected.
            TransportError: no connection, a broken connection, or the command did not end in time.
        """
        self.connect()
        client = self._connected()
        try:
            _stdin, stdout, stderr = client.exec_command(command, timeout=timeout)
            out = stdout.read().decode("utf-8", "replace")
            err = stderr.read().decode("utf-8", "replace")
            code = stdout.channel.recv_exit_status()
        except (OSError, EOFError, paramiko.SSHException) as exc:
            reason = str(exc) or type(exc).__name__
            message = t("stages.ssh.command", address=self.address, reason=reason)
            raise TransportError(message, service=SERVICE, url=f"ssh://{self.address}") from exc
        finally:
            self.close()
        # Only the program name is logged: arguments may carry a password (chpasswd).
        program = command.split()[0] if command else ""
        logger.info("ssh %s: %s -> exit %d", self.address, program, code)
        return CommandResult(command=command, exit_code=code, stdout=out, stderr=err)

    def close(self) -> None:
        """Close the connection."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def _connected(self) -> paramiko.SSHClient:
        if self._client is None:
            self.connect()
        assert self._client is not None  # noqa: S101  (connect() sets it or raises)
        return self._client
