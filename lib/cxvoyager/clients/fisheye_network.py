"""Fisheye virtual networking: virtual distributed switches (VDS) and VLANs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cxvoyager.clients.fisheye_base import SERVICE, FisheyeBase
from cxvoyager.clients.models import parse, parse_list
from cxvoyager.clients.models.fisheye import Vds, Vlan
from cxvoyager.errors import ResponseError
from cxvoyager.i18n import t


def items_of(data: Any, key: str) -> list[Any]:
    """Return the list in ``data``, which is either a bare list or ``{key: [...]}``."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get(key), list):
        return list(data[key])
    return []


class FisheyeNetwork(FisheyeBase):
    """VDS and VLAN calls of the Fisheye client."""

    def list_vdses(self) -> list[Vds]:
        """Return every virtual distributed switch of the cluster.

        Raises:
            ApiError: the call failed.
        """
        data = self.call("GET", "/api/v2/network/vds", action="list_vdses")
        return parse_list(Vds, items_of(data, "vdses"), service=SERVICE, action="list_vdses")

    def get_vds(self, vds_uuid: str) -> Vds:
        """Return one VDS, with ``vlans_count``.

        Raises:
            ApiError: the call failed or the VDS does not exist.
        """
        data = self.call("GET", f"/api/v2/network/vds/{vds_uuid}", action="get_vds")
        return parse(Vds, data, service=SERVICE, action="get_vds")

    def create_vds(self, *, name: str, bond_mode: str, hosts: Sequence[dict[str, Any]]) -> Vds:
        """Create a VDS over ``hosts`` and wait for the job; return the new VDS.

        Each host item has ``host_uuid``, ``nics_associated`` and ``data_ip``.

        Raises:
            ApiError, TaskFailedError, WaitTimeoutError: the VDS was not created.
            ResponseError: the finished job names no VDS.
        """
        body = {"name": name, "bond_mode": bond_mode, "hosts_associated": list(hosts)}
        job = self.run_job(
            "POST",
            "/api/v2/network/vds",
            json=body,
            action="create_vds",
            what=f"VDS {name}",
            safe_to_resend=lambda: self.find_vds(name) is None,
        )
        created = job.resource_of("NETWORK_VDS")
        if created is None or "uuid" not in created:
            message = t("stages.response.job_without_resource", job=job.job_id, kind="NETWORK_VDS")
            raise ResponseError(message, service=SERVICE)
        return self.get_vds(str(created["uuid"]))

    def find_vds(self, name: str) -> Vds | None:
        """Return the VDS called ``name``, or None.

        Raises:
            ApiError: the call failed.
        """
        return next((vds for vds in self.list_vdses() if vds.name == name), None)

    def list_vlans(self, vds_uuid: str) -> list[Vlan]:
        """Return the VLANs (VM networks) of a VDS.

        Raises:
            ApiError: the call failed.
        """
        data = self.call("GET", f"/api/v2/network/vds/{vds_uuid}/vlans", action="list_vlans")
        return parse_list(Vlan, items_of(data, "vlans"), service=SERVICE, action="list_vlans")

    def create_vlan(self, vds_uuid: str, *, name: str, vlan_id: int) -> Vlan:
        """Create a VM network on a VDS (synchronous) and return it.

        Raises:
            ApiError: the call failed, for example because the name exists.
        """
        body = {"name": name, "vlan_id": vlan_id, "vds_uuid": vds_uuid}
        data = self.call(
            "POST",
            f"/api/v2/network/vds/{vds_uuid}/vlans",
            json=body,
            action="create_vlan",
            safe_to_resend=lambda: all(vlan.name != name for vlan in self.list_vlans(vds_uuid)),
        )
        return parse(Vlan, data, service=SERVICE, action="create_vlan")
