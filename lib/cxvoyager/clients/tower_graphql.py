"""Client of the CloudTower GraphQL API (``POST https://<CloudTower>/api``).

The CloudTower web UI speaks GraphQL; the suite uses it for what REST does
not offer: first-boot checks, CloudTower's own NTP servers, its license,
cluster storage defaults and alert thresholds. Selection sets ask only for
the fields the suite reads.
"""

from __future__ import annotations

import logging
from typing import Any

from cxvoyager.clients.http import ApiSession
from cxvoyager.clients.models import parse, parse_list
from cxvoyager.clients.models.tower import GlobalAlertRule, Ref, TowerLicense
from cxvoyager.errors import ApiError, ResponseError
from cxvoyager.i18n import t

logger = logging.getLogger(__name__)

SERVICE = "cloudtower-graphql"

CHECK_SETUP = """query checkTowerIsSetup {
  organizations(first: 1) { id name }
  userCreated { created }
}"""

# ``effect.encoded: false`` sends the password as typed: the UI's encoded form
# is randomized with an undocumented algorithm.
CREATE_ROOT_USER = """mutation createRootUser($root_password: String!, $now: DateTime!) {
  createUser(
    data: {name: "root", source: LOCAL, role: ROOT, username: "root", display_username: "root",
      password: $root_password, password_recover_qa: {enabled: false, items: []},
      password_updated_at: $now}
    effect: {encoded: false}
  ) { id }
}"""

CREATE_ORGANIZATION = """mutation createOrganization($data: OrganizationCreateInput!) {
  createOrganization(data: $data) { id name }
}"""

UPDATE_NTP = """mutation updateCloudTowerNtpUrl($data: NtpCommonUpdateInput!) {
  updateCloudTowerNtpUrl(data: $data) { ntp_service_url }
}"""

DEPLOYED_LICENSE = """query deployedLicense {
  deploys(first: 1) { id license { id license_serial type software_edition expire_date } }
}"""

UPDATE_CLUSTER_SETTINGS = """mutation updateClusterSettings(
  $data: ClusterSettingsUpdateInput!, $where: ClusterSettingsWhereUniqueInput!) {
  updateClusterSettings(where: $where, data: $data) {
    id default_storage_policy default_storage_policy_replica_num
    default_storage_policy_thin_provision
  }
}"""

ALERT_RULE_FIELDS = """id name object disabled
    thresholds { severity value }
    alert_rules { id customized disabled thresholds { severity value } cluster { id name } }"""

GLOBAL_ALERT_RULES = """query globalAlertRules($where: GlobalAlertRuleWhereInput,
  $orderBy: GlobalAlertRuleOrderByInput, $skip: Int, $first: Int) {
  globalAlertRules(where: $where, orderBy: $orderBy, skip: $skip, first: $first) {
    %s
  }
}""".replace("%s", ALERT_RULE_FIELDS)

UPDATE_GLOBAL_ALERT_RULE = """mutation updateGlobalAlertRule(
  $data: GlobalAlertRuleUpdateInput!, $where: GlobalAlertRuleWhereUniqueInput!) {
  updateGlobalAlertRule(data: $data, where: $where) {
    %s
  }
}""".replace("%s", ALERT_RULE_FIELDS)


class GraphQLError(ApiError):
    """A GraphQL response that carries ``errors`` instead of (or next to) ``data``."""


