"""Messages of the simulated edge: alerts the physics model raises on the simulated site.

The simulated CloudTower lists these alerts as the real one lists its own, in
the user's language.
"""

from __future__ import annotations

MESSAGES = {
    "sim.edge.alert.host_down": {
        "zh-CN": "主机 {hostname}（{ip}）已断电或失去连接",
        "en": "Host {hostname} ({ip}) is powered off or unreachable",
    },
    "sim.edge.alert.vm_ha_restart": {
        "zh-CN": "虚拟机 {vm_name} 所在主机 {hostname} 故障，高可用（HA）将在其他主机上重启它",
        "en": "Host {hostname} of VM {vm_name} failed; HA restarts the VM on another host",
    },
    "sim.edge.alert.storage_recovering": {
        "zh-CN": "集群 {cluster} 存在副本降级的数据，待恢复 {recovering_gib:.1f} GiB",
        "en": "Cluster {cluster} has degraded replicas; {recovering_gib:.1f} GiB to recover",
    },
}
