"""Objects of the CloudTower inspection center."""

from __future__ import annotations

from pydantic import Field

from cxvoyager.clients.models import ApiModel


class InspectionJob(ApiModel):
    """An inspection job over one or more clusters."""

    id: str
    version: str = ""
    cluster_uuids: list[str] = Field(default_factory=list)


class ExportStatus(ApiModel):
    """The state of a report export (``EXPORT_RUNNING`` → ``EXPORT_SUCCEEDED``)."""

    filename: str
    status: str

    @property
    def succeeded(self) -> bool:
        """Tell whether the report file is ready to download."""
        return self.status == "EXPORT_SUCCEEDED"

    def failure(self) -> str | None:
        """Return the status when the export failed, or None."""
        return self.status if self.status.endswith("FAILED") else None
