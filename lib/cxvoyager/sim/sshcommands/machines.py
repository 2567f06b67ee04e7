"""The machine behind an SSH address: its kind, accounts and files.

Accounts are the live dictionaries of the state document, so a password
changed with ``chpasswd`` is what the next login checks:

- node: ``state["nodes"][ip]["passwords"]``;
- CloudTower VM: the VM record's ``passwords``, which start as the ISO's
  ``cloudtower`` account (``CLOUDTOWER_DEFAULT_PASSWORD``);
- test VM (``guest``): the VM record's ``passwords`` (set from cloud-init);
- app VM (``app:<kind>``): the VM record's ``passwords``, which start as the
  plan's SSH account of that component.

Files a command writes (``echo x > f``, the installer's ``nohup.out``) live in
``state["guest_files"][address][path]`` as ``{"text": ...}`` or, for a log that
grows over time, ``{"source": "tower.install"}``.
"""

from __future__ import annotations

import hmac
import posixpath
from dataclasses import dataclass
from typing import Any

from cxvoyager.sim import network, records
from cxvoyager.sim.context import SimContext

# The CloudTower ISO's factory password of the OS user ``cloudtower``.
# NOTE: SmartX fixes it in the ISO; change it here only if a newer ISO does.
CLOUDTOWER_OS_USER = "cloudtower"
CLOUDTOWER_DEFAULT_PASSWORD = "HC!r0cks"  # noqa: S105 - the vendor's published default


@dataclass
class Machine:
    """A simulated machine reached over SSH.

    Attributes:
        address: the planned address the client connected to.
        kind: ``node``, ``cloudtower``, ``guest`` or ``app:<kind>``.
        accounts: user -> password, the live record in the state document.
        node: the node record for a host, else None.
        vm: the VM record for a VM, else None.
    """

    address: str
    kind: str
    hostname: str
    accounts: dict[str, str]
    node: dict[str, Any] | None = None
    vm: dict[str, Any] | None = None

    def home(self, user: str) -> str:
        """Return the home directory of ``user``."""
        return "/root" if user == "root" else f"/home/{user}"


def _vm_with_role(state: dict[str, Any], role: str) -> dict[str, Any] | None:
    return next((vm for vm in records.vms(state).values() if vm.get("role") == role), None)


def _vm_machine(ctx: SimContext, address: str, kind: str, vm: dict[str, Any]) -> Machine:
    defaults: dict[str, str] = {}
    if kind == "cloudtower":
        defaults = {CLOUDTOWER_OS_USER: CLOUDTOWER_DEFAULT_PASSWORD}
    elif kind.startswith("app:"):
        component = next((c for c in ctx.plan.components() if str(c.ip) == address), None)
        if component is not None and component.ssh_user and component.ssh_password:
            defaults = {component.ssh_user: component.ssh_password.get_secret_value()}
    if "passwords" not in vm:
        vm["passwords"] = defaults
    return Machine(address, kind, str(vm.get("vm_name", "localhost")), vm["passwords"], vm=vm)


def resolve_machine(ctx: SimContext, address: str) -> Machine | None:
    """Return the machine that plays ``address`` now, or None when none accepts SSH logins."""
    entry = network.entries(ctx.state).get(address)
    if entry is None:
        return None
    kind = entry["kind"]
    if kind == "node":
        node = ctx.state.get("nodes", {}).get(address)
        if node is None:
            return None
        planned = next((h for h in ctx.plan.hosts if str(h.management_ip) == address), None)
        hostname = node.get("hostname") or (planned.hostname if planned else "localhost")
        return Machine(address, kind, hostname, node.setdefault("passwords", {}), node=node)
    vm: dict[str, Any] | None = None
    if kind == "guest":
        vm = records.vms(ctx.state).get(entry["key"])
    elif kind == "cloudtower" or kind.startswith("app:"):
        vm = _vm_with_role(ctx.state, kind)
    return None if vm is None else _vm_machine(ctx, address, kind, vm)


def password_matches(machine: Machine, user: str, password: str) -> bool:
    """Tell whether ``password`` is the current password of ``user`` on ``machine``."""
    expected = machine.accounts.get(user)
    return expected is not None and hmac.compare_digest(expected.encode(), password.encode())


def files(ctx: SimContext, address: str) -> dict[str, dict[str, Any]]:
    """Return the files commands wrote on ``address``, by absolute path."""
    table: dict[str, dict[str, dict[str, Any]]] = ctx.state.setdefault("guest_files", {})
    return table.setdefault(address, {})


def absolute(machine: Machine, user: str, path: str) -> str:
    """Resolve ``path`` against the login user's home directory (the exec working directory)."""
    return posixpath.normpath(posixpath.join(machine.home(user), path))
