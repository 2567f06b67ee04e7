"""CloudTower's database in the simulator state, and its first-boot accounts.

``state["tower"]`` holds everything CloudTower stores itself: ``installed``
(set by the CloudTower installer that the SSH service runs), users,
organizations, datacenters, connected clusters, tasks, sessions, settings,
uploads, packages and app instances. Hosts, VMs and alerts are not copied
here: CloudTower reads them from the shared records (``state["cluster"]``,
``state["alerts"]``) each time, as the real one syncs them from SMTX OS.
"""

from __future__ import annotations

from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower.ids import tower

# NOTE: CloudTower's factory password for `root` and for the ovm-operator
# service account; used when the plan gives no CloudTower web password.
DEFAULT_ROOT_PASSWORD = "HC!r0cks"  # noqa: S105 - vendor default, not a secret of ours
OVM_OPERATOR_USER = "o11y"

_COLLECTIONS = (
    "users",
    "organizations",
    "datacenters",
    "clusters",
    "tasks",
    "sessions",
    "cluster_settings",
    "upload_tasks",
    "packages",
    "apps",
    "ovm_uploads",
    "inspector_jobs",
    "inspector_exports",
    "alert_notifiers",
    "rack_topoes",
    "brick_topoes",
    "content_library_images",
    "content_library_vm_templates",
    "maintenance_prechecks",
)


def initialize(ctx: SimContext) -> None:
    """Create CloudTower's empty database: not installed, no root user yet."""
    document: dict[str, Any] = {"installed": False, "root_user_id": None, "ntp_service_url": ""}
    for name in _COLLECTIONS:
        document[name] = {}
    ctx.state["tower"] = document


def collection(ctx: SimContext, name: str) -> dict[str, dict[str, Any]]:
    """Return one of CloudTower's tables, keyed by id."""
    table: dict[str, dict[str, Any]] = tower(ctx.state).setdefault(name, {})
    return table


def root_password(ctx: SimContext) -> str:
    """Return the plain password of CloudTower's ``root`` user (plan value or factory default)."""
    component = ctx.plan.cloudtower
    if component is not None and component.web_password is not None:
        return component.web_password.get_secret_value()
    return DEFAULT_ROOT_PASSWORD


def is_installed(ctx: SimContext) -> bool:
    """Tell whether the CloudTower installer has finished on the CloudTower VM."""
    return bool(tower(ctx.state).get("installed"))


def user_by_name(ctx: SimContext, username: str) -> dict[str, Any] | None:
    """Return the user record named ``username``, or None."""
    for user in collection(ctx, "users").values():
        if user["username"] == username:
            return user
    return None
