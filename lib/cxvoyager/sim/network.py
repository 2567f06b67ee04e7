"""The simulator's view of the network: which planned address accepts connections on which port.

``state["network"][address]`` contains ``{"kind", "key", "ports"}``: what plays
the address (``node``, ``storage``, ``vip``, ``bmc``, ``cloudtower``,
``app:<kind>``, ``guest``), which plan object it is (host index, component
kind, VM id) and the TCP ports that accept connections now. Services add and
change entries as the real system changes: a deployed node opens 443, a
configured VIP appears, an installed CloudTower opens 443. Stage 01's network
prechecks ask this table instead of probing real addresses.
"""

from __future__ import annotations

from typing import Any

SCHEME_PORTS = {"http": 80, "https": 443}
SSH_PORT = 22
IPMI_PORT = 623


def entries(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return the network table, creating it on first use."""
    table: dict[str, dict[str, Any]] = state.setdefault("network", {})
    return table


def attach(state: dict[str, Any], address: str, *, kind: str, key: str, ports: list[int]) -> None:
    """Attach ``address`` as ``kind``/``key`` listening on ``ports`` (replaces an older entry)."""
    entries(state)[address] = {"kind": kind, "key": key, "ports": sorted(set(ports))}


def open_ports(state: dict[str, Any], address: str, *ports: int) -> None:
    """Open more ports on an attached address."""
    entry = entries(state)[address]
    entry["ports"] = sorted(set(entry["ports"]) | set(ports))


def close_ports(state: dict[str, Any], address: str, *ports: int) -> None:
    """Close ports on an attached address (a powered-off host closes all of them)."""
    entry = entries(state).get(address)
    if entry is not None:
        entry["ports"] = sorted(set(entry["ports"]) - set(ports))


def detach(state: dict[str, Any], address: str) -> None:
    """Remove ``address`` from the network (a deleted VM)."""
    entries(state).pop(address, None)


def lookup(state: dict[str, Any], address: str, port: int) -> dict[str, Any] | None:
    """Return the entry listening on ``address``:``port``, or None when nothing listens there."""
    entry = entries(state).get(address)
    if entry is None or port not in entry["ports"]:
        return None
    return entry


def in_use(state: dict[str, Any], address: str) -> bool:
    """Tell whether anything is up at ``address``: what a ping would show."""
    entry = entries(state).get(address)
    return entry is not None and bool(entry["ports"] or entry.get("pingable"))
