"""Stage 06, cloudtower_config: CloudTower NTP, DNS, license, storage, users, alerts, racks.

Actions, each read back after it is applied:

- set CloudTower's own NTP servers;
- list its DNS servers as a manual task, because CloudTower has no API for them;
- record its license serial for the as-built workbook;
- make two-replica thin storage the cluster default;
- create the users the plan lists;
- set the capacity alert level for the cluster's size;
- build the rack topology from 主机规划 columns P:Q.

Assumes stage 05 connected the cluster (its CloudTower id is in the ledger).
"""

from __future__ import annotations

from typing import Any

from cxvoyager.delivery import access, rack_topology, tower_config
from cxvoyager.delivery.checks import mismatch
from cxvoyager.i18n import t


def test_cloudtower_ntp_servers_are_set(
    plan: Any, cloudtower: Any, tower_graphql: Any, step_record: Any
) -> None:
    """CloudTower's own NTP servers are the planned ones, in order (集群管理信息!E22:E24)."""
    planned = list(plan.ntp_servers)

    change = tower_config.ensure_ntp(cloudtower, tower_graphql, planned)

    assert change.after == planned, mismatch(
        "POST /v2/api/get-ntp-service-url", planned, change.after
    )
    step_record("ntp", ", ".join(planned))


def test_cloudtower_dns_is_listed_as_manual_task(plan: Any, step_record: Any) -> None:
    """CloudTower DNS (集群管理信息!E25:E26) is listed as a manual task, as no API sets it."""
    servers = ", ".join(str(server) for server in plan.dns_servers)

    step_record("manual.dns", t("stages.towercfg.dns_manual", servers=servers))


def test_cloudtower_license_serial_is_recorded(
    tower_graphql: Any, ledger: Any, step_record: Any
) -> None:
    """CloudTower has a licensed serial number, written to the as-built 集群管理信息!M3."""
    license_info = tower_graphql.get_license()

    assert license_info is not None, mismatch("GraphQL deployedLicense", "license", None)
    assert license_info.license_serial, mismatch(
        "GraphQL deployedLicense", "license_serial", license_info.model_dump()
    )
    ledger.set_output(access.TOWER_SERIAL, license_info.license_serial)
    access.record_as_built(ledger, {access.TOWER_SERIAL_CELL: license_info.license_serial})
    step_record("cloudtower.serial", license_info.license_serial)
    step_record("cloudtower.license", f"{license_info.type} {license_info.software_edition}")


def test_storage_defaults_are_two_thin_replicas(
    cloudtower: Any, tower_graphql: Any, ledger: Any, step_record: Any
) -> None:
    """New VM volumes in the cluster default to two replicas with thin provisioning."""
    cluster = cloudtower.list_clusters({"id": ledger.get_output(access.TOWER_CLUSTER_ID)})[0]
    assert cluster.settings is not None, mismatch("POST /v2/api/get-clusters", "settings.id", None)

    settings = tower_config.apply_storage_defaults(tower_graphql, cluster.settings.id)

    for key, value in tower_config.STORAGE_DEFAULTS.items():
        if value is not None:
            assert settings.get(key) == value, mismatch(
                "GraphQL updateClusterSettings", {key: value}, {key: settings.get(key)}
            )
    step_record("storage.default", tower_config.STORAGE_DEFAULTS["default_storage_policy"])


def test_planned_users_exist(plan: Any, cloudtower: Any, created: Any, step_record: Any) -> None:
    """Every CloudTower user the plan lists exists with its role (root always exists)."""
    users = tower_config.planned_users(plan)

    new_users = []
    for user in users:
        account, is_new = tower_config.ensure_user(cloudtower, user)
        if is_new:
            created("tower-user", account.id, account.username)
            new_users.append(account.username)

    for user in users:
        found = [item.username for item in cloudtower.list_users({"username": user.username})]
        assert found == [user.username], mismatch("POST /v2/api/get-users", user.username, found)
    step_record("users", t("stages.towercfg.users", planned=len(users), created=len(new_users)))


def test_capacity_alert_fits_cluster_size(
    plan: Any, tower_graphql: Any, ledger: Any, step_record: Any
) -> None:
    """The cluster's storage-capacity NOTICE alert level leaves room to rebuild one node's data."""
    cluster_id = ledger.get_output(access.TOWER_CLUSTER_ID)
    wanted = tower_config.capacity_notice_threshold(len(plan.hosts))

    change = tower_config.ensure_capacity_alert(
        tower_graphql, cluster_id=cluster_id, nodes=len(plan.hosts)
    )

    assert change.after == wanted, mismatch(
        f"GraphQL globalAlertRules {tower_config.CAPACITY_RULE}", wanted, change.after
    )
    step_record("alert.capacity_notice", f"{wanted}%")


def test_rack_topology_matches_plan(
    plan: Any, cloudtower: Any, ledger: Any, step_record: Any
) -> None:
    """Every host with a planned rack and U (主机规划!P:Q) sits there in the rack topology."""
    planned = rack_topology.planned_positions(plan)
    if not planned:
        step_record("racks", t("stages.towercfg.no_racks"))
        return

    result = rack_topology.ensure_topology(
        cloudtower, plan, cluster_id=ledger.get_output(access.TOWER_CLUSTER_ID)
    )

    for hostname, position in planned.items():
        assert result.positions.get(hostname) == position, mismatch(
            "POST /v2/api/get-brick-topoes",
            {hostname: position},
            {hostname: result.positions.get(hostname)},
        )
    step_record("racks", len({rack for rack, _unit in planned.values()}))
