"""Network prechecks against a prober double, and LiveProber against loopback servers."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator

import pytest
from tests.conftest import EXAMPLE_PLAN

from cxvoyager.plan import Severity, load_plan
from cxvoyager.plan.model import PlanModel
from cxvoyager.plan.precheck import LiveProber, run_prechecks


class NetworkDouble:
    """A prober that looks addresses and ports up in sets, in place of the simulator's prober."""

    def __init__(self, *, in_use: set[str], open_ports: set[tuple[str, int]]) -> None:
        self.in_use = in_use
        self.open_ports = open_ports

    def address_in_use(self, address: str) -> bool:
        return address in self.in_use

    def port_open(self, address: str, port: int) -> bool:
        return (address, port) in self.open_ports


@pytest.fixture(scope="module")
def plan() -> PlanModel:
    return load_plan(EXAMPLE_PLAN)


def healthy_network(plan: PlanModel) -> NetworkDouble:
    """Nodes answer on 80/443/22, BMCs on 623, DNS on 53, NTP servers ping; nothing else."""
    ports = set()
    for host in plan.hosts:
        ports |= {(str(host.management_ip), port) for port in (80, 443, 22)}
        ports.add((str(host.bmc_ip), 623))
    ports |= {(str(server), 53) for server in plan.dns_servers}
    return NetworkDouble(in_use=set(plan.ntp_servers), open_ports=ports)


def test_healthy_network_has_no_findings(plan: PlanModel) -> None:
    assert run_prechecks(plan, healthy_network(plan)) == []


def test_node_without_port_80_is_error(plan: PlanModel) -> None:
    network = healthy_network(plan)
    network.open_ports.discard(("10.60.10.12", 80))
    findings = run_prechecks(plan, network)
    assert [(item.rule, item.cell, item.severity) for item in findings] == [
        ("precheck.node_unreachable", "I4", Severity.ERROR)
    ]


def test_node_without_https_is_info(plan: PlanModel) -> None:
    network = healthy_network(plan)
    network.open_ports.discard(("10.60.10.11", 443))
    findings = run_prechecks(plan, network)
    assert [(item.rule, item.severity) for item in findings] == [
        ("precheck.node_https", Severity.INFO)
    ]


def test_node_without_ssh_is_warning(plan: PlanModel) -> None:
    network = healthy_network(plan)
    network.open_ports.discard(("10.60.10.11", 22))
    findings = run_prechecks(plan, network)
    assert [(item.rule, item.severity) for item in findings] == [
        ("precheck.node_ssh", Severity.WARNING)
    ]


@pytest.mark.parametrize(
    ("address", "cell"),
    [
        pytest.param("10.60.10.10", "I19", id="vip"),
        pytest.param("10.60.11.13", "N5", id="storage-ip"),
        pytest.param("10.60.10.3", "E4", id="observability"),
        pytest.param("10.60.10.7", "E8", id="everoute-controller"),
        pytest.param("10.60.10.235", "E18", id="test-range"),
    ],
)
def test_address_in_use_is_error(plan: PlanModel, address: str, cell: str) -> None:
    network = healthy_network(plan)
    network.in_use.add(address)
    findings = run_prechecks(plan, network)
    assert [(item.rule, item.cell, item.value) for item in findings] == [
        ("precheck.address_in_use", cell, address)
    ]


def test_existing_cloudtower_is_error_when_deploying(plan: PlanModel) -> None:
    network = healthy_network(plan)
    network.in_use.add("10.60.10.2")
    findings = run_prechecks(plan, network)
    assert [(item.rule, item.severity) for item in findings] == [
        ("precheck.address_in_use", Severity.ERROR)
    ]


def test_existing_cloudtower_is_info_when_not_deploying(plan: PlanModel) -> None:
    network = healthy_network(plan)
    network.in_use.add("10.60.10.2")
    findings = run_prechecks(plan, network, cloudtower_planned_to_deploy=False)
    assert [(item.rule, item.severity) for item in findings] == [
        ("precheck.cloudtower_present", Severity.INFO)
    ]


def test_own_deployment_is_info_on_rerun(plan: PlanModel) -> None:
    network = healthy_network(plan)
    network.in_use.update({"10.60.10.10", "10.60.11.13", "10.60.10.2"})
    findings = run_prechecks(plan, network, deployed={"cluster", "cloudtower"})
    assert [(item.rule, item.severity, item.value) for item in findings] == [
        ("precheck.address_deployed", Severity.INFO, "10.60.10.10"),
        ("precheck.address_deployed", Severity.INFO, "10.60.11.13"),
        ("precheck.address_deployed", Severity.INFO, "10.60.10.2"),
    ]


def test_other_owner_still_conflicts_on_rerun(plan: PlanModel) -> None:
    network = healthy_network(plan)
    network.in_use.add("10.60.10.3")
    findings = run_prechecks(plan, network, deployed={"cluster"})
    assert [(item.rule, item.severity) for item in findings] == [
        ("precheck.address_in_use", Severity.ERROR)
    ]


@pytest.mark.parametrize(
    ("remove", "rule", "cell"),
    [
        pytest.param(("10.60.9.12", 623), "precheck.bmc_unreachable", "E4", id="bmc"),
        pytest.param(("10.60.0.54", 53), "precheck.dns_unreachable", "E26", id="dns"),
    ],
)
def test_unreachable_service_is_warning(
    plan: PlanModel, remove: tuple[str, int], rule: str, cell: str
) -> None:
    network = healthy_network(plan)
    network.open_ports.discard(remove)
    findings = run_prechecks(plan, network)
    assert [(item.rule, item.cell, item.severity) for item in findings] == [
        (rule, cell, Severity.WARNING)
    ]


def test_unreachable_ntp_is_warning(plan: PlanModel) -> None:
    network = healthy_network(plan)
    network.in_use.discard("ntp.demo.example")
    findings = run_prechecks(plan, network)
    assert [(item.rule, item.cell) for item in findings] == [("precheck.ntp_unreachable", "E24")]


@pytest.fixture
def listening_port() -> Iterator[int]:
    server = socket.create_server(("127.0.0.1", 0))
    yield server.getsockname()[1]
    server.close()


def test_live_prober_sees_open_port(listening_port: int) -> None:
    assert LiveProber(timeout=1).port_open("127.0.0.1", listening_port)


def test_live_prober_sees_closed_port() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
    assert not LiveProber(timeout=1).port_open("127.0.0.1", port)


@pytest.mark.skipif(shutil.which("ping") is None, reason="no ping binary on this machine")
def test_live_prober_pings_loopback() -> None:
    assert LiveProber(timeout=1).address_in_use("127.0.0.1")


def test_live_prober_without_ping_reports_free(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: "/nonexistent/ping")
    assert not LiveProber(timeout=1).address_in_use("127.0.0.1")
