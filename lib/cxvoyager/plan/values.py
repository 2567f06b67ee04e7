"""Turn the text of one cell into a typed value.

People type plans by hand: numbers end up as text and text as numbers,
full-width digits and punctuation slip in from Chinese input methods, and
lists are separated by whatever is at hand. ``cell_text`` and ``normalize``
absorb that; each ``parse_*`` function then accepts one kind of value or
raises ``ParseError`` with the rule id and the fields of its message.
"""

from __future__ import annotations

import datetime
import enum
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network
from typing import Any, TypeVar

from cxvoyager.plan.model import (
    BondMode,
    ClusterFeatures,
    NetworkArchitecture,
    Sizing,
    StorageArchitecture,
)

_E = TypeVar("_E", bound=enum.Enum)

# List cells (NTP, DNS, NICs) may be separated by ASCII or Chinese commas and
# semicolons, the enumeration comma or line breaks. NFKC has already turned
# the full-width comma and semicolon into ASCII ones.
_LIST_SEPARATORS = re.compile(r"[,;、\n\r]+")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_NIC = re.compile(r"^[A-Za-z0-9_.:@-]{1,15}$")  # Linux interface names are at most 15 bytes
_VERSION_PREFIX = re.compile(r"^\s*(?:版本|version|ver)\s*[:：]?\s*", re.IGNORECASE)
_SIZING = re.compile(
    r"^\s*(\d+)\s*v?CPU\s*[\\/,;|]\s*(\d+)\s*(G|T)B?\s*[-_ ]?\s*Mem\s*[\\/,;|]"
    r"\s*(\d+)\s*(G|T)B?\s*[-_ ]?\s*Disk\s*$",
    re.IGNORECASE,
)


class ParseError(ValueError):
    """A cell's text is not a valid value of the expected kind."""

    def __init__(self, rule: str, **fields: Any) -> None:
        super().__init__(rule)
        self.rule = rule
        self.fields = fields


def cell_text(value: Any) -> str | None:
    """Return a cell value as stripped text, or None when the cell is empty.

    Whole floats lose their ``.0`` (Excel stores 1120 typed in a number cell
    as 1120.0 once the file passes through some tools).
    """
    if value is None:
        return None
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, (datetime.date, datetime.time)):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.strip()
    return text or None


def normalize(text: str, *, compact: bool = False) -> str:
    """Fold full-width characters to ASCII (NFKC) and, with ``compact``, drop inner spaces.

    The ideographic full stop becomes a dot, because it is what a Chinese
    input method types for ``.`` in an address.
    """
    folded = unicodedata.normalize("NFKC", text).replace("\u3002", ".").strip()
    if compact:
        folded = re.sub(r"\s+", "", folded)
    return folded


def split_list(text: str) -> list[str]:
    """Split a list cell into its non-empty items."""
    return [item.strip() for item in _LIST_SEPARATORS.split(text) if item.strip()]


def parse_text(text: str) -> str:
    """Accept any text."""
    return text


def parse_ipv4(text: str) -> IPv4Address:
    """Parse an IPv4 address in dotted-decimal form (no leading zeros)."""
    try:
        return IPv4Address(text)
    except ValueError:
        raise ParseError("ip.invalid") from None


def parse_subnet(text: str) -> IPv4Network:
    """Parse an IPv4 subnet in CIDR notation whose host bits are zero."""
    if "/" not in text:
        raise ParseError("subnet.invalid")
    try:
        return IPv4Network(text)
    except ValueError:
        pass
    try:
        corrected = IPv4Network(text, strict=False)
    except ValueError:
        raise ParseError("subnet.invalid") from None
    raise ParseError("subnet.host_bits", corrected=str(corrected))


def parse_vlan(text: str) -> int:
    """Parse a VLAN id: an integer from 0 (untagged) to 4094."""
    number = _parse_whole_number(text, "vlan.invalid")
    if not 0 <= number <= 4094:
        raise ParseError("vlan.invalid")
    return number


def parse_positive_int(text: str) -> int:
    """Parse a positive whole number such as a rack unit."""
    number = _parse_whole_number(text, "int.invalid")
    if number < 1:
        raise ParseError("int.invalid")
    return number


def _parse_whole_number(text: str, rule: str) -> int:
    try:
        number = float(text)
    except ValueError:
        raise ParseError(rule) from None
    if not number.is_integer():
        raise ParseError(rule)
    return int(number)


def is_dns_label(text: str) -> bool:
    """Tell whether ``text`` is a valid RFC 1123 host name label."""
    return bool(_LABEL.match(text))


def parse_hostname(text: str) -> str:
    """Parse a host name: one RFC 1123 label (letters, digits, inner hyphens, 63 at most)."""
    if not is_dns_label(text):
        raise ParseError("hostname.invalid")
    return text


