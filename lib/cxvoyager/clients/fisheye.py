"""Client of the SMTX OS cluster API (Fisheye): settings, license, IPMI, CPU.

``FisheyeClient`` joins the areas split over ``fisheye_network`` (VDS and
VLAN), ``fisheye_images`` (ISO uploads), ``fisheye_vms`` (VMs, storage
policies) and ``fisheye_health`` (cluster summary), all on one session.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cxvoyager.clients.fisheye_base import SERVICE, FisheyeBase
from cxvoyager.clients.fisheye_health import FisheyeHealth
from cxvoyager.clients.fisheye_images import FisheyeImages
from cxvoyager.clients.fisheye_network import FisheyeNetwork
from cxvoyager.clients.fisheye_vms import FisheyeVms
from cxvoyager.clients.models import parse
from cxvoyager.clients.models.fisheye import FisheyeUser, IpmiResult, Job, License

__all__ = ["SERVICE", "FisheyeClient"]


class FisheyeClient(FisheyeNetwork, FisheyeImages, FisheyeVms, FisheyeHealth, FisheyeBase):
    """The SMTX OS cluster API of one cluster."""

    def setup_root(self, password: str) -> FisheyeUser:
        """Set the first password of the ``root`` account (only once per cluster).

        Raises:
            StatusError: the account was set up already, or the password was rejected.
        """
        response = self.session.request(
            "POST",
            "/api/v3/users:setupRoot",
            idempotent=False,
            action="setup_root",
            json={"password": password, "repeat": password, "encrypted": False},
        )
        return parse(FisheyeUser, response.json(), service=SERVICE, action="setup_root")

    def update_vip(self, vip: str) -> Any:
        """Set the cluster's management VIP.

        Raises:
            ApiError: the call failed.
        """
        body = {"iscsi_vip": None, "management_vip": vip}
        return self.call("PUT", "/api/v2/settings/vip", json=body, action="update_vip")

    def get_vip(self) -> dict[str, Any]:
        """Return the VIP settings (``management_vip``, ``iscsi_vip``).

        Raises:
            ApiError: the call failed.
        """
        return dict(self.call("GET", "/api/v2/settings/vip", action="get_vip") or {})

    def update_dns(self, servers: Sequence[str]) -> Job:
        """Set the cluster's DNS servers and wait for the job.

        Raises:
            ApiError, TaskFailedError, WaitTimeoutError: the change did not complete.
        """
        return self.run_job(
            "PUT",
            "/api/v2/settings/dns",
            json={"dns_servers": list(servers)},
            action="update_dns",
            what="DNS",
        )

    def get_dns(self) -> list[str]:
        """Return the cluster's DNS servers.

        Raises:
            ApiError: the call failed.
        """
        data = self.call("GET", "/api/v2/settings/dns", action="get_dns") or {}
        return [str(server) for server in data.get("dns_servers") or []]

    def update_ntp(self, servers: Sequence[str]) -> Job:
        """Point the cluster at external NTP ``servers`` and wait for the job.

        Raises:
            ApiError, TaskFailedError, WaitTimeoutError: the change did not complete.
        """
        body = {"ntp_mode": "external", "ntp_servers": list(servers)}
        return self.run_job(
            "PUT", "/api/v2/settings/ntp", json=body, action="update_ntp", what="NTP"
        )

    def get_ntp(self) -> dict[str, Any]:
        """Return the NTP settings (``ntp_mode``, ``ntp_servers``).

        Raises:
            ApiError: the call failed.
        """
        return dict(self.call("GET", "/api/v2/settings/ntp", action="get_ntp") or {})

    def get_license(self) -> License:
        """Return the cluster license, including its serial number.

        Raises:
            ApiError: the call failed.
        """
        data = self.call("GET", "/api/v2/tools/license", action="get_license")
        return parse(License, data, service=SERVICE, action="get_license")

    def upsert_ipmi_accounts(self, accounts: Sequence[dict[str, str]]) -> IpmiResult:
        """Store BMC credentials per node; the response lists which ones worked.

        Each account has ``node_uuid``, ``node_name``, ``host`` (BMC IP),
        ``user`` and ``password``. Credentials that do not work come back in
        ``failure`` with HTTP 200.

        Raises:
            ApiError: the call failed.
        """
        data = self.call(
            "POST",
            "/api/v2/ipmi/upsert_accounts",
            json={"accounts": list(accounts)},
            idempotent=True,
            action="upsert_ipmi_accounts",
        )
        return parse(IpmiResult, data, service=SERVICE, action="upsert_ipmi_accounts")

    def list_recommended_cpu_models(self) -> list[str]:
        """Return the CPU models the cluster recommends for VM compatibility.

        Raises:
            ApiError: the call failed.
        """
        data = self.call(
            "GET", "/api/v2/elf/cluster_recommended_cpu_models", action="get_cpu_models"
        )
        return [str(model) for model in (data or {}).get("cpu_models") or []]

    def update_cpu_compatibility(self, cpu_model: str) -> None:
        """Set the cluster's CPU compatibility model.

        Raises:
            ApiError: the call failed.
        """
        self.call(
            "PUT",
            "/api/v2/elf/cluster_cpu_compatibility",
            json={"cpu_model": cpu_model},
            action="update_cpu_compatibility",
        )

    def get_cpu_compatibility(self) -> str | None:
        """Return the cluster's CPU compatibility model, or None when unset.

        Raises:
            ApiError: the call failed.
        """
        data = self.call(
            "GET", "/api/v2/elf/cluster_cpu_compatibility", action="get_cpu_compatibility"
        )
        model = (data or {}).get("cpu_model")
        return str(model) if model else None
