"""Messages of the simulated CloudTower (REST, GraphQL, ovm-operator, inspector).

CloudTower localizes its messages by the ``content-language`` request header;
the simulator answers in Chinese for ``zh-CN`` and in English otherwise.
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
        "zh-CN": "登录凭据无效或已失效，请重新登录",
        "en": "The token or session is invalid; log in again",
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
        "en": "Invalid GraphQL multipart request: it needs operations, map and every file part map names",
    },
    "sim.tower.graphql.body": {
        "zh-CN": "GraphQL 请求体无效：需要包含 query 字符串的 JSON 对象",
        "en": "Invalid GraphQL body: expected a JSON object with a query string",
    },
}