def parse_cluster_name(text: str) -> str:
    """Parse a cluster name, which follows the host name rules."""
    if not is_dns_label(text):
        raise ParseError("cluster.name_invalid")
    return text


def parse_nic(text: str) -> str:
    """Parse a host NIC name such as ``ens224``."""
    if not _NIC.match(text):
        raise ParseError("nic.invalid")
    return text


def parse_ntp_server(text: str) -> str:
    """Parse an NTP server: an IPv4 address or a fully qualified domain name."""
    if _is_ipv4(text):
        return text
    labels = text.rstrip(".").split(".")
    # A name made of digits and dots only is a mistyped address, not a domain name.
    looks_numeric = labels[-1].isdigit()
    if looks_numeric or len(text) > 253 or not all(is_dns_label(label) for label in labels):
        raise ParseError("ntp.invalid")
    return text


def parse_dns_server(text: str) -> IPv4Address:
    """Parse a DNS server, which must be an IPv4 address."""
    if not _is_ipv4(text):
        raise ParseError("dns.invalid")
    return IPv4Address(text)


def _is_ipv4(text: str) -> bool:
    try:
        IPv4Address(text)
    except ValueError:
        return False
    return True


def parse_version(text: str) -> str:
    """Parse a version cell, dropping a ``版本:`` prefix (``版本:6.2.0P4`` -> ``6.2.0P4``)."""
    version = _VERSION_PREFIX.sub("", text).strip()
    if not version:
        raise ParseError("version.invalid")
    return version


def parse_sizing(text: str) -> Sizing:
    r"""Parse a VM size such as ``8vCPU\\19GB-Mem\\400GB Disk`` (sizes in GiB or TiB)."""
    match = _SIZING.match(text)
    if match is None:
        raise ParseError("sizing.invalid")
    vcpu, memory, memory_unit, disk, disk_unit = match.groups()
    return Sizing(
        vcpu=int(vcpu),
        memory_gib=int(memory) * (1024 if memory_unit.upper() == "T" else 1),
        disk_gib=int(disk) * (1024 if disk_unit.upper() == "T" else 1),
    )


def choice_parser(enum_type: type[_E], *, ignore_case: bool = True) -> Callable[[str], _E]:
    """Build a parser that accepts the values of ``enum_type`` (case-insensitive by default)."""
    by_text = {_choice_key(str(member.value), ignore_case): member for member in enum_type}
    allowed = ", ".join(str(member.value) for member in enum_type)

    def parse(text: str) -> _E:
        member = by_text.get(_choice_key(text, ignore_case))
        if member is None:
            raise ParseError("choice.invalid", allowed=allowed)
        return member

    return parse


def _choice_key(text: str, ignore_case: bool) -> str:
    squeezed = re.sub(r"\s+", "", text)
    return squeezed.casefold() if ignore_case else squeezed


@dataclass(frozen=True)
class Kind:
    """How to read one kind of cell.

    Attributes:
        parse: turns normalized text into the value, or raises ``ParseError``.
        machine: the value is read by software (address, id, name), so
            full-width characters are folded and reported.
        compact: inner whitespace is dropped too (addresses, numbers).
        secret: the value is a password, kept as ``SecretStr`` and masked.
        listed: the cell may hold several items; ``parse`` applies to each.
        placeholder: a text that means "empty" in this cell (``N/A``).
    """

    parse: Callable[[str], Any]
    machine: bool = True
    compact: bool = False
    secret: bool = False
    listed: bool = False
    placeholder: str | None = None


TEXT = Kind(parse_text, machine=False)
OPTIONAL_TEXT = Kind(parse_text, machine=False, placeholder="N/A")
PASSWORD = Kind(parse_text, machine=False, secret=True, placeholder="N/A")
IP = Kind(parse_ipv4, compact=True)
SUBNET = Kind(parse_subnet, compact=True)
VLAN = Kind(parse_vlan, compact=True)
UNIT = Kind(parse_positive_int, compact=True)
HOSTNAME = Kind(parse_hostname)
CLUSTER_NAME = Kind(parse_cluster_name)
NICS = Kind(parse_nic, listed=True)
NTP_SERVERS = Kind(parse_ntp_server, listed=True)
DNS_SERVERS = Kind(parse_dns_server, listed=True)
VERSION = Kind(parse_version, machine=False)
SIZING = Kind(parse_sizing)
BOND_MODE = Kind(choice_parser(BondMode))
FEATURES = Kind(choice_parser(ClusterFeatures))
STORAGE_ARCHITECTURE = Kind(choice_parser(StorageArchitecture))
NETWORK_ARCHITECTURE = Kind(choice_parser(NetworkArchitecture))
