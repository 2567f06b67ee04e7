"""Stage 05, attach_cluster: connect the SMTX OS cluster to CloudTower and check what it lists.

Actions:

- connect the cluster through its VIP with the administrator's credentials,
  unless CloudTower lists it already;
- wait until it is ``CONNECTED``;
- check CloudTower lists every planned host and the CloudTower VM.

Assumes stage 04 installed CloudTower and created the datacenter (its id is
in the ledger).
"""

from __future__ import annotations

from typing import Any

from cxvoyager.delivery import access, attach
from cxvoyager.delivery.checks import mismatch


def test_cluster_is_connected_to_cloudtower(
    plan: Any, cloudtower: Any, ledger: Any, clock: Any, created: Any, step_record: Any
) -> None:
    """CloudTower manages the planned cluster (VIP 主机规划!I19) and its state is CONNECTED."""
    cluster = attach.find_cluster(cloudtower, plan)
    if cluster is None:
        cluster = attach.connect_cluster(
            cloudtower, plan, datacenter_id=ledger.get_output(access.DATACENTER_ID)
        )
        created("tower-cluster", cluster.id, plan.cluster.name)

    cluster = attach.wait_until_connected(cloudtower, cluster.id, clock=clock)

    assert cluster.connect_state == attach.CONNECTED, mismatch(
        "POST /v2/api/get-clusters", attach.CONNECTED, cluster.connect_state
    )
    ledger.set_output(access.TOWER_CLUSTER_ID, cluster.id)
    ledger.set_output(access.CLUSTER_UUID, cluster.local_id)
    step_record("cloudtower.cluster_id", cluster.id)
    step_record("cluster.uuid", cluster.local_id)


def test_cloudtower_lists_every_planned_host(
    plan: Any, cloudtower: Any, ledger: Any, step_record: Any
) -> None:
    """CloudTower lists every planned host of the cluster by its management IP and host name."""
    cluster_id = ledger.get_output(access.TOWER_CLUSTER_ID)

    hosts = cloudtower.list_hosts({"cluster": {"id": cluster_id}})

    found = {host.management_ip: host.name for host in hosts}
    planned = {str(host.management_ip): host.hostname for host in plan.hosts}
    assert found == planned, mismatch("POST /v2/api/get-hosts", planned, found)
    step_record("hosts", len(hosts))


def test_cloudtower_lists_its_own_vm(
    plan: Any, cloudtower_component: Any, cloudtower: Any, ledger: Any, step_record: Any
) -> None:
    """CloudTower lists the VMs of the cluster, including the CloudTower VM itself."""
    cluster_id = ledger.get_output(access.TOWER_CLUSTER_ID)

    names = [vm.name for vm in cloudtower.list_vms({"cluster": {"id": cluster_id}})]

    expected = cloudtower_component.name.lower()
    assert expected in names, mismatch("POST /v2/api/get-vms", expected, names)
    step_record("vms", len(names))
