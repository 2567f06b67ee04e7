"""Fisheye v2 health views of the cluster: hosts, summary, time sync.

NOTE: these paths are not captured from a real cluster; see ``smtx.health``.
"""

from __future__ import annotations

from typing import Any

from cxvoyager.sim.app import context
from cxvoyager.sim.smtx import health
from cxvoyager.sim.smtx.envelope import ok
from cxvoyager.sim.smtx.fisheye import cluster_endpoint, make_blueprint

blueprint = make_blueprint("fisheye_cluster")


@blueprint.get("/api/v2/hosts")
@cluster_endpoint()
def list_hosts() -> Any:
    """List hosts with status and disk health."""
    return ok({"hosts": health.list_hosts(context())})


@blueprint.get("/api/v2/cluster/summary")
@cluster_endpoint()
def cluster_summary() -> Any:
    """Return storage capacity, replica health and service status."""
    return ok(health.summary(context()))


@blueprint.get("/api/v2/cluster/time_sync")
@cluster_endpoint()
def time_sync() -> Any:
    """Return each host's clock offset from its NTP source."""
    return ok(health.time_sync(context()))
