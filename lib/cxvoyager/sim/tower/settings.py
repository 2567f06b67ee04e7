"""Per-cluster settings CloudTower keeps (HA, default storage policy)."""

from __future__ import annotations

from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import store
from cxvoyager.sim.tower.errors import TowerError

_DEFAULTS: dict[str, Any] = {
    "default_ha": None,
    "default_ha_priority": "LEVEL_2_MEDIUM",
    "enabled_iscsi": None,
    "default_storage_policy": "REPLICA_2_THIN_PROVISION",
    "default_storage_policy_replica_num": 2,
    "default_storage_policy_ec_k": None,
    "default_storage_policy_ec_m": None,
    "default_storage_policy_thin_provision": True,
    "default_storage_encryption": None,
    "vm_recycle_bin": None,
}
UPDATABLE = tuple(key for key in _DEFAULTS if key != "vm_recycle_bin")


def settings_view(ctx: SimContext, record: dict[str, Any]) -> dict[str, Any]:
    """Return the ``ClusterSettings`` object of a connected cluster record."""
    stored = store.collection(ctx, "cluster_settings").get(record["settings_id"], {})
    view = {"id": record["settings_id"], **_DEFAULTS, **stored}
    view["cluster"] = {"id": record["id"], "name": record["name"]}
    view["__typename"] = "ClusterSettings"
    return view


# The fields the REST ``ClusterSettings`` schema has; GraphQL shows all of them.
_REST_FIELDS = (
    "id",
    "cluster",
    "default_ha",
    "default_storage_policy",
    "enabled_iscsi",
    "vm_recycle_bin",
)


def cluster_settings_views(ctx: SimContext) -> list[dict[str, Any]]:
    """Return the REST ``ClusterSettings`` of every connected cluster."""
    views = [settings_view(ctx, record) for record in store.collection(ctx, "clusters").values()]
    return [{key: view[key] for key in _REST_FIELDS} for view in views]


def update_settings(ctx: SimContext, settings_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """Apply ``updateClusterSettings`` data; return the new settings object.

    Raises:
        TowerError: 404 when no connected cluster has settings ``settings_id``.
    """
    for record in store.collection(ctx, "clusters").values():
        if record["settings_id"] == settings_id:
            store.collection(ctx, "cluster_settings").setdefault(settings_id, {}).update(data)
            return settings_view(ctx, record)
    raise TowerError(404, "sim.tower.not_found", kind="ClusterSettings", where=settings_id)
