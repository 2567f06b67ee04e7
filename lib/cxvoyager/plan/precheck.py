"""Network prechecks of stage 01: planned addresses are free, nodes and services reachable.

``run_prechecks`` asks a ``Prober`` about each planned address. In live mode
``LiveProber`` sends one ICMP echo (through the system ``ping``) or opens a
TCP connection; in sim mode another prober asks the simulator, so no packet
goes to a planned address.
"""

from __future__ import annotations

import logging
import platform
import shutil
import socket
import subprocess
from collections.abc import Collection, Iterator
from typing import Protocol

from cxvoyager.plan.findings import Finding, FindingSink, Severity
from cxvoyager.plan.model import CellRef, PlanModel

logger = logging.getLogger(__name__)

HTTP_PORT = 80  # deployment API of an uninitialized node
HTTPS_PORT = 443
SSH_PORT = 22
IPMI_PORT = 623  # RMCP+ (IPMI over LAN); most BMCs accept TCP connections on it
DNS_PORT = 53


class Prober(Protocol):
    """Probes the network as seen from the machine that runs the suite."""

    def address_in_use(self, address: str) -> bool:
        """Tell whether a device replies at ``address`` (ICMP echo in live mode)."""

    def port_open(self, address: str, port: int) -> bool:
        """Tell whether a TCP connection to ``address:port`` succeeds."""


class LiveProber:
    """Probe the real network: one ICMP echo with the system ``ping``, TCP connects.

    Args:
        timeout: seconds to wait for an echo reply or a TCP handshake.
    """

    def __init__(self, *, timeout: float = 2.0) -> None:
        self.timeout = timeout

    def _ping_command(self, address: str) -> list[str]:
        ping = shutil.which("ping") or "ping"
        seconds = max(1, round(self.timeout))
        system = platform.system()
        if system == "Windows":
            return [ping, "-n", "1", "-w", str(seconds * 1000), address]
        if system == "Darwin":
            return [ping, "-c", "1", "-W", str(seconds * 1000), address]  # macOS: milliseconds
        return [ping, "-c", "1", "-W", str(seconds), address]

    def address_in_use(self, address: str) -> bool:
        """Send one ICMP echo to ``address``; True when a reply arrives."""
        command = self._ping_command(address)
        try:
            result = subprocess.run(  # noqa: S603 - fixed argument list, no shell
                command, capture_output=True, timeout=self.timeout + 2, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            logger.warning("ping %s failed to run: %s", address, exc)
            return False
        return result.returncode == 0

    def port_open(self, address: str, port: int) -> bool:
        """Open and close a TCP connection to ``address:port``; True when it connects."""
        try:
            with socket.create_connection((address, port), timeout=self.timeout):
                return True
        except OSError:
            return False


def _cell(plan: PlanModel, key: str) -> CellRef | None:
    return plan.cells.get(key)


def _free_addresses(plan: PlanModel) -> Iterator[tuple[str, str, str]]:
    """Yield (key, address, owner) of every planned address that must not answer before deployment.

    The owner is what the suite deploys on that address (``cluster``, a
    component kind, ``everoute``, ``test_vms``), so a rerun can tell its own
    deployment from a conflict.
    """
    yield "cluster.vip", str(plan.cluster.vip), "cluster"
    for host in plan.hosts:
        yield f"hosts.{host.index}.storage_ip", str(host.storage_ip), "cluster"
    for component in plan.components():
        yield f"{component.kind.value}.ip", str(component.ip), component.kind.value
    if plan.everoute is not None:
        yield "everoute.vip", str(plan.everoute.vip), "everoute"
        for index, controller in enumerate(plan.everoute.controllers):
            yield f"everoute.controllers.{index}", str(controller), "everoute"
    if plan.test_ip_range is not None:
        for address in plan.test_ip_range.addresses():
            yield "test_ip_range.start", str(address), "test_vms"


def _check_nodes(plan: PlanModel, prober: Prober, sink: FindingSink) -> None:
    for host in plan.hosts:
        ref = _cell(plan, f"hosts.{host.index}.management_ip")
        address = str(host.management_ip)
        if not prober.port_open(address, HTTP_PORT):
            sink.error("precheck.node_unreachable", ref, address, port=HTTP_PORT)
            continue
        if not prober.port_open(address, HTTPS_PORT):
            sink.add("precheck.node_https", Severity.INFO, ref, address, port=HTTPS_PORT)
        if not prober.port_open(address, SSH_PORT):
            sink.warning("precheck.node_ssh", ref, address, port=SSH_PORT)


def _check_free(
    plan: PlanModel,
    prober: Prober,
    sink: FindingSink,
    *,
    cloudtower_planned_to_deploy: bool,
    deployed: Collection[str],
) -> None:
    for key, address, owner in _free_addresses(plan):
        if not prober.address_in_use(address):
            continue
        ref = _cell(plan, key)
        if owner in deployed:
            sink.add("precheck.address_deployed", Severity.INFO, ref, address)
        elif key == "cloudtower.ip" and not cloudtower_planned_to_deploy:
            sink.add("precheck.cloudtower_present", Severity.INFO, ref, address)
        else:
            sink.error("precheck.address_in_use", ref, address)


def _check_bmc_and_services(plan: PlanModel, prober: Prober, sink: FindingSink) -> None:
    for host in plan.hosts:
        if host.bmc_ip is not None and not prober.port_open(str(host.bmc_ip), IPMI_PORT):
            ref = _cell(plan, f"hosts.{host.index}.bmc_ip")
            sink.warning("precheck.bmc_unreachable", ref, str(host.bmc_ip), port=IPMI_PORT)
    for index, server in enumerate(plan.dns_servers):
        if not prober.port_open(str(server), DNS_PORT):
            ref = _cell(plan, f"dns_servers.{index}")
            sink.warning("precheck.dns_unreachable", ref, str(server), port=DNS_PORT)
    for index, name in enumerate(plan.ntp_servers):
        if not prober.address_in_use(name):
            sink.warning("precheck.ntp_unreachable", _cell(plan, f"ntp_servers.{index}"), name)


def run_prechecks(
    plan: PlanModel,
    prober: Prober,
    *,
    cloudtower_planned_to_deploy: bool = True,
    deployed: Collection[str] = (),
) -> list[Finding]:
    """Probe the planned addresses before deployment and report what is wrong.

    Node management IPs must answer on TCP 80 (error); 443 missing is info,
    22 missing a warning. The VIP, storage IPs, component and Everoute
    addresses and every test-range address must not answer (error), except
    that an answering CloudTower address is only info when stage 04 will not
    deploy CloudTower. BMCs should answer on TCP 623, DNS servers on TCP 53
    and NTP servers to a ping (warnings).

    Args:
        plan: the validated plan.
        prober: how to probe: live network or simulator.
        cloudtower_planned_to_deploy: whether stage 04 installs CloudTower.
        deployed: owners (``cluster``, ``cloudtower``, a component kind,
            ``everoute``, ``test_vms``) that an earlier run of this plan already
            deployed; their answering addresses are info, not conflicts.

    Returns:
        The findings, in the order above; an empty list when all is well.
    """
    sink = FindingSink()
    _check_nodes(plan, prober, sink)
    _check_free(
        plan,
        prober,
        sink,
        cloudtower_planned_to_deploy=cloudtower_planned_to_deploy,
        deployed=frozenset(deployed),
    )
    _check_bmc_and_services(plan, prober, sink)
    logger.info("network prechecks: %d findings", len(sink.findings))
    return sink.findings
