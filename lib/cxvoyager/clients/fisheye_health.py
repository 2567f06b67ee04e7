"""Fisheye health views: the cluster summary (storage, services).

NOTE: these paths come from the simulator's health API, not from captured
traffic of a real cluster. On a real site the same facts come from
CloudTower (hosts, disks, alerts) and the inspection report.
"""

from __future__ import annotations

from cxvoyager.clients.fisheye_base import SERVICE, FisheyeBase
from cxvoyager.clients.models import parse
from cxvoyager.clients.models.fisheye import ClusterSummary


class FisheyeHealth(FisheyeBase):
    """Health calls of the Fisheye client."""

    def get_cluster_summary(self) -> ClusterSummary:
        """Return the cluster's identity, storage capacity, replica health and services.

        Raises:
            ApiError: the call failed.
        """
        data = self.call("GET", "/api/v2/cluster/summary", action="get_cluster_summary")
        return parse(ClusterSummary, data, service=SERVICE, action="get_cluster_summary")
