"""Stage 03, config_cluster: set up and configure the new SMTX OS cluster through Fisheye.

Actions:

- set up the ``root`` administrator and log in;
- set the management VIP, the DNS and NTP servers and the BMC (IPMI) accounts;
- create the business VDS and VLANs;
- make the nodes accept the planned SSH passwords;
- upload the VMTools ISO and set the CPU compatibility model;
- record the cluster serial number for the as-built workbook.

Assumes stage 02 deployed the cluster and stored each host's uuid in the
ledger. Each step reads the setting first and changes only what differs.
"""

from __future__ import annotations

from typing import Any

from cxvoyager.clients.fisheye import FisheyeClient
from cxvoyager.delivery import access, cluster_config, host_passwords, images, networks
from cxvoyager.delivery.checks import mismatch, problems_text
from cxvoyager.i18n import t


def test_root_account_is_set_up(
    plan: Any, fisheye_anonymous: FisheyeClient, step_record: Any
) -> None:
    """The cluster administrator account exists with the planned password (主机规划!L19/M19)."""
    change = cluster_config.ensure_root_account(fisheye_anonymous, plan)

    assert cluster_config.try_login(fisheye_anonymous, plan) is not None, mismatch(
        "POST /api/v3/sessions", t("stages.config.login_ok"), t("stages.config.login_rejected")
    )
    step_record("root.created", change.changed)


def test_management_vip_is_set(
    plan: Any, fisheye: FisheyeClient, transport: Any, clock: Any, ledger: Any, step_record: Any
) -> None:
    """The cluster's management VIP is the planned one (主机规划!I19) and serves the cluster API."""
    vip = str(plan.cluster.vip)

    change = cluster_config.ensure_vip(fisheye, vip)

    assert change.after == vip, mismatch("GET /api/v2/settings/vip", vip, change.after)
    through_vip = FisheyeClient(
        transport.session(service="fisheye", base_url=f"https://{vip}"), clock=clock
    )
    assert cluster_config.try_login(through_vip, plan) is not None, mismatch(
        f"POST https://{vip}/api/v3/sessions",
        t("stages.config.login_ok"),
        t("stages.config.login_rejected"),
    )
    ledger.set_output(access.VIP_SET, True)
    step_record("vip", vip)


def test_dns_servers_are_set(plan: Any, fisheye: FisheyeClient, step_record: Any) -> None:
    """The cluster uses the planned DNS servers, in order (集群管理信息!E25:E26)."""
    planned = [str(server) for server in plan.dns_servers]

    change = cluster_config.ensure_dns(fisheye, planned)

    assert change.after == planned, mismatch("GET /api/v2/settings/dns", planned, change.after)
    step_record("dns", ", ".join(planned))


def test_ntp_servers_are_set(plan: Any, fisheye: FisheyeClient, step_record: Any) -> None:
    """The cluster syncs time from the planned external NTP servers (集群管理信息!E22:E24)."""
    planned = list(plan.ntp_servers)

    change = cluster_config.ensure_ntp(fisheye, planned)

    assert list(change.after.get("ntp_servers") or []) == planned, mismatch(
        "GET /api/v2/settings/ntp", planned, change.after
    )
    assert str(change.after.get("ntp_mode", "")).lower() == "external", mismatch(
        "GET /api/v2/settings/ntp", "ntp_mode=external", change.after
    )
    step_record("ntp", ", ".join(planned))


def test_ipmi_accounts_are_valid(
    plan: Any, fisheye: FisheyeClient, ledger: Any, step_record: Any
) -> None:
    """Every planned BMC account (主机规划!E:G) is stored and accepted by its BMC."""
    accounts = cluster_config.ipmi_accounts(plan, ledger.get_output(access.HOST_UUIDS))
    if not accounts:
        step_record("ipmi", t("stages.config.no_bmc"))
        return

    result = fisheye.upsert_ipmi_accounts(accounts)

    failed = [f"{item.node_name} {item.host} ({item.user})" for item in result.failure]
    assert not failed, problems_text("POST /api/v2/ipmi/upsert_accounts", failed)
    step_record("ipmi.accounts", len(result.success))


