"""A guard that fails any connection to an address outside loopback.

The planning workbooks are full of private addresses that belong to real
customer networks. In sim mode and in the project's own tests nothing may
connect to them, so ``install()`` wraps ``socket.socket.connect`` (and
``connect_ex`` and ``socket.create_connection``) and raises before any packet
leaves for a non-loopback address.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any

_original_connect: Callable[..., Any] | None = None
_original_connect_ex: Callable[..., Any] | None = None


class NonLoopbackConnectionError(ConnectionRefusedError):
    """A connection to an address outside 127.0.0.0/8 and ::1 was attempted."""


def is_loopback(host: str) -> bool:
    """Tell whether ``host`` is a loopback IP address (names are resolved by the caller)."""
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return host == "localhost"


def _check(address: Any) -> None:
    if isinstance(address, tuple) and address and isinstance(address[0], str):
        host = address[0]
        if not is_loopback(host):
            raise NonLoopbackConnectionError(
                f"blocked a connection to {host}: only loopback addresses may be used here"
            )


def install() -> None:
    """Install the guard; calling it again is harmless."""
    global _original_connect, _original_connect_ex
    if _original_connect is not None:
        return
    _original_connect = socket.socket.connect
    _original_connect_ex = socket.socket.connect_ex
    original_connect = _original_connect
    original_connect_ex = _original_connect_ex

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _check(address)
        return original_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _check(address)
        return original_connect_ex(self, address)

    socket.socket.connect = guarded_connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign,assignment]


def uninstall() -> None:
    """Restore the original socket functions."""
    global _original_connect, _original_connect_ex
    if _original_connect is None:
        return
    socket.socket.connect = _original_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _original_connect_ex  # type: ignore[method-assign,assignment]
    _original_connect = None
    _original_connect_ex = None
