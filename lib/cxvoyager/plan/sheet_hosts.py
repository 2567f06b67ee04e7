"""Read 主机规划: the node rows and the cluster-level cells below them."""

from __future__ import annotations

from cxvoyager.plan import layout
from cxvoyager.plan.fields import FieldReader
from cxvoyager.plan.values import (
    CLUSTER_NAME,
    FEATURES,
    HOSTNAME,
    IP,
    NETWORK_ARCHITECTURE,
    PASSWORD,
    STORAGE_ARCHITECTURE,
    TEXT,
    UNIT,
    VERSION,
)

SHEET = layout.HOSTS

# Column, field, kind and whether the field is required in a planned row.
_HOST_COLUMNS = (
    ("D", "serial", TEXT, False),
    ("E", "bmc_ip", IP, False),
    ("F", "bmc_user", TEXT, False),
    ("G", "bmc_password", PASSWORD, False),
    ("H", "hostname", HOSTNAME, True),
    ("I", "management_ip", IP, True),
    ("J", "ssh_user", TEXT, True),
    ("K", "ssh_password", PASSWORD, True),
    ("L", "admin_user", TEXT, False),
    ("M", "admin_password", PASSWORD, False),
    ("N", "storage_ip", IP, True),
    ("O", "description", TEXT, False),
    ("P", "rack", TEXT, False),
    ("Q", "rack_unit", UNIT, False),
)


def read_hosts(fields: FieldReader) -> None:
    """Read every node row that has an input cell filled, then the cluster cells."""
    index = 0
    for row in layout.HOST_ROWS:
        planned = any(
            fields.text(SHEET, f"{column}{row}") is not None for column in layout.HOST_INPUT_COLUMNS
        )
        if not planned:
            continue
        prefix = f"hosts.{index}"
        fields.draft.rows[prefix] = row
        for column, name, kind, required in _HOST_COLUMNS:
            fields.read(f"{prefix}.{name}", SHEET, f"{column}{row}", kind, required=required)
        index += 1
    _read_cluster(fields)


def _read_cluster(fields: FieldReader) -> None:
    fields.read("cluster.name_on_hosts", SHEET, "C3", CLUSTER_NAME)
    fields.read("cluster.smtx_version", SHEET, "C19", VERSION)
    fields.read("cluster.serial", SHEET, "E19", TEXT)
    fields.read("cluster.vip", SHEET, "I19", IP, required=True)
    fields.read("cluster.admin_user", SHEET, "L19", TEXT, required=True)
    fields.read("cluster.admin_password", SHEET, "M19", PASSWORD, required=True)
    fields.read("cluster.features", SHEET, "O19", FEATURES, required=True)
    fields.read("cluster.storage_architecture", SHEET, "Q19", STORAGE_ARCHITECTURE, required=True)
    fields.read("cluster.network_architecture", SHEET, "Q20", NETWORK_ARCHITECTURE, required=True)
