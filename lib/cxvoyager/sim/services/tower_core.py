"""CloudTower REST: login, users, organizations, datacenters, licence, NTP URL, version."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint

from cxvoyager.sim.app import serves
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import accounts, auth, store
from cxvoyager.sim.tower.errors import TowerError
from cxvoyager.sim.tower.ids import tower
from cxvoyager.sim.tower.rest import API_PREFIX, error_response, operation
from cxvoyager.sim.tower.schema import (
    ANY_OBJECT,
    BOOL,
    INT,
    LIST_QUERY,
    STR,
    Enum,
    ListOf,
    Nullable,
    Obj,
)
from cxvoyager.sim.tower.where import query

logger = logging.getLogger(__name__)

blueprint = Blueprint("sim_tower_core", __name__)

# The CloudTower API version this simulator follows.
API_VERSION = "4.6.0"
USER_SOURCES = Enum("AUTHN", "LDAP", "LOCAL", "SSO")

LOGIN = Obj(
    {"username": STR, "password": STR},
    optional={
        "source": USER_SOURCES,
        "mfa_type": Enum("Mail", "Sms"),
        "auth_config_id": Nullable(STR),
    },
)
CREATE_USER = ListOf(
    Obj(
        {"username": STR, "name": STR, "role_id": STR},
        optional={
            "password": STR,
            "source": USER_SOURCES,
            "email_address": STR,
            "mobile_phone": STR,
            "internal": BOOL,
            "ldap_dn": STR,
            "auth_config_id": STR,
        },
    ),
    min_items=1,
)
CREATE_ORGANIZATION = ListOf(Obj({"name": STR}), min_items=1)
CREATE_DATACENTER = ListOf(
    Obj({"name": STR, "organization_id": STR}, optional={"clusters": ANY_OBJECT}), min_items=1
)


def initialize(ctx: SimContext) -> None:
    """Create CloudTower's empty database when the simulated site is new."""
    store.initialize(ctx)


