"""Objects of the CloudTower REST and GraphQL APIs (fields as in the 4.6.0 spec)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from cxvoyager.clients.models import ApiModel


class Ref(ApiModel):
    """A nested reference to another object (``{id, name}``)."""

    id: str
    name: str = ""


class Organization(ApiModel):
    """A CloudTower organization with its datacenters."""

    id: str
    name: str
    datacenters: list[Ref] = Field(default_factory=list)


class Datacenter(ApiModel):
    """A CloudTower datacenter."""

    id: str
    name: str
    organization: Ref | None = None


class TowerCluster(ApiModel):
    """A cluster as CloudTower manages it; ``local_id`` is the SMTX OS cluster uuid."""

    id: str
    name: str = ""
    connect_state: str = ""
    local_id: str | None = None
    ip: str = ""
    management_vip: str | None = None
    version: str = ""
    dns: list[str] = Field(default_factory=list)
    ntp_mode: str | None = None
    ntp_servers: list[str] = Field(default_factory=list)
    current_cpu_model: str | None = None
    settings: Ref | None = None
    datacenters: list[Ref] = Field(default_factory=list)
    hosts: list[Ref] = Field(default_factory=list)
    vms: list[Ref] = Field(default_factory=list)
    total_data_capacity: int | None = None
    used_data_space: int | None = None
    valid_data_space: int | None = None
    failure_data_space: int | None = None
    recover_data_size: int | None = None
    recover_speed: float | None = None


class MaintenanceState(ApiModel):
    """A host's maintenance-mode state."""

    state: str | None = None


class TowerHost(ApiModel):
    """A host as CloudTower reports it."""

    id: str
    name: str
    local_id: str = ""
    management_ip: str = ""
    data_ip: str | None = None
    status: str = ""
    state: str = ""
    host_state: MaintenanceState | None = None
    cluster: Ref | None = None

    @property
    def in_maintenance(self) -> bool:
        """Tell whether the host is entering or in maintenance mode."""
        state = self.host_state.state if self.host_state else None
        return state in ("ENTERING_MAINTENANCE_MODE", "MAINTENANCE_MODE")


class TowerDisk(ApiModel):
    """A physical disk of a host."""

    id: str
    name: str = ""
    path: str = ""
    serial: str = ""
    size: int = 0
    type: str = ""
    healthy: bool = True
    health_status: str | None = None
    usage: str = ""
    function: str | None = None
    offline: bool = False
    host: Ref | None = None


class TowerVm(ApiModel):
    """A VM as CloudTower lists it."""

    id: str
    name: str
    status: str = ""
    local_id: str = ""


class Alert(ApiModel):
    """An alert; ``ended`` alerts are resolved."""

    id: str
    severity: str
    message: str = ""
    ended: bool = False
    cluster: Ref | None = None
    host: Ref | None = None
    labels: dict[str, Any] = Field(default_factory=dict)


class Task(ApiModel):
    """An asynchronous CloudTower task (``SUCCESSED`` and ``FAILED`` are terminal)."""

    id: str
    status: str
    description: str = ""
    progress: float | None = None
    error_code: str | None = None
    error_message: str | None = None

    def failure(self) -> str | None:
        """Return why the task failed, or None while it has not failed."""
        if self.status != "FAILED":
            return None
        return f"{self.error_code or 'FAILED'}: {self.error_message or ''}".strip()


class User(ApiModel):
    """A CloudTower user."""

    id: str
    username: str
    name: str = ""
    role: str | None = None
    source: str = ""


class RoleRef(ApiModel):
    """A preset or custom user role (``ADMIN``, ``READ_ONLY``...)."""

    id: str
    name: str = ""
    preset: str | None = None


class ZoneTopo(ApiModel):
    """The topology root of a cluster's racks."""

    id: str
    cluster: Ref | None = None


class RackTopo(ApiModel):
    """A rack in the cluster topology."""

    id: str
    name: str
    height: int = 0
    cluster: Ref | None = None


class BrickTopo(ApiModel):
    """A server chassis (brick) placed in a rack at ``position`` (the bottom U)."""

    id: str
    name: str
    position: int = 0
    height: int = 0
    rack_topo: Ref | None = None


class Threshold(ApiModel):
    """One severity threshold of an alert rule."""

    severity: str
    value: float | None = None


class ClusterAlertRule(ApiModel):
    """The per-cluster copy of a global alert rule."""

    id: str
    customized: bool = False
    disabled: bool = False
    thresholds: list[Threshold] = Field(default_factory=list)
    cluster: Ref | None = None


class GlobalAlertRule(ApiModel):
    """An alert rule with its global thresholds and its per-cluster copies."""

    id: str
    name: str
    object: str = ""
    disabled: bool = False
    thresholds: list[Threshold] = Field(default_factory=list)
    alert_rules: list[ClusterAlertRule] = Field(default_factory=list)


class TowerLicense(ApiModel):
    """The CloudTower license (``deploys[0].license``)."""

    license_serial: str
    type: str = ""
    software_edition: str = ""
    expire_date: str | None = None
