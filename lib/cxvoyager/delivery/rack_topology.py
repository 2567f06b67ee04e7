"""Stage 06 rack topology: racks and server positions from 主机规划 columns P:Q.

Each planned rack name becomes a rack of the cluster's topology; each host
becomes a chassis (brick) at its planned bottom U. The template assumes 2U
servers (its end-U column is the start plus one).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from cxvoyager.clients.cloudtower import CloudTowerClient
from cxvoyager.plan.model import PlanModel

logger = logging.getLogger(__name__)

RACK_HEIGHT = 42  # U of a standard rack
SERVER_HEIGHT = 2  # U per server, as the template's end-U formula assumes


@dataclass
class TopologyResult:
    """The racks and chassis the rack topology step created, and the positions it read back."""

    racks_created: list[str] = field(default_factory=list)
    bricks_created: list[str] = field(default_factory=list)
    positions: dict[str, tuple[str, int]] = field(default_factory=dict)


def planned_positions(plan: PlanModel) -> dict[str, tuple[str, int]]:
    """Return ``{host name: (rack, bottom U)}`` for every host with both columns filled."""
    return {
        host.hostname: (host.rack, host.rack_unit)
        for host in plan.hosts
        if host.rack and host.rack_unit is not None
    }


def ensure_topology(
    cloudtower: CloudTowerClient, plan: PlanModel, *, cluster_id: str
) -> TopologyResult:
    """Create the planned racks and server positions that are missing.

    Raises:
        ApiError: a call failed.
        LookupError: the cluster has no topology root, or a planned host is unknown to CloudTower.
    """
    result = TopologyResult()
    positions = planned_positions(plan)
    racks = _ensure_racks(
        cloudtower, cluster_id, {rack for rack, _unit in positions.values()}, result
    )

    host_ids = {
        host.name: host.id for host in cloudtower.list_hosts({"cluster": {"id": cluster_id}})
    }
    bricks = {brick.name for brick in cloudtower.list_brick_topos({"cluster": {"id": cluster_id}})}
    for hostname, (rack, unit) in positions.items():
        if hostname in bricks:
            continue
        if hostname not in host_ids:
            raise LookupError(hostname)
        cloudtower.create_brick_topo(
            cluster_id=cluster_id,
            rack_topo_id=racks[rack],
            name=hostname,
            position=unit,
            height=SERVER_HEIGHT,
            host_ids=[host_ids[hostname]],
        )
        result.bricks_created.append(hostname)
    result.positions = read_positions(cloudtower, cluster_id)
    return result


def _ensure_racks(
    cloudtower: CloudTowerClient, cluster_id: str, names: set[str], result: TopologyResult
) -> dict[str, str]:
    """Create the missing racks of ``names``; return every rack id by name."""
    zones = cloudtower.list_zone_topos({"cluster": {"id": cluster_id}})
    if not zones:
        raise LookupError(f"zone topology of cluster {cluster_id}")
    racks = {
        rack.name: rack.id for rack in cloudtower.list_rack_topos({"cluster": {"id": cluster_id}})
    }
    for name in sorted(names - racks.keys()):
        created = cloudtower.create_rack_topo(
            cluster_id=cluster_id, zone_topo_id=zones[0].id, name=name, height=RACK_HEIGHT
        )
        racks[name] = created.id
        result.racks_created.append(name)
    return racks


def read_positions(cloudtower: CloudTowerClient, cluster_id: str) -> dict[str, tuple[str, int]]:
    """Return ``{chassis name: (rack name, bottom U)}`` as CloudTower stores them."""
    racks = {
        rack.id: rack.name for rack in cloudtower.list_rack_topos({"cluster": {"id": cluster_id}})
    }
    return {
        brick.name: (racks.get(brick.rack_topo.id, "?") if brick.rack_topo else "?", brick.position)
        for brick in cloudtower.list_brick_topos({"cluster": {"id": cluster_id}})
    }
