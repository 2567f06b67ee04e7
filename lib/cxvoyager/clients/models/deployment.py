"""Objects of the SMTX OS deployment API (nodes not yet in a cluster)."""

from __future__ import annotations

from pydantic import Field

from cxvoyager.clients.models import ApiModel


class ScannedDisk(ApiModel):
    """A disk as the node's scan reports it; ``function`` is boot, cache or data."""

    drive: str
    function: str
    model: str = ""
    serial: str = ""
    size: int
    type: str

    @property
    def is_nvme(self) -> bool:
        """Tell whether this is an NVMe flash device (the drive name says so)."""
        return "nvme" in self.drive and self.type == "SSD"


class ScannedIface(ApiModel):
    """A network interface of a scanned node."""

    name: str
    hwaddr: str | None = None
    ipv4: list[str] | str | None = None
    ipv6: list[str] | str | None = None
    pci_slot_name: str | None = None
    physical_link_up: bool | None = None
    speed: int | None = None

    @property
    def link_local(self) -> str | None:
        """Return the interface's IPv6 link-local address, if it has one."""
        values = [self.ipv6] if isinstance(self.ipv6, str) else list(self.ipv6 or [])
        return next((value for value in values if value.lower().startswith("fe80")), None)


class ScannedHost(ApiModel):
    """The inventory ``GET /api/v2/deployment/host`` returns about the node that responds."""

    host_uuid: str
    hostname: str = ""
    host_ip: str = ""
    product: str = ""
    version: str = ""
    patch_version: str = ""
    sn: str = ""
    status: str = ""
    is_all_flash: bool = False
    disks: list[ScannedDisk] = Field(default_factory=list)
    ifaces: list[ScannedIface] = Field(default_factory=list)

    def iface(self, name: str) -> ScannedIface | None:
        """Return the interface called ``name``, or None."""
        return next((iface for iface in self.ifaces if iface.name == name), None)

    @property
    def payload_disks(self) -> list[ScannedDisk]:
        """List the disks that storage may use: every disk but the boot disk."""
        return [disk for disk in self.disks if disk.function != "boot"]


class DeployStatus(ApiModel):
    """Progress of a running deployment (``deploy_status``)."""

    state: str = ""
    current_stage: int | None = None
    total_stages: int | None = None
    stage_info: str | None = None
    msg: str | None = None
    error: str | None = None

    def failure(self) -> str | None:
        """Return why the deployment failed, or None while it has not failed."""
        if self.error:
            return self.error
        if self.state in ("failed", "error"):
            return f"{self.state} {self.stage_info or '-'}: {self.msg or ''}".strip()
        return None

    def describe(self) -> str:
        """Return the phase and step count, for progress lines."""
        return f"{self.state} {self.stage_info or '-'} {self.current_stage}/{self.total_stages}"


class DeployVerify(ApiModel):
    """The final result of a deployment (``deploy_verify``)."""

    is_deployed: bool
    platform: str | None = None