class TowerGraphQL:
    """The CloudTower GraphQL endpoint.

    Args:
        session: HTTPS session to ``https://<CloudTower IP>``; it may carry
            the REST login (``Authorization``), which GraphQL accepts too.
    """

    def __init__(self, session: ApiSession) -> None:
        self.session = session

    def execute(
        self,
        operation: str,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        idempotent: bool = False,
    ) -> dict[str, Any]:
        """Run one GraphQL operation and return its ``data``.

        Raises:
            ApiError: no response or an error status.
            GraphQLError: the response lists errors.
        """
        body = {"operationName": operation, "variables": variables or {}, "query": query}
        response = self.session.request(
            "POST", "/api", json=body, idempotent=idempotent, action=operation
        )
        answer = response.json()
        errors = answer.get("errors") if isinstance(answer, dict) else None
        if errors:
            text = "; ".join(str(error.get("message", error)) for error in errors)
            message = t("stages.graphql.error", operation=operation, errors=text)
            raise GraphQLError(message, service=SERVICE, method="POST", url="/api")
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, dict):
            message = t("stages.response.no_data", service=SERVICE, action=operation)
            raise ResponseError(message, service=SERVICE)
        return data

    def get_setup_state(self) -> tuple[bool, Ref | None]:
        """Return whether the root user exists and the first organization, if any.

        Raises:
            ApiError: the call failed.
        """
        data = self.execute("checkTowerIsSetup", CHECK_SETUP, idempotent=True)
        created = bool((data.get("userCreated") or {}).get("created"))
        organizations = parse_list(
            Ref, data.get("organizations") or [], service=SERVICE, action="checkTowerIsSetup"
        )
        return created, (organizations[0] if organizations else None)

    def create_root_user(self, password: str, *, now: str) -> str:
        """Create CloudTower's ``root`` user on first boot (no login needed); return its id.

        Args:
            password: the plain password.
            now: the current time as ISO 8601 (``2026-01-02T03:04:05.000Z``).

        Raises:
            ApiError: the call failed, for example because ``root`` exists already.
        """
        data = self.execute(
            "createRootUser", CREATE_ROOT_USER, {"root_password": password, "now": now}
        )
        created = parse(
            Ref,
            {"name": "root", **(data.get("createUser") or {})},
            service=SERVICE,
            action="createRootUser",
        )
        return created.id

    def create_organization(self, name: str) -> Ref:
        """Create the organization ``name`` and return it.

        Raises:
            ApiError: the call failed.
        """
        data = self.execute("createOrganization", CREATE_ORGANIZATION, {"data": {"name": name}})
        return parse(
            Ref, data.get("createOrganization"), service=SERVICE, action="createOrganization"
        )

    def update_ntp_servers(self, servers: list[str]) -> list[str]:
        """Set CloudTower's own NTP servers; return them as stored.

        CloudTower takes a ``,``-separated list and returns it ``;``-separated.

        Raises:
            ApiError: the call failed.
        """
        data = self.execute(
            "updateCloudTowerNtpUrl",
            UPDATE_NTP,
            {"data": {"ntp_service_url": ",".join(servers)}},
            idempotent=True,
        )
        stored = (data.get("updateCloudTowerNtpUrl") or {}).get("ntp_service_url") or ""
        return split_servers(str(stored))

    def get_license(self) -> TowerLicense | None:
        """Return CloudTower's license, or None when none is deployed.

        Raises:
            ApiError: the call failed.
        """
        data = self.execute("deployedLicense", DEPLOYED_LICENSE, idempotent=True)
        deploys = data.get("deploys") or []
        if not deploys or not deploys[0].get("license"):
            return None
        return parse(TowerLicense, deploys[0]["license"], service=SERVICE, action="deployedLicense")

    def update_cluster_settings(self, settings_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """Change a cluster's CloudTower settings (storage policy defaults) and return them.

        Raises:
            ApiError: the call failed.
        """
        answer = self.execute(
            "updateClusterSettings",
            UPDATE_CLUSTER_SETTINGS,
            {"data": data, "where": {"id": settings_id}},
            idempotent=True,
        )
        return dict(answer.get("updateClusterSettings") or {})

    def list_global_alert_rules(self, where: dict[str, Any]) -> list[GlobalAlertRule]:
        """Return the global alert rules that match ``where`` (first 50).

        Raises:
            ApiError: the call failed.
        """
        variables = {"where": where, "skip": 0, "first": 50, "orderBy": "id_ASC"}
        data = self.execute("globalAlertRules", GLOBAL_ALERT_RULES, variables, idempotent=True)
        return parse_list(
            GlobalAlertRule,
            data.get("globalAlertRules") or [],
            service=SERVICE,
            action="globalAlertRules",
        )

    def update_global_alert_rule(self, rule_id: str, data: dict[str, Any]) -> GlobalAlertRule:
        """Change a global alert rule (and its per-cluster copies) and return it.

        Raises:
            ApiError: the call failed.
        """
        answer = self.execute(
            "updateGlobalAlertRule",
            UPDATE_GLOBAL_ALERT_RULE,
            {"data": data, "where": {"id": rule_id}},
            idempotent=True,
        )
        return parse(
            GlobalAlertRule,
            answer.get("updateGlobalAlertRule"),
            service=SERVICE,
            action="updateGlobalAlertRule",
        )


def split_servers(text: str) -> list[str]:
    """Split a stored server list on ``;`` or ``,``, dropping blanks."""
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
