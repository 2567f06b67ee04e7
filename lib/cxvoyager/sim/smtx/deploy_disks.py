"""Disk checks of the deployment payload: each disk exists, roles fit the media.

The rules follow the SMTX OS storage matrix. The boot disk is never offered.
A cache disk is flash and faster than the data disks behind it (NVMe, then
SATA SSD, then HDD). HDDs need a flash cache tier, so an HDD-only node and an
HDD in an untiered (all ``data``) layout are rejected. The host flags follow
the layout: ``disk_data_with_cache`` is true exactly when no disk is a cache
disk, and a tiered layout sets ``with_faster_ssd_as_cache``.
"""

from __future__ import annotations

from typing import Any

from cxvoyager.sim.smtx.envelope import check_list, check_object, invalid

_DISK = {"drive": str, "function": str, "model": str, "serial": str, "size": int, "type": str}


def _speed_rank(disk: dict[str, Any]) -> int:
    """Rank media by speed: NVMe 2, SATA/SAS SSD 1, HDD 0."""
    if disk["type"] == "HDD":
        return 0
    return 2 if disk["drive"].startswith("nvme") else 1


def _match(disk: dict[str, Any], path: str, node: dict[str, Any]) -> dict[str, Any]:
    found = next((entry for entry in node["disks"] if entry["drive"] == disk["drive"]), None)
    if found is None:
        raise invalid(
            f"{path}.drive", f"node {node['management_ip']} has no disk {disk['drive']!r}"
        )
    for key in ("serial", "model", "size", "type"):
        if disk[key] != found[key]:
            raise invalid(f"{path}.{key}", f"{disk[key]!r} differs from the scanned {found[key]!r}")
    if found["function"] == "boot":
        raise invalid(
            f"{path}.drive", f"{disk['drive']} is the boot disk and cannot join the cluster"
        )
    if disk["function"] not in ("cache", "data"):
        raise invalid(f"{path}.function", f"{disk['function']!r} is not 'cache' or 'data'")
    matched: dict[str, Any] = found
    return matched


def check_disks(host: dict[str, Any], path: str, node: dict[str, Any]) -> None:
    """Check ``host["disks"]`` and the two layout flags against the node's scanned disks.

    Raises:
        SmtxApiError: a disk does not exist or the roles break the rules above (400).
    """
    disks = check_list(host["disks"], f"{path}.disks", dict, min_items=1)
    drives: set[str] = set()
    for index, disk in enumerate(disks):
        disk_path = f"{path}.disks[{index}]"
        check_object(disk, disk_path, required=_DISK)
        _match(disk, disk_path, node)
        if disk["drive"] in drives:
            raise invalid(f"{disk_path}.drive", f"disk {disk['drive']} is listed twice")
        drives.add(disk["drive"])
        if disk["function"] == "cache" and disk["type"] == "HDD":
            raise invalid(f"{disk_path}.function", "an HDD cannot be a cache disk")
    _check_layout(host, path, disks)


def _check_layout(host: dict[str, Any], path: str, disks: list[dict[str, Any]]) -> None:
    cache = [disk for disk in disks if disk["function"] == "cache"]
    data = [disk for disk in disks if disk["function"] == "data"]
    if not data:
        raise invalid(f"{path}.disks", "at least one disk must have function 'data'")
    if any(disk["type"] == "HDD" for disk in data) and not cache:
        raise invalid(
            f"{path}.disks",
            "HDD data disks need flash cache disks (HDD-only or untiered HDD layout)",
        )
    if cache and min(map(_speed_rank, cache)) <= max(map(_speed_rank, data)):
        raise invalid(f"{path}.disks", "cache disks must be faster media than every data disk")
    if host["disk_data_with_cache"] != (not cache):
        expected = "true" if not cache else "false"
        raise invalid(f"{path}.disk_data_with_cache", f"must be {expected} for this disk layout")
    if cache and not host["with_faster_ssd_as_cache"]:
        raise invalid(f"{path}.with_faster_ssd_as_cache", "must be true when cache disks are given")
