"""Read 虚拟网络: the cluster name and every virtual switch and network row."""

from __future__ import annotations

from cxvoyager.plan import layout
from cxvoyager.plan.fields import FieldReader
from cxvoyager.plan.values import BOND_MODE, CLUSTER_NAME, IP, NICS, SUBNET, TEXT, VLAN

SHEET = layout.NETWORKS


def read_networks(fields: FieldReader) -> None:
    """Read 虚拟网络 into ``cluster.name`` and ``networks.*`` entries."""
    fields.read("cluster.name", SHEET, "B3", CLUSTER_NAME, required=True)
    _read_ipmi(fields)
    _read_system_network(fields, "management", layout.MANAGEMENT_ROW, required=True)
    if _row_filled(fields, layout.INFRA_ROW, "FHI"):
        _read_system_network(fields, "infra", layout.INFRA_ROW, shared_row=layout.MANAGEMENT_ROW)
    _read_system_network(fields, "storage", layout.STORAGE_ROW, required=True)
    if _row_filled(fields, layout.BACKUP_ROW, "FHIJ"):
        _read_system_network(fields, "backup", layout.BACKUP_ROW)
    _read_business(fields)


def _row_filled(fields: FieldReader, row: int, columns: str) -> bool:
    return any(fields.text(SHEET, f"{column}{row}") is not None for column in columns)


def _read_ipmi(fields: FieldReader) -> None:
    row = layout.IPMI_ROW
    if not _row_filled(fields, row, "FHI"):
        return
    fields.draft.rows["networks.ipmi"] = row
    fields.read("networks.ipmi.name", SHEET, f"D{row}", TEXT, required=True)
    fields.read("networks.ipmi.vlan_id", SHEET, f"F{row}", VLAN)
    fields.read("networks.ipmi.subnet", SHEET, f"H{row}", SUBNET, required=True)
    fields.read("networks.ipmi.gateway", SHEET, f"I{row}", IP)
    fields.read("networks.ipmi.speed", SHEET, f"L{row}")


def _read_system_network(
    fields: FieldReader,
    role: str,
    row: int,
    *,
    required: bool = False,
    shared_row: int | None = None,
) -> None:
    """Read a system network row; the VDS cells may sit in ``shared_row`` (merged cells)."""
    prefix = f"networks.{role}"
    vds_row = shared_row or row
    fields.draft.rows[prefix] = row
    fields.read(f"{prefix}.vds_name", SHEET, f"C{vds_row}", TEXT, required=True)
    fields.read(f"{prefix}.name", SHEET, f"D{row}", TEXT, required=True)
    fields.read(f"{prefix}.vlan_id", SHEET, f"F{row}", VLAN, required=required)
    fields.read(f"{prefix}.subnet", SHEET, f"H{row}", SUBNET, required=role != "backup")
    fields.read(f"{prefix}.gateway", SHEET, f"I{row}", IP, required=role == "management")
    fields.read(f"{prefix}.nics", SHEET, f"J{vds_row}", NICS, required=required)
    fields.read(f"{prefix}.bond_mode", SHEET, f"K{vds_row}", BOND_MODE)
    fields.read(f"{prefix}.speed", SHEET, f"L{vds_row}", TEXT)


def _read_business(fields: FieldReader) -> None:
    """Read the business network rows that have any input; they share C8, J8, K8 and L8."""
    shared = layout.BUSINESS_SHARED_ROW
    index = 0
    for row in layout.BUSINESS_ROWS:
        if not _row_filled(fields, row, "DFHI"):
            continue
        prefix = f"networks.business.{index}"
        fields.draft.rows[prefix] = row
        fields.read(f"{prefix}.vds_name", SHEET, f"C{shared}", TEXT, required=True)
        fields.read(f"{prefix}.name", SHEET, f"D{row}", TEXT)
        fields.read(f"{prefix}.vlan_id", SHEET, f"F{row}", VLAN)
        fields.read(f"{prefix}.subnet", SHEET, f"H{row}", SUBNET)
        fields.read(f"{prefix}.gateway", SHEET, f"I{row}", IP)
        fields.read(f"{prefix}.nics", SHEET, f"J{shared}", NICS)
        fields.read(f"{prefix}.bond_mode", SHEET, f"K{shared}", BOND_MODE)
        fields.read(f"{prefix}.speed", SHEET, f"L{shared}", TEXT)
        index += 1
