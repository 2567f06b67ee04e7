"""Rules on hosts, the cluster name, passwords and the NTP and DNS servers."""

from __future__ import annotations

import re

from cxvoyager.plan import layout
from cxvoyager.plan.draft import Draft, Entry
from cxvoyager.plan.findings import FindingSink, Severity
from cxvoyager.plan.model import CellRef

MIN_HOSTS = 3
RECOMMENDED_NTP_SERVERS = 3
# NOTE: SMTX OS and CloudTower password policy as best known: 8 to 32
# characters drawn from at least three of upper case, lower case, digits and
# other characters. Neither product documents the exact limits.
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 32
PASSWORD_MIN_CLASSES = 3
# Passwords the platform enforces the policy on; a weak one fails the deployment.
_ENFORCED_PASSWORDS = (
    "cluster.admin_password",
    "cloudtower.web_password",
    "cloudtower.system_password",
)


def check_host_count(draft: Draft, sink: FindingSink) -> None:
    """The cluster has at least three hosts."""
    count = len(draft.indices("hosts"))
    if count < MIN_HOSTS:
        sink.error(
            "hosts.too_few",
            CellRef(sheet=layout.HOSTS, cell="H3"),
            str(count),
            count=count,
            minimum=MIN_HOSTS,
        )


def check_hostnames(draft: Draft, sink: FindingSink) -> None:
    """Host names are unique, ignoring case (DNS names are case-insensitive)."""
    seen: dict[str, Entry] = {}
    for index in draft.indices("hosts"):
        entry = draft.entries[f"hosts.{index}.hostname"]
        if entry.value is None:
            continue
        first = seen.setdefault(entry.value.casefold(), entry)
        if first is not entry:
            sink.error("hostname.duplicate", entry.ref, entry.text, other=str(first.ref))


def check_cluster_name_copies(draft: Draft, sink: FindingSink) -> None:
    """主机规划!C3 and 集群管理信息!N3 show the cluster name of 虚拟网络!B3."""
    name = draft.entry("cluster.name")
    if name is None or name.value is None:
        return
    for key in ("cluster.name_on_hosts", "cluster.name_on_components"):
        copy = draft.entry(key)
        if copy is not None and copy.value is not None and copy.value != name.value:
            sink.error(
                "cluster.name_mismatch",
                copy.ref,
                copy.text,
                source=str(name.ref),
                expected=name.text,
            )


def check_bmc(draft: Draft, sink: FindingSink) -> None:
    """Each host has BMC address, user and password together, or none of them."""
    for index in draft.indices("hosts"):
        entries = [
            draft.entries[f"hosts.{index}.{name}"]
            for name in ("bmc_ip", "bmc_user", "bmc_password")
        ]
        filled = [entry for entry in entries if entry.filled]
        if not filled:
            sink.warning(
                "bmc.missing",
                entries[0].ref,
                None,
                cells=", ".join(entry.ref.cell for entry in entries),
            )
        elif len(filled) < len(entries):
            missing = [entry.ref.cell for entry in entries if not entry.filled]
            sink.error("bmc.partial", entries[0].ref, None, missing=", ".join(missing))


def password_problem(password: str) -> str | None:
    """Return why ``password`` breaks the policy (``length`` or ``classes``), or None."""
    if not PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
        return "length"
    classes = [r"[A-Z]", r"[a-z]", r"[0-9]", r"[^A-Za-z0-9]"]
    if sum(1 for pattern in classes if re.search(pattern, password)) < PASSWORD_MIN_CLASSES:
        return "classes"
    return None


def check_passwords(draft: Draft, sink: FindingSink) -> None:
    """Passwords follow the platform policy: an error where enforced, a warning elsewhere."""
    for key, entry in draft.entries.items():
        if not entry.secret or entry.value is None:
            continue
        problem = password_problem(entry.value.get_secret_value())
        if problem is None:
            continue
        severity = Severity.ERROR if key in _ENFORCED_PASSWORDS else Severity.WARNING
        sink.add(
            "password.weak",
            severity,
            entry.ref,
            entry.text,
            secret=True,
            minimum=PASSWORD_MIN_LENGTH,
            maximum=PASSWORD_MAX_LENGTH,
            classes=PASSWORD_MIN_CLASSES,
        )


def check_time_and_name_servers(draft: Draft, sink: FindingSink) -> None:
    """At least one NTP server (three recommended) and at least one DNS server."""
    ntp = list(draft.with_prefix("ntp_servers."))
    first_ntp = CellRef(sheet=layout.COMPONENTS, cell=layout.NTP_CELLS[0])
    if not ntp:
        sink.error("ntp.missing", first_ntp, None)
    elif len(ntp) < RECOMMENDED_NTP_SERVERS:
        sink.warning(
            "ntp.few",
            first_ntp,
            ", ".join(entry.text or "" for entry in ntp),
            count=len(ntp),
            recommended=RECOMMENDED_NTP_SERVERS,
        )
    if not any(True for _ in draft.with_prefix("dns_servers.")):
        sink.error("dns.missing", CellRef(sheet=layout.COMPONENTS, cell=layout.DNS_CELLS[0]), None)
