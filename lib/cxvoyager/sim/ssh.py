"""The simulator's SSH server: one loopback listener per SSH-capable planned address.

Each planned address that a real SSH client would reach (host management
IPs, CloudTower and the other components, the test VM range) gets its own
port on 127.0.0.1; ``SSHServer.ports`` maps the planned address to that port.
A connection is kept only while the network table has port 22 open on the
address: otherwise the server closes it before the SSH banner, as close to a
refused connection as an already accepted socket allows.

Only password authentication and ``exec`` requests are served (no
interactive shell). Commands run through ``cxvoyager.sim.sshcommands`` with
the state lock held. A command that takes simulated time (fio, sleep, a
foreground installer) waits on the virtual clock with the lock released.
"""

from __future__ import annotations

import logging
import selectors
import socket
import threading
from pathlib import Path
from typing import Any

import paramiko

from cxvoyager.sim import network
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.sshcommands import execute, resolve_machine
from cxvoyager.sim.sshcommands.machines import password_matches

logger = logging.getLogger(__name__)

HOST_KEY_FILE = "ssh_host_rsa_key"
AUTH_TIMEOUT_SECONDS = 10.0
EXEC_WAIT_SECONDS = 10.0  # how long a client may take to send its exec request


def load_host_key(directory: Path | None) -> paramiko.PKey:
    """Return the simulator's RSA host key, generated once per state directory and kept there."""
    if directory is None:
        return paramiko.RSAKey.generate(2048)
    path = directory / HOST_KEY_FILE
    if path.exists():
        return paramiko.RSAKey.from_private_key_file(str(path))
    key = paramiko.RSAKey.generate(2048)
    directory.mkdir(parents=True, exist_ok=True)
    key.write_private_key_file(str(path))
    return key


def ssh_addresses(ctx: SimContext) -> list[str]:
    """List the planned addresses that get an SSH listener."""
    plan = ctx.plan
    addresses = [str(host.management_ip) for host in plan.hosts]
    addresses += [str(component.ip) for component in plan.components()]
    if plan.test_ip_range is not None:
        addresses += [str(address) for address in plan.test_ip_range.addresses()]
    return list(dict.fromkeys(addresses))


class _Session(paramiko.ServerInterface):  # type: ignore[misc]  # paramiko has no type hints
    """One SSH connection's authentication and channel requests."""

    def __init__(self, ctx: SimContext, address: str) -> None:
        self.ctx = ctx
        self.address = address
        self.user = ""
        self.command: bytes | None = None
        self.exec_requested = threading.Event()

    def get_allowed_auths(self, username: str) -> str:
        return "password"

    def check_auth_password(self, username: str, password: str) -> int:
        with self.ctx.store.lock:
            self.ctx.scheduler.run_due()
            machine = resolve_machine(self.ctx, self.address)
            accepted = machine is not None and password_matches(machine, username, password)
        if not accepted:
            logger.info("SSH login to %s as %s rejected", self.address, username)
            return int(paramiko.AUTH_FAILED)
        self.user = username
        return int(paramiko.AUTH_SUCCESSFUL)

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session":
            return int(paramiko.OPEN_SUCCEEDED)
        return int(paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED)

    def check_channel_pty_request(self, *_args: Any) -> bool:
        return True  # accepted and ignored: output is the same without a terminal

    def check_channel_env_request(self, *_args: Any) -> bool:
        return False

    def check_channel_shell_request(self, channel: paramiko.Channel) -> bool:
        return False  # no interactive shell: only exec

    def check_channel_exec_request(self, channel: paramiko.Channel, command: bytes) -> bool:
        self.command = command
        self.exec_requested.set()
        return True


class SSHServer:
    """Loopback SSH listeners for the planned addresses, served by one accept thread.

    Attributes:
        ports: planned address -> loopback port.
    """

    def __init__(self, ctx: SimContext, *, host_key: paramiko.PKey) -> None:
        self.ctx = ctx
        self.host_key = host_key
        self.ports: dict[str, int] = {}
        self._sockets: dict[socket.socket, str] = {}
        self._selector = selectors.DefaultSelector()
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._accept_loop, name="cxvoyager-sim-ssh", daemon=True
        )
        self._transports: list[paramiko.Transport] = []
        self._lock = threading.Lock()

    def start(self, addresses: list[str]) -> None:
        """Open one listener per address and start accepting."""
        for address in addresses:
            listener = socket.create_server(("127.0.0.1", 0))
            listener.setblocking(False)
            self._selector.register(listener, selectors.EVENT_READ)
            self._sockets[listener] = address
            self.ports[address] = listener.getsockname()[1]
        self._thread.start()
        logger.info("SSH listening for %d planned addresses", len(self.ports))

    def stop(self) -> None:
        """Stop accepting and close every listener and connection; later calls do nothing."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._thread.join(timeout=5)
        for listener in self._sockets:
            self._selector.unregister(listener)
            listener.close()
        self._selector.close()
        with self._lock:
            transports, self._transports = self._transports, []
        for transport in transports:
            transport.close()

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            for key, _events in self._selector.select(timeout=0.05):
                listener: socket.socket = key.fileobj  # type: ignore[assignment]
                try:
                    connection, _peer = listener.accept()
                except (BlockingIOError, OSError):
                    continue
                address = self._sockets[listener]
                threading.Thread(
                    target=self._serve,
                    args=(connection, address),
                    name=f"cxvoyager-sim-ssh-{address}",
                    daemon=True,
                ).start()

    def _port_open(self, address: str) -> bool:
        with self.ctx.store.lock:
            self.ctx.scheduler.run_due()
            return network.lookup(self.ctx.state, address, network.SSH_PORT) is not None

    def _serve(self, connection: socket.socket, address: str) -> None:
        connection.setblocking(True)
        if not self._port_open(address):
            logger.info("SSH connection to %s closed: port 22 is not open there", address)
            connection.close()
            return
        transport = paramiko.Transport(connection)
        transport.add_server_key(self.host_key)
        with self._lock:
            self._transports.append(transport)
        session = _Session(self.ctx, address)
        try:
            transport.start_server(server=session)
            channel = transport.accept(AUTH_TIMEOUT_SECONDS)
            if channel is None or not session.exec_requested.wait(EXEC_WAIT_SECONDS):
                return
            self._run(channel, session, address)
        except (paramiko.SSHException, EOFError, OSError) as exc:
            logger.info("SSH connection to %s ended: %s", address, exc)
        finally:
            transport.close()
            with self._lock:
                if transport in self._transports:
                    self._transports.remove(transport)

    def _run(self, channel: paramiko.Channel, session: _Session, address: str) -> None:
        command = (session.command or b"").decode("utf-8", errors="replace")
        output = execute(self.ctx, address, session.user, command)
        channel.sendall(output.stdout.encode())
        channel.sendall_stderr(output.stderr.encode())
        channel.send_exit_status(output.status)
        channel.shutdown_write()
        channel.close()


def start_ssh_server(ctx: SimContext) -> SSHServer:
    """Start the SSH server for every SSH-capable planned address and return it."""
    directory = ctx.store.path.parent if ctx.store.path is not None else None
    server = SSHServer(ctx, host_key=load_host_key(directory))
    server.start(ssh_addresses(ctx))
    return server