@operation(blueprint, "login", body=LOGIN, auth_required=False, body_required=True)
def login(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """Exchange a username and plain password for a token."""
    user = store.user_by_name(ctx, body["username"])
    source = body.get("source", "LOCAL")
    if (
        user is None
        or source != user["source"]
        or not auth.check_password(user, body["password"], encoded=False)
    ):
        raise TowerError(400, "sim.tower.login_failed")
    return {"task_id": None, "data": {"token": auth.token_for(ctx, user["id"])}}


@operation(blueprint, "get-version", body=None, auth_required=False)
def get_version(_ctx: SimContext, _user: Any, _body: Any) -> Any:
    """Return the API version as a JSON string."""
    return API_VERSION


@operation(blueprint, "get-my-info", body=None)
def get_my_info(ctx: SimContext, user: dict[str, Any], _body: Any) -> Any:
    """Return the calling user."""
    return accounts.user_view(ctx, user)


@operation(blueprint, "get-users", body=LIST_QUERY)
def get_users(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List users."""
    return query(
        [accounts.user_view(ctx, u) for u in store.collection(ctx, "users").values()], body
    )


@operation(blueprint, "create-user", body=CREATE_USER, body_required=True)
def create_user(ctx: SimContext, _user: Any, body: list[dict[str, Any]]) -> Any:
    """Create users with a preset role each."""
    created = []
    for params in body:
        role = accounts.role_name(ctx, params["role_id"])
        user = accounts.create_user(
            ctx,
            username=params["username"],
            name=params["name"],
            role=role,
            password=params.get("password", ""),
            source=params.get("source", "LOCAL"),
            email=params.get("email_address"),
        )
        created.append({"task_id": None, "data": accounts.user_view(ctx, user)})
    return created


@operation(blueprint, "get-user-role-nexts", body=LIST_QUERY)
def get_user_role_nexts(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List the preset roles."""
    return query(accounts.role_views(ctx), body)


@operation(blueprint, "get-organizations", body=LIST_QUERY)
def get_organizations(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List organizations with their datacenters."""
    organizations = store.collection(ctx, "organizations").values()
    return query([accounts.organization_view(ctx, org) for org in organizations], body)


@operation(blueprint, "create-organization", body=CREATE_ORGANIZATION, body_required=True)
def create_organization(ctx: SimContext, _user: Any, body: list[dict[str, Any]]) -> Any:
    """Create organizations; a taken name fails."""
    created = [accounts.create_organization(ctx, params["name"]) for params in body]
    return [{"task_id": None, "data": accounts.organization_view(ctx, org)} for org in created]


@operation(blueprint, "get-datacenters", body=LIST_QUERY)
def get_datacenters(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List datacenters."""
    datacenters = store.collection(ctx, "datacenters").values()
    return query([accounts.datacenter_view(ctx, dc) for dc in datacenters], body)


@operation(blueprint, "create-datacenter", body=CREATE_DATACENTER, body_required=True)
def create_datacenter(ctx: SimContext, _user: Any, body: list[dict[str, Any]]) -> Any:
    """Create datacenters in an organization; a taken name fails."""
    created = [
        accounts.create_datacenter(
            ctx, name=params["name"], organization_id=params["organization_id"]
        )
        for params in body
    ]
    return [{"task_id": None, "data": accounts.datacenter_view(ctx, dc)} for dc in created]


@operation(blueprint, "get-licenses", body=LIST_QUERY)
def get_licenses(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List CloudTower's licence (one trial licence)."""
    return query([accounts.tower_license(ctx)], body)


@operation(blueprint, "get-deploys", body=LIST_QUERY)
def get_deploys(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List CloudTower deployments (one) with their licence."""
    license_record = accounts.tower_license(ctx)
    deploy = {
        "id": tower(ctx.state).setdefault("deploy_id", license_record["id"]),
        "version": API_VERSION,
        "license": {"id": license_record["id"]},
    }
    return query([deploy], body)


@operation(blueprint, "get-ntp-service-url", body=None)
def get_ntp_service_url(ctx: SimContext, _user: Any, _body: Any) -> Any:
    """Return CloudTower's NTP servers as set through GraphQL (``;``-separated)."""
    return {"ntp_service_url": tower(ctx.state).get("ntp_service_url", "")}


@operation(
    blueprint,
    "create-root-user",
    body=Obj({"password": STR}),
    auth_required=False,
    body_required=True,
)
def create_root_user(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """Create CloudTower's ``root`` user with a plain password (once)."""
    user = accounts.create_root_user(ctx, password=body["password"], encoded=False)
    return {"task_id": None, "data": accounts.user_view(ctx, user)}


def _global_settings(ctx: SimContext) -> dict[str, Any]:
    document = tower(ctx.state)
    settings_id = document.setdefault("global_settings_id", accounts.tower_license(ctx)["id"])
    return {
        "id": settings_id,
        "vm_recycle_bin": {"enabled": False, "retain": 0},
        "auth": {"session_max_age": auth.session_max_age(ctx)},
    }


@operation(
    blueprint, "update-session-timeout", body=Obj({"session_max_age": INT}), body_required=True
)
def update_session_timeout(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """Set how long tokens and web sessions stay valid after login."""
    if body["session_max_age"] <= 0:
        raise TowerError(
            400,
            "sim.tower.invalid",
            path="body.session_max_age",
            expected="positive integer",
            value=body["session_max_age"],
        )
    tower(ctx.state)["session_max_age"] = body["session_max_age"]
    return {"task_id": None, "data": _global_settings(ctx)}


@operation(blueprint, "get-global-settingses", body=LIST_QUERY)
def get_global_settingses(ctx: SimContext, _user: Any, body: dict[str, Any]) -> Any:
    """List CloudTower's global settings (one object)."""
    return query([_global_settings(ctx)], body)


@blueprint.route(f"{API_PREFIX}/<path:name>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@serves("cloudtower")
def unknown_operation(name: str) -> Any:
    """Reject an operation the simulated CloudTower API does not have, as a 404 ``ErrorBody``."""
    logger.info("tower /%s rejected: no such operation", name)
    return error_response(TowerError(404, "sim.tower.no_operation", name=name), f"/{name}")
