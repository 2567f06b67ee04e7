"""Where things are in the planning workbook (规划设计表, ELF template of 2025-08-20).

The reader finds each table by its header text and checks that the header
sits where this template puts it. A workbook whose headers moved is rejected,
so no value is read from the wrong cell.
"""

from __future__ import annotations

import re

DOCUMENT = "文档描述"
NETWORKS = "虚拟网络"
HOSTS = "主机规划"
COMPONENTS = "集群管理信息"
SHEETS = (DOCUMENT, NETWORKS, HOSTS, COMPONENTS)

# Expected header and label texts, by sheet and cell. Compared after
# whitespace is collapsed (the template itself has "Web  管理员" and " SSH 用户名").
HEADERS: dict[str, dict[str, str]] = {
    DOCUMENT: {"B15": "客户名称：", "B16": "项目名称：", "B17": "数据中心名称："},
    NETWORKS: {
        "B2": "集群名称",
        "C2": "虚拟交换机",
        "D2": "虚拟网络",
        "E2": "网络功能说明",
        "F2": "VLAN ID",
        "G2": "VLAN类型",
        "H2": "SubNetwork",
        "I2": "Gateway",
        "J2": "主机端口",
        "K2": "网口绑定模式",
        "L2": "速率",
    },
    HOSTS: {
        "B2": "序号",
        "C2": "集群名称",
        "D2": "设备S/N",
        "E2": "带外地址",
        "F2": "带外账号",
        "G2": "带外密码",
        "H2": "主机名",
        "I2": "管理地址",
        "J2": "SSH 用户名",
        "K2": "密码",
        "L2": "管理员账号",
        "M2": "密码",
        "N2": "存储IP",
        "O2": "功能描述",
        "P2": "机架名称",
        "Q2": "机架位置 U",
        "D19": "Cluster SN",
        "H19": "集群VIP",
        "J19": "集群管理员",
        "N19": "集群功能启用",
        "P19": "存储架构",
        "P20": "网络架构",
    },
    COMPONENTS: {
        "B2": "SmartX生产平台管理 虚拟机名称",
        "D2": "Version",
        "E2": "IP地址",
        "F2": "Web 管理员",
        "G2": "密码",
        "H2": "SSH 用户名",
        "I2": "SSH 密码",
        "J2": "系统管理员",
        "K2": "密码",
        "L2": "性能配置",
        "M2": "SN",
        "N2": "管理集群",
        "B18": "临时IP",
        "B21": "基础架构设备名称",
        "E21": "IP地址",
        "B22": "NTP Server1",
        "B23": "NTP Server2",
        "B24": "NTP Server3",
        "B25": "DNS Server1",
        "B26": "DNS Server2",
    },
}

# Search area (from A1) for a moved header, so the message can say where it went.
SEARCH_ROWS = 40
SEARCH_COLUMNS = 20

# 虚拟网络 rows.
IPMI_ROW = 3
MANAGEMENT_ROW = 4
INFRA_ROW = 5
STORAGE_ROW = 6
BACKUP_ROW = 7
BUSINESS_ROWS = range(8, 19)
BUSINESS_SHARED_ROW = 8  # C8, J8, K8, L8 are merged over rows 8-18

# 主机规划 rows and the yellow input columns that make a row count as a host.
HOST_ROWS = range(3, 19)
HOST_INPUT_COLUMNS = ("D", "E", "F", "G", "H", "I", "K", "M", "N", "P", "Q")

# 集群管理信息 rows.
CLOUDTOWER_ROW = 3
OBSERVABILITY_ROW = 4
BACKUP_SERVICE_ROW = 5
EVEROUTE_VIP_ROW = 6
EVEROUTE_CONTROLLER_ROWS = range(7, 12)
SPARE_ROWS = range(12, 18)
TEST_RANGE_START = "E18"
TEST_RANGE_END = "E19"
NTP_CELLS = ("E22", "E23", "E24")
DNS_CELLS = ("E25", "E26")

# Names in column B of a spare row that mark an SFS or SKS row (compared casefolded).
SPARE_ROW_KINDS = {
    "sfs": "sfs",
    "文件存储": "sfs",
    "sks": "sks",
    "kubernetes": "sks",
}


def squeeze(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return re.sub(r"\s+", " ", text).strip()


# The label cell of each single input cell, used to name a field in messages.
# Cells in rows 3-18 of the tables are named by their row 2 header instead.
FIELD_LABELS: dict[tuple[str, str], str] = {
    (DOCUMENT, "C15"): "B15",
    (DOCUMENT, "C16"): "B16",
    (DOCUMENT, "C17"): "B17",
    (HOSTS, "E19"): "D19",
    (HOSTS, "I19"): "H19",
    (HOSTS, "L19"): "J19",
    (HOSTS, "M19"): "J19",
    (HOSTS, "O19"): "N19",
    (HOSTS, "Q19"): "P19",
    (HOSTS, "Q20"): "P20",
    (COMPONENTS, "E18"): "C18",
    (COMPONENTS, "E19"): "C18",
    (COMPONENTS, "E22"): "B22",
    (COMPONENTS, "E23"): "B23",
    (COMPONENTS, "E24"): "B24",
    (COMPONENTS, "E25"): "B25",
    (COMPONENTS, "E26"): "B26",
}