def test_business_vds_and_vlans_exist(
    plan: Any, fisheye: FisheyeClient, ledger: Any, created: Any, step_record: Any
) -> None:
    """The business VDS and every planned business VLAN (虚拟网络 rows 8-18) exist as planned."""
    result = networks.ensure_business_networks(fisheye, plan, ledger.get_output(access.HOST_UUIDS))
    if result is None:
        step_record("business", t("stages.config.no_business"))
        return

    problems = networks.vlan_mismatches(plan, result.vlans)
    assert not problems, problems_text(f"GET /api/v2/network/vds/{result.vds.uuid}/vlans", problems)
    assert (result.vds.vlans_count or 0) >= len(plan.networks.business), mismatch(
        f"GET /api/v2/network/vds/{result.vds.uuid}",
        f">= {len(plan.networks.business)} VLANs",
        result.vds.vlans_count,
    )
    ledger.set_output(access.VDS_UUIDS, {result.vds.name: result.vds.uuid})
    if result.created_vds:
        created("vds", result.vds.uuid, result.vds.name)
    for vlan in result.vlans:
        if vlan.name in result.created_vlans:
            created("vlan", vlan.uuid, vlan.name)
    step_record("business.vds", result.vds.name)
    step_record("business.vlans_created", len(result.created_vlans))


def test_node_passwords_are_the_planned_ones(plan: Any, ssh: Any, step_record: Any) -> None:
    """Every node accepts the planned SSH user and password (主机规划!J:K) and has its host name."""
    changed = []
    for host in plan.hosts:
        change = host_passwords.ensure_host_password(ssh, host)

        assert change.after == host.hostname, mismatch(
            f"ssh {host.management_ip} hostname", host.hostname, change.after
        )
        if change.changed:
            changed.append(host.hostname)
    step_record("passwords.changed", len(changed))


def test_vmtools_iso_is_uploaded(
    fisheye: FisheyeClient, install_files: Any, clock: Any, ledger: Any, step_record: Any
) -> None:
    """The VMTools ISO is in the cluster, uploaded in chunks with its checksum verified."""
    path = install_files("vmtools")
    checksum = images.sha256_hex(path)
    # NOTE: Fisheye documents no call that lists VMTools images, so the
    # ledger's record of the last upload stands for the cluster's state.
    if ledger.get_output("vmtools.sha256") == checksum:
        step_record("vmtools", t("stages.images.present", name=path.name))
        return

    result = images.upload_vmtools(fisheye, path, clock=clock)

    assert result.sha256 == checksum, mismatch(
        "POST /api/v2/svt_image/upload_template", checksum, result.sha256
    )
    ledger.record_upload(path.name, images.upload_stats(result))
    ledger.set_output("vmtools.sha256", checksum)
    step_record("vmtools.mib_per_s", round(result.throughput_bps / 2**20, 1))


def test_cpu_compatibility_is_set(fisheye: FisheyeClient, step_record: Any) -> None:
    """The cluster's CPU compatibility model is the first model the cluster recommends."""
    change = cluster_config.ensure_cpu_compatibility(fisheye)
    recommended = fisheye.list_recommended_cpu_models()

    assert change.after == recommended[0], mismatch(
        "GET /api/v2/elf/cluster_cpu_compatibility", recommended[0], change.after
    )
    step_record("cpu_model", change.after)


def test_cluster_serial_is_recorded(fisheye: FisheyeClient, ledger: Any, step_record: Any) -> None:
    """The cluster license has a serial number, written to the as-built workbook (主机规划!E19)."""
    license_info = fisheye.get_license()

    assert license_info.serial, mismatch(
        "GET /api/v2/tools/license", "serial", license_info.model_dump()
    )
    ledger.set_output(access.CLUSTER_SERIAL, license_info.serial)
    access.record_as_built(ledger, {access.CLUSTER_SERIAL_CELL: license_info.serial})
    step_record("cluster.serial", license_info.serial)
    step_record("license.type", license_info.license_type)
