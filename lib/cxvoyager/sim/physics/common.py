"""Lookups and network bookkeeping shared by the physics modules.

Physics state that no other service reads lives in ``state["physics"]``:
``hosts`` {management_ip: {``saved_ports``, ``status_before_off``,
``down_since``, ``boot_id``}}, ``vms`` {uuid: {``boot_id``,
``saved_ports``}}, ``maintenance`` {host_uuid: {...}}.
"""

from __future__ import annotations

from typing import Any

from cxvoyager.sim import network, records

# A VM's guest agent reports this until the guest has booted again.
# NOTE: the captured examples show only "Running"; this other value is a guess.
GA_NOT_RUNNING = "Unknown"
GA_RUNNING = "Running"


class PhysicsError(ValueError):
    """An operation the simulated site rejects, as the real cluster would.

    Attributes:
        reason: a stable code the calling service maps to its own error body
            (``vm_not_found``, ``host_not_found``, ``vm_not_running``,
            ``host_unavailable``, ``same_host``, ``no_target_host``,
            ``cluster_unhealthy``, ``host_not_in_maintenance``).
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def physics_state(state: dict[str, Any]) -> dict[str, Any]:
    """Return ``state["physics"]`` with its sections, creating them on first use."""
    section: dict[str, Any] = state.setdefault("physics", {})
    for name in ("hosts", "vms", "maintenance"):
        section.setdefault(name, {})
    return section


def cluster_hosts(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return the cluster's host records by host uuid (empty before deployment)."""
    cluster = records.cluster(state)
    return {} if cluster is None else cluster.setdefault("hosts", {})


def host_by_uuid(state: dict[str, Any], host_uuid: str) -> dict[str, Any]:
    """Return the cluster host ``host_uuid``.

    Raises:
        PhysicsError: no such host in the cluster.
    """
    host = cluster_hosts(state).get(host_uuid)
    if host is None:
        raise PhysicsError("host_not_found", f"host {host_uuid} is not a member of the cluster")
    return host


def host_by_ip(state: dict[str, Any], management_ip: str) -> dict[str, Any] | None:
    """Return the cluster host whose management IP is ``management_ip``, or None."""
    return next(
        (
            host
            for host in cluster_hosts(state).values()
            if host.get("management_ip") == management_ip
        ),
        None,
    )


def vm_by_uuid(state: dict[str, Any], vm_uuid: str) -> dict[str, Any]:
    """Return the VM ``vm_uuid``.

    Raises:
        PhysicsError: no such VM.
    """
    vm = records.vms(state).get(vm_uuid)
    if vm is None:
        raise PhysicsError("vm_not_found", f"VM {vm_uuid} does not exist")
    return vm


def running_vms_on(state: dict[str, Any], management_ip: str) -> list[dict[str, Any]]:
    """List the running VMs placed on the host with ``management_ip``, in name order."""
    placed = [
        vm
        for vm in records.vms(state).values()
        if vm.get("node_ip") == management_ip and vm.get("status") == "running"
    ]
    return sorted(placed, key=lambda vm: (vm.get("vm_name", ""), vm["uuid"]))


def pick_target_host(state: dict[str, Any], *, exclude: set[str]) -> dict[str, Any] | None:
    """Choose the running host with the fewest running VMs, skipping ``exclude`` (management IPs).

    Ties go to the lower hostname, so placement is deterministic.
    """
    candidates = [
        host
        for host in cluster_hosts(state).values()
        if host.get("status") == "running" and host.get("management_ip") not in exclude
    ]
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda host: (
            len(running_vms_on(state, host["management_ip"])),
            host.get("hostname", ""),
        ),
    )


def vm_addresses(state: dict[str, Any], vm: dict[str, Any]) -> list[str]:
    """List the addresses of a VM's guest.

    They are ``guest_ip``, every NIC ``ip_address`` and, for the CloudTower and
    app VMs, the network entries whose kind is the VM's role (an installed
    app attaches its planned address under its own id, not the VM's uuid).
    """
    addresses = [vm.get("guest_ip")] + [nic.get("ip_address") for nic in vm.get("nics", [])]
    role = vm.get("role") or ""
    if role == "cloudtower" or role.startswith("app:"):
        addresses += [
            address for address, entry in network.entries(state).items() if entry["kind"] == role
        ]
    return list(dict.fromkeys(address for address in addresses if address))


def take_down(state: dict[str, Any], addresses: list[str]) -> dict[str, dict[str, Any]]:
    """Close every port of ``addresses`` and make them unreachable by ping; return what was open."""
    saved: dict[str, dict[str, Any]] = {}
    table = network.entries(state)
    for address in addresses:
        entry = table.get(address)
        if entry is None:
            continue
        saved[address] = {"ports": list(entry["ports"]), "pingable": bool(entry.get("pingable"))}
        entry["ports"] = []
        entry["pingable"] = False
    return saved


def bring_up(state: dict[str, Any], saved: dict[str, dict[str, Any]]) -> None:
    """Reopen what ``take_down`` closed, on the addresses still attached."""
    table = network.entries(state)
    for address, opened in saved.items():
        entry = table.get(address)
        if entry is None:
            continue
        entry["ports"] = sorted(set(entry["ports"]) | set(opened["ports"]))
        entry["pingable"] = bool(entry.get("pingable")) or opened["pingable"]


def storage(state: dict[str, Any]) -> dict[str, Any] | None:
    """Return the cluster's storage record with its health fields, or None before deployment."""
    cluster = records.cluster(state)
    if cluster is None:
        return None
    record: dict[str, Any] = cluster.setdefault("storage", {})
    record.setdefault("replicas_healthy", True)
    record.setdefault("recovering_bytes", 0)
    return record
