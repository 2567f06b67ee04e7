"""Event messages of the simulated SMTX OS jobs (keys start with ``sim_smtx.``).

Fisheye jobs carry their event message in both languages
(``message.zh_CN`` and ``message.en_US``), so the simulator builds both.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "sim_smtx.job.create_vds": {
        "zh-CN": "创建虚拟分布式交换机 {name}。\n",
        "en": "Created virtual distributed switch {name}.\n",
    },
    "sim_smtx.job.update_dns": {
        "zh-CN": "更新集群 DNS 服务器为 {servers}。\n",
        "en": "Updated the cluster DNS servers to {servers}.\n",
    },
    "sim_smtx.job.update_ntp": {
        "zh-CN": "更新集群 NTP 服务器为 {servers}。\n",
        "en": "Updated the cluster NTP servers to {servers}.\n",
    },
    "sim_smtx.job.create_vm": {
        "zh-CN": "创建虚拟机 {name}。\n",
        "en": "Created virtual machine {name}.\n",
    },
    "sim_smtx.job.update_vm": {
        "zh-CN": "编辑虚拟机 {name} 的网卡。\n",
        "en": "Edited the NICs of virtual machine {name}.\n",
    },
}
