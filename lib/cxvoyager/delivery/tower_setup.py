"""Stage 04 CloudTower first boot: ``root`` user, organization and datacenter from the plan."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from cxvoyager.clients.cloudtower import CloudTowerClient
from cxvoyager.clients.models.tower import Datacenter, Ref
from cxvoyager.clients.tower_graphql import TowerGraphQL
from cxvoyager.delivery.cluster_config import Change

logger = logging.getLogger(__name__)


def iso_now() -> str:
    """Return the current UTC time as CloudTower writes it (``2026-01-02T03:04:05.678Z``)."""
    moment = datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def ensure_root_user(graphql: TowerGraphQL, password: str) -> Change:
    """Create CloudTower's ``root`` user with the planned password unless it exists.

    Raises:
        ApiError: a call failed.
    """
    created, _organization = graphql.get_setup_state()
    if created:
        return Change(False, "exists", "exists")
    graphql.create_root_user(password, now=iso_now())
    return Change(True, "missing", "exists")


def ensure_organization(
    cloudtower: CloudTowerClient, graphql: TowerGraphQL, name: str
) -> tuple[Ref, bool]:
    """Return the organization ``name``, creating it when missing; True when created.

    Raises:
        ApiError: a call failed.
    """
    found = next((org for org in cloudtower.list_organizations() if org.name == name), None)
    if found is not None:
        return Ref(id=found.id, name=found.name), False
    return graphql.create_organization(name), True


def ensure_datacenter(
    cloudtower: CloudTowerClient, *, organization_id: str, name: str
) -> tuple[Datacenter, bool]:
    """Return the datacenter ``name`` of the organization, creating it when missing.

    Raises:
        ApiError: a call failed.
    """
    found = [
        dc
        for dc in cloudtower.list_datacenters({"name": name})
        if dc.organization is None or dc.organization.id == organization_id
    ]
    if found:
        return found[0], False
    return cloudtower.create_datacenter(organization_id=organization_id, name=name), True
