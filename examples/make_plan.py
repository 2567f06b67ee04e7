"""Write examples/plan.xlsx: a fictional four-node plan in the layout of the real template.

Run from the project root with ``.venv/bin/python examples/make_plan.py``
(an optional argument names another output path). The workbook has the
template's four deployment sheets with the same headers, merged cells, input
fills, drop-down lists and cross-sheet formulas. Formulas are written without
cached values, as openpyxl always does, so readers must follow them. Every
name, address and password in it is made up; the passwords follow the
platform password policy and differ per role.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

OUTPUT = Path(__file__).resolve().parent / "plan.xlsx"

INPUT_FILL = PatternFill("solid", fgColor="FFFFFF00")  # yellow: cells the engineer fills in
HEADER_FILL = PatternFill("solid", fgColor="FF0070C0")  # blue: table headers
HEADER_FONT = Font(bold=True, color="FFFFFFFF")

CLUSTER = "CN-SH-SMTX-Demo-Cls01"
TITLE = '=文档描述!C15&"-"&文档描述!C16&"{suffix}"'


def _header(sheet: Worksheet, row: int, texts: Mapping[str, str]) -> None:
    for column, text in texts.items():
        cell = sheet[f"{column}{row}"]
        cell.value = text
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _put(sheet: Worksheet, values: Mapping[str, object], *, inputs: bool = False) -> None:
    for coordinate, value in values.items():
        sheet[coordinate] = value
        if inputs:
            sheet[coordinate].fill = INPUT_FILL


def _merge(sheet: Worksheet, ranges: str) -> None:
    for cell_range in ranges.split():
        sheet.merge_cells(cell_range)


def _choices(sheet: Worksheet, allowed: str, cells: str) -> None:
    validation = DataValidation(type="list", formula1=f'"{allowed}"', allow_blank=True)
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    for cell_range in cells.split():
        validation.add(cell_range)


def build_document(workbook: Workbook) -> None:
    """Write 文档描述: the cover with customer, project and datacenter names."""
    sheet = workbook.create_sheet("文档描述")
    _merge(sheet, "B11:F14 C15:F15 C16:F16 C17:F17")
    sheet["B11"] = "文档说明：\n本文档为 CXVoyager 自动化部署示例规划，客户与地址均为虚构。"
    _put(sheet, {"B15": "客户名称：", "B16": "项目名称：", "B17": "数据中心名称："})
    _put(
        sheet, {"C15": "星河示例科技", "C16": "超融合示例项目", "C17": "DEMO-DC-SH01"}, inputs=True
    )
    _header(
        sheet, 18, {"B": "版本日期", "C": "版本", "D": "作者", "E": "联系电话", "F": "变更记录"}
    )


NETWORK_HEADERS = {
    "B": "集群名称",
    "C": "虚拟交换机",
    "D": "虚拟网络",
    "E": "网络功能说明",
    "F": "VLAN ID",
    "G": "VLAN类型",
    "H": "SubNetwork",
    "I": "Gateway",
    "J": "主机端口",
    "K": "网口绑定模式",
    "L": "速率",
    "M": "端口类型",
    "N": "物理交换机配置类型",
}
# Row: VDS, network, purpose, VLAN id, subnet, gateway, NICs, bond mode, speed, port, switch mode.
SYSTEM_NETWORKS = {
    3: (
        "（IPMI）",
        "（IPMI）",
        "带外管理流量",
        0,
        "10.60.9.0/24",
        "10.60.9.1",
        "IPMI/BMC/iDrac/iLO",
        "专用",
        "1G",
        "电口",
        "Access",
    ),
    4: (
        "vDS-MgMt-Network",
        "default",
        "SMTX OS系统管理网络",
        0,
        "10.60.10.0/24",
        "10.60.10.1",
        "ens1f0,ens2f0",
        "active-backup",
        "10G",
        "光口",
        "Access",
    ),
    5: (
        None,
        "Infra-network",
        "（可选）Cloudtower,obs等组件,客户要求需独立网段",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "Access",
    ),
    6: (
        "vDS-Storage-Network",
        "storage-network",
        "SMTX OS内部存储网络",
        0,
        "10.60.11.0/24",
        "10.60.11.1",
        "ens1f1,ens2f1",
        "active-backup",
        "25G",
        "光口",
        "Access",
    ),
    7: (
        "vDS-Backup-Network",
        "backup-network",
        "SMTX 备份服务互联NAS",
        0,
        "10.60.12.0/24",
        "10.60.12.1",
        "ens3f0",
        "active-backup",
        "10G",
        "光口",
        "Access",
    ),
}
BUSINESS_VLANS = (2101, 2102, 2103, 2104)
NETWORK_MERGES = (
    "B1:N1 B3:B18 C4:C5 J4:J5 K4:K5 L4:L5 M4:M5 C8:C18 E8:E18 J8:J18 K8:K18 L8:L18 M8:M18 "
    "N8:N18 B23:N27"
)


def _network_row(sheet: Worksheet, row: int, values: tuple[object, ...]) -> None:
    # Row 3 (IPMI) and row 5 (infra) have no NIC or bond inputs of their own.
    inputs = "FHI" if row in (3, 5) else "FHIJK"
    for column, value in zip("CDEFHIJKLMN", values, strict=True):
        if value is not None:
            sheet[f"{column}{row}"] = value
        if column in inputs:
            sheet[f"{column}{row}"].fill = INPUT_FILL
    sheet[f"G{row}"] = "Access"


def _write_business_networks(sheet: Worksheet) -> None:
    """Write the business rows from 8 on; C8, J8, K8 and L8 are shared by all of them."""
    _put(
        sheet,
        {
            "C8": "vDS-Prod-Network",
            "E8": "虚拟机网络(按需提供)",
            "M8": "光口",
            "N8": "Trunk",
            "L8": "10G",
        },
    )
    _put(sheet, {"J8": "ens3f1,ens4f1", "K8": "balance-slb"}, inputs=True)
    for offset, vlan in enumerate(BUSINESS_VLANS):
        row = 8 + offset
        _put(
            sheet,
            {
                f"D{row}": f"VLAN-{vlan}",
                f"F{row}": vlan,
                f"H{row}": f"10.61.{offset + 1}.0/24",
                f"I{row}": f"10.61.{offset + 1}.1",
            },
            inputs=True,
        )
    for row in range(8, 19):
        sheet[f"G{row}"] = "Access"


def build_networks(workbook: Workbook) -> None:
    """Write 虚拟网络: system networks on rows 3-7, business networks from row 8."""
    sheet = workbook.create_sheet("虚拟网络")
    _merge(sheet, NETWORK_MERGES)
    sheet["B1"] = TITLE.format(suffix="-SMTX 平台虚拟交换机规划")
    _header(sheet, 2, NETWORK_HEADERS)
    _put(sheet, {"B3": CLUSTER}, inputs=True)
    for row, values in SYSTEM_NETWORKS.items():
        _network_row(sheet, row, values)
    _write_business_networks(sheet)

    sheet["B23"] = "请注意：当前仅支持“管理&业务融合、存储独立”与“三网独立”两种网络部署模型。"

    _choices(sheet, "专用,共享", "K3")
    _choices(sheet, "光口,电口", "M3:M4 M6:M8")
    _choices(sheet, "balance-tcp,balance-slb,active-backup", "K4 K6:K8")
    _choices(sheet, "Access,Trunk", "N3:N8")
    _choices(sheet, "100M,1G", "L3")
    _choices(sheet, "1G,10G,25G,40G,56G,100G", "L4:L8")


HOST_HEADERS = {
    "B": "序号",
    "C": "集群名称",
    "D": "设备S/N",
    "E": "带外地址",
    "F": "带外账号",
    "G": "带外密码",
    "H": "主机名",
    "I": "管理地址",
    "J": "SSH 用户名",
    "K": "密码",
    "L": "管理员账号",
    "M": "密码",
    "N": "存储IP",
    "O": "功能描述",
    "P": "机架名称",
    "Q": "机架位置 U",
}
HOST_COUNT = 4
HOST_MERGES = "B1:O1 Q2:R2 C3:C18 E19:G19 J19:K19 Q19:R19 Q20:R20 B20:M20 B21:B22 B23:L27 B29:O34"


def _host_row(sheet: Worksheet, number: int) -> None:
    row = number + 2
    _put(
        sheet,
        {
            f"B{row}": number,
            f"J{row}": "smartx",
            f"L{row}": "root",
            f"O{row}": f"SmartX管理集群Node{number}",
            f"R{row}": f'=IF(ISNUMBER(Q{row}),Q{row}+1,"")',
        },
    )
    for column in "DEFGHIKMNPQ":
        sheet[f"{column}{row}"].fill = INPUT_FILL
    if number > HOST_COUNT:
        return
    _put(
        sheet,
        {
            f"D{row}": f"DEMO-SN-{number:04d}",
            f"E{row}": f"10.60.9.{10 + number}",
            f"F{row}": "ADMIN",
            f"G{row}": "Bmc#Demo-2025",
            f"H{row}": f"SH-SMTX-Demo-Node-{number:02d}",
            f"I{row}": f"10.60.10.{10 + number}",
            f"K{row}": "Ssh!Voy4ger-Demo",
            f"M{row}": "Adm1n!Voyager-Demo",
            f"N{row}": f"10.60.11.{10 + number}",
            f"P{row}": "A01",
            f"Q{row}": 2 * number - 1,
        },
    )


def build_hosts(workbook: Workbook) -> None:
    """Write 主机规划: 16 node rows (four filled) and the cluster cells of rows 19-20."""
    sheet = workbook.create_sheet("主机规划")
    _merge(sheet, HOST_MERGES)
    sheet["B1"] = TITLE.format(suffix="-SMTX 集群节点管理地址规划")
    _header(sheet, 2, HOST_HEADERS)
    sheet["C3"] = "=虚拟网络!B3"
    for number in range(1, 17):
        _host_row(sheet, number)

    _put(
        sheet,
        {
            "D19": "Cluster SN",
            "H19": "集群VIP",
            "J19": "集群管理员",
            "L19": "root",
            "N19": "集群功能启用",
            "P19": "存储架构",
            "P20": "网络架构",
            "B21": "说明：",
        },
    )
    _put(
        sheet,
        {
            "C19": "版本:6.2.0P4",
            "I19": "10.60.10.10",
            "M19": "Cx!Voy4ger-Demo",
            "O19": "Boost",
            "Q19": "混闪-分层",
            "Q20": "三网独立",
        },
        inputs=True,
    )
    sheet["B23"] = (
        "1. 集群命名规范建议：企业简写-地域简写-软件品牌-业务简写-编号；\n"
        "2. 主机命名规范建议：地域简写-软件-业务-功能-编号；\n"
        "3. 集群VIP建议为连续的第一个开始IP，方便后续扩容。"
    )
    sheet["B29"] = "请注意：当前自动部署平台尚不支持开启RDMA"

    _choices(sheet, "None,RDMA,Boost,RDMA+Boost", "O19")
    _choices(sheet, "混闪-分层,全闪-不分层", "Q19")
    _choices(sheet, "三网融合,存储独立,三网独立", "Q20:R20")


COMPONENT_HEADERS = {
    "B": "SmartX生产平台管理 虚拟机名称",
    "C": "技术说明",
    "D": "Version",
    "E": "IP地址",
    "F": "Web  管理员",
    "G": "密码",
    "H": " SSH 用户名",
    "I": "SSH 密码",
    "J": "系统管理员",
    "K": "密码",
    "L": "性能配置",
    "M": "SN",
    "N": "管理集群",
}
# Row: name, description, version, IP, web user/password, SSH user/password,
# system user/password, sizing.
COMPONENTS = {
    3: (
        "Cloudtower",
        "SMTX 集群统一 Web 管理平台",
        "4.7.1",
        "10.60.10.2",
        "root",
        "Tower#Web-Demo1",
        "smartx",
        "Tower#Ssh-Demo2",
        "root",
        "Tower#Sys-Demo3",
        "8vCPU\\19GB-Mem\\400GB Disk",
    ),
    4: (
        "Observability",
        "集群监控与告警集成组件",
        "1.4.1",
        "10.60.10.3",
        "N/A",
        "N/A",
        "o11y",
        "Obs#Ssh-Demo4",
        "admin",
        "Obs#Adm-Demo5",
        "16vCPU\\32GB-Mem\\512GB Disk",
    ),
    5: (
        "backup",
        "备份服务管理组件",
        "2.2.0",
        "10.60.10.4",
        "N/A",
        "N/A",
        "smartx",
        "Bak#Ssh-Demo6",
        "admin",
        "Bak#Adm-Demo7",
        "4vCPU\\16GB-Mem\\40GB Disk",
    ),
    12: (
        "SFS",
        "文件存储服务",
        "1.2.0",
        "10.60.10.20",
        "admin",
        "Sfs#Web-Demo8",
        "smartx",
        "Sfs#Ssh-Demo9",
        "root",
        "Sfs#Sys-Demo10",
        "4vCPU\\8GB-Mem\\100GB Disk",
    ),
    13: (
        "SKS",
        "Kubernetes 服务",
        "1.3.0",
        "10.60.10.21",
        "admin",
        "Sks#Web-Demo11",
        "smartx",
        "Sks#Ssh-Demo12",
        "root",
        "Sks#Sys-Demo13",
        "8vCPU\\16GB-Mem\\200GB Disk",
    ),
}
EVEROUTE = {"E6": "10.60.10.5", "E7": "10.60.10.6", "E8": "10.60.10.7", "E9": "10.60.10.8"}
SERVICES = {
    22: ("NTP Server1", "集群统一时间服务器地址", "建议物理设备", "10.60.0.2"),
    23: ("NTP Server2", "集群统一时间服务器地址", "建议物理设备", "10.60.0.3"),
    24: ("NTP Server3", "集群统一时间服务器地址", "建议物理设备", "ntp.demo.example"),
    25: ("DNS Server1", "集群DNS 解析服务器", "域名服务器", "10.60.0.53"),
    26: ("DNS Server2", "集群DNS 解析服务器", "域名服务器", "10.60.0.54"),
}
SERVICE_HEADERS = {
    "B": "基础架构设备名称",
    "C": "技术说明",
    "D": "类别",
    "E": "IP地址",
    "F": "说明",
}
COMPONENT_MERGES = (
    "B1:N1 N3:N19 B6:B11 M6:M11 B18:B19 C18:C19 D18:D19 B20:L20 F21:N21 F22:N24 F25:N25 F26:N26"
)
NTP_GUIDANCE = (
    "最佳配置三个及以上 NTP服务器，\n"
    "如果仅有两个平级物理NTP，且上游为同一时间源，可配置此两个NTP，否则禁止配置2个；\n"
    "推荐本地NTP Server同步上游原子/北斗时钟服务器地址，本地NTP Server等级不低于4级。"
)


def _component_row(sheet: Worksheet, row: int, values: tuple[str, ...]) -> None:
    for column, value in zip("BCDEFGHIJKL", values, strict=True):
        sheet[f"{column}{row}"] = value
    sheet[f"D{row}"].number_format = "@"


def _write_services(sheet: Worksheet) -> None:
    """Write the test IP range and the NTP and DNS server table from row 18 on."""
    _put(sheet, {"B18": "临时IP", "C18": "测试用临时IP范围", "D18": "---"})
    _put(sheet, {"E18": "10.60.10.231", "E19": "10.60.10.239"})
    sheet["B20"] = "当有其他管理组件时，依次往后添加..."
    _header(sheet, 21, SERVICE_HEADERS)
    for row, values in SERVICES.items():
        _put(sheet, dict(zip((f"B{row}", f"C{row}", f"D{row}", f"E{row}"), values, strict=True)))
        sheet[f"E{row}"].fill = INPUT_FILL
        sheet[f"E{row}"].number_format = "@"
    sheet["F22"] = NTP_GUIDANCE


def build_components(workbook: Workbook) -> None:
    """Write 集群管理信息: components, Everoute, test range, NTP and DNS servers."""
    sheet = workbook.create_sheet("集群管理信息")
    _merge(sheet, COMPONENT_MERGES)
    sheet["B1"] = TITLE.format(suffix="SMTX OS 架构平台管理规划")
    _header(sheet, 2, COMPONENT_HEADERS)
    sheet["N3"] = "=虚拟网络!B3"
    for row in range(3, 20):
        sheet[f"E{row}"].fill = INPUT_FILL

    for row, values in COMPONENTS.items():
        _component_row(sheet, row, values)
    _put(sheet, {"B6": "ER", "C6": "ER VIP", "M6": "DEMO-ER-SN-0001"})
    for number in range(1, 6):
        sheet[f"C{6 + number}"] = f"控制器{number:02d}"
    _put(sheet, EVEROUTE)
    _write_services(sheet)


def build_workbook() -> Workbook:
    """Build the example workbook in memory."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    build_document(workbook)
    build_networks(workbook)
    build_hosts(workbook)
    build_components(workbook)
    workbook.active = workbook.sheetnames.index("主机规划")
    return workbook


def main(argv: list[str]) -> int:
    """Write the example plan to the path in ``argv`` or to examples/plan.xlsx."""
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT
    workbook = build_workbook()
    workbook.properties.creator = "CXVoyager examples/make_plan.py"
    workbook.save(output)
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
