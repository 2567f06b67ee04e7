"""What people really type: spaces, full-width characters, numbers as text, odd lists."""

from __future__ import annotations

from ipaddress import IPv4Address

import pytest

from cxvoyager.plan import Severity, check_plan
from cxvoyager.plan.model import ClusterFeatures

H, N, C = "主机规划", "虚拟网络", "集群管理信息"


def _normalized_cells(check) -> list[str]:
    return [item.location for item in check.findings if item.rule == "cell.normalized"]


def test_full_width_address_is_read_with_warning(make_plan) -> None:
    check = check_plan(make_plan({f"{H}!I19": "１０．６０．１０．１０"}))
    assert _normalized_cells(check) == [f"{H}!I19"]
    assert check.plan is not None
    assert check.plan.cluster.vip == IPv4Address("10.60.10.10")


def test_ideographic_full_stop_in_address(make_plan) -> None:
    check = check_plan(make_plan({f"{H}!I3": "10。60。10。11"}))
    assert _normalized_cells(check) == [f"{H}!I3"]
    assert check.plan is not None
    assert check.plan.hosts[0].management_ip == IPv4Address("10.60.10.11")


def test_space_inside_address_is_read_with_warning(make_plan) -> None:
    check = check_plan(make_plan({f"{H}!N3": "10.60.11. 11"}))
    assert _normalized_cells(check) == [f"{H}!N3"]
    assert check.plan is not None
    assert check.plan.hosts[0].storage_ip == IPv4Address("10.60.11.11")


def test_surrounding_spaces_are_silent(make_plan) -> None:
    check = check_plan(make_plan({f"{H}!I3": "  10.60.10.11\t", f"{H}!H3": " SH-Node-A "}))
    assert check.findings == []
    assert check.plan is not None
    assert check.plan.hosts[0].hostname == "SH-Node-A"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        pytest.param("2101", 2101, id="text"),
        pytest.param(2101.0, 2101, id="float"),
        pytest.param(" 2101 ", 2101, id="text-with-spaces"),
        pytest.param("0", 0, id="untagged"),
    ],
)
def test_vlan_typed_several_ways(make_plan, typed: object, expected: int) -> None:
    check = check_plan(make_plan({f"{N}!F8": typed}))
    assert check.findings == []
    assert check.plan is not None
    assert check.plan.networks.business[0].vlan_id == expected


def test_full_width_vlan_digits(make_plan) -> None:
    check = check_plan(make_plan({f"{N}!F8": "２１０１"}))
    assert _normalized_cells(check) == [f"{N}!F8"]
    assert check.plan is not None
    assert check.plan.networks.business[0].vlan_id == 2101


def test_ntp_list_with_chinese_separators(make_plan) -> None:
    edits = {
        f"{C}!E22": "10.60.0.2，10.60.0.3；ntp.demo.example",
        f"{C}!E23": None,
        f"{C}!E24": None,
    }
    check = check_plan(make_plan(edits))
    assert _normalized_cells(check) == [f"{C}!E22"]
    assert check.plan is not None
    assert check.plan.ntp_servers == ("10.60.0.2", "10.60.0.3", "ntp.demo.example")
    assert str(check.plan.cells["ntp_servers.2"]) == f"{C}!E22"


def test_dns_list_with_enumeration_comma_and_newline(make_plan) -> None:
    check = check_plan(
        make_plan({f"{C}!E25": "10.60.0.53、10.60.0.54\n10.60.0.55", f"{C}!E26": None})
    )
    assert check.findings == []
    assert check.plan is not None
    assert [str(server) for server in check.plan.dns_servers] == [
        "10.60.0.53",
        "10.60.0.54",
        "10.60.0.55",
    ]


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("ens1f0;ens2f0", id="semicolon"),
        pytest.param("ens1f0\nens2f0", id="newline"),
        pytest.param("ens1f0, ens2f0", id="comma-space"),
    ],
)
def test_nic_lists(make_plan, typed: str) -> None:
    check = check_plan(make_plan({f"{N}!J4": typed}))
    assert check.findings == []
    assert check.plan is not None
    assert check.plan.networks.management.nics == ("ens1f0", "ens2f0")


def test_nic_list_full_width_comma_warns(make_plan) -> None:
    check = check_plan(make_plan({f"{N}!J4": "ens1f0，ens2f0"}))
    assert [item.severity for item in check.findings] == [Severity.WARNING]
    assert check.plan is not None
    assert check.plan.networks.management.nics == ("ens1f0", "ens2f0")


def test_features_case_insensitive(make_plan) -> None:
    check = check_plan(make_plan({f"{H}!O19": "boost"}))
    assert check.findings == []
    assert check.plan is not None
    assert check.plan.cluster.features is ClusterFeatures.BOOST


def test_version_typed_as_number(make_plan) -> None:
    check = check_plan(make_plan({f"{C}!D3": 4.7}))
    assert check.plan is not None
    assert check.plan.cloudtower is not None
    assert check.plan.cloudtower.version == "4.7"


def test_version_with_full_width_colon(make_plan) -> None:
    check = check_plan(make_plan({f"{H}!C19": "版本：6.2.0P4"}))
    assert check.findings == []
    assert check.plan is not None
    assert check.plan.cluster.smtx_version == "6.2.0P4"


@pytest.mark.parametrize(
    "formula",
    [
        pytest.param("=虚拟网络!$B$3", id="absolute"),
        pytest.param("='虚拟网络'!B3", id="quoted-sheet"),
        pytest.param("=P3", id="same-sheet-chain"),
    ],
)
def test_reference_formulas_are_followed(make_plan, formula: str) -> None:
    edits = {f"{C}!N3": formula, f"{C}!P3": "=虚拟网络!B3"}
    check = check_plan(make_plan(edits))
    assert check.findings == []


def test_header_whitespace_is_ignored(make_plan) -> None:
    check = check_plan(make_plan({f"{C}!F2": "Web   管理员", f"{C}!H2": "SSH  用户名 "}))
    assert check.findings == []


def test_na_means_not_planned_user(make_plan) -> None:
    check = check_plan(make_plan({f"{C}!F12": "n/a", f"{C}!G12": "N/A"}))
    assert check.plan is not None
    assert check.plan.sfs is not None
    assert check.plan.sfs.web_user is None
    assert check.plan.sfs.web_password is None
