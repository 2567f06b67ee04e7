"""Unit tests of the stage checks that need no API: thresholds, parsers, comparisons."""

from __future__ import annotations

import pytest
from tests.factories import make_plan

from cxvoyager.clients.models.fisheye import Vds, Vlan
from cxvoyager.clients.models.tower import Alert, TowerHost
from cxvoyager.delivery import health, plan_vs_actual, tower_config
from cxvoyager.delivery.tower_install import SUCCESS_MARKER, InstallerLog
from cxvoyager.plan.model import NetworkArchitecture

TRACKING = (
    "Reference ID    : 0A00000A (10.0.0.10)\nStratum         : 3\n"
    "System time     : {seconds} seconds {direction} of NTP time\nLeap status     : {leap}\n"
)


@pytest.mark.parametrize(("nodes", "level"), [(3, 61), (4, 70), (5, 75), (16, 88)], ids=str)
def test_capacity_notice_threshold(nodes, level):
    assert tower_config.capacity_notice_threshold(nodes) == level


@pytest.mark.parametrize(
    ("seconds", "direction", "leap", "offset", "synchronized"),
    [
        pytest.param("0.000120000", "fast", "Normal", 0.00012, True, id="fast"),
        pytest.param("0.250000000", "slow", "Normal", -0.25, True, id="slow"),
        pytest.param("0.000000000", "fast", "Not synchronised", 0.0, False, id="unsynchronized"),
    ],
)
def test_parse_tracking(seconds, direction, leap, offset, synchronized):
    sync = health.parse_tracking(TRACKING.format(seconds=seconds, direction=direction, leap=leap))

    assert sync.offset == pytest.approx(offset)
    assert sync.synchronized is synchronized


def test_time_problems_name_each_host():
    syncs = {
        "node-1": health.TimeSync(0.01, "Normal"),
        "node-2": health.TimeSync(-0.9, "Normal"),
        "node-3": health.TimeSync(None, "Not synchronised"),
    }

    problems = health.time_problems(syncs)

    assert len(problems) == 3, problems
    assert "node-2" in problems[0] or "node-2" in problems[1], problems
    assert any("node-3" in problem for problem in problems), problems


def test_time_in_sync_has_no_problem():
    syncs = {"node-1": health.TimeSync(0.01, "Normal"), "node-2": health.TimeSync(-0.02, "Normal")}

    assert health.time_problems(syncs) == []


def test_split_alerts_keeps_warnings_apart():
    alerts = [
        Alert(id="1", severity="CRITICAL", message="disk failed"),
        Alert(id="2", severity="WARNING", message="high CPU"),
        Alert(id="3", severity="CRITICAL", message="resolved", ended=True),
    ]

    blocking, others = health.split_alerts(alerts)

    assert [alert.id for alert in blocking] == ["1"]
    assert [alert.id for alert in others] == ["2"]


def actual_for(plan, *, hostname_change: bool = False) -> plan_vs_actual.Actual:
    hosts = [
        TowerHost(
            id=f"h{host.index}",
            management_ip=str(host.management_ip),
            name=host.hostname + ("-x" if hostname_change and host is plan.hosts[0] else ""),
            data_ip=str(host.storage_ip),
        )
        for host in plan.hosts
    ]
    switches = [
        Vds(uuid=f"v{n}", name=name, bond_mode=mode)
        for n, (name, mode) in enumerate(
            [
                ("vDS-MgMt-Network", "active-backup"),
                ("vDS-Storage-Network", "active-backup"),
                ("vDS-Prod-Network", "balance-slb"),
            ]
        )
    ]
    vlans = [
        Vlan(uuid=f"l{n}", name=net.name, vlan_id=net.vlan_id or 0)
        for n, net in enumerate(plan.networks.business)
    ]
    return plan_vs_actual.Actual(
        cluster_name=plan.cluster.name,
        vip=str(plan.cluster.vip),
        dns=[str(server) for server in plan.dns_servers],
        ntp=list(plan.ntp_servers),
        hosts=hosts,
        vdses=switches,
        vlans={"vDS-Prod-Network": vlans},
    )


def test_plan_vs_actual_all_rows_match():
    plan = make_plan()

    rows = plan_vs_actual.compare(plan, actual_for(plan))

    assert [row.field for row in rows if not row.matches] == []
    servers = len(plan.dns_servers) + len(plan.ntp_servers)
    assert len(rows) == 2 + servers + 3 * len(plan.hosts) + 6 + len(plan.networks.business)
    assert rows[0].describe().startswith(("一致", "as planned")), rows[0].describe()


def test_plan_vs_actual_flags_a_renamed_host():
    plan = make_plan()

    rows = plan_vs_actual.compare(plan, actual_for(plan, hostname_change=True))

    differing = [row for row in rows if not row.matches]
    assert len(differing) == 1, differing
    assert differing[0].actual == plan.hosts[0].hostname + "-x"
    assert plan.hosts[0].hostname + "-x" in differing[0].describe()


def test_plan_vs_actual_separate_storage_has_no_business_vds_row():
    base = make_plan()
    plan = make_plan(
        cluster=base.cluster.model_copy(
            update={"network_architecture": NetworkArchitecture.SEPARATE_STORAGE}
        )
    )

    rows = plan_vs_actual.compare(plan, actual_for(plan))

    assert not [row for row in rows if row.field.startswith("networks.business.0.vds")], rows


@pytest.mark.parametrize(
    ("text", "succeeded", "failure"),
    [
        pytest.param(None, False, None, id="missing"),
        pytest.param("step 1 ok\nstep 2 ok\n", False, None, id="running"),
        pytest.param(f"step 1 ok\n{SUCCESS_MARKER}\n", True, None, id="done"),
        pytest.param("step 1 ok\nERROR: disk full\n", False, "ERROR: disk full", id="failed"),
    ],
)
def test_installer_log(text, succeeded, failure):
    log = InstallerLog(text)

    assert log.succeeded is succeeded
    assert log.failure() == failure
    assert log.describe()


def test_plan_vs_actual_extra_dns_server_differs():
    plan = make_plan()
    actual = actual_for(plan)
    actual = plan_vs_actual.Actual(**{**actual.__dict__, "dns": [*actual.dns, "10.9.9.9"]})

    rows = plan_vs_actual.compare(plan, actual)

    differing = [row.field for row in rows if not row.matches]
    assert differing == [f"dns_servers.{len(plan.dns_servers)}"], differing
