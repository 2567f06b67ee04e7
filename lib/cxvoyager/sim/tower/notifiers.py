"""Alert e-mail notifiers. CloudTower ships one default notifier, disabled until configured.

E-mail needs an SMTP server, which the REST API can only list: servers are
added in the web console. With none configured, a new notifier cannot name
one, and the default notifier can be updated without one.
"""

from __future__ import annotations

from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import store
from cxvoyager.sim.tower.errors import TowerError
from cxvoyager.sim.tower.ids import mirrored_cuid

UPDATABLE = ("name", "email_from", "email_tos", "language_code", "notice_severities", "disabled")


def _notifiers(ctx: SimContext) -> dict[str, dict[str, Any]]:
    notifiers = store.collection(ctx, "alert_notifiers")
    if not notifiers:
        default_id = mirrored_cuid(ctx, "alert-notifier", "default")
        notifiers[default_id] = {
            "id": default_id,
            "name": "default",
            "disabled": True,
            "email_from": None,
            "email_tos": [],
            "language_code": "ZH_CN",
            "notice_severities": ["CRITICAL", "NOTICE"],
            "cluster_ids": None,
            "smtp_server_id": None,
        }
    return notifiers


def notifier_view(ctx: SimContext, notifier: dict[str, Any]) -> dict[str, Any]:
    """Return the ``AlertNotifier`` object of a notifier (no named clusters means all)."""
    clusters = store.collection(ctx, "clusters")
    ids = notifier["cluster_ids"] if notifier["cluster_ids"] is not None else list(clusters)
    return {
        "id": notifier["id"],
        "name": notifier["name"],
        "disabled": notifier["disabled"],
        "email_from": notifier["email_from"],
        "email_tos": list(notifier["email_tos"]),
        "language_code": notifier["language_code"],
        "notice_severities": list(notifier["notice_severities"]),
        "clusters": [{"id": i, "name": clusters[i]["name"]} for i in ids if i in clusters],
        "smtp_server_config": None,
        "entityAsyncStatus": None,
        "security_mode": None,
        "smtp_server_host": None,
        "smtp_server_port": None,
        "username": None,
    }


def notifier_views(ctx: SimContext) -> list[dict[str, Any]]:
    """Return every notifier."""
    return [notifier_view(ctx, notifier) for notifier in _notifiers(ctx).values()]


def update(ctx: SimContext, params: dict[str, Any]) -> dict[str, Any]:
    """Update a notifier (the default one when ``id`` is absent); return its view.

    Raises:
        TowerError: 404 for an unknown notifier, cluster or SMTP server.
    """
    notifiers = _notifiers(ctx)
    notifier_id = params.get("id") or mirrored_cuid(ctx, "alert-notifier", "default")
    notifier = notifiers.get(notifier_id)
    if notifier is None:
        raise TowerError(404, "sim.tower.not_found", kind="AlertNotifier", where=notifier_id)
    if params.get("smtp_server_id"):
        raise TowerError(
            404, "sim.tower.not_found", kind="SmtpServer", where=params["smtp_server_id"]
        )
    if "clusters" in params:
        known = store.collection(ctx, "clusters")
        wanted = params["clusters"].get("id_in") or (
            [params["clusters"]["id"]] if "id" in params["clusters"] else []
        )
        for cluster_id in wanted:
            if cluster_id not in known:
                raise TowerError(404, "sim.tower.not_found", kind="Cluster", where=cluster_id)
        notifier["cluster_ids"] = list(wanted)
    for key in UPDATABLE:
        if key in params:
            notifier[key] = params[key]
    return notifier_view(ctx, notifier)
