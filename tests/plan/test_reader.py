"""Reading the real template and the example plan into a PlanModel."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

import openpyxl
import pytest
from tests.conftest import EXAMPLE_PLAN

from cxvoyager.plan import PlanCheck, Severity, check_plan, load_plan
from cxvoyager.plan.model import (
    BondMode,
    ClusterFeatures,
    ComponentKind,
    NetworkArchitecture,
    PlanModel,
    Sizing,
    StorageArchitecture,
)


@pytest.fixture(scope="module")
def template(reference_dir: Path) -> Path:
    return reference_dir / "plan-template.xlsx"


@pytest.fixture(scope="module")
def template_check(template: Path) -> PlanCheck:
    # Loading the template takes about two seconds (its topology sheet has
    # thousands of filled cells), so it is checked once per module.
    return check_plan(template)


@pytest.fixture(scope="module")
def template_plan(template_check: PlanCheck) -> PlanModel:
    assert template_check.plan is not None
    return template_check.plan


def test_template_has_no_errors(template_check: PlanCheck) -> None:
    assert template_check.ok, [finding.message for finding in template_check.errors]


def test_template_warnings_are_bmc_subnet_and_ntp_count(template_check: PlanCheck) -> None:
    rules = sorted({finding.rule for finding in template_check.warnings})
    assert rules == ["bmc.outside_subnet", "ntp.few"]


def test_template_hosts(template_plan: PlanModel) -> None:
    names = [host.hostname for host in template_plan.hosts]
    assert names == [f"BJ-SMTX-Prod-Node-0{number}" for number in range(1, 5)]


def test_template_first_host_fields(template_plan: PlanModel) -> None:
    host = template_plan.hosts[0]
    assert (host.index, host.row) == (0, 3)
    assert host.management_ip == IPv4Address("10.0.20.11")
    assert host.storage_ip == IPv4Address("10.0.21.11")
    assert host.bmc_ip == IPv4Address("10.0.19.11")
    assert host.ssh_user == "smartx"
    assert host.ssh_password.get_secret_value() == "HC!r0cks"
    assert (host.rack, host.rack_unit) == ("A01", 1)


def test_template_cluster(template_plan: PlanModel) -> None:
    cluster = template_plan.cluster
    assert cluster.name == "CN-BJ-SMTX-Prod-Cls01"
    assert cluster.smtx_version == "6.2.0P4"
    assert cluster.vip == IPv4Address("10.0.20.10")
    assert cluster.features is ClusterFeatures.BOOST
    assert cluster.storage_architecture is StorageArchitecture.HYBRID_TIERED
    assert cluster.network_architecture is NetworkArchitecture.SEPARATE_ALL


def test_template_networks(template_plan: PlanModel) -> None:
    networks = template_plan.networks
    assert networks.management.subnet == IPv4Network("10.0.20.0/24")
    assert networks.management.nics == ("ens224", "ens192")
    assert networks.storage.bond_mode is BondMode.ACTIVE_BACKUP
    assert networks.infra is None
    assert networks.backup is not None
    assert networks.backup.nics == ("ens162",)
    assert networks.ipmi is not None
    assert networks.ipmi.subnet == IPv4Network("10.0.20.0/24")


def test_template_business_networks(template_plan: PlanModel) -> None:
    business = template_plan.networks.business
    assert [network.vlan_id for network in business] == list(range(1120, 1131))
    assert business[0].name == "VLAN-1120"
    assert business[0].bond_mode is BondMode.BALANCE_SLB
    assert business[10].nics == ("ens225", "ens257")
    assert business[10].row == 18


def test_template_components(template_plan: PlanModel) -> None:
    assert template_plan.cloudtower is not None
    assert template_plan.cloudtower.ip == IPv4Address("10.0.20.2")
    assert template_plan.cloudtower.sizing == Sizing(vcpu=8, memory_gib=19, disk_gib=400)
    assert template_plan.observability is not None
    assert template_plan.observability.ip == IPv4Address("10.0.20.3")
    assert template_plan.observability.web_user is None
    assert template_plan.backup is not None
    assert template_plan.backup.ip == IPv4Address("10.0.20.4")
    assert template_plan.everoute is None
    assert (template_plan.sfs, template_plan.sks) == (None, None)


def test_template_services(template_plan: PlanModel) -> None:
    assert template_plan.ntp_servers == ("10.0.0.2", "ntp.example.com")
    assert template_plan.dns_servers == (IPv4Address("10.0.0.114"), IPv4Address("10.0.0.1"))
    assert template_plan.test_ip_range is not None
    assert len(template_plan.test_ip_range.addresses()) == 9


def test_template_cells(template_plan: PlanModel) -> None:
    cells = {key: str(ref) for key, ref in template_plan.cells.items()}
    assert cells["hosts.0.management_ip"] == "主机规划!I3"
    assert cells["cluster.vip"] == "主机规划!I19"
    assert cells["cloudtower.ip"] == "集群管理信息!E3"
    assert cells["networks.business.3.vlan_id"] == "虚拟网络!F11"
    assert cells["ntp_servers.1"] == "集群管理信息!E23"
    assert cells["cluster.serial"] == "主机规划!E19"


def test_template_resaved_by_openpyxl(
    template: Path, template_plan: PlanModel, tmp_path: Path
) -> None:
    workbook = openpyxl.load_workbook(template)
    resaved = tmp_path / "resaved.xlsx"
    workbook.save(resaved)
    check = check_plan(resaved)
    assert check.ok, [finding.message for finding in check.errors]
    assert check.plan is not None
    assert check.plan.fingerprint == template_plan.fingerprint


def test_example_plan_is_clean() -> None:
    check = check_plan(EXAMPLE_PLAN)
    assert check.findings == []


def test_example_plan_components() -> None:
    plan = load_plan(EXAMPLE_PLAN)
    kinds = [component.kind for component in plan.components()]
    assert kinds == list(ComponentKind)
    assert plan.everoute is not None
    assert len(plan.everoute.controllers) == 3
    assert plan.sfs is not None
    assert plan.sfs.row == 12
    assert len(plan.ntp_servers) == 3
    assert plan.test_ip_range is not None
    assert len(plan.test_ip_range.addresses()) == 9


def test_example_plan_passwords_distinct() -> None:
    plan = load_plan(EXAMPLE_PLAN)
    roles = [plan.cluster.admin_password, plan.hosts[0].ssh_password, plan.hosts[0].bmc_password]
    roles += [component.web_password for component in plan.components() if component.web_password]
    texts = [secret.get_secret_value() for secret in roles if secret is not None]
    assert len(set(texts)) == len(texts), "a password is reused across roles"


def test_fingerprint_changes_with_password(make_plan) -> None:
    original = load_plan(make_plan(name="a.xlsx")).fingerprint
    changed = load_plan(make_plan({"主机规划!M19": "Other!Passw0rd"}, name="b.xlsx")).fingerprint
    assert changed != original


def test_fingerprint_is_stable(make_plan) -> None:
    first = load_plan(make_plan(name="a.xlsx")).fingerprint
    second = load_plan(make_plan(name="b.xlsx")).fingerprint
    assert first == second


def test_warnings_keep_the_plan(make_plan) -> None:
    check = check_plan(make_plan({"集群管理信息!E24": None}))
    assert [finding.severity for finding in check.findings] == [Severity.WARNING]
    assert check.plan is not None
