"""Messages of the HTTP clients, waiting and uploads (keys start with ``clients.``)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "clients.status.error": {
        "zh-CN": "{service} 接口调用失败：{method} {path} 返回 HTTP {status}{vendor}。{hint}",
        "en": "{service} API call failed: {method} {path} returned HTTP {status}{vendor}. {hint}",
    },
    "clients.status.vendor": {
        "zh-CN": "（错误码 {code}：{message}）",
        "en": " (error code {code}: {message})",
    },
    "clients.hint.redirect": {
        "zh-CN": "服务要求跳转到 {location}，请改用该地址（通常是 https）。",
        "en": "The service redirects to {location}; use that address (usually https).",
    },
    "clients.hint.bad_request": {
        "zh-CN": "服务不接受请求中的参数，请核对规划表中相关取值是否符合该版本的要求。",
        "en": "The service rejected the request's parameters; check the related values "
        "in the plan against this version's requirements.",
    },
    "clients.hint.unauthorized": {
        "zh-CN": "认证未通过，请核对规划表中该服务的用户名和密码。",
        "en": "Authentication failed; check the service's user name and password in the plan.",
    },
    "clients.hint.forbidden": {
        "zh-CN": "当前账号没有执行该操作的权限，请使用管理员账号。",
        "en": "The account lacks the permission for this operation; use an administrator.",
    },
    "clients.hint.not_found": {
        "zh-CN": "目标资源或接口不存在，请确认前面的步骤已完成，且目标版本提供该接口。",
        "en": "The resource or endpoint does not exist; check that the earlier steps "
        "passed and that this version offers the endpoint.",
    },
    "clients.hint.locked": {
        "zh-CN": "资源正被其他任务占用，等该任务结束后重新运行本步骤。",
        "en": "The resource is locked by another task; rerun this step once that task ends.",
    },
    "clients.hint.server": {
        "zh-CN": "服务端内部错误，请在目标系统上查看该服务的状态和日志，恢复后重新运行本步骤。",
        "en": "The service had an internal error; check its state and logs on the target "
        "system, then rerun this step.",
    },
    "clients.hint.other": {
        "zh-CN": "请查看 traffic.har 中这次调用的完整应答。",
        "en": "See the full response of this call in traffic.har.",
    },
    "clients.transport.error": {
        "zh-CN": "无法访问 {service}：{method} {url} 失败（{reason}）。"
        "请确认该地址可达、服务已启动，然后重新运行本步骤。",
        "en": "Cannot reach {service}: {method} {url} failed ({reason}). "
        "Check that the address is reachable and the service is up, then rerun this step.",
    },
    "clients.auth.failed": {
        "zh-CN": "{service} 认证失败：{method} {path} 在重新登录后仍返回 HTTP {status}。"
        "请核对规划表中该服务的用户名和密码。",
        "en": "{service} authentication failed: {method} {path} still returned HTTP {status} "
        "after a fresh login. Check the service's user name and password in the plan.",
    },
    "clients.tls.changed": {
        "zh-CN": "{endpoint} 的 TLS 证书与首次连接时记录的不同：原指纹 {old}，现指纹 {new}。"
        "如果该主机确实更换了证书，请从运行记录中删除它的指纹后重新运行；"
        "否则请先核实是否有其他设备占用了该地址。",
        "en": "The TLS certificate of {endpoint} differs from the one recorded on first use: "
        "was {old}, now {new}. If the host really got a new certificate, remove its "
        "fingerprint from the run state and rerun; otherwise check first whether another "
        "device uses this address.",
    },
    "clients.wait.timeout": {
        "zh-CN": "等待{what}超时：已等待 {seconds:.0f} 秒，最后状态：{status}。"
        "请在目标系统上查看其进度；如果只是比预期慢，重新运行本步骤即可继续等待。",
        "en": "Timed out waiting for {what} after {seconds:.0f} s; last status: {status}. "
        "Check its progress on the target system; if it is only slower than expected, "
        "rerun this step to keep waiting.",
    },
    "clients.wait.failed": {
        "zh-CN": "{what}失败：{reason}",
        "en": "{what} failed: {reason}",
    },
    "clients.wait.no_status": {
        "zh-CN": "（没有取得任何状态）",
        "en": "(no status was read)",
    },
    "clients.upload.retries_exhausted": {
        "zh-CN": "上传 {name} 失败：第 {index} 块重试 {retries} 次后仍未成功（{reason}）。"
        "重新运行本步骤会从服务器记录的缺失块继续上传。",
        "en": "Uploading {name} failed: chunk {index} still failed after {retries} retries "
        "({reason}). Rerunning this step resumes from the chunks the server still misses.",
    },
    "clients.upload.still_missing": {
        "zh-CN": "服务器在收到该块后仍将其列为缺失",
        "en": "the server still lists the chunk as missing after receiving it",
    },
    "clients.upload.rejected": {
        "zh-CN": "上传 {name} 失败：服务器拒绝了第 {index} 块（{reason}）。",
        "en": "Uploading {name} failed: the server rejected chunk {index} ({reason}).",
    },
    "clients.upload.checksum": {
        "zh-CN": "上传 {name} 后校验失败：本地 SHA-256 为 {expected}，服务器端为 {actual}。"
        "请删除服务器上的这次上传后重新运行本步骤。",
        "en": "Checksum mismatch after uploading {name}: local SHA-256 {expected}, server "
        "{actual}. Delete this upload on the server and rerun this step.",
    },
    "clients.progress.upload": {
        "zh-CN": "{label}：{percent:.0f}%，{done} / {total}，{rate}/s，预计剩余 {eta}",
        "en": "{label}: {percent:.0f}%, {done} / {total}, {rate}/s, {eta} left",
    },
    "clients.progress.phase": {
        "zh-CN": "{label}：{phase}",
        "en": "{label}: {phase}",
    },
    "clients.progress.phase_percent": {
        "zh-CN": "{label}：{phase}（{percent:.0f}%）",
        "en": "{label}: {phase} ({percent:.0f}%)",
    },
}
