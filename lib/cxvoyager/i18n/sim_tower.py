"""Messages of the simulated CloudTower (REST, GraphQL, ovm-operator, inspector).

CloudTower localizes its messages by the ``content-language`` request header;
the simulator replies in Chinese for ``zh-CN`` and in English otherwise.
"""

from __future__ import annotations

MESSAGES = {
    "sim.tower.invalid": {
        "zh-CN": "请求参数无效：{path} 应为 {expected}，实际为 {value}",
        "en": "Invalid request: {path} must be {expected}, got {value}",
    },
    "sim.tower.missing": {
        "zh-CN": "请求参数无效：缺少必填字段 {path}",
        "en": "Invalid request: required field {path} is missing",
    },
    "sim.tower.unknown_field": {
        "zh-CN": "请求参数无效：未知字段 {path}",
        "en": "Invalid request: unknown field {path}",
    },
    "sim.tower.body_missing": {
        "zh-CN": "请求参数无效：缺少 JSON 请求体",
        "en": "Invalid request: the JSON body is missing",
    },
    "sim.tower.body_not_json": {
        "zh-CN": "请求参数无效：请求体不是 JSON",
        "en": "Invalid request: the body is not JSON",
    },
    "sim.tower.not_found": {
        "zh-CN": "未找到 {kind}：{where}",
        "en": "{kind} not found: {where}",
    },
    "sim.tower.duplicate": {
        "zh-CN": "{kind} 名称 {name} 已存在",
        "en": "{kind} name {name} already exists",
    },
    "sim.tower.root_exists": {
        "zh-CN": "root 用户已创建，不能重复创建",
        "en": "The root user has been created already",
    },
    "sim.tower.not_installed": {
        "zh-CN": "CloudTower 服务尚未安装完成",
        "en": "CloudTower services are not installed yet",
    },
    "sim.tower.auth.missing": {
        "zh-CN": "未登录：请求缺少 Authorization 头或会话 Cookie",
        "en": "Not logged in: the request has no Authorization header or session cookie",
    },
    "sim.tower.auth.invalid": {
        "zh-CN": "登录凭据无效或已过期，请重新登录",
        "en": "The token or session is invalid or expired; log in again",
    },
    "sim.tower.login_failed": {
        "zh-CN": "用户名或密码错误",
        "en": "Incorrect username or password",
    },
    "sim.tower.encoded_password": {
        "zh-CN": "加密密码格式无效",
        "en": "The encoded password has an invalid format",
    },
    "sim.tower.cluster_connected": {
        "zh-CN": "集群 {ip} 已关联或正在关联到 CloudTower",
        "en": "The cluster at {ip} is connected or connecting to CloudTower already",
    },
    "sim.tower.ntp_invalid": {
        "zh-CN": "NTP 服务器列表无效：{value}",
        "en": "Invalid NTP server list: {value}",
    },
    "sim.tower.graphql.syntax": {
        "zh-CN": "GraphQL 语法错误：{detail}",
        "en": "GraphQL syntax error: {detail}",
    },
    "sim.tower.graphql.unknown_operation": {
        "zh-CN": "不支持的 GraphQL 操作：{name}",
        "en": "Unsupported GraphQL operation: {name}",
    },
    "sim.tower.graphql.multipart": {
        "zh-CN": "GraphQL multipart 请求无效：需要 operations、map 和 map 中列出的文件部分",
        "en": "Invalid GraphQL multipart request: it needs operations, map "
        "and every file part that map names",
    },
    "sim.tower.graphql.body": {
        "zh-CN": "GraphQL 请求体无效：需要包含 query 字符串的 JSON 对象",
        "en": "Invalid GraphQL body: expected a JSON object with a query string",
    },
    "sim.tower.package_name": {
        "zh-CN": "安装包文件名无效：{filename}（需包含架构和版本，"
        "例如 smtx-backup-dr-x86_64-2.2.1.tar.gz）",
        "en": "Invalid package file name {filename}: it must carry the architecture and version, "
        "as in smtx-backup-dr-x86_64-2.2.1.tar.gz",
    },
    "sim.tower.upload_sizes": {
        "zh-CN": "上传任务无效：size={size}，chunk_size={chunk_size}，分片须从 1 开始",
        "en": "Invalid upload task: size={size}, chunk_size={chunk_size}; chunks start at 1",
    },
    "sim.tower.upload_finished": {
        "zh-CN": "上传 {id} 已结束（{status}），不能继续上传",
        "en": "Upload {id} has ended ({status}) and accepts no more data",
    },
    "sim.tower.chunk_order": {
        "zh-CN": "分片顺序错误：应为第 {expected} 片，收到第 {got} 片",
        "en": "Chunk out of order: expected chunk {expected}, got {got}",
    },
    "sim.tower.chunk_length": {
        "zh-CN": "第 {chunk} 片长度错误：应为 {expected} 字节，收到 {got} 字节",
        "en": "Chunk {chunk} has the wrong length: expected {expected} bytes, got {got}",
    },
    "sim.tower.no_host": {
        "zh-CN": "集群没有可运行虚拟机的主机",
        "en": "The cluster has no running host to place the VM on",
    },
    "sim.tower.address_in_use": {
        "zh-CN": "IP 地址 {ip} 已被占用",
        "en": "IP address {ip} is already in use",
    },
    "sim.tower.app_not_ready": {
        "zh-CN": "应用 {name} 尚未安装完成（状态 {status}）",
        "en": "Application {name} is not installed (status {status})",
    },
    "sim.tower.app_package": {
        "zh-CN": "安装包 {name} 不能通过该接口部署",
        "en": "Package {name} cannot be deployed through this operation",
    },
    "sim.tower.ovm.parts": {
        "zh-CN": "分片请求需要 multipart 字段 id 和 file",
        "en": "A chunk request needs the multipart fields id and file",
    },
    "sim.tower.ovm.user": {
        "zh-CN": "x-user-id 请求头无效：{user_id}",
        "en": "Invalid x-user-id header: {user_id}",
    },
    "sim.tower.inspector.cluster": {
        "zh-CN": "集群 {uuid} 不在该巡检任务中",
        "en": "Cluster {uuid} is not part of this inspection job",
    },
    "sim.tower.inspector.running": {
        "zh-CN": "报告 {filename} 仍在导出，请稍后下载",
        "en": "Report {filename} is still being exported; download it later",
    },
    "sim.tower.maintenance": {
        "zh-CN": "主机 {host} 不能切换维护模式：{reason}",
        "en": "Host {host} cannot change maintenance mode: {reason}",
    },
    "sim.tower.multipart_expected": {
        "zh-CN": "请求体应为 multipart/form-data",
        "en": "The request body must be multipart/form-data",
    },
    "sim.tower.topology.fit": {
        "zh-CN": "机箱放不进机架 {rack}：起始位置 {position}，高度 {height}U",
        "en": "The brick does not fit in rack {rack}: position {position}, height {height}U",
    },
    "sim.tower.topology.overlap": {
        "zh-CN": "机架位置 {position} 已被机箱 {brick} 占用",
        "en": "Rack position {position} is taken by brick {brick}",
    },
    "sim.tower.unsupported_setting": {
        "zh-CN": "模拟器不支持通过 CloudTower 修改：{fields}",
        "en": "The simulator does not change these settings through CloudTower: {fields}",
    },
    "sim.tower.no_operation": {
        "zh-CN": "CloudTower API 没有操作 {name}，请检查操作名",
        "en": "CloudTower API has no operation {name}; check the operation name",
    },
}
