"""CloudTower GraphQL operations of first boot and cluster configuration.

``createRootUser``, ``createOrganization`` (while none exists),
``checkTowerIsSetup`` and ``login`` run without a login; the others need a
token or the ``connect.sid`` cookie of a GraphQL login.
"""

from __future__ import annotations

from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import accounts, alert_rules, auth, settings, store
from cxvoyager.sim.tower.errors import TowerError
from cxvoyager.sim.tower.graphql import PUBLIC, Reply, graphql_operation
from cxvoyager.sim.tower.ids import tower
from cxvoyager.sim.tower.rest import language
from cxvoyager.sim.tower.schema import (
    ANY,
    ANY_OBJECT,
    BOOL,
    INT,
    NUM,
    STR,
    Enum,
    ListOf,
    Nullable,
    Obj,
)
from cxvoyager.sim.tower.where import query

WHERE_ID = Obj({"id": STR})
THRESHOLD = Obj(
    {"severity": STR},
    optional={"value": Nullable(NUM), "quantile": Nullable(INT), "__typename": STR},
)


def _no_organization(ctx: SimContext) -> bool:
    return not store.collection(ctx, "organizations")


@graphql_operation(
    "createRootUser", variables=Obj({"root_password": STR, "now": STR}), access=PUBLIC
)
def create_root_user(
    ctx: SimContext, _user: Any, variables: dict[str, Any], arguments: dict[str, Any]
) -> Reply:
    """Create the ``root`` user once; a second call fails."""
    call = arguments.get("createUser", {})
    data = call.get("data") or {}
    encoded = bool((call.get("effect") or {}).get("encoded"))
    password = data.get("password", variables["root_password"])
    if encoded and not auth.is_encoded_password(password):
        raise TowerError(400, "sim.tower.encoded_password")
    user = accounts.create_root_user(ctx, password=password, encoded=encoded)
    return Reply({"createUser": {"id": user["id"], "__typename": "User"}})


@graphql_operation(
    "createOrganization", variables=Obj({"data": Obj({"name": STR})}), public_when=_no_organization
)
def create_organization(
    ctx: SimContext, _user: Any, variables: dict[str, Any], _arguments: Any
) -> Reply:
    """Create an organization; without a login only the first one."""
    organization = accounts.create_organization(ctx, variables["data"]["name"])
    return Reply({"createOrganization": {**organization, "__typename": "Organization"}})


@graphql_operation("checkTowerIsSetup", access=PUBLIC)
def check_tower_is_setup(
    ctx: SimContext, _user: Any, _variables: Any, arguments: dict[str, Any]
) -> Reply:
    """Tell whether the root user and an organization exist."""
    organizations = [
        {"id": org["id"], "name": org["name"], "__typename": "Organization"}
        for org in store.collection(ctx, "organizations").values()
    ]
    created = bool(tower(ctx.state).get("root_user_id"))
    return Reply(
        {
            "organizations": query(organizations, arguments.get("organizations", {})),
            "userCreated": {"created": created, "__typename": "UserCreatedData"},
        }
    )


LOGIN = Obj(
    {
        "data": Obj(
            {"username": STR, "password": STR},
            optional={
                "source": Enum("AUTHN", "LDAP", "LOCAL", "SSO"),
                "auth_config_id": Nullable(STR),
                "mfa_type": Nullable(STR),
            },
        )
    }
)


@graphql_operation("login", variables=LOGIN, access=PUBLIC)
def login(
    ctx: SimContext, _user: Any, variables: dict[str, Any], arguments: dict[str, Any]
) -> Reply:
    """Log in; the response carries the token and sets the ``connect.sid`` cookie."""
    data = variables["data"]
    encoded = bool((arguments.get("login", {}).get("effect") or {}).get("encoded"))
    user = store.user_by_name(ctx, data["username"])
    if user is None or not auth.check_password(user, data["password"], encoded=encoded):
        raise TowerError(401, "sim.tower.login_failed")
    body = {
        "token": auth.token_for(ctx, user["id"]),
        "uid": None,
        "need_mfa": None,
        "mfa_meta": None,
        "__typename": "Login",
    }
    return Reply({"login": body}, cookie=auth.new_session(ctx, user["id"]))


