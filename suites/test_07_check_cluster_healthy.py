"""Stage 07, check_cluster_healthy: cluster health, inspection report and plan-vs-actual.

Actions:

- one check per health aspect (hosts, services, disks, storage, time,
  alerts, CPU compatibility), each reporting every problem it finds;
- an inspection job whose exported report is saved into the report directory;
- every planned value compared with the deployed one.

Assumes stages 05 and 06 passed: CloudTower manages the cluster (ids in the
ledger). The checks are independent: one failing does not skip the others.
"""

from __future__ import annotations

from typing import Any

import pytest

from cxvoyager.clients.models.deployment import ScannedHost
from cxvoyager.delivery import access, health, networks, plan_vs_actual
from cxvoyager.delivery.checks import mismatch, problems_text

pytestmark = pytest.mark.independent


def test_every_host_is_connected_and_not_in_maintenance(
    plan: Any, cloudtower: Any, ledger: Any, step_record: Any
) -> None:
    """Every planned host is connected to CloudTower and none is in maintenance mode."""
    hosts = cloudtower.list_hosts({"cluster": {"id": ledger.get_output(access.TOWER_CLUSTER_ID)}})

    problems = health.host_problems(hosts, plan)

    assert not problems, problems_text("POST /v2/api/get-hosts", problems)
    step_record("hosts.status", {host.name: host.status for host in hosts})


def test_cluster_services_run_on_every_host(fisheye: Any, step_record: Any) -> None:
    """Every cluster service (ZooKeeper, metadata, chunk, VM scheduler...) runs on every host."""
    summary = fisheye.get_cluster_summary()

    problems = health.service_problems(summary)

    assert summary.services, mismatch("GET /api/v2/cluster/summary", "services", summary.services)
    assert not problems, problems_text("GET /api/v2/cluster/summary", problems)
    step_record("services", len(summary.services))


def test_every_disk_is_healthy_and_used_as_planned(
    plan: Any, cloudtower: Any, ledger: Any, step_record: Any
) -> None:
    """Every disk is healthy and online, and each host has the planned cache and data disks."""
    hosts = cloudtower.list_hosts({"cluster": {"id": ledger.get_output(access.TOWER_CLUSTER_ID)}})
    disks = cloudtower.list_disks({"host": {"id_in": [host.id for host in hosts]}})
    scans = {
        ip: ScannedHost.model_validate(data)
        for ip, data in (ledger.get_output(access.SCANS) or {}).items()
    }

    problems = health.disk_problems(disks, plan, scans)

    assert disks, mismatch("POST /v2/api/get-disks", "disks", disks)
    assert not problems, problems_text("POST /v2/api/get-disks", problems)
    step_record("disks", len(disks))


def test_storage_capacity_and_replicas_are_healthy(
    fisheye: Any, cloudtower: Any, ledger: Any, step_record: Any
) -> None:
    """The cluster has storage capacity, is below 80% full, and every replica is healthy."""
    cluster = cloudtower.list_clusters({"id": ledger.get_output(access.TOWER_CLUSTER_ID)})[0]
    summary = fisheye.get_cluster_summary()

    problems = health.storage_problems(cluster, summary)

    assert not problems, problems_text(
        "POST /v2/api/get-clusters + GET /api/v2/cluster/summary", problems
    )
    step_record("storage.total_tib", round((cluster.total_data_capacity or 0) / 2**40, 2))


def test_host_clocks_are_in_sync(plan: Any, ssh: Any, step_record: Any) -> None:
    """Every host's clock follows NTP within 0.5 s, and the hosts are within 0.5 s of each other."""
    syncs = {}
    for host in plan.hosts:
        client = ssh(str(host.management_ip), host.ssh_user, host.ssh_password.get_secret_value())
        syncs[host.hostname] = health.parse_tracking(client.run("chronyc tracking").stdout)

    problems = health.time_problems(syncs)

    assert not problems, problems_text("ssh chronyc tracking", problems)
    step_record("time.offsets_s", {name: sync.offset for name, sync in syncs.items()})


def test_no_critical_or_error_alerts(cloudtower: Any, ledger: Any, step_record: Any) -> None:
    """The cluster has no open critical or error alert; open warnings are listed in the report."""
    alerts = cloudtower.list_alerts(
        {"ended": False, "cluster": {"id": ledger.get_output(access.TOWER_CLUSTER_ID)}}
    )

    blocking, others = health.split_alerts(alerts)

    step_record("alerts.warnings", [health.describe_alert(alert) for alert in others])
    assert not blocking, problems_text(
        "POST /v2/api/get-alerts", [health.describe_alert(a) for a in blocking]
    )


def test_cpu_compatibility_is_set(fisheye: Any, step_record: Any) -> None:
    """The cluster has a CPU compatibility model, and it is one the cluster recommends."""
    model = fisheye.get_cpu_compatibility()
    recommended = fisheye.list_recommended_cpu_models()

    assert model in recommended, mismatch(
        "GET /api/v2/elf/cluster_cpu_compatibility", recommended, model
    )
    step_record("cpu_model", model)


def test_inspection_report_is_attached(
    inspector: Any, ledger: Any, report_dir: Any, step_record: Any
) -> None:
    """An inspection of the cluster runs, and its exported report is saved with this run."""
    cluster_uuid = ledger.get_output(access.CLUSTER_UUID)

    job = inspector.create_job(cluster_uuid)
    filename = inspector.export_report(job.id, cluster_uuid)
    inspector.wait_for_export(filename)
    saved = inspector.download_report(filename, report_dir)

    assert saved.stat().st_size > 0, mismatch(
        "GET /api/inspector/api/v1/export/download", "a file", 0
    )
    step_record("inspection.report", saved.name)


def test_deployed_values_match_plan(
    plan: Any, fisheye: Any, cloudtower: Any, ledger: Any, step_record: Any
) -> None:
    """Every planned name, address, VLAN, VIP, DNS, NTP and VDS is what the system reports."""
    switches = fisheye.list_vdses()
    actual = plan_vs_actual.Actual(
        cluster_name=fisheye.get_cluster_summary().name,
        vip=str(fisheye.get_vip().get("management_vip")),
        dns=fisheye.get_dns(),
        ntp=list(fisheye.get_ntp().get("ntp_servers") or []),
        hosts=cloudtower.list_hosts(
            {"cluster": {"id": ledger.get_output(access.TOWER_CLUSTER_ID)}}
        ),
        vdses=switches,
        vlans={
            vds.name: fisheye.list_vlans(vds.uuid)
            for vds in switches
            if vds.name == networks.business_vds_name(plan)
        },
    )

    rows = plan_vs_actual.compare(plan, actual)

    for row in rows:
        step_record(f"plan.{row.field}", row.describe())
    differing = [
        f"{row.field} ({row.cell}): {row.planned} != {row.actual}"
        for row in rows
        if not row.matches
    ]
    assert not differing, problems_text("plan vs actual", differing)
