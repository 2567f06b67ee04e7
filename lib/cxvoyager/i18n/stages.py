"""Messages of stages 02-07: API clients, delivery steps and their assertions."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # Responses that do not have the expected shape.
    "stages.response.shape": {
        "zh-CN": "{service} 接口 {action} 的返回内容格式不符：{problems}",
        "en": "{service} call {action} returned an unexpected body: {problems}",
    },
    "stages.response.not_list": {
        "zh-CN": "{service} 接口 {action} 应返回列表，实际为 {found}",
        "en": "{service} call {action} should return a list, got {found}",
    },
    "stages.response.no_envelope": {
        "zh-CN": "{service} 接口 {action} 的返回缺少 data 字段",
        "en": "{service} call {action} returned no data member",
    },
    "stages.response.no_job": {
        "zh-CN": "{service} 接口 {action} 未返回 job_id",
        "en": "{service} call {action} returned no job_id",
    },
    "stages.response.no_data": {
        "zh-CN": "{service} 接口 {action} 的返回缺少 data",
        "en": "{service} call {action} returned no data",
    },
    "stages.response.no_token": {
        "zh-CN": "{service} 登录成功但未返回 token",
        "en": "{service} login succeeded but returned no token",
    },
    "stages.response.not_found": {
        "zh-CN": "{service} 中找不到 {kind} {name}",
        "en": "{service} has no {kind} {name}",
    },
    "stages.response.job_without_resource": {
        "zh-CN": "任务 {job} 已完成，但其 resources 中没有 {kind} 对象",
        "en": "job {job} finished but its resources hold no {kind}",
    },
    "stages.graphql.error": {
        "zh-CN": "CloudTower GraphQL 操作 {operation} 返回错误：{errors}",
        "en": "CloudTower GraphQL operation {operation} returned errors: {errors}",
    },
    # Deployment payload.
    "stages.payload.invalid": {
        "zh-CN": "无法根据规划和主机扫描结果生成部署载荷：\n{problems}",
        "en": "cannot build the deployment payload from the plan and the host scans:\n{problems}",
    },
    "stages.payload.no_scan": {
        "zh-CN": "主机 {host}（{ip}）没有扫描结果，请确认该节点已开机且管理口 80 端口可达",
        "en": "host {host} ({ip}) has no scan result; check the node is on and answers on port 80",
    },
    "stages.payload.no_disks": {
        "zh-CN": "主机 {host} 除系统盘外没有可用磁盘",
        "en": "host {host} has no disk besides the boot disk",
    },
    "stages.payload.hdd_only": {
        "zh-CN": "主机 {host} 只有 HDD，没有可做缓存的闪存盘：任何存储架构都不支持",
        "en": (
            "host {host} has only HDDs and no flash for cache, which no storage architecture"
            " supports"
        ),
    },
    "stages.payload.untiered_mix": {
        "zh-CN": (
            "主机 {host} 的磁盘介质为 {media}，全闪-不分层要求全部为同一种闪存；请改为混闪-分层（主"
            "机规划!Q19）或更换磁盘"
        ),
        "en": (
            "host {host} has {media} disks, but 全闪-不分层 needs one kind of flash only;"
            " choose 混闪-分层 (主机规划!Q19) or change the disks"
        ),
    },
    "stages.payload.converged": {
        "zh-CN": "网络架构“三网融合”不受支持（主机规划!Q20），请改为“三网独立”或“存储独立”",
        "en": (
            "network architecture 三网融合 is not supported (主机规划!Q20); use 三网独立"
            " or 存储独立"
        ),
    },
    "stages.payload.missing_nic": {
        "zh-CN": "主机 {host} 上没有规划的网口 {nic}（虚拟网络!J 列），请核对网口名称",
        "en": "host {host} has no NIC {nic} as planned (虚拟网络!J); check the NIC names",
    },
    "stages.payload.no_link_local": {
        "zh-CN": "主机 {host} 的管理网口没有 IPv6 链路本地地址，部署节点无法通过它找到该主机",
        "en": (
            "the management NICs of host {host} have no IPv6 link-local address to reach"
            " it during deployment"
        ),
    },
    # Payload rules.
    "stages.rule.bond_mode": {
        "zh-CN": "VDS {vds} 的绑定模式 {found} 无效",
        "en": "VDS {vds} has an invalid bond mode {found}",
    },
    "stages.rule.vds_members": {
        "zh-CN": "VDS {vds} 的成员主机与载荷中的主机不一致",
        "en": "the member hosts of VDS {vds} differ from the payload's hosts",
    },
    "stages.rule.vds_nics": {
        "zh-CN": "VDS {vds} 中主机 {host} 没有关联网口",
        "en": "host {host} has no NIC on VDS {vds}",
    },
    "stages.rule.attached_vds": {
        "zh-CN": "网络 {network} 挂载的 VDS {found} 不存在（可选：{expected}）",
        "en": (
            "network {network} is attached to VDS {found}, which does not exist (have: {expected})"
        ),
    },
    "stages.rule.host_count": {
        "zh-CN": "载荷中主机数为 {found}，规划为 {expected}",
        "en": "the payload has {found} hosts, the plan {expected}",
    },
    "stages.rule.masters": {
        "zh-CN": "主节点数量 {found} 无效（应为 3 或 5）",
        "en": "{found} master nodes is invalid (3 or 5 expected)",
    },
    "stages.rule.no_data_disk": {
        "zh-CN": "主机 {host} 没有数据盘",
        "en": "host {host} has no data disk",
    },
    "stages.rule.untiered": {
        "zh-CN": "主机 {host} 在全闪-不分层架构下出现缓存盘或 HDD",
        "en": "host {host} has a cache disk or an HDD under 全闪-不分层",
    },
    "stages.rule.boot_disk": {
        "zh-CN": "主机 {host} 的系统盘被分配给了存储",
        "en": "the boot disk of host {host} is given to storage",
    },
    "stages.rule.host_ip": {
        "zh-CN": "主机 {host} 的 host_ip {found} 不是“IPv6 链路本地地址%网口”的格式",
        "en": "host_ip {found} of host {host} is not an IPv6 link-local address with a %NIC suffix",
    },
    "stages.rule.gateway": {
        "zh-CN": "网络 {network} 的网关 {gateway} 不在地址 {ip} 所在子网内",
        "en": "gateway {gateway} of network {network} is outside the subnet of {ip}",
    },
    "stages.rule.vlan": {
        "zh-CN": "网络 {network} 的 VLAN {found} 超出 0-4094",
        "en": "network {network} has VLAN {found} outside 0-4094",
    },
    # Step checks.
    "stages.check.mismatch": {
        "zh-CN": "步骤 {step} 失败：接口 {call} 期望 {expected}，实际为 {found}",
        "en": "step {step} failed: {call} expected {expected}, found {found}",
    },
    "stages.check.problems": {
        "zh-CN": "步骤 {step} 失败：接口 {call} 的结果有以下问题：\n{problems}",
        "en": "step {step} failed: {call} shows these problems:\n{problems}",
    },
    # Stage 02.
    "stages.discovery.no_answer": {
        "zh-CN": "节点 {host}（{ip}）未响应部署接口：{reason}",
        "en": "node {host} ({ip}) did not answer the deployment API: {reason}",
    },
    "stages.discovery.missing_nic": {
        "zh-CN": "节点 {host} 上没有规划的网口 {nic}，实际网口：{found}",
        "en": "node {host} has no planned NIC {nic}; it has: {found}",
    },
    "stages.deploy.what": {
        "zh-CN": "节点 {ip} 上的集群部署",
        "en": "cluster deployment on node {ip}",
    },
    "stages.deploy.all_or_none": {
        "zh-CN": "所有节点都未部署，或所有节点都已部署",
        "en": "every node undeployed, or every node deployed",
    },
    "stages.deploy.already": {
        "zh-CN": "集群已部署，本步骤无需操作",
        "en": "the cluster is deployed already; nothing to do",
    },
    # SSH.
    "stages.ssh.key_changed": {
        "zh-CN": "{endpoint} 的 SSH 主机密钥已变化（原 {old}，现 {new}），可能连到了其他机器",
        "en": (
            "the SSH host key of {endpoint} changed (was {old}, now {new}); this may"
            " be another machine"
        ),
    },
    "stages.ssh.auth": {
        "zh-CN": "SSH 登录 {address} 失败：用户 {user} 的密码被拒绝",
        "en": "SSH login to {address} failed: the password of {user} was rejected",
    },
    "stages.ssh.connect": {
        "zh-CN": "无法通过 SSH 连接 {address}：{reason}",
        "en": "cannot connect to {address} over SSH: {reason}",
    },
    "stages.ssh.command": {
        "zh-CN": "在 {address} 上执行命令失败：{reason}",
        "en": "running a command on {address} failed: {reason}",
    },
    # Stage 03.
    "stages.config.login_ok": {
        "zh-CN": "使用规划的管理员账号密码登录成功",
        "en": "a successful login with the planned administrator and password",
    },
    "stages.config.login_rejected": {
        "zh-CN": "登录被拒绝",
        "en": "the login was rejected",
    },
    "stages.config.no_bmc": {
        "zh-CN": "规划中没有填写任何主机的带外（BMC）地址、账号和密码（主机规划!E:G），无需配置",
        "en": (
            "no host has BMC address, user and password planned (主机规划!E:G); nothing"
            " to configure"
        ),
    },
    "stages.config.no_business": {
        "zh-CN": "规划中没有业务网络（虚拟网络第 8-18 行），无需创建",
        "en": "no business network is planned (虚拟网络 rows 8-18); nothing to create",
    },
    "stages.password.still_rejected": {
        "zh-CN": "主机 {host} 已执行改密，但规划的密码仍无法登录",
        "en": "host {host} still rejects the planned password after the change",
    },
    "stages.password.chpasswd": {
        "zh-CN": "主机 {host} 修改密码失败（退出码 {code}）：{stderr}",
        "en": "changing the password on host {host} failed (exit {code}): {stderr}",
    },
    # Installation files.
    "stages.images.missing": {
        "zh-CN": "在目录 {folder} 中找不到安装文件 {pattern}，请用 --iso-dir 指向存放 ISO 的目录",
        "en": (
            "no installation file {pattern} in {folder}; point --iso-dir at the folder"
            " holding the ISOs"
        ),
    },
    "stages.images.no_folder": {
        "zh-CN": "未指定 --iso-dir，无法找到安装文件 {pattern}",
        "en": "--iso-dir is not given, so the installation file {pattern} cannot be found",
    },
    "stages.images.not_stored": {
        "zh-CN": "集群中没有镜像 {name}",
        "en": "the cluster has no image {name}",
    },
    "stages.images.size": {
        "zh-CN": "镜像 {name} 大小为 {found} 字节，本地文件为 {expected} 字节",
        "en": "image {name} has {found} bytes, the local file {expected}",
    },
    "stages.images.md5": {
        "zh-CN": "镜像 {name} 的 MD5 {found} 与本地文件不一致",
        "en": "the MD5 {found} of image {name} differs from the local file's",
    },
    "stages.images.no_path": {
        "zh-CN": "镜像 {name} 没有存储路径，可能上传未完成",
        "en": "image {name} has no storage path; the upload may be unfinished",
    },
    "stages.images.present": {
        "zh-CN": "{name} 已存在且内容一致，跳过上传",
        "en": "{name} is present with the same content; upload skipped",
    },
    # Stage 04.
    "stages.tower.not_planned": {
        "zh-CN": "规划中没有 CloudTower（集群管理信息第 3 行的 IP 为空），跳过",
        "en": "no CloudTower is planned (集群管理信息 row 3 has no IP); skipped",
    },
    "stages.tower.no_vds": {
        "zh-CN": "集群中找不到管理网络的 VDS {vds}（虚拟网络!C4）",
        "en": "the cluster has no management VDS {vds} (虚拟网络!C4)",
    },
    "stages.tower.no_vlan": {
        "zh-CN": "VDS {vds} 上找不到虚拟机网络 {name}（虚拟网络!D4），现有：{found}",
        "en": "VDS {vds} has no VM network {name} (虚拟网络!D4); it has: {found}",
    },
    "stages.tower.no_policy": {
        "zh-CN": "集群中没有名为 default 的存储策略，现有：{found}",
        "en": "the cluster has no storage policy named default; it has: {found}",
    },
    "stages.tower.agent_what": {
        "zh-CN": "CloudTower 虚拟机 {uuid} 的 VMTools 代理启动",
        "en": "the VMTools agent of CloudTower VM {uuid}",
    },
    "stages.tower.installer_start": {
        "zh-CN": "启动 CloudTower 安装程序失败：{command} 退出码 {code}：{stderr}",
        "en": "starting the CloudTower installer failed: {command} exited {code}: {stderr}",
    },
    "stages.tower.no_log": {
        "zh-CN": "安装程序启动 {seconds} 秒后仍没有 nohup.out 日志，安装程序可能没有运行",
        "en": "nohup.out is still missing {seconds} s after the start; the installer may not run",
    },
    "stages.tower.installer_what": {
        "zh-CN": "{address} 上的 CloudTower 安装",
        "en": "the CloudTower installation on {address}",
    },
    "stages.tower.none": {
        "zh-CN": "无",
        "en": "none",
    },
    # Stage 05.
    "stages.attach.what": {
        "zh-CN": "集群 {name} 接入 CloudTower",
        "en": "connecting cluster {name} to CloudTower",
    },
    # Stage 06.
    "stages.towercfg.dns_manual": {
        "zh-CN": (
            "手工步骤：CloudTower 没有设置 DNS 的接口，请登录 CloudTower 虚拟机，在 /etc/resolv.co"
            "nf 中写入 {servers}"
        ),
        "en": (
            "manual task: CloudTower has no API for DNS; log in to the CloudTower VM"
            " and put {servers} into /etc/resolv.conf"
        ),
    },
    "stages.towercfg.users": {
        "zh-CN": "规划用户 {planned} 个，本次新建 {created} 个",
        "en": "{planned} planned users, {created} created now",
    },
    "stages.towercfg.no_racks": {
        "zh-CN": "规划中没有填写机架名称和机架位置（主机规划!P:Q），无需创建机架拓扑",
        "en": "no rack name and position is planned (主机规划!P:Q); no rack topology to build",
    },
    # Stage 07.
    "stages.health.host_missing": {
        "zh-CN": "CloudTower 中找不到主机 {host}",
        "en": "CloudTower does not list host {host}",
    },
    "stages.health.host_status": {
        "zh-CN": "主机 {host} 状态为 {status}，应为已连接",
        "en": "host {host} is {status}, not connected",
    },
    "stages.health.host_maintenance": {
        "zh-CN": "主机 {host} 处于维护模式",
        "en": "host {host} is in maintenance mode",
    },
    "stages.health.disk": {
        "zh-CN": "主机 {host} 的磁盘 {disk} 状态为 {status}",
        "en": "disk {disk} of host {host} is {status}",
    },
    "stages.health.disk_roles": {
        "zh-CN": "主机 {host} 的磁盘用途为 {found}，按规划应为 {expected}",
        "en": "host {host} uses its disks as {found}; the plan implies {expected}",
    },
    "stages.health.service": {
        "zh-CN": "服务 {name} 状态为 {status}（运行于 {running}/{total} 台主机）",
        "en": "service {name} is {status} (running on {running} of {total} hosts)",
    },
    "stages.health.no_capacity": {
        "zh-CN": "集群存储容量为 0",
        "en": "the cluster has no storage capacity",
    },
    "stages.health.capacity": {
        "zh-CN": "集群存储已使用 {used}%，超过 {limit}%",
        "en": "cluster storage is {used}% used, above {limit}%",
    },
    "stages.health.replicas": {
        "zh-CN": "存储副本不健康，仍有 {recovering} 字节数据在恢复",
        "en": "storage replicas are unhealthy; {recovering} bytes are still recovering",
    },
    "stages.health.failure_space": {
        "zh-CN": "集群有 {bytes} 字节的故障空间",
        "en": "the cluster has {bytes} bytes of failed space",
    },
    "stages.health.time_unsynced": {
        "zh-CN": "主机 {host} 未与 NTP 同步（Leap status：{status}）",
        "en": "host {host} is not synchronized with NTP (leap status: {status})",
    },
    "stages.health.time_offset": {
        "zh-CN": "主机 {host} 与 NTP 相差 {offset} 秒，超过 {limit} 秒",
        "en": "host {host} is {offset} s off NTP, more than {limit} s",
    },
    "stages.health.time_spread": {
        "zh-CN": "主机之间时间最多相差 {spread} 秒，超过 {limit} 秒",
        "en": "host clocks differ by up to {spread} s, more than {limit} s",
    },
    "stages.deploy.progress": {
        "zh-CN": "部署集群",
        "en": "cluster deployment",
    },
    # Redfish.
    "stages.redfish.reset_type": {
        "zh-CN": "BMC 不支持电源操作 {type}，支持：{allowed}",
        "en": "the BMC does not offer the power action {type}; it offers: {allowed}",
    },
    "stages.redfish.no_system": {
        "zh-CN": "BMC {bmc} 的 /redfish/v1/Systems 中没有服务器",
        "en": "BMC {bmc} lists no server under /redfish/v1/Systems",
    },
    # Plan vs actual.
    "stages.pva.match": {
        "zh-CN": "一致：{actual}（规划 {cell}）",
        "en": "as planned: {actual} ({cell})",
    },
    "stages.pva.differs": {
        "zh-CN": "不一致：规划 {planned}（{cell}），实际 {actual}",
        "en": "differs: planned {planned} ({cell}), found {actual}",
    },
}
