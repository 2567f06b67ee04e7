"""Fisheye virtual machines and storage policies."""

from __future__ import annotations

from typing import Any

from cxvoyager.clients.fisheye_base import SERVICE, FisheyeBase
from cxvoyager.clients.fisheye_network import items_of
from cxvoyager.clients.models import parse, parse_list
from cxvoyager.clients.models.fisheye import StoragePolicy, Vm
from cxvoyager.errors import ResponseError
from cxvoyager.i18n import t


class FisheyeVms(FisheyeBase):
    """VM and storage-policy calls of the Fisheye client."""

    def list_storage_policies(self) -> list[StoragePolicy]:
        """Return the storage policies (the ``default`` one backs new VM disks).

        Raises:
            ApiError: the call failed.
        """
        data = self.call("GET", "/api/v2/storage_policies", action="list_storage_policies")
        return parse_list(
            StoragePolicy,
            items_of(data, "storage_policies"),
            service=SERVICE,
            action="list_storage_policies",
        )

    def list_vms(self) -> list[Vm]:
        """Return every VM of the cluster.

        Raises:
            ApiError: the call failed.
        """
        data = self.call("GET", "/api/v2/vms", action="list_vms")
        return parse_list(Vm, items_of(data, "vms"), service=SERVICE, action="list_vms")

    def find_vm(self, name: str) -> Vm | None:
        """Return the VM called ``name``, or None.

        Raises:
            ApiError: the call failed.
        """
        return next((vm for vm in self.list_vms() if vm.vm_name == name), None)

    def get_vm(self, vm_uuid: str) -> Vm:
        """Return one VM with its guest-agent state.

        Raises:
            ApiError: the call failed or the VM does not exist.
        """
        data = self.call("GET", f"/api/v2/vms/{vm_uuid}", action="get_vm")
        return parse(Vm, data, service=SERVICE, action="get_vm")

    def create_vm(self, body: dict[str, Any]) -> Vm:
        """Create a VM from ``body`` (the ``POST /api/v2/vms`` shape), wait for the job, return it.

        The call is resent after a lost response only when no VM of that name exists.

        Raises:
            ApiError, TaskFailedError, WaitTimeoutError: the VM was not created.
            ResponseError: the finished job names no VM.
        """
        name = str(body["vm_name"])
        job = self.run_job(
            "POST",
            "/api/v2/vms",
            json=body,
            action="create_vm",
            what=f"VM {name}",
            safe_to_resend=lambda: self.find_vm(name) is None,
        )
        created = next((res for res in job.resources.values() if res.get("vm_name") == name), None)
        if created is None or "uuid" not in created:
            message = t("stages.response.job_without_resource", job=job.job_id, kind="VM")
            raise ResponseError(message, service=SERVICE)
        return self.get_vm(str(created["uuid"]))

    def update_vm_nics(self, vm_uuid: str, nics: list[dict[str, Any]]) -> Vm:
        """Replace a VM's NIC settings (the guest IP goes in through VMTools) and wait.

        Raises:
            ApiError, TaskFailedError, WaitTimeoutError: the change did not complete.
        """
        self.run_job(
            "PUT",
            f"/api/v2/vms/{vm_uuid}",
            json={"nics": nics},
            action="update_vm_nics",
            what=f"VM {vm_uuid} NIC",
        )
        return self.get_vm(vm_uuid)
