"""CloudTower users, roles, organizations, datacenters and its own licence."""

from __future__ import annotations

import uuid
from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import store
from cxvoyager.sim.tower.errors import TowerError, bad_input
from cxvoyager.sim.tower.ids import iso, mirrored_cuid, new_cuid, tower

# CloudTower's preset roles (``UserRolePreset``) with the platform they govern.
PRESET_ROLES = (
    "ADMIN",
    "AUDITOR",
    "READ_ONLY",
    "ROOT",
    "USER_ADMIN",
    "VM_USER",
    "WORKLOAD_CLUSTER_USER",
)
_LEGACY_ROLE = {"ADMIN": "ADMIN", "ROOT": "ROOT", "READ_ONLY": "READ_ONLY"}


def role_views(ctx: SimContext) -> list[dict[str, Any]]:
    """Return the preset ``UserRoleNext`` objects."""
    return [
        {
            "id": mirrored_cuid(ctx, "role", name),
            "name": name,
            "preset": name,
            "platform": "MANAGEMENT",
            "actions": ["*"] if name in ("ADMIN", "ROOT") else [],
        }
        for name in PRESET_ROLES
    ]


def create_user(
    ctx: SimContext,
    *,
    username: str,
    password: str,
    role: str,
    name: str | None = None,
    source: str = "LOCAL",
    email: str | None = None,
) -> dict[str, Any]:
    """Add a user; raise 400 when ``username`` is taken."""
    if store.user_by_name(ctx, username) is not None:
        raise bad_input("sim.tower.duplicate", kind="User", name=username)
    user: dict[str, Any] = {
        "id": new_cuid(ctx),
        "username": username,
        "name": name or username,
        "display_username": username,
        "role": role,
        "source": source,
        "password": password,
        "email_address": email,
        "created": ctx.clock.now(),
    }
    store.collection(ctx, "users")[user["id"]] = user
    return user


def create_root_user(ctx: SimContext, *, password: str, encoded: bool) -> dict[str, Any]:
    """Create CloudTower's ``root`` user at first boot.

    An encoded password cannot be decoded (see ``auth``), so ``root`` then
    gets the plain password the plan sets for CloudTower, which is the value
    the encoded form carries in every captured delivery.

    Raises:
        TowerError: 400 when the root user exists already.
    """
    document = tower(ctx.state)
    if document.get("root_user_id"):
        raise TowerError(400, "sim.tower.root_exists")
    plain = store.root_password(ctx) if encoded else password
    user = create_user(ctx, username="root", password=plain, role="ROOT", name="root")
    document["root_user_id"] = user["id"]
    return user


def user_view(ctx: SimContext, user: dict[str, Any]) -> dict[str, Any]:
    """Return the CloudTower ``User`` object of a user record."""
    role_id = mirrored_cuid(ctx, "role", user["role"])
    return {
        "id": user["id"],
        "username": user["username"],
        "name": user["name"],
        "display_username": user["display_username"],
        "source": user["source"],
        "role": _LEGACY_ROLE.get(user["role"]),
        "internal": False,
        "email_address": user.get("email_address"),
        "mobile_phone": None,
        "password_expired": False,
        "roles": [{"id": role_id, "name": user["role"]}],
    }


def role_name(ctx: SimContext, role_id: str) -> str:
    """Return the preset role name of ``role_id``; raise 404 for an unknown id."""
    for role in role_views(ctx):
        if role["id"] == role_id:
            return str(role["name"])
    raise TowerError(404, "sim.tower.not_found", kind="UserRoleNext", where=role_id)


def create_organization(ctx: SimContext, name: str) -> dict[str, Any]:
    """Add an organization; raise 400 when the name is taken."""
    organizations = store.collection(ctx, "organizations")
    if any(org["name"] == name for org in organizations.values()):
        raise bad_input("sim.tower.duplicate", kind="Organization", name=name)
    organization = {"id": new_cuid(ctx), "name": name}
    organizations[organization["id"]] = organization
    return organization


def organization_view(ctx: SimContext, organization: dict[str, Any]) -> dict[str, Any]:
    """Return the CloudTower ``Organization`` object, with its datacenters."""
    datacenters = [
        {"id": dc["id"], "name": dc["name"]}
        for dc in store.collection(ctx, "datacenters").values()
        if dc["organization_id"] == organization["id"]
    ]
    return {"id": organization["id"], "name": organization["name"], "datacenters": datacenters}


def create_datacenter(ctx: SimContext, *, name: str, organization_id: str) -> dict[str, Any]:
    """Add a datacenter to an organization; raise 404/400 for a bad organization or name."""
    if organization_id not in store.collection(ctx, "organizations"):
        raise TowerError(404, "sim.tower.not_found", kind="Organization", where=organization_id)
    datacenters = store.collection(ctx, "datacenters")
    if any(dc["name"] == name for dc in datacenters.values()):
        raise bad_input("sim.tower.duplicate", kind="Datacenter", name=name)
    datacenter = {"id": new_cuid(ctx), "name": name, "organization_id": organization_id}
    datacenters[datacenter["id"]] = datacenter
    return datacenter


def datacenter_view(ctx: SimContext, datacenter: dict[str, Any]) -> dict[str, Any]:
    """Return the CloudTower ``Datacenter`` object."""
    organization = store.collection(ctx, "organizations")[datacenter["organization_id"]]
    clusters = [
        {"id": record["id"], "name": record.get("name", "")}
        for record in store.collection(ctx, "clusters").values()
        if record.get("datacenter_id") == datacenter["id"]
    ]
    return {
        "id": datacenter["id"],
        "name": datacenter["name"],
        "organization": {"id": organization["id"], "name": organization["name"]},
        "cluster_num": len(clusters),
        "clusters": clusters,
        "host_num": 0,
        "vm_num": 0,
        "total_data_capacity": None,
        "used_data_space": None,
        "failure_data_space": None,
        "total_cpu_hz": None,
        "used_cpu_hz": None,
        "total_memory_bytes": None,
        "used_memory_bytes": None,
        "labels": [],
    }


def tower_license(ctx: SimContext) -> dict[str, Any]:
    """Return CloudTower's own licence record, creating the trial licence on first use."""
    document = tower(ctx.state)
    if "license" not in document:
        signed = ctx.clock.now()
        document["license"] = {
            "id": new_cuid(ctx),
            "license_serial": str(
                uuid.UUID(int=ctx.rng("tower-license").getrandbits(128), version=4)
            ),
            "type": "TRIAL",
            "software_edition": "ENTERPRISE",
            "sign_date": iso(signed),
            # A trial licence has no maintenance period and no capacity limits (0).
            "expire_date": iso(signed + 90 * 86400),
            "maintenance_start_date": None,
            "maintenance_end_date": None,
            "max_chunk_num": 0,
            "max_cluster_num": 0,
        }
    license_record: dict[str, Any] = document["license"]
    return license_record
