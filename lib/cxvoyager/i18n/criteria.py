"""Acceptance criteria of the suite's steps in Chinese, shown in the reports.

Each step's docstring states its criterion in English, for the code's readers
and for ``--lang en``. The customer's reports are Chinese by default, so each
step has its Chinese criterion here, keyed ``criterion.<module>.<test>``.
A step missing here shows its English docstring.
"""

from __future__ import annotations

_ZH = {
    "test_01_prepare_plan": {
        "test_read_workbook": "规划表可以打开，各工作表及表头位置与模板一致。",
        "test_validate_fields_and_cross_sheet_rules": "所有规划值有效，各工作表之间一致；警告逐条列出。",
        "test_network_prechecks": "规划地址未被占用，待部署节点可访问，DNS 和 NTP 服务器可达。",
    },
    "test_02_init_cluster": {
        "test_every_planned_node_answers_and_can_be_deployed": "每个规划节点响应扫描、不属于任何集群，且具备规划的网口和磁盘。",
        "test_deployment_payload_follows_the_plan": "部署载荷包含规划的每台主机、磁盘角色和网络，并通过全部载荷规则。",
        "test_deploy_cluster": "集群部署在首个节点上走完全部阶段，且未出现错误。",
        "test_cluster_is_deployed": "部署节点确认集群已部署完成（deploy_verify 的 is_deployed 为 true）。",
    },
    "test_03_config_cluster": {
        "test_root_account_is_set_up": "集群管理员账号已按规划密码创建（主机规划!L19/M19）。",
        "test_management_vip_is_set": "集群管理 VIP 为规划值（主机规划!I19），并可提供集群 API。",
        "test_dns_servers_are_set": "集群按规划顺序使用规划的 DNS 服务器（集群管理信息!E25:E26）。",
        "test_ntp_servers_are_set": "集群从规划的外部 NTP 服务器同步时间（集群管理信息!E22:E24）。",
        "test_ipmi_accounts_are_valid": "每个规划的带外（BMC）账号（主机规划!E:G）均已保存并被对应 BMC 接受。",
        "test_business_vds_and_vlans_exist": "业务虚拟交换机及每个规划的业务 VLAN（虚拟网络第 8-18 行）均按规划存在。",
        "test_node_passwords_are_the_planned_ones": "每个节点接受规划的 SSH 用户和密码（主机规划!J:K），主机名与规划一致。",
        "test_vmtools_iso_is_uploaded": "VMTools ISO 已分片上传到集群，校验和一致。",
        "test_cpu_compatibility_is_set": "集群 CPU 兼容性型号为集群推荐的第一个型号。",
        "test_cluster_serial_is_recorded": "集群许可证的序列号已读取，并写入交付版规划表（主机规划!E19）。",
    },
    "test_04_deploy_cloudtower": {
        "test_cloudtower_iso_is_in_the_cluster": "CloudTower ISO 已在镜像库中，大小和 MD5 与本地文件一致。",
        "test_cloudtower_vm_runs_its_guest_agent": "CloudTower 虚拟机名称和规格符合规划，正在运行，VMTools 代理已启动。",
        "test_cloudtower_vm_has_the_planned_address": "CloudTower 虚拟机网卡配置了规划地址（集群管理信息!E3）。",
        "test_cloudtower_installer_succeeds": "CloudTower 安装程序日志记录了成功信息，CloudTower 可通过 HTTPS 访问。",
        "test_cloudtower_root_user_logs_in": "CloudTower 的 root 用户已存在，并可用规划密码登录（集群管理信息!G3）。",
        "test_organization_exists": "CloudTower 中已存在以客户名称（文档描述!C15）命名的组织。",
        "test_datacenter_exists": "客户的组织中已存在规划的数据中心（文档描述!C17）。",
    },
    "test_05_attach_cluster": {
        "test_cluster_is_connected_to_cloudtower": "CloudTower 已纳管规划的集群（VIP 主机规划!I19），连接状态为 CONNECTED。",
        "test_cloudtower_lists_every_planned_host": "CloudTower 按管理地址和主机名列出了集群的每台规划主机。",
        "test_cloudtower_lists_its_own_vm": "CloudTower 列出了集群的虚拟机，其中包括 CloudTower 虚拟机本身。",
    },
    "test_06_cloudtower_config": {
        "test_cloudtower_ntp_servers_are_set": "CloudTower 自身的 NTP 服务器为规划值且顺序一致（集群管理信息!E22:E24）。",
        "test_cloudtower_dns_is_listed_as_manual_task": "CloudTower 的 DNS（集群管理信息!E25:E26）没有可用的 API，已列为人工操作项。",
        "test_cloudtower_license_serial_is_recorded": "CloudTower 具有许可证序列号，并写入交付版规划表（集群管理信息!M3）。",
        "test_storage_defaults_are_two_thin_replicas": "集群中新建虚拟卷默认采用两副本、精简置备。",
        "test_planned_users_exist": "规划中列出的每个 CloudTower 用户均已存在且角色正确（root 始终存在）。",
        "test_capacity_alert_fits_cluster_size": "集群存储容量的 NOTICE 告警阈值为重建一个节点的数据留有余量。",
        "test_rack_topology_matches_plan": "每台规划了机架和 U 位（主机规划!P:Q）的主机在机架拓扑中位置正确。",
    },
    "test_07_check_cluster_healthy": {
        "test_every_host_is_connected_and_not_in_maintenance": "每台规划主机均已连接到 CloudTower，且没有处于维护模式的主机。",
        "test_cluster_services_run_on_every_host": "每个集群服务（ZooKeeper、元数据、数据块、虚拟机调度等）在每台主机上均在运行。",
        "test_every_disk_is_healthy_and_used_as_planned": "每块磁盘健康且在线，每台主机的缓存盘和数据盘符合规划。",
        "test_storage_capacity_and_replicas_are_healthy": "集群有存储容量、使用率低于 80%，且所有副本健康。",
        "test_host_clocks_are_in_sync": "每台主机时钟与 NTP 偏差不超过 0.5 秒，主机之间偏差不超过 0.5 秒。",
        "test_no_critical_or_error_alerts": "集群没有未解决的严重或错误级告警；未解决的警告在报告中列出。",
        "test_cpu_compatibility_is_set": "集群已设置 CPU 兼容性型号，且为集群推荐的型号之一。",
        "test_inspection_report_is_attached": "集群巡检已运行，导出的巡检报告随本次运行保存。",
        "test_deployed_values_match_plan": "规划的每个名称、地址、VLAN、VIP、DNS、NTP 和虚拟交换机均与系统实际值一致。",
    },
}

# The catalog's English side is the docstring, which the caller passes as the
# fallback; these keys carry only the Chinese text.
CRITERIA_ZH = {
    f"criterion.{module}.{test}": text
    for module, tests in _ZH.items()
    for test, text in tests.items()
}
