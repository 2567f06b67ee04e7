"""A corpus of broken plans, each made by editing the example plan, and the finding it gives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from openpyxl.workbook.workbook import Workbook

from cxvoyager.plan import Finding, Severity, check_plan

ERROR, WARNING = Severity.ERROR, Severity.WARNING
H, N, C, D = "主机规划", "虚拟网络", "集群管理信息", "文档描述"


@dataclass(frozen=True)
class Case:
    edits: dict[str, object]
    rule: str
    sheet: str
    cell: str | None
    severity: Severity = ERROR
    change: Callable[[Workbook], None] | None = field(default=None, compare=False)


def _clear_host_rows(*rows: int) -> Callable[[Workbook], None]:
    def change(workbook: Workbook) -> None:
        for row in rows:
            for column in "DEFGHIKMNPQ":
                workbook[H][f"{column}{row}"].value = None

    return change


def _insert_row_on_hosts(workbook: Workbook) -> None:
    workbook[H].insert_rows(1)


def _remove_components_sheet(workbook: Workbook) -> None:
    workbook.remove(workbook[C])


def _rename_components_sheet(workbook: Workbook) -> None:
    workbook[C].title = "集群管理"


CASES: dict[str, Case] = {
    # Address syntax.
    "mgmt-ip-out-of-range-octet": Case({f"{H}!I3": "10.60.10.300"}, "ip.invalid", H, "I3"),
    "storage-ip-leading-zero": Case({f"{H}!N4": "10.60.11.012"}, "ip.invalid", H, "N4"),
    "vip-not-an-address": Case({f"{H}!I19": "vip-address"}, "ip.invalid", H, "I19"),
    # Uniqueness across roles.
    "mgmt-ip-used-twice": Case({f"{H}!I4": "10.60.10.11"}, "ip.duplicate", H, "I4"),
    "cloudtower-ip-is-a-host": Case({f"{C}!E3": "10.60.10.12"}, "ip.duplicate", C, "E3"),
    "sks-ip-is-er-controller": Case({f"{C}!E13": "10.60.10.7"}, "ip.duplicate", C, "E13"),
    # Subnets.
    "vip-outside-mgmt-subnet": Case({f"{H}!I19": "10.70.10.10"}, "ip.outside_subnet", H, "I19"),
    "storage-ip-in-mgmt-subnet": Case({f"{H}!N3": "10.60.10.99"}, "ip.outside_subnet", H, "N3"),
    "obs-ip-outside": Case({f"{C}!E4": "10.99.0.3"}, "ip.outside_subnet", C, "E4"),
    "cloudtower-outside-infra-and-mgmt": Case(
        {f"{N}!H5": "10.60.20.0/24", f"{N}!I5": "10.60.20.1", f"{C}!E3": "10.60.30.2"},
        "ip.outside_subnet",
        C,
        "E3",
    ),
    "mgmt-ip-is-gateway": Case({f"{H}!I5": "10.60.10.1"}, "ip.is_gateway", H, "I5"),
    "mgmt-ip-is-broadcast": Case({f"{H}!I6": "10.60.10.255"}, "ip.reserved", H, "I6"),
    "bmc-outside-ipmi-subnet": Case(
        {f"{H}!E3": "10.60.8.11"}, "bmc.outside_subnet", H, "E3", WARNING
    ),
    "subnet-host-bits-set": Case({f"{N}!H4": "10.60.10.1/24"}, "subnet.host_bits", N, "H4"),
    "subnet-without-prefix": Case({f"{N}!H6": "10.60.11.0"}, "subnet.invalid", N, "H6"),
    "gateway-outside-subnet": Case({f"{N}!I6": "10.60.12.1"}, "gateway.outside_subnet", N, "I6"),
    "gateway-is-network-address": Case({f"{N}!I8": "10.61.1.0"}, "gateway.reserved", N, "I8"),
    "business-overlaps-mgmt": Case(
        {f"{N}!H9": "10.60.10.0/25", f"{N}!I9": "10.60.10.1"}, "subnet.overlap", N, "H9"
    ),
    "storage-overlaps-mgmt": Case(
        {f"{N}!H6": "10.60.10.0/24", f"{N}!I6": "10.60.10.1"}, "subnet.overlap", N, "H6"
    ),
    "business-subnets-overlap": Case(
        {f"{N}!H11": "10.61.0.0/16", f"{N}!I11": "10.61.4.1"}, "subnet.overlap", N, "H11"
    ),
    # Architecture and features.
    "converged-network": Case({f"{H}!Q20": "三网融合"}, "network.converged_unsupported", H, "Q20"),
    "rdma-enabled": Case({f"{H}!O19": "RDMA"}, "features.rdma_unsupported", H, "O19"),
    "rdma-and-boost": Case({f"{H}!O19": "RDMA+Boost"}, "features.rdma_unsupported", H, "O19"),
    "unknown-feature": Case({f"{H}!O19": "Turbo"}, "choice.invalid", H, "O19"),
    "unknown-storage-architecture": Case({f"{H}!Q19": "全闪"}, "choice.invalid", H, "Q19"),
    "unknown-bond-mode": Case({f"{N}!K6": "lacp"}, "choice.invalid", N, "K6"),
    # VLANs and business networks.
    "vlan-above-4094": Case({f"{N}!F8": 4095}, "vlan.invalid", N, "F8"),
    "vlan-not-a-number": Case({f"{N}!F9": "abc"}, "vlan.invalid", N, "F9"),
    "vlan-fraction": Case({f"{N}!F4": 1.5}, "vlan.invalid", N, "F4"),
    "vlan-used-twice": Case({f"{N}!F10": 2101}, "vlan.duplicate", N, "F10"),
    "network-name-twice-any-case": Case(
        {f"{N}!D11": "vlan-2101"}, "network.name_duplicate", N, "D11"
    ),
    "network-name-missing": Case({f"{N}!D9": None}, "network.name_missing", N, "D9"),
    "network-vlan-missing": Case({f"{N}!F11": None}, "network.vlan_missing", N, "F11"),
    # NICs and bonds.
    "nic-on-two-switches": Case({f"{N}!J6": "ens1f1,ens1f0"}, "nic.shared", N, "J6"),
    "business-nics-missing": Case({f"{N}!J8": None}, "nic.missing", N, "J8"),
    "mgmt-nics-missing": Case({f"{N}!J4": None}, "value.required", N, "J4"),
    "balance-bond-one-nic": Case(
        {f"{N}!K6": "balance-tcp", f"{N}!J6": "ens1f1"}, "bond.nic_count", N, "K6"
    ),
    "two-nics-no-bond": Case({f"{N}!K4": None}, "bond.missing", N, "K4"),
    "nic-name-too-long": Case({f"{N}!J4": "ens1f0,this-name-is-too-long"}, "nic.invalid", N, "J4"),
    "mgmt-gateway-missing": Case({f"{N}!I4": None}, "value.required", N, "I4"),
    # Hosts and cluster.
    "hostname-underscore": Case({f"{H}!H3": "node_01"}, "hostname.invalid", H, "H3"),
    "hostname-64-chars": Case({f"{H}!H4": "a" * 64}, "hostname.invalid", H, "H4"),
    "hostname-leading-hyphen": Case({f"{H}!H6": "-node"}, "hostname.invalid", H, "H6"),
    "hostname-twice-other-case": Case(
        {f"{H}!H5": "sh-smtx-demo-node-01"}, "hostname.duplicate", H, "H5"
    ),
    "cluster-name-invalid": Case({f"{N}!B3": "-bad-"}, "cluster.name_invalid", N, "B3"),
    "cluster-name-typed-on-hosts": Case(
        {f"{H}!C3": "Other-Cluster"}, "cluster.name_mismatch", H, "C3"
    ),
    "cluster-name-typed-on-components": Case(
        {f"{C}!N3": "Other-Cluster"}, "cluster.name_mismatch", C, "N3"
    ),
    "two-hosts-only": Case({}, "hosts.too_few", H, "H3", change=_clear_host_rows(5, 6)),
    "hostname-missing": Case({f"{H}!H4": None}, "value.required", H, "H4"),
    "storage-ip-missing": Case({f"{H}!N5": None}, "value.required", H, "N5"),
    "ssh-password-missing": Case({f"{H}!K6": None}, "value.required", H, "K6"),
    "bmc-password-missing": Case({f"{H}!G3": None}, "bmc.partial", H, "E3"),
    "bmc-not-planned": Case(
        {f"{H}!E4": None, f"{H}!F4": None, f"{H}!G4": None}, "bmc.missing", H, "E4", WARNING
    ),
    "rack-unit-not-a-number": Case({f"{H}!Q3": "top"}, "int.invalid", H, "Q3"),
    # Passwords.
    "admin-password-weak": Case({f"{H}!M19": "password"}, "password.weak", H, "M19"),
    "admin-password-too-long": Case({f"{H}!M19": "Aa1!" * 9}, "password.weak", H, "M19"),
    "cloudtower-web-password-short": Case({f"{C}!G3": "Sh0rt!"}, "password.weak", C, "G3"),
    "cloudtower-system-password-weak": Case({f"{C}!K3": "alllowercase"}, "password.weak", C, "K3"),
    "host-ssh-password-weak": Case({f"{H}!K3": "abcdefgh"}, "password.weak", H, "K3", WARNING),
    # NTP, DNS and the test range.
    "ntp-bad-name": Case({f"{C}!E22": "ntp..bad"}, "ntp.invalid", C, "E22"),
    "ntp-bad-address": Case({f"{C}!E23": "10.60.0.300"}, "ntp.invalid", C, "E23"),
    "ntp-none": Case(
        {f"{C}!E22": None, f"{C}!E23": None, f"{C}!E24": None}, "ntp.missing", C, "E22"
    ),
    "ntp-two-only": Case({f"{C}!E24": None}, "ntp.few", C, "E22", WARNING),
    "dns-is-a-name": Case({f"{C}!E25": "dns.example.com"}, "dns.invalid", C, "E25"),
    "dns-none": Case({f"{C}!E25": None, f"{C}!E26": None}, "dns.missing", C, "E25"),
    "range-end-missing": Case({f"{C}!E19": None}, "range.partial", C, "E19"),
    "range-reversed": Case(
        {f"{C}!E18": "10.60.10.239", f"{C}!E19": "10.60.10.231"}, "range.order", C, "E18"
    ),
    "range-outside-mgmt": Case(
        {f"{C}!E18": "10.60.20.231", f"{C}!E19": "10.60.20.239"},
        "range.outside_subnet",
        C,
        "E18",
    ),
    "range-covers-er-vip": Case(
        {f"{C}!E18": "10.60.10.5", f"{C}!E19": "10.60.10.9"}, "range.conflict", C, "E18"
    ),
    "range-smaller-than-hosts": Case(
        {f"{C}!E19": "10.60.10.232"}, "range.small", C, "E18", WARNING
    ),
    # Components.
    "cloudtower-version-missing": Case({f"{C}!D3": None}, "value.required", C, "D3"),
    "cloudtower-web-password-missing": Case({f"{C}!G3": None}, "value.required", C, "G3"),
    "obs-sizing-unreadable": Case({f"{C}!L4": "big"}, "sizing.invalid", C, "L4"),
    "er-without-controllers": Case(
        {f"{C}!E7": None, f"{C}!E8": None, f"{C}!E9": None}, "everoute.no_controllers", C, "E7"
    ),
    "er-vip-missing": Case({f"{C}!E6": None}, "value.required", C, "E6"),
    "spare-row-unknown-component": Case(
        {f"{C}!B13": "Foo"}, "component.unknown", C, "B13", WARNING
    ),
    "spare-row-sfs-twice": Case({f"{C}!B13": "sfs"}, "component.duplicate", C, "B13"),
    "spare-row-without-name": Case({f"{C}!B12": None}, "component.name_missing", C, "B12"),
    "customer-missing": Case({f"{D}!C15": None}, "value.required", D, "C15"),
    # Formulas.
    "formula-not-a-reference": Case(
        {f"{H}!I3": '=CONCAT("10.60.","10.11")'}, "cell.formula", H, "I3"
    ),
    "formula-cycle": Case({f"{N}!B3": "=主机规划!C3"}, "cell.formula_cycle", N, "B3"),
    "formula-unknown-sheet": Case({f"{H}!I19": "=Nope!A1"}, "cell.formula_target", H, "I19"),
    # Layout.
    "header-renamed": Case({f"{H}!I2": "管理IP"}, "layout.header_mismatch", H, "I2"),
    "header-moved-down": Case({}, "layout.header_moved", H, "B2", change=_insert_row_on_hosts),
    "sheet-deleted": Case({}, "layout.sheet_missing", C, None, change=_remove_components_sheet),
    "sheet-renamed": Case({}, "layout.sheet_missing", C, None, change=_rename_components_sheet),
}


def _describe(findings: list[Finding]) -> list[str]:
    return [
        f"{item.severity.value} {item.rule} {item.location} {item.value!r}" for item in findings
    ]


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_broken_plan_reports_rule_at_cell(case: Case, make_plan) -> None:
    check = check_plan(make_plan(case.edits, change=case.change))
    matches = [
        item
        for item in check.findings
        if (item.rule, item.sheet, item.cell) == (case.rule, case.sheet, case.cell)
    ]
    assert matches, _describe(check.findings)
    assert matches[0].severity is case.severity, _describe(matches)
    # A warning keeps the plan usable; an error withholds it.
    expected_ok = case.severity is WARNING
    assert check.ok is expected_ok, _describe(check.findings)
    assert (check.plan is not None) is expected_ok


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


def test_host_bits_fix_gives_corrected_cidr(make_plan) -> None:
    check = check_plan(make_plan({f"{N}!H4": "10.60.10.1/24"}))
    finding = next(item for item in check.findings if item.rule == "subnet.host_bits")
    assert "10.60.10.0/24" in finding.fix


def test_header_moved_names_new_place(make_plan) -> None:
    check = check_plan(make_plan(change=_insert_row_on_hosts))
    finding = next(item for item in check.findings if item.cell == "I2")
    assert "I3" in finding.message


def test_every_problem_reported_at_once(make_plan) -> None:
    edits = {f"{H}!I3": "bad", f"{N}!F8": 5000, f"{C}!E25": "name", f"{H}!O19": "RDMA"}
    rules = {item.rule for item in check_plan(make_plan(edits)).errors}
    assert rules >= {"ip.invalid", "vlan.invalid", "dns.invalid", "features.rdma_unsupported"}


def test_storage_separate_allows_business_on_mgmt_nics(make_plan) -> None:
    edits = {f"{H}!Q20": "存储独立", f"{N}!J8": "ens1f0,ens2f0"}
    check = check_plan(make_plan(edits))
    assert check.findings == [], _describe(check.findings)


def test_storage_separate_allows_business_in_mgmt_subnet(make_plan) -> None:
    edits = {f"{H}!Q20": "存储独立", f"{N}!H8": "10.60.10.0/24", f"{N}!I8": "10.60.10.1"}
    check = check_plan(make_plan(edits))
    assert check.findings == [], _describe(check.findings)


def test_cloudtower_in_infra_subnet_is_fine(make_plan) -> None:
    edits = {f"{N}!H5": "10.60.20.0/24", f"{N}!I5": "10.60.20.1", f"{C}!E3": "10.60.20.2"}
    check = check_plan(make_plan(edits))
    assert check.findings == [], _describe(check.findings)
    assert check.plan is not None
    assert check.plan.networks.infra is not None


def test_empty_component_row_is_not_planned(make_plan) -> None:
    check = check_plan(make_plan({f"{C}!E5": None}))
    assert check.plan is not None, _describe(check.findings)
    assert check.plan.backup is None
