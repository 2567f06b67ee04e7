"""Client of the CloudTower inspection center (巡检中心, ``/api/inspector``).

An inspection runs as a job over a cluster, identified by its SMTX OS
cluster uuid (CloudTower's ``local_id``). Its report is exported to a ZIP file
in the background (``EXPORT_RUNNING`` until ``EXPORT_SUCCEEDED``), then
downloaded through the ``v1`` path.
"""

from __future__ import annotations

import logging
from pathlib import Path

from cxvoyager.clients.http import ApiSession
from cxvoyager.clients.models import parse
from cxvoyager.clients.models.inspector import ExportStatus, InspectionJob
from cxvoyager.clients.waiting import wait_until
from cxvoyager.clock import Clock

logger = logging.getLogger(__name__)

SERVICE = "inspector"
BASE = "/api/inspector/api"
EXPORT_TIMEOUT = 1800.0  # seconds; exporting six months of graphs takes minutes

# The inspector version the item list below belongs to.
JOB_VERSION = "1.1.1-rc.11"

# Check items of inspector 1.1.1: hardware, services, time, network, storage, VMs.
JOB_ITEMS: tuple[str, ...] = (
    "master_redundancy_check",
    "cluster_mem_usage_check",
    "cluster_cpu_usage_check",
    "host_disk_remaining_life_percent",
    "host_power_is_on",
    "host_disk_is_healthy",
    "host_unhealthy_disk_is_offline",
    "event_disk_remove",
    "event_slot_disk_remove",
    "event_disk_add",
    "sensor_check",
    "power_health_check",
    "bmc_selftest",
    "fan_check",
    "ipmi_account_is_valid",
    "chassis_selftest",
    "hotfix_package_check",
    "worker_status_check",
    "worker_num_check",
    "job_duration_check",
    "failed_job_check",
    "host_service_health",
    "host_service_resident_memory_bytes",
    "host_service_is_running",
    "log_dir_usage_check",
    "host_cpu_overall_usage_percent",
    "host_memory_usage_percent",
    "host_time_diff_with_ntp_leader_seconds",
    "cluster_can_sync_time_with_external_ntp_server",
    "cluster_can_connect_to_external_ntp_server",
    "mongo_data_size_check",
    "root_disk_usage_check",
    "meta_partition_usage_check",
    "sys_partition_raid_is_normal",
    "sys_boot_health_check",
    "zk_cfg_check",
    "zk_role_check",
    "zk_primary_check",
    "primary_check",
    "status_check",
    "zk_status_check",
    "system_config_check",
    "third_party_software_check",
    "host_storage_network_can_ping",
    "host_management_network_can_ping",
    "host_access_network_can_ping",
    "host_to_host_max_ping_time_ns",
    "host_work_status_is_unknown",
    "host_bond_slave_is_normal",
    "default_gateway_check",
    "associated_nic_num_check",
    "network_loss_package_check",
    "zbs_cluster_data_space_use_rate",
    "zbs_chunk_data_space_use_rate",
    "cluster_storage_usage_check",
    "zbs_cluster_chunks_unsafe_failure_space",
    "partition_status_check",
    "lsm_info_check",
    "zbs_cluster_pending_migrate_bytes",
    "zbs_chunk_avg_readwrite_latency_ns",
    "zbs_chunk_connect_status",
    "zbs_chunk_maintenance_mode",
    "zbs_cluster_chunks_without_topo",
    "zbs_chunk_dirty_cache_ratio",
    "zbs_zone_maximum_proportion_of_rack_space",
    "zbs_rack_maximum_proportion_of_brick_space",
    "disk_max_sectors_kb_check",
    "lsm2db_manifest_size_check",
    "journal_status_check",
    "dead_data_check",
    "cache_status_check",
    "recover_data_check",
    "meta_leader_check",
    "zbs_zk_hosts_cfg_check",
    "elf_cluster_cpu_model_not_recommended",
    "elf_vm_placement_expire",
    "elf_vm_placement_status",
    "elf_cluster_cpu_model_incompatible",
    "elf_host_ha_status",
    "vm_zero_page_refcount_check",
    "vm_uuid_duplicate_check",
    "without_vm_uuid_check",
)

