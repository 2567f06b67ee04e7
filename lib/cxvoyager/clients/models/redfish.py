"""Objects of the Redfish API that BMCs serve."""

from __future__ import annotations

from pydantic import Field

from cxvoyager.clients.models import ApiModel


class ResetAction(ApiModel):
    """The ``#ComputerSystem.Reset`` action: where to post and which reset types it takes."""

    target: str
    allowed: list[str] = Field(default_factory=list, alias="ResetType@Redfish.AllowableValues")


class SystemActions(ApiModel):
    """The actions a computer system offers."""

    reset: ResetAction | None = Field(default=None, alias="#ComputerSystem.Reset")


class ComputerSystem(ApiModel):
    """A server as its BMC describes it (``/redfish/v1/Systems/<id>``)."""

    odata_id: str = Field(alias="@odata.id")
    id: str = Field(alias="Id")
    power_state: str = Field(default="", alias="PowerState")
    serial_number: str = Field(default="", alias="SerialNumber")
    host_name: str = Field(default="", alias="HostName")
    actions: SystemActions = Field(default_factory=SystemActions, alias="Actions")
