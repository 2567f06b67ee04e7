"""Shapes of the records simulator services share through the state document.

Several services look at the same objects: the SMTX OS API creates a VM,
CloudTower lists it, a BMC power-off stops it and HA restarts it. They share
these records, not Python objects, so each service stays a set of routes over
one JSON document. Keys (all JSON-serializable):

``state["nodes"][management_ip]``: a physical node as discovered before and
after deployment: ``host_uuid``, ``hostname``, ``sn``, ``cpu`` (model, sockets,
cores), ``memory_bytes``, ``disks`` (``drive``, ``type`` SSD/HDD, ``size``
bytes, ``model``, ``serial``, ``function`` boot/cache/data, ``healthy``),
``ifaces`` (``name``, ``hwaddr``, ``speed`` bit/s, ``ipv6``), ``deployed``
(bool), ``cluster_name`` (once deployed), ``power`` ("on"/"off"),
``passwords`` {user: password} (the simulator's own record of OS accounts;
SSH logins check it and ``chpasswd`` over SSH changes it), optional
``vendor`` and ``model`` (server maker and product name that the BMC's
Redfish reports). The SMTX OS hardware generator also writes
``management_ip``, ``storage_ip``, ``plan_index`` (the plan host's
``index``), ``cpu.vendor``/``threads_per_core``/``hz`` and, per iface,
``link_up``, ``pci_slot_name`` and ``rdma``.

``state["cluster"]``: the SMTX OS cluster once deployment finished: ``uuid``,
``name``, ``vip``, ``dns_servers``, ``ntp_mode``, ``ntp_servers``, ``serial``,
``cpu_model``, ``root_ready`` (setupRoot done), ``hosts`` {host_uuid: {
``host_uuid``, ``hostname``, ``management_ip``, ``storage_ip``, ``status``
("running" | "powered_off" | "maintenance" | "entering_maintenance"),
``role`` (master/storage)}}, ``vdses`` {uuid: {..., ``name``,
``ovsbr_name``, ``bond_mode``, ``hosts_associated`` {host_uuid:
{``host_uuid``, ``nics_associated``, ``data_ip``}}, ``system`` ("mgt",
"storage" or None for business switches)}}, ``vlans`` {uuid: {...,
``vds_uuid``, ``vlan_id``, ``name``, ``type`` (Fisheye's number, 3 = VM
network), ``network_type`` (CloudTower's word: VM, MANAGEMENT, STORAGE)}},
``images`` {uuid: {...}}, ``vms``
{uuid: VM}, ``jobs`` {job_id: {...}}, ``storage`` {``replicas_healthy`` bool,
``recovering_bytes`` int, ``capacity_bytes``, ``used_bytes``}.

VM record (``state["cluster"]["vms"][uuid]``): ``uuid``, ``vm_name``,
``status`` ("running" | "stopped" | "suspended"), ``vcpu``, ``memory`` (bytes),
``node_ip`` (management IP of the host running it), ``ha`` (bool), ``nics``
[{``mac_address``, ``vlan_uuid``, ``ovs``, ``ip_address``}], ``disks`` [...],
``guest_ip`` (the address the guest answers on, or None), ``ga_state``
("Running" once the guest agent is up), ``role`` ("cloudtower", "app:<kind>",
"test" or None), ``created_at`` (virtual epoch seconds). Optional:
``passwords`` {user: password} (guest OS accounts, e.g. set from cloud-init;
SSH to a test VM checks them; the CloudTower VM defaults to the ISO's
``cloudtower`` account), ``last_migration`` {``from_ip``, ``to_ip``,
``downtime_ms``, ``at``} (written by ``physics.migrate_vm``). While a VM is
stopped or still booting, ``ga_state`` is "Unknown".

``state["alerts"]``: list of {``id``, ``severity`` (CRITICAL | ERROR |
WARNING | NOTICE | INFO), ``name``, ``message``, ``object`` (CLUSTER | HOST |
VM | DISK), ``object_id``, ``resolved`` (bool), ``created_at``}. Any service
may raise or resolve one through ``raise_alert`` / ``resolve_alerts``. The
physics model uses the names ``host_down`` (CRITICAL, HOST), ``vm_ha_restart``
(WARNING, VM) and ``storage_recovering`` (WARNING, CLUSTER).

``state["smtx"]``: private to the SMTX OS services (deployment job,
Fisheye ``root_password`` and sessions, storage policies, upload state).

``state["tower"]``: created by the CloudTower service; the SSH installer on the
CloudTower VM sets ``installed`` true when the install log reports success.
Everything else in it is CloudTower's own database (``cxvoyager.sim.tower``).
CloudTower adds VMs to ``state["cluster"]["vms"]`` as the SMTX OS API does:
app VMs with ``role`` "app:<kind>" (obs, bak, er, sfs, sks), attached to the
network as kind "app:<kind>" once installed, and test VMs created from a
template with ``role`` "test", whose ``guest_ip`` and ``passwords`` come
from cloud-init; VLANs it creates carry ``type`` 3 and ``network_type`` "VM".
"""

from __future__ import annotations

import uuid
from typing import Any


def cluster(state: dict[str, Any]) -> dict[str, Any] | None:
    """Return the deployed cluster record, or None before deployment finished."""
    record: dict[str, Any] | None = state.get("cluster")
    return record


def vms(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return the cluster's VMs by uuid (empty before deployment)."""
    record = cluster(state)
    return {} if record is None else record.setdefault("vms", {})


def raise_alert(
    state: dict[str, Any],
    *,
    now: float,
    severity: str,
    name: str,
    message: str,
    object_kind: str,
    object_id: str,
) -> dict[str, Any]:
    """Raise an alert unless the same unresolved one exists; return it."""
    alerts: list[dict[str, Any]] = state.setdefault("alerts", [])
    for alert in alerts:
        if not alert["resolved"] and alert["name"] == name and alert["object_id"] == object_id:
            return alert
    alert = {
        "id": uuid.uuid5(uuid.NAMESPACE_URL, f"{name}/{object_id}/{now}").hex,
        "severity": severity,
        "name": name,
        "message": message,
        "object": object_kind,
        "object_id": object_id,
        "resolved": False,
        "created_at": now,
    }
    alerts.append(alert)
    return alert


def resolve_alerts(state: dict[str, Any], *, name: str, object_id: str) -> int:
    """Resolve the open alerts of ``name`` on ``object_id``; return how many."""
    count = 0
    for alert in state.get("alerts", []):
        if not alert["resolved"] and alert["name"] == name and alert["object_id"] == object_id:
            alert["resolved"] = True
            count += 1
    return count
