"""Objects of the SMTX OS cluster API (Fisheye, ``/api/v2`` and ``/api/v3``)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from cxvoyager.clients.models import ApiModel


class FisheyeSession(ApiModel):
    """A login session; ``token`` goes into the ``x-smartx-token`` header."""

    user_id: str = ""
    token: str
    expire_time: str | None = None


class FisheyeUser(ApiModel):
    """A Fisheye account, as ``users:setupRoot`` returns it."""

    id: str = ""
    username: str
    role: str = ""


class License(ApiModel):
    """The cluster license (``/api/v2/tools/license``)."""

    serial: str
    software_edition: str = ""
    license_type: str = ""
    vendor: str = ""
    mode: str = ""
    sign_date: int | None = None
    period: int | None = None


class Job(ApiModel):
    """An asynchronous Fisheye job; ``resources`` maps new object uuids to the objects."""

    job_id: str
    state: str
    description: str = ""
    resources: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # NOTE: no failed job was captured; these are the fields a failure is
    # expected to carry, and every one of them is optional.
    error: Any = None
    error_code: str | None = None
    error_msg: str | None = None

    @property
    def is_done(self) -> bool:
        """Tell whether the job finished successfully."""
        return self.state in ("done", "success")

    def failure(self) -> str | None:
        """Return why the job failed, or None while it has not failed."""
        if self.state not in ("failed", "error"):
            return None
        details = [str(part) for part in (self.error_code, self.error_msg, self.error) if part]
        return f"{self.description} {self.state}: {' '.join(details)}".strip()

    def resource_of(self, kind: str) -> dict[str, Any] | None:
        """Return the first resource of type ``kind`` (``NETWORK_VDS``, ``KVM_VM``)."""
        return next((res for res in self.resources.values() if res.get("type") == kind), None)


class Vds(ApiModel):
    """A virtual distributed switch."""

    uuid: str
    name: str
    bond_mode: str = ""
    ovsbr_name: str = ""
    vlans_count: int | None = None
    hosts_associated: list[dict[str, Any]] | dict[str, Any] = Field(default_factory=list)


class Vlan(ApiModel):
    """A VM network (VLAN) on a VDS."""

    uuid: str
    name: str
    vds_uuid: str = ""
    vlan_id: int

    # NOTE: Fisheye may return vlan_id as a string; pydantic's lax mode converts "1120".


class IpmiAccount(ApiModel):
    """One BMC account as ``ipmi/upsert_accounts`` reports it."""

    node_uuid: str
    node_name: str = ""
    host: str
    user: str = ""
    is_valid: bool = False


class IpmiResult(ApiModel):
    """The outcome of ``ipmi/upsert_accounts``: which BMC credentials worked."""

    success: list[IpmiAccount] = Field(default_factory=list)
    failure: list[IpmiAccount] = Field(default_factory=list)


class UploadVolume(ApiModel):
    """A volume prepared for a chunked image upload."""

    chunk_size: int
    image_uuid: str
    zbs_volume_id: str
    image_path: str = ""
    to_upload: list[int] = Field(default_factory=list)


class ChunkAck(ApiModel):
    """The response to one uploaded chunk: the chunks still expected."""

    chunk_num: int | None = None
    to_upload: list[int] = Field(default_factory=list)


class Image(ApiModel):
    """An ISO image stored in the cluster."""

    uuid: str
    name: str
    size: int = 0
    md5: str | None = None
    path: str | None = None
    type: str = ""
    resource_state: str | None = None
    zbs_volume_id: str | None = None

    @property
    def is_complete(self) -> bool:
        """Tell whether every chunk of the image arrived.

        NOTE: captures show only finished images, each with an MD5; that an
        unfinished upload lists no MD5 is the simulator's assumption.
        """
        return bool(self.md5) and self.resource_state != "uploading"


class StoragePolicy(ApiModel):
    """A storage policy; the ``default`` one backs new VM disks."""

    uuid: str
    name: str
    replica_num: int | None = None
    thin_provision: bool | None = None


class GuestAddress(ApiModel):
    """An address configured inside the guest."""

    ip_address: str
    ip_address_type: str = ""


class GuestNic(ApiModel):
    """A network interface as the guest OS reports it."""

    name: str = ""
    hardware_address: str = ""
    ip_addresses: list[GuestAddress] = Field(default_factory=list)


class GuestInfo(ApiModel):
    """Guest details the VMTools agent reports from inside a VM."""

    nics: list[GuestNic] = Field(default_factory=list)
    ga_state: str | None = None
    ga_version: Any = None  # a string such as "4.0.0", or a number on some versions
    os_version: str | None = None


class VmNic(ApiModel):
    """A VM network interface."""

    mac_address: str = ""
    ovs: str = ""
    vlan_uuid: str = ""
    ip_address: str | None = None


class Vm(ApiModel):
    """A virtual machine as ``GET /api/v2/vms/{uuid}`` returns it."""

    uuid: str
    vm_name: str
    status: str = ""
    vcpu: int | None = None
    memory: int | None = None
    node_ip: str | None = None
    guest_os_type: str | None = None
    guest_info: GuestInfo | None = None
    nics: list[VmNic] = Field(default_factory=list)
    disks: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def guest_ipv4(self) -> list[str]:
        """List the IPv4 addresses configured inside the guest, loopback excluded."""
        if self.guest_info is None:
            return []
        return [
            address.ip_address
            for nic in self.guest_info.nics
            for address in nic.ip_addresses
            if address.ip_address_type == "ipv4" and not address.ip_address.startswith("127.")
        ]

    @property
    def agent_running(self) -> bool:
        """Tell whether the VMTools guest agent runs (``ga_state`` Running)."""
        return self.guest_info is not None and self.guest_info.ga_state == "Running"


class ServiceState(ApiModel):
    """A cluster service and on how many hosts it runs."""

    name: str
    status: str
    running_hosts: int | None = None
    total_hosts: int | None = None


class StorageState(ApiModel):
    """Storage capacity and replica health of the cluster."""

    total_data_capacity: int = 0
    used_data_space: int = 0
    replicas_healthy: bool = True
    recovering_bytes: int = 0


class ClusterSummary(ApiModel):
    """Identity, storage state and services of the cluster."""

    uuid: str = ""
    name: str = ""
    vip: str | None = None
    version: str = ""
    host_count: int = 0
    storage: StorageState = Field(default_factory=StorageState)
    services: list[ServiceState] = Field(default_factory=list)