# Items the report export leaves out: they have no graph to draw.
EXPORT_EXCLUDED: frozenset[str] = frozenset(
    {
        "cluster_can_connect_to_external_ntp_server",
        "cluster_can_sync_time_with_external_ntp_server",
        "elf_host_ha_status",
        "host_disk_is_healthy",
        "host_memory_usage_percent",
        "host_service_resident_memory_bytes",
        "host_time_diff_with_ntp_leader_seconds",
        "host_unhealthy_disk_is_offline",
    }
)

GRAPH_MONTHS = 6  # months of history the exported report draws


class InspectorClient:
    """The inspection center of one CloudTower.

    Args:
        session: HTTPS session to ``https://<CloudTower IP>`` with the REST login.
        clock: the clock export waits go through.
    """

    def __init__(self, session: ApiSession, *, clock: Clock) -> None:
        self.session = session
        self.clock = clock

    def create_job(self, cluster_uuid: str) -> InspectionJob:
        """Start an inspection of the cluster ``cluster_uuid`` (SMTX OS uuid) and return the job.

        Raises:
            ApiError: the call failed.
        """
        body = {
            "version": JOB_VERSION,
            "cluster_uuids": [cluster_uuid],
            "user_defined_items_names": list(JOB_ITEMS),
        }
        response = self.session.request(
            "POST", f"{BASE}/v3/jobs", json=body, action="create_inspection"
        )
        return parse(InspectionJob, response.json(), service=SERVICE, action="create_inspection")

    def export_report(self, job_id: str, cluster_uuid: str) -> str:
        """Start exporting the job's report as a Word document in a ZIP; return the file name.

        Raises:
            ApiError: the call failed.
        """
        items = [item for item in JOB_ITEMS if item not in EXPORT_EXCLUDED]
        body = {
            "options": [
                {
                    "cluster_uuid": cluster_uuid,
                    "items_names": items,
                    "graph_duration_months": GRAPH_MONTHS,
                }
            ]
        }
        response = self.session.request(
            "POST",
            f"{BASE}/v3/jobs/{job_id}:exportReport",
            params={"format": "word"},
            json=body,
            action="export_inspection_report",
        )
        return str(response.json()["filename"])

    def get_export_status(self, filename: str) -> ExportStatus:
        """Return the state of a report export.

        Raises:
            ApiError: the call failed.
        """
        response = self.session.request(
            "GET", f"{BASE}/v3/export/status", params={"filename": filename}, action="export_status"
        )
        return parse(ExportStatus, response.json(), service=SERVICE, action="export_status")

    def wait_for_export(self, filename: str, *, timeout: float = EXPORT_TIMEOUT) -> ExportStatus:
        """Wait until the export succeeded.

        Raises:
            TaskFailedError: the export failed.
            WaitTimeoutError: the export did not finish in time.
        """
        return wait_until(
            lambda: self.get_export_status(filename),
            is_done=lambda status: status.succeeded,
            is_failed=lambda status: status.failure(),
            describe=lambda status: status.status,
            what=f"inspection report {filename}",
            clock=self.clock,
            timeout=timeout,
            interval=1.0,
        )

    def download_report(self, filename: str, destination: Path) -> Path:
        """Save the exported report as ``destination/filename`` and return the path.

        Raises:
            ApiError: the call failed.
        """
        response = self.session.request(
            "GET",
            f"{BASE}/v1/export/download",
            params={"filename": filename},
            action="download_inspection_report",
        )
        destination.mkdir(parents=True, exist_ok=True)
        target = destination / Path(filename).name
        target.write_bytes(response.content)
        logger.info("inspection report saved: %s (%d bytes)", target, len(response.content))
        return target
