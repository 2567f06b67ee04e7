"""Read 集群管理信息: management components, Everoute, the test range, NTP and DNS."""

from __future__ import annotations

from cxvoyager.plan import layout
from cxvoyager.plan.fields import FieldReader
from cxvoyager.plan.model import CellRef
from cxvoyager.plan.values import (
    CLUSTER_NAME,
    DNS_SERVERS,
    IP,
    NTP_SERVERS,
    OPTIONAL_TEXT,
    PASSWORD,
    SIZING,
    TEXT,
    VERSION,
)

SHEET = layout.COMPONENTS

_USERS = ("web", "ssh", "system")
# Columns of each user and its password; the web console of OBS and backup is "N/A".
_USER_COLUMNS = {"web": ("F", "G"), "ssh": ("H", "I"), "system": ("J", "K")}
# Which user/password pairs and whether the sizing a component needs.
_REQUIRED = {
    "cloudtower": (("web", "ssh", "system"), True),
    "observability": (("ssh", "system"), True),
    "backup": (("ssh", "system"), True),
    "sfs": ((), False),
    "sks": ((), False),
}


def read_components(fields: FieldReader) -> None:
    """Read the component rows, Everoute, the test IP range, NTP and DNS servers."""
    fields.read("cluster.name_on_components", SHEET, "N3", CLUSTER_NAME)
    _read_component(fields, "cloudtower", layout.CLOUDTOWER_ROW)
    _read_component(fields, "observability", layout.OBSERVABILITY_ROW)
    _read_component(fields, "backup", layout.BACKUP_SERVICE_ROW)
    _read_everoute(fields)
    _read_spare_rows(fields)
    fields.read("test_ip_range.start", SHEET, layout.TEST_RANGE_START, IP)
    fields.read("test_ip_range.end", SHEET, layout.TEST_RANGE_END, IP)
    fields.read_items("ntp_servers", SHEET, layout.NTP_CELLS, NTP_SERVERS)
    fields.read_items("dns_servers", SHEET, layout.DNS_CELLS, DNS_SERVERS)


def _read_component(fields: FieldReader, kind: str, row: int) -> None:
    """Read one component row; a row whose IP cell is empty is not planned."""
    if fields.text(SHEET, f"E{row}") is None:
        return
    fields.draft.rows[kind] = row
    users, needs_sizing = _REQUIRED[kind]
    fields.read(f"{kind}.name", SHEET, f"B{row}", TEXT, required=True)
    fields.read(f"{kind}.version", SHEET, f"D{row}", VERSION, required=True)
    fields.read(f"{kind}.ip", SHEET, f"E{row}", IP, required=True)
    for user in _USERS:
        user_column, password_column = _USER_COLUMNS[user]
        required = user in users
        fields.read(
            f"{kind}.{user}_user", SHEET, f"{user_column}{row}", OPTIONAL_TEXT, required=required
        )
        fields.read(
            f"{kind}.{user}_password", SHEET, f"{password_column}{row}", PASSWORD, required=required
        )
    fields.read(f"{kind}.sizing", SHEET, f"L{row}", SIZING, required=needs_sizing)
    fields.read(f"{kind}.serial", SHEET, f"M{row}", TEXT)


def _read_everoute(fields: FieldReader) -> None:
    """Read the Everoute VIP and controllers; planned when any of their IP cells is filled."""
    vip_row = layout.EVEROUTE_VIP_ROW
    rows = [vip_row, *layout.EVEROUTE_CONTROLLER_ROWS]
    if all(fields.text(SHEET, f"E{row}") is None for row in rows):
        return
    fields.draft.rows["everoute"] = vip_row
    fields.read("everoute.vip", SHEET, f"E{vip_row}", IP, required=True)
    fields.read("everoute.serial", SHEET, f"M{vip_row}", TEXT)
    index = 0
    for row in layout.EVEROUTE_CONTROLLER_ROWS:
        if fields.text(SHEET, f"E{row}") is None:
            continue
        fields.read(f"everoute.controllers.{index}", SHEET, f"E{row}", IP)
        index += 1
    if index == 0:
        ref = CellRef(sheet=SHEET, cell=f"E{layout.EVEROUTE_CONTROLLER_ROWS[0]}")
        fields.sink.error("everoute.no_controllers", ref, None)


def spare_row_kind(name: str | None) -> str | None:
    """Return ``sfs`` or ``sks`` for the name in column B of a spare row, else None."""
    if name is None:
        return None
    folded = name.casefold()
    return next(
        (kind for label, kind in layout.SPARE_ROW_KINDS.items() if folded.startswith(label)),
        None,
    )


def _read_spare_rows(fields: FieldReader) -> None:
    """Read SFS and SKS from the spare rows 12-17, identified by their name in column B."""
    for row in layout.SPARE_ROWS:
        name = fields.text(SHEET, f"B{row}")
        address = fields.text(SHEET, f"E{row}")
        if address is None:
            continue
        name_ref = CellRef(sheet=SHEET, cell=f"B{row}")
        kind = spare_row_kind(name)
        if name is None:
            fields.sink.error("component.name_missing", name_ref, None)
        elif kind is None:
            fields.sink.warning("component.unknown", name_ref, name)
        elif kind in fields.draft.rows:
            first = fields.draft.rows[kind]
            fields.sink.error("component.duplicate", name_ref, name, first=f"B{first}")
        else:
            _read_component(fields, kind, row)
