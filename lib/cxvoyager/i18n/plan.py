"""Messages of the planning workbook check (``plan.<rule>`` and ``plan.<rule>.fix``).

Every message receives ``location`` (``sheet!cell``) and ``value`` (the
text found, ``******`` for secrets) besides the fields listed in its text.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # Table of findings.
    "plan.table.severity": {"zh-CN": "级别", "en": "Level"},
    "plan.table.rule": {"zh-CN": "规则", "en": "Rule"},
    "plan.table.location": {"zh-CN": "位置", "en": "Location"},
    "plan.table.value": {"zh-CN": "值", "en": "Value"},
    "plan.table.message": {"zh-CN": "问题", "en": "Problem"},
    "plan.table.fix": {"zh-CN": "修复", "en": "Fix"},
    "plan.table.empty": {
        "zh-CN": "规划表检查未发现问题。",
        "en": "The plan check found no problem.",
    },
    "plan.severity.error": {"zh-CN": "错误", "en": "error"},
    "plan.severity.warning": {"zh-CN": "警告", "en": "warning"},
    "plan.severity.info": {"zh-CN": "提示", "en": "info"},
    # Files that are not workbooks.
    "plan.file.missing": {
        "zh-CN": "规划表文件不存在：{path}",
        "en": "The plan file does not exist: {path}",
    },
    "plan.file.missing.fix": {
        "zh-CN": "检查 --plan 参数给出的路径，指向 .xlsx 格式的规划设计表",
        "en": "Check the path given to --plan; it must point to the .xlsx planning workbook",
    },
    "plan.file.empty": {
        "zh-CN": "规划表文件为空（0 字节）：{path}",
        "en": "The plan file is empty (0 bytes): {path}",
    },
    "plan.file.empty.fix": {
        "zh-CN": "重新复制或导出规划设计表，确认文件已完整保存",
        "en": "Copy or export the planning workbook again and make sure it was saved completely",
    },
    "plan.file.not_xlsx": {
        "zh-CN": "文件不是 Excel 工作簿（可能是改了扩展名的 CSV 或文本文件）：{path}",
        "en": "The file is not an Excel workbook (perhaps a CSV or text file renamed to .xlsx): "
        "{path}",
    },
    "plan.file.not_xlsx.fix": {
        "zh-CN": "用 Excel 或 WPS 打开原始规划表，另存为“Excel 工作簿 (*.xlsx)”",
        "en": "Open the original plan in Excel or WPS and save it as an Excel workbook (*.xlsx)",
    },
    "plan.file.not_workbook": {
        "zh-CN": "文件是 ZIP 压缩包，但不是 Excel 工作簿：{path}",
        "en": "The file is a ZIP archive but not an Excel workbook: {path}",
    },
    "plan.file.not_workbook.fix": {
        "zh-CN": "解压后找到其中的 .xlsx 规划表，或提供正确的规划表文件",
        "en": "Extract the .xlsx plan from the archive, or give the right plan file",
    },
    "plan.file.xls": {
        "zh-CN": "文件是旧版 Excel 97-2003 格式（.xls），不支持：{path}",
        "en": "The file is in the old Excel 97-2003 format (.xls), which is not supported: {path}",
    },
    "plan.file.xls.fix": {
        "zh-CN": "用 Excel 打开后另存为“Excel 工作簿 (*.xlsx)”",
        "en": "Open it in Excel and save it as an Excel workbook (*.xlsx)",
    },
    "plan.file.encrypted": {
        "zh-CN": "工作簿设置了打开密码（已加密），无法读取：{path}",
        "en": "The workbook is encrypted with an open password and cannot be read: {path}",
    },
    "plan.file.encrypted.fix": {
        "zh-CN": "在 Excel 中打开，通过“文件 > 信息 > 保护工作簿 > 用密码进行加密”清除密码后保存",
        "en": "Open it in Excel, clear the password under File > Info > Protect Workbook > "
        "Encrypt with Password, and save",
    },
    "plan.file.unreadable": {
        "zh-CN": "无法读取工作簿（文件损坏或格式异常）：{path}",
        "en": "The workbook cannot be read (damaged file or unexpected format): {path}",
    },
    "plan.file.unreadable.fix": {
        "zh-CN": "用 Excel 打开并修复后另存为 .xlsx，或重新获取规划表",
        "en": "Open and repair it in Excel and save it as .xlsx, or get the plan again",
    },
    # Layout.
    "plan.layout.sheet_missing": {
        "zh-CN": "缺少工作表“{location}”（现有工作表：{found}）",
        "en": "Sheet '{location}' is missing (sheets found: {found})",
    },
    "plan.layout.sheet_missing.fix": {
        "zh-CN": "使用标准规划设计表模板，不要删除或重命名该工作表",
        "en": "Use the standard planning template; do not delete or rename this sheet",
    },
    "plan.layout.header_moved": {
        "zh-CN": "{location} 应为表头“{expected}”，实际为“{value}”；"
        "该表头出现在 {found_at}（行或列被移动）",
        "en": "{location} should hold the header '{expected}' but holds '{value}'; "
        "the header is at {found_at} (rows or columns were moved)",
    },
    "plan.layout.header_moved.fix": {
        "zh-CN": "撤销插入或删除的行列，使表头回到模板位置 {location}",
        "en": "Undo the inserted or deleted rows or columns so the header is back at {location}",
    },
    "plan.layout.header_mismatch": {
        "zh-CN": "{location} 应为表头“{expected}”，实际为“{value}”",
        "en": "{location} should hold the header '{expected}' but holds '{value}'",
    },
    "plan.layout.header_mismatch.fix": {
        "zh-CN": "将 {location} 改回“{expected}”，并确认使用的是标准模板",
        "en": "Change {location} back to '{expected}' and make sure the standard template is used",
    },
    # Cells.
    "plan.cell.normalized": {
        "zh-CN": "{location} 的“{value}”含全角字符或多余空格，已按“{normalized}”读取",
        "en": "{location} '{value}' contains full-width characters or extra spaces; "
        "it was read as '{normalized}'",
    },
    "plan.cell.normalized.fix": {
        "zh-CN": "在 {location} 改用半角字符输入“{normalized}”",
        "en": "Type '{normalized}' in {location} with half-width (ASCII) characters",
    },
    "plan.cell.formula": {
        "zh-CN": "{location} 是无法在此计算的公式：{formula}",
        "en": "{location} holds a formula that cannot be evaluated here: {formula}",
    },
    "plan.cell.formula.fix": {
        "zh-CN": "在 {location} 直接填写值，或改为引用单元格的公式（如 =虚拟网络!B3）",
        "en": "Type the value in {location}, or use a plain cell reference such as =虚拟网络!B3",
    },
    "plan.cell.formula_cycle": {
        "zh-CN": "{location} 的公式循环引用：{chain}",
        "en": "The formula in {location} refers to itself in a cycle: {chain}",
    },
    "plan.cell.formula_cycle.fix": {
        "zh-CN": "修改公式使引用链终止于一个填写了值的单元格",
        "en": "Change the formulas so the chain ends in a cell that holds a value",
    },
    "plan.cell.formula_target": {
        "zh-CN": "{location} 的公式引用了不存在的工作表：{target}",
        "en": "The formula in {location} refers to a sheet that does not exist: {target}",
    },
    "plan.cell.formula_target.fix": {
        "zh-CN": "修正 {location} 的引用，或直接填写值",
        "en": "Fix the reference in {location}, or type the value",
    },
    "plan.value.required": {
        "zh-CN": "{location}（{field}）为必填项，但为空",
        "en": "{location} ({field}) is required but empty",
    },
    "plan.value.required.fix": {
        "zh-CN": "在 {location} 填写{field}",
        "en": "Fill in {field} in {location}",
    },
    # Values.
    "plan.ip.invalid": {
        "zh-CN": "{location} 的“{value}”不是有效的 IPv4 地址",
        "en": "{location} '{value}' is not a valid IPv4 address",
    },
    "plan.ip.invalid.fix": {
        "zh-CN": "在 {location} 填写点分十进制 IPv4 地址，如 10.0.20.11（各段不要有前导零）",
        "en": "Type a dotted-decimal IPv4 address in {location}, such as 10.0.20.11 "
        "(no leading zeros)",
    },
    "plan.subnet.invalid": {
        "zh-CN": "{location} 的“{value}”不是 CIDR 格式的网段",
        "en": "{location} '{value}' is not a subnet in CIDR notation",
    },
    "plan.subnet.invalid.fix": {
        "zh-CN": "在 {location} 按“网络地址/前缀长度”填写，如 10.0.20.0/24",
        "en": "Type network/prefix length in {location}, such as 10.0.20.0/24",
    },
    "plan.subnet.host_bits": {
        "zh-CN": "{location} 的网段“{value}”主机位不为零",
        "en": "{location} subnet '{value}' has host bits set",
    },
    "plan.subnet.host_bits.fix": {
        "zh-CN": "将 {location} 改为 {corrected}",
        "en": "Change {location} to {corrected}",
    },
    "plan.vlan.invalid": {
        "zh-CN": "{location} 的 VLAN ID“{value}”无效",
        "en": "{location} VLAN id '{value}' is invalid",
    },
    "plan.vlan.invalid.fix": {
        "zh-CN": "在 {location} 填写 0 到 4094 的整数（0 表示不打标签）",
        "en": "Type a whole number from 0 to 4094 in {location} (0 means untagged)",
    },
    "plan.int.invalid": {
        "zh-CN": "{location} 的“{value}”不是正整数",
        "en": "{location} '{value}' is not a positive whole number",
    },
    "plan.int.invalid.fix": {
        "zh-CN": "在 {location} 填写正整数，如 1",
        "en": "Type a positive whole number in {location}, such as 1",
    },
    "plan.hostname.invalid": {
        "zh-CN": "{location} 的主机名“{value}”不符合 DNS 命名规则",
        "en": "{location} host name '{value}' is not a valid DNS name",
    },
    "plan.hostname.invalid.fix": {
        "zh-CN": "只用英文字母、数字和连字符，不以连字符开头或结尾，最长 63 个字符，"
        "如 BJ-SMTX-Prod-Node-01",
        "en": "Use only ASCII letters, digits and hyphens, not starting or ending with a hyphen, "
        "63 characters at most, such as BJ-SMTX-Prod-Node-01",
    },
    "plan.cluster.name_invalid": {
        "zh-CN": "{location} 的集群名称“{value}”不符合 DNS 命名规则",
        "en": "{location} cluster name '{value}' is not a valid DNS name",
    },
    "plan.cluster.name_invalid.fix": {
        "zh-CN": "只用英文字母、数字和连字符，不以连字符开头或结尾，最长 63 个字符，"
        "如 CN-BJ-SMTX-Prod-Cls01",
        "en": "Use only ASCII letters, digits and hyphens, not starting or ending with a hyphen, "
        "63 characters at most, such as CN-BJ-SMTX-Prod-Cls01",
    },
    "plan.nic.invalid": {
        "zh-CN": "{location} 的网口名“{value}”无效",
        "en": "{location} NIC name '{value}' is invalid",
    },
    "plan.nic.invalid.fix": {
        "zh-CN": "填写主机上的网口名（如 ens224），多个网口用逗号分隔，每个不超过 15 个字符",
        "en": "Type the host NIC names (such as ens224) separated by commas, "
        "15 characters each at most",
    },
    "plan.ntp.invalid": {
        "zh-CN": "{location} 的 NTP 服务器“{value}”既不是 IPv4 地址也不是有效域名",
        "en": "{location} NTP server '{value}' is neither an IPv4 address nor a valid domain name",
    },
    "plan.ntp.invalid.fix": {
        "zh-CN": "填写 NTP 服务器的 IPv4 地址或完整域名，如 10.0.0.2 或 ntp.example.com",
        "en": "Type the NTP server's IPv4 address or full domain name, "
        "such as 10.0.0.2 or ntp.example.com",
    },
    "plan.dns.invalid": {
        "zh-CN": "{location} 的 DNS 服务器“{value}”不是 IPv4 地址",
        "en": "{location} DNS server '{value}' is not an IPv4 address",
    },
    "plan.dns.invalid.fix": {
        "zh-CN": "DNS 服务器只能填写 IPv4 地址，如 10.0.0.114",
        "en": "DNS servers must be IPv4 addresses, such as 10.0.0.114",
    },
    "plan.version.invalid": {
        "zh-CN": "{location} 的版本“{value}”中没有版本号",
        "en": "{location} '{value}' contains no version number",
    },
    "plan.version.invalid.fix": {
        "zh-CN": "按“版本:6.2.0P4”的格式填写",
        "en": "Use the form '版本:6.2.0P4'",
    },
    "plan.sizing.invalid": {
        "zh-CN": "{location} 的性能配置“{value}”格式无法识别",
        "en": "{location} sizing '{value}' is not in a known format",
    },
    "plan.sizing.invalid.fix": {
        "zh-CN": "按“8vCPU\\19GB-Mem\\400GB Disk”的格式填写",
        "en": "Use the form '8vCPU\\19GB-Mem\\400GB Disk'",
    },
    "plan.choice.invalid": {
        "zh-CN": "{location} 的“{value}”不是允许的取值",
        "en": "{location} '{value}' is not an allowed value",
    },
    "plan.choice.invalid.fix": {
        "zh-CN": "从下拉列表选择：{allowed}",
        "en": "Choose one of: {allowed}",
    },
    "plan.model.invalid": {
        "zh-CN": "字段 {field} 无法构成规划模型：{reason}",
        "en": "Field {field} does not fit the plan model: {reason}",
    },
    "plan.model.invalid.fix": {
        "zh-CN": "检查该字段对应的单元格；若单元格无误，请向 CXVoyager 维护者报告此问题",
        "en": "Check the cell of this field; if it is right, report this to the CXVoyager "
        "maintainers",
    },
    # Components.
    "plan.everoute.no_controllers": {
        "zh-CN": "已规划 Everoute，但 {location} 起的控制器地址全部为空",
        "en": "Everoute is planned but no controller address is filled from {location} on",
    },
    "plan.everoute.no_controllers.fix": {
        "zh-CN": "在 集群管理信息!E7:E11 填写控制器 IP，或清空 E6 不部署 Everoute",
        "en": "Fill the controller IPs in 集群管理信息!E7:E11, or clear E6 to skip Everoute",
    },
    "plan.component.name_missing": {
        "zh-CN": "{location} 所在行填写了 IP，但没有组件名称",
        "en": "The row of {location} has an IP address but no component name",
    },
    "plan.component.name_missing.fix": {
        "zh-CN": "在 {location} 填写 SFS 或 SKS，或清空该行的 IP",
        "en": "Type SFS or SKS in {location}, or clear the row's IP address",
    },
    "plan.component.unknown": {
        "zh-CN": "{location} 的组件“{value}”无法识别，该行被忽略",
        "en": "{location} component '{value}' is not recognized; the row is ignored",
    },
    "plan.component.unknown.fix": {
        "zh-CN": "自动部署支持的附加组件名称为 SFS（文件存储）和 SKS（Kubernetes）",
        "en": "The extra components the automation deploys are named SFS (文件存储) "
        "and SKS (Kubernetes)",
    },
    "plan.component.duplicate": {
        "zh-CN": "{location} 的组件“{value}”已在 {first} 规划过",
        "en": "{location} component '{value}' is already planned in {first}",
    },
    "plan.component.duplicate.fix": {
        "zh-CN": "每个组件只保留一行，删除 {location} 所在行",
        "en": "Keep one row per component; clear the row of {location}",
    },
    # Addresses.
    "plan.ip.duplicate": {
        "zh-CN": "{location} 的地址 {value} 与 {other} 重复",
        "en": "{location} address {value} is also used at {other}",
    },
    "plan.ip.duplicate.fix": {
        "zh-CN": "每个规划地址只能使用一次，为 {location} 换一个未使用的地址",
        "en": "Each planned address may be used once; give {location} an unused address",
    },
    "plan.ip.outside_subnet": {
        "zh-CN": "{location} 的地址 {value} 不在网段 {subnet}（{cells}）内",
        "en": "{location} address {value} is outside subnet {subnet} ({cells})",
    },
    "plan.ip.outside_subnet.fix": {
        "zh-CN": "在 {location} 填写 {subnet} 内的地址，或修正 {cells} 的网段",
        "en": "Type an address inside {subnet} in {location}, or correct the subnet in {cells}",
    },
    "plan.bmc.outside_subnet": {
        "zh-CN": "{location} 的带外地址 {value} 不在 IPMI 网段 {subnet}（{cells}）内",
        "en": "{location} BMC address {value} is outside the IPMI subnet {subnet} ({cells})",
    },
    "plan.bmc.outside_subnet.fix": {
        "zh-CN": "确认带外网络可路由到该地址，或修正 {cells} 的网段",
        "en": "Make sure the BMC network routes to this address, or correct the subnet in {cells}",
    },
    "plan.ip.reserved": {
        "zh-CN": "{location} 的地址 {value} 是网段 {subnet} 的网络地址或广播地址",
        "en": "{location} address {value} is the network or broadcast address of {subnet}",
    },
    "plan.ip.reserved.fix": {
        "zh-CN": "在 {location} 填写 {subnet} 内可分配给主机的地址",
        "en": "Type an assignable host address of {subnet} in {location}",
    },
    "plan.ip.is_gateway": {
        "zh-CN": "{location} 的地址 {value} 与网关（{gateway_cell}）相同",
        "en": "{location} address {value} is the gateway ({gateway_cell})",
    },
    "plan.ip.is_gateway.fix": {
        "zh-CN": "为 {location} 换一个不是网关的地址",
        "en": "Give {location} an address other than the gateway",
    },
    "plan.range.partial": {
        "zh-CN": "测试用临时 IP 范围只填写了一端，{location} 为空（另一端：{other}）",
        "en": "The temporary test IP range has one end only; {location} is empty (other end: "
        "{other})",
    },
    "plan.range.partial.fix": {
        "zh-CN": "在 {location} 填写范围的另一端，或同时清空两端",
        "en": "Fill in the other end in {location}, or clear both ends",
    },
    "plan.range.order": {
        "zh-CN": "测试用临时 IP 范围 {value} 的起始地址（{location}）大于结束地址（{end_cell}）",
        "en": "The temporary test IP range {value} starts ({location}) after it ends ({end_cell})",
    },
    "plan.range.order.fix": {
        "zh-CN": "交换 {location} 与 {end_cell} 的值",
        "en": "Swap the values of {location} and {end_cell}",
    },
    "plan.range.outside_subnet": {
        "zh-CN": "测试用临时 IP {value}（{location}）不在管理网段 {subnet} 内",
        "en": "Temporary test IP {value} ({location}) is outside the management subnet {subnet}",
    },
    "plan.range.outside_subnet.fix": {
        "zh-CN": "在 {location} 填写管理网段 {subnet} 内的地址",
        "en": "Type an address inside the management subnet {subnet} in {location}",
    },
    "plan.range.conflict": {
        "zh-CN": "测试用临时 IP 范围（{location} 至 {end_cell}）"
        "包含已规划的地址 {value}（{other}）",
        "en": "The temporary test IP range ({location} to {end_cell}) contains the planned "
        "address {value} ({other})",
    },
    "plan.range.conflict.fix": {
        "zh-CN": "调整测试范围，使其不包含任何已规划的地址",
        "en": "Move the test range so it contains no planned address",
    },
    "plan.range.small": {
        "zh-CN": "测试用临时 IP 范围 {value} 只有 {size} 个地址，少于主机数 {hosts}",
        "en": "The temporary test IP range {value} has {size} addresses, fewer than the {hosts} "
        "hosts",
    },
    "plan.range.small.fix": {
        "zh-CN": "扩大测试范围，使每台主机至少能运行一台测试虚拟机",
        "en": "Widen the test range so every host can run at least one test VM",
    },
    # Networks.
    "plan.gateway.outside_subnet": {
        "zh-CN": "{location} 的网关 {value} 不在网段 {subnet} 内",
        "en": "{location} gateway {value} is outside subnet {subnet}",
    },
    "plan.gateway.outside_subnet.fix": {
        "zh-CN": "在 {location} 填写 {subnet} 内的网关地址，或修正同一行的网段",
        "en": "Type a gateway inside {subnet} in {location}, or correct the subnet on the same row",
    },
    "plan.gateway.reserved": {
        "zh-CN": "{location} 的网关 {value} 是网段 {subnet} 的网络地址或广播地址",
        "en": "{location} gateway {value} is the network or broadcast address of {subnet}",
    },
    "plan.gateway.reserved.fix": {
        "zh-CN": "网关通常是网段内第一个可用地址，如 10.0.20.1",
        "en": "The gateway is usually the first usable address of the subnet, such as 10.0.20.1",
    },
    "plan.network.converged_unsupported": {
        "zh-CN": "{location} 的网络架构“{value}”不受支持"
        "（虚拟网络!B23：仅支持“存储独立”与“三网独立”）",
        "en": "{location} network architecture '{value}' is not supported "
        "(虚拟网络!B23: only 存储独立 and 三网独立 are)",
    },
    "plan.network.converged_unsupported.fix": {
        "zh-CN": "在 {location} 选择“存储独立”或“三网独立”，并相应规划虚拟交换机",
        "en": "Choose 存储独立 or 三网独立 in {location} and plan the virtual switches to match",
    },
    "plan.features.rdma_unsupported": {
        "zh-CN": "{location} 的集群功能“{value}”包含 RDMA，自动部署不支持开启 RDMA",
        "en": "{location} cluster features '{value}' include RDMA, which the automation cannot "
        "enable",
    },
    "plan.features.rdma_unsupported.fix": {
        "zh-CN": "在 {location} 选择 None 或 Boost；RDMA 请在部署后手工开启",
        "en": "Choose None or Boost in {location}; enable RDMA by hand after deployment",
    },
    "plan.subnet.overlap": {
        "zh-CN": "{location} 的网段 {value} 与 {other} 的网段 {other_value} 重叠，"
        "当前网络架构要求它们分离",
        "en": "{location} subnet {value} overlaps {other} subnet {other_value}, "
        "which the network architecture keeps apart",
    },
    "plan.subnet.overlap.fix": {
        "zh-CN": "为 {location} 规划不重叠的网段，或检查 主机规划!Q20 的网络架构",
        "en": "Plan a subnet for {location} that does not overlap, or check the network "
        "architecture in 主机规划!Q20",
    },
    "plan.network.name_missing": {
        "zh-CN": "业务网络填写了 VLAN（{vlan_cell}），但 {location} 的网络名称为空",
        "en": "A business network has a VLAN ({vlan_cell}) but no name in {location}",
    },
    "plan.network.name_missing.fix": {
        "zh-CN": "在 {location} 填写网络名称，如 VLAN-1120",
        "en": "Type a network name in {location}, such as VLAN-1120",
    },
    "plan.network.vlan_missing": {
        "zh-CN": "业务网络 {name_cell} 没有 VLAN ID（{location} 为空）",
        "en": "Business network {name_cell} has no VLAN id ({location} is empty)",
    },
    "plan.network.vlan_missing.fix": {
        "zh-CN": "在 {location} 填写 0 到 4094 的 VLAN ID",
        "en": "Type a VLAN id from 0 to 4094 in {location}",
    },
    "plan.network.name_duplicate": {
        "zh-CN": "{location} 的网络名称“{value}”与 {other} 重复",
        "en": "{location} network name '{value}' is also used at {other}",
    },
    "plan.network.name_duplicate.fix": {
        "zh-CN": "为每个业务网络取不同的名称",
        "en": "Give each business network its own name",
    },
    "plan.vlan.duplicate": {
        "zh-CN": "{location} 的 VLAN ID {value} 与 {other} 重复",
        "en": "{location} VLAN id {value} is also used at {other}",
    },
    "plan.vlan.duplicate.fix": {
        "zh-CN": "每个业务网络使用不同的 VLAN ID",
        "en": "Use a different VLAN id for each business network",
    },
    "plan.nic.shared": {
        "zh-CN": "网口 {value} 同时出现在 {location} 和 {other}，一个网口只能属于一个虚拟交换机",
        "en": "NIC {value} is listed in both {location} and {other}; "
        "a NIC belongs to one virtual switch only",
    },
    "plan.nic.shared.fix": {
        "zh-CN": "从 {location} 或 {other} 中去掉 {value}",
        "en": "Remove {value} from {location} or from {other}",
    },
    "plan.nic.missing": {
        "zh-CN": "网络架构为三网独立，但业务虚拟交换机的主机端口 {location} 为空",
        "en": "The network architecture is 三网独立 but the business VDS NICs "
        "in {location} are empty",
    },
    "plan.nic.missing.fix": {
        "zh-CN": "在 {location} 填写业务网络使用的网口，如 ens225,ens257",
        "en": "Type the NICs of the business networks in {location}, such as ens225,ens257",
    },
    "plan.bond.nic_count": {
        "zh-CN": "{location} 的绑定模式 {value} 需要至少 2 个网口，{nics_cell} 只有 {count} 个",
        "en": "{location} bond mode {value} needs at least 2 NICs; {nics_cell} lists {count}",
    },
    "plan.bond.nic_count.fix": {
        "zh-CN": "在 {nics_cell} 再填写一个网口，或将 {location} 改为 active-backup",
        "en": "Add a NIC to {nics_cell}, or change {location} to active-backup",
    },
    "plan.bond.missing": {
        "zh-CN": "{nics_cell} 有多个网口，但 {location} 没有绑定模式",
        "en": "{nics_cell} lists several NICs but {location} has no bond mode",
    },
    "plan.bond.missing.fix": {
        "zh-CN": "在 {location} 选择 active-backup、balance-slb 或 balance-tcp",
        "en": "Choose active-backup, balance-slb or balance-tcp in {location}",
    },
    # Hosts and cluster.
    "plan.hosts.too_few": {
        "zh-CN": "只规划了 {count} 台主机，集群至少需要 {minimum} 台",
        "en": "Only {count} hosts are planned; a cluster needs at least {minimum}",
    },
    "plan.hosts.too_few.fix": {
        "zh-CN": "在 主机规划 第 3-18 行填写至少 {minimum} 台主机",
        "en": "Fill in at least {minimum} hosts on 主机规划 rows 3-18",
    },
    "plan.hostname.duplicate": {
        "zh-CN": "{location} 的主机名“{value}”与 {other} 重复（不区分大小写）",
        "en": "{location} host name '{value}' is also used at {other} (case-insensitive)",
    },
    "plan.hostname.duplicate.fix": {
        "zh-CN": "为每台主机取不同的主机名",
        "en": "Give each host its own name",
    },
    "plan.cluster.name_mismatch": {
        "zh-CN": "{location} 的集群名称“{value}”与 {source} 的“{expected}”不一致",
        "en": "{location} cluster name '{value}' differs from '{expected}' in {source}",
    },
    "plan.cluster.name_mismatch.fix": {
        "zh-CN": "将 {location} 改回公式 ={source}",
        "en": "Put the formula ={source} back into {location}",
    },
    "plan.bmc.missing": {
        "zh-CN": "{location} 所在主机没有填写带外信息（{cells}），无法进行带外管理和断电测试",
        "en": "The host of {location} has no BMC details ({cells}); BMC management and "
        "power-off tests are not possible",
    },
    "plan.bmc.missing.fix": {
        "zh-CN": "填写带外地址、账号和密码，或确认此主机不做带外相关验收",
        "en": "Fill in the BMC address, user and password, or accept that this host skips BMC "
        "checks",
    },
    "plan.bmc.partial": {
        "zh-CN": "{location} 所在主机的带外信息不完整，缺少 {missing}",
        "en": "The BMC details of the host of {location} are incomplete: {missing} missing",
    },
    "plan.bmc.partial.fix": {
        "zh-CN": "带外地址、账号、密码需同时填写或同时留空",
        "en": "Fill in the BMC address, user and password together, or leave all three empty",
    },
    "plan.password.weak": {
        "zh-CN": "{location} 的密码不符合密码策略（{minimum}-{maximum} 位，"
        "至少包含大写、小写、数字、"
        "特殊字符中的 {classes} 类）",
        "en": "The password in {location} breaks the password policy ({minimum}-{maximum} "
        "characters from at least {classes} of upper case, lower case, digits and symbols)",
    },
    "plan.password.weak.fix": {
        "zh-CN": "在 {location} 设置符合策略的密码，如 8 位以上并混合大小写、数字和符号",
        "en": "Set a password that meets the policy in {location}, mixing cases, digits and "
        "symbols",
    },
    "plan.ntp.missing": {
        "zh-CN": "没有填写 NTP 服务器（{location} 起为空）",
        "en": "No NTP server is filled in (empty from {location} on)",
    },
    "plan.ntp.missing.fix": {
        "zh-CN": "在 集群管理信息!E22:E24 填写至少一个 NTP 服务器，推荐三个",
        "en": "Fill in at least one NTP server in 集群管理信息!E22:E24; three are recommended",
    },
    "plan.ntp.few": {
        "zh-CN": "只填写了 {count} 个 NTP 服务器，模板建议至少 {recommended} 个",
        "en": "Only {count} NTP servers are filled in; the template recommends at least "
        "{recommended}",
    },
    "plan.ntp.few.fix": {
        "zh-CN": "补充 NTP 服务器；仅当两台为同一上游的平级服务器时才可只配置两台",
        "en": "Add NTP servers; two are acceptable only when both are peers of the same upstream",
    },
    "plan.dns.missing": {
        "zh-CN": "没有填写 DNS 服务器（{location} 起为空）",
        "en": "No DNS server is filled in (empty from {location} on)",
    },
    "plan.dns.missing.fix": {
        "zh-CN": "在 集群管理信息!E25:E26 填写至少一个 DNS 服务器的 IPv4 地址",
        "en": "Fill in the IPv4 address of at least one DNS server in 集群管理信息!E25:E26",
    },
    # As-built write-back.
    "plan.asbuilt.bad_place": {
        "zh-CN": "回写位置“{place}”无效，应为“工作表!单元格”且工作表存在",
        "en": "Write-back place '{place}' is invalid; it must be 'sheet!cell' on an existing sheet",
    },
    "plan.asbuilt.merged": {
        "zh-CN": "回写位置“{place}”位于合并单元格内部，请写入合并区域左上角的单元格",
        "en": "Write-back place '{place}' is inside a merged range; write to its top-left cell",
    },
    # Network prechecks.
    "plan.precheck.node_unreachable": {
        "zh-CN": "节点管理地址 {value}（{location}）的 TCP {port} 端口无响应，无法发现未初始化节点",
        "en": "Node management address {value} ({location}) does not answer on TCP {port}; "
        "the uninitialized node cannot be discovered",
    },
    "plan.precheck.node_unreachable.fix": {
        "zh-CN": "确认节点已安装 SMTX OS 并上电、管理网线与 VLAN 正确，且本机可路由到该地址",
        "en": "Make sure the node runs SMTX OS and is powered on, its management cabling and VLAN "
        "are right, and this machine routes to the address",
    },
    "plan.precheck.node_https": {
        "zh-CN": "节点 {value}（{location}）的 TCP {port} 端口尚未开放（未初始化节点可能如此）",
        "en": "Node {value} ({location}) does not answer on TCP {port} yet "
        "(normal for an uninitialized node)",
    },
    "plan.precheck.node_https.fix": {
        "zh-CN": "无需处理；部署完成后会再次检查",
        "en": "Nothing to do; it is checked again after deployment",
    },
    "plan.precheck.node_ssh": {
        "zh-CN": "节点 {value}（{location}）的 SSH 端口 TCP {port} 无响应",
        "en": "Node {value} ({location}) does not answer on SSH port TCP {port}",
    },
    "plan.precheck.node_ssh.fix": {
        "zh-CN": "检查节点的 sshd 服务和防火墙；部分后续步骤需要 SSH",
        "en": "Check the node's sshd service and firewall; some later steps need SSH",
    },
    "plan.precheck.address_in_use": {
        "zh-CN": "规划地址 {value}（{location}）已有设备响应，地址冲突",
        "en": "Planned address {value} ({location}) already answers; the address is in use",
    },
    "plan.precheck.address_in_use.fix": {
        "zh-CN": "找出占用该地址的设备并释放，或在规划表中更换地址",
        "en": "Find and free the device that uses the address, or plan another address",
    },
    "plan.precheck.cloudtower_present": {
        "zh-CN": "CloudTower 地址 {value}（{location}）已有服务响应；"
        "本次不部署 CloudTower，将使用现有实例",
        "en": "CloudTower address {value} ({location}) already answers; CloudTower is not "
        "deployed in this run, so the existing one is used",
    },
    "plan.precheck.cloudtower_present.fix": {
        "zh-CN": "确认该地址上是预期的 CloudTower",
        "en": "Make sure the service at this address is the expected CloudTower",
    },
    "plan.precheck.address_deployed": {
        "zh-CN": "地址 {value}（{location}）已有响应：它属于本规划表在先前运行中已部署的内容，不视为冲突",
        "en": "Address {value} ({location}) answers: an earlier run of this plan deployed it, "
        "so it is not a conflict",
    },
    "plan.precheck.address_deployed.fix": {
        "zh-CN": "无需处理；若要重新部署，请先清理环境并删除台账",
        "en": "Nothing to do; to deploy from scratch, clean up the site and delete the ledger first",
    },
    "plan.precheck.bmc_unreachable": {
        "zh-CN": "带外地址 {value}（{location}）的 TCP {port} 端口无响应",
        "en": "BMC address {value} ({location}) does not answer on TCP {port}",
    },
    "plan.precheck.bmc_unreachable.fix": {
        "zh-CN": "检查带外网络连线与 IPMI over LAN 设置；带外相关验收步骤将无法进行",
        "en": "Check the BMC cabling and IPMI over LAN setting; BMC acceptance steps cannot run",
    },
    "plan.precheck.dns_unreachable": {
        "zh-CN": "DNS 服务器 {value}（{location}）的 TCP {port} 端口无响应",
        "en": "DNS server {value} ({location}) does not answer on TCP {port}",
    },
    "plan.precheck.dns_unreachable.fix": {
        "zh-CN": "确认 DNS 服务器地址正确且管理网络可达",
        "en": "Make sure the DNS server address is right and reachable from the management network",
    },
    "plan.precheck.ntp_unreachable": {
        "zh-CN": "NTP 服务器 {value}（{location}）不可达",
        "en": "NTP server {value} ({location}) is not reachable",
    },
    "plan.precheck.ntp_unreachable.fix": {
        "zh-CN": "确认 NTP 服务器地址正确且管理网络可达，否则集群时间无法同步",
        "en": "Make sure the NTP server is right and reachable, or cluster time will not sync",
    },
}
