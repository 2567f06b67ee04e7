import socket

import pytest

from cxvoyager import netguard


@pytest.mark.parametrize("address", ["10.0.20.11", "192.168.1.1", "172.16.0.1", "8.8.8.8"])
def test_guard_blocks_non_loopback(address: str) -> None:
    with socket.socket() as sock, pytest.raises(netguard.NonLoopbackConnectionError):
        sock.connect((address, 80))


def test_guard_allows_loopback() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