@graphql_operation("updateCloudTowerNtpUrl", variables=Obj({"data": Obj({"ntp_service_url": STR})}))
def update_ntp_url(
    ctx: SimContext, _user: Any, variables: dict[str, Any], _arguments: Any
) -> Reply:
    """Set CloudTower's NTP servers; the response lists them ``;``-separated."""
    servers = [
        item.strip() for item in variables["data"]["ntp_service_url"].replace(";", ",").split(",")
    ]
    if not all(servers):
        raise TowerError(400, "sim.tower.ntp_invalid", value=variables["data"]["ntp_service_url"])
    tower(ctx.state)["ntp_service_url"] = ";".join(servers)
    return Reply(
        {
            "updateCloudTowerNtpUrl": {
                "ntp_service_url": ";".join(servers),
                "__typename": "UpdateNtpCommonResult",
            }
        }
    )


@graphql_operation("deployedLicense")
def deployed_license(ctx: SimContext, _user: Any, _variables: Any, _arguments: Any) -> Reply:
    """Return CloudTower's deployment with its licence."""
    record = accounts.tower_license(ctx)
    license_view = {
        **record,
        "vendor": "SMTX",
        "max_vm_num": 0,
        "used_vm_num": 0,
        "__typename": "License",
    }
    deploy_id = tower(ctx.state).setdefault("deploy_id", record["id"])
    return Reply({"deploys": [{"id": deploy_id, "license": license_view, "__typename": "Deploy"}]})


CLUSTER_SETTINGS = Obj(
    {
        "where": WHERE_ID,
        "data": Obj(optional=dict.fromkeys(settings.UPDATABLE, ANY)),
    }
)


@graphql_operation("updateClusterSettings", variables=CLUSTER_SETTINGS)
def update_cluster_settings(
    ctx: SimContext, _user: Any, variables: dict[str, Any], _arguments: Any
) -> Reply:
    """Change a connected cluster's default storage policy and HA settings."""
    view = settings.update_settings(ctx, variables["where"]["id"], variables["data"])
    return Reply({"updateClusterSettings": view})


GLOBAL_ALERT_RULES = Obj(
    optional={
        "where": Nullable(ANY_OBJECT),
        "orderBy": Nullable(STR),
        "skip": Nullable(INT),
        "first": Nullable(INT),
    }
)


@graphql_operation("globalAlertRules", variables=GLOBAL_ALERT_RULES)
def global_alert_rules(
    ctx: SimContext, _user: Any, variables: dict[str, Any], _arguments: Any
) -> Reply:
    """List global alert rules with their per-cluster rules, and count them."""
    rules = alert_rules.global_rule_views(ctx, lang=language())
    selected = query(rules, variables)
    count = len(query(rules, {"where": variables.get("where")}))
    return Reply(
        {
            "globalAlertRules": selected,
            "globalAlertRulesConnection": {
                "aggregate": {"count": count, "__typename": "AggregateGlobalAlertRule"},
                "__typename": "GlobalAlertRuleConnection",
            },
        }
    )


RULE_UPDATE = Obj(
    {
        "where": WHERE_ID,
        "data": Obj(
            optional={
                "customized": BOOL,
                "disabled": BOOL,
                "thresholds": ListOf(THRESHOLD),
            }
        ),
    }
)
UPDATE_GLOBAL_ALERT_RULE = Obj(
    {
        "where": WHERE_ID,
        "data": Obj(
            optional={
                "thresholds": ListOf(THRESHOLD),
                "disabled": BOOL,
                "alert_rules": Obj(optional={"update": ListOf(RULE_UPDATE)}),
            }
        ),
    }
)


@graphql_operation("updateGlobalAlertRule", variables=UPDATE_GLOBAL_ALERT_RULE)
def update_global_alert_rule(
    ctx: SimContext, _user: Any, variables: dict[str, Any], _arguments: Any
) -> Reply:
    """Change a global alert rule's thresholds and its per-cluster rules."""
    rule_id = variables["where"]["id"]
    alert_rules.update_global_rule(ctx, rule_id, variables["data"])
    view = next(
        rule
        for rule in alert_rules.global_rule_views(ctx, lang=language())
        if rule["id"] == rule_id
    )
    return Reply({"updateGlobalAlertRule": view})
