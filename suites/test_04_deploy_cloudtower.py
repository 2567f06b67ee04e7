"""Stage 04, deploy_cloudtower: upload the CloudTower ISO, create its VM, install and set it up.

Actions:

- upload the CloudTower ISO into the image store in chunks, unless the same
  image is there;
- create the CloudTower VM with the planned name, sizing and management
  network, and wait for its guest agent;
- give the VM the planned address;
- run the installer over SSH and wait for it;
- create CloudTower's ``root`` user, the organization and the datacenter.

Assumes stage 03 configured the cluster (the administrator logs in, the
management VDS and its VM network exist). Skipped when the plan has no
CloudTower row (集群管理信息 row 3).
"""

from __future__ import annotations

from typing import Any

from cxvoyager.clients.fisheye import FisheyeClient
from cxvoyager.delivery import access, cloudtower_vm, images, tower_install, tower_setup
from cxvoyager.delivery.checks import mismatch, problems_text
from cxvoyager.i18n import t


def test_cloudtower_iso_is_in_the_cluster(
    cloudtower_component: Any,
    fisheye: FisheyeClient,
    install_files: Any,
    clock: Any,
    ledger: Any,
    progress: Any,
    created: Any,
    step_record: Any,
) -> None:
    """The CloudTower ISO is in the image store with the local file's size and MD5."""
    path = install_files("cloudtower")
    image = fisheye.find_image(path.name, size=path.stat().st_size)

    if image is None or images.image_problems(image, path):
        result = images.upload_image(
            fisheye, path, clock=clock, description="CloudTower ISO", progress=progress(path.name)
        )
        ledger.record_upload(path.name, images.upload_stats(result))
        step_record("upload.mib_per_s", round(result.throughput_bps / 2**20, 1))
        image = fisheye.find_image(path.name, size=path.stat().st_size)
        if image is not None:
            created("iso-image", image.uuid, image.name)

    problems = images.image_problems(image, path)
    assert not problems, problems_text("GET /api/v2/images", problems)
    ledger.set_output(access.IMAGE_UUID, image.uuid)
    step_record("image", path.name)


def test_cloudtower_vm_runs_its_guest_agent(
    plan: Any,
    cloudtower_component: Any,
    fisheye: FisheyeClient,
    clock: Any,
    ledger: Any,
    created: Any,
    step_record: Any,
) -> None:
    """The CloudTower VM has the planned name and size, runs, and its VMTools agent is up."""
    name = cloudtower_vm.vm_name(cloudtower_component)
    vm = fisheye.find_vm(name)
    if vm is None:
        image = next(
            i for i in fisheye.list_images() if i.uuid == ledger.get_output(access.IMAGE_UUID)
        )
        ovs, vlan_uuid = cloudtower_vm.management_network(fisheye, plan)
        body = cloudtower_vm.vm_body(
            cloudtower_component,
            ovs=ovs,
            vlan_uuid=vlan_uuid,
            iso_path=image.path,
            storage_policy_uuid=cloudtower_vm.default_storage_policy(fisheye),
        )
        vm = fisheye.create_vm(body)
        created("cloudtower-vm", vm.uuid, name)

    vm = cloudtower_vm.wait_for_agent(fisheye, vm.uuid, clock=clock)

    assert vm.status == "running", mismatch(
        f"GET /api/v2/vms/{vm.uuid}", "status=running", vm.status
    )
    ledger.set_output(access.TOWER_VM_UUID, vm.uuid)
    step_record("vm", f"{vm.vm_name} {vm.vcpu} vCPU {vm.memory} B")


def test_cloudtower_vm_has_the_planned_address(
    plan: Any, cloudtower_component: Any, fisheye: FisheyeClient, ledger: Any, step_record: Any
) -> None:
    """The CloudTower VM's NIC carries the planned address (集群管理信息!E3)."""
    planned = str(cloudtower_component.ip)
    vm = fisheye.get_vm(ledger.get_output(access.TOWER_VM_UUID))

    if planned not in vm.guest_ipv4:
        vm = fisheye.update_vm_nics(vm.uuid, cloudtower_vm.nic_settings(vm, plan))

    assert planned in vm.guest_ipv4, mismatch(
        f"GET /api/v2/vms/{vm.uuid} guest_info.nics", planned, vm.guest_ipv4
    )
    step_record("address", planned)


def test_cloudtower_installer_succeeds(
    cloudtower_component: Any,
    ssh: Any,
    tower_graphql_anonymous: Any,
    clock: Any,
    ledger: Any,
    step_record: Any,
) -> None:
    """The CloudTower installer logs its success line, and CloudTower responds over HTTPS."""
    address = str(cloudtower_component.ip)
    client = ssh(address, tower_install.TOWER_VM_USER, tower_install.FACTORY_TOWER_VM_PASSWORD)

    log = tower_install.read_log(client)
    if not log.succeeded:
        if log.text is None or log.failure() is not None:
            tower_install.start_installer(client)
        log = tower_install.wait_for_installer(client, clock=clock)
    tower_install.wait_for_service(tower_graphql_anonymous, clock=clock)

    assert log.succeeded, mismatch(
        f"ssh {address} {tower_install.READ_LOG}", tower_install.SUCCESS_MARKER, log.describe()
    )
    ledger.set_output(access.TOWER_INSTALLED, True)
    step_record("installer", log.describe())


def test_cloudtower_root_user_logs_in(
    plan: Any, tower_graphql_anonymous: Any, request: Any, step_record: Any
) -> None:
    """CloudTower's ``root`` user exists and logs in with the planned password (集群管理信息!G3)."""
    _user, password = access.tower_login(plan)
    change = tower_setup.ensure_root_user(tower_graphql_anonymous, password)

    cloudtower = request.getfixturevalue("cloudtower")

    users = cloudtower.list_users({"username": access.TOWER_ROOT_USER})
    assert users, mismatch("POST /v2/api/get-users", access.TOWER_ROOT_USER, t("stages.tower.none"))
    step_record("root.created", change.changed)


def test_organization_exists(
    plan: Any, cloudtower: Any, tower_graphql: Any, ledger: Any, created: Any, step_record: Any
) -> None:
    """The organization named after the customer (文档描述!C15) exists in CloudTower."""
    organization, is_new = tower_setup.ensure_organization(cloudtower, tower_graphql, plan.customer)

    names = [org.name for org in cloudtower.list_organizations()]
    assert plan.customer in names, mismatch("POST /v2/api/get-organizations", plan.customer, names)
    ledger.set_output(access.ORGANIZATION_ID, organization.id)
    if is_new:
        created("organization", organization.id, organization.name)
    step_record("organization", organization.name)


def test_datacenter_exists(
    plan: Any, cloudtower: Any, ledger: Any, created: Any, step_record: Any
) -> None:
    """The planned datacenter (文档描述!C17) exists in the customer's organization."""
    organization_id = ledger.get_output(access.ORGANIZATION_ID)

    datacenter, is_new = tower_setup.ensure_datacenter(
        cloudtower, organization_id=organization_id, name=plan.datacenter
    )

    found = [dc.name for dc in cloudtower.list_datacenters({"id": datacenter.id})]
    assert found == [plan.datacenter], mismatch(
        "POST /v2/api/get-datacenters", plan.datacenter, found
    )
    ledger.set_output(access.DATACENTER_ID, datacenter.id)
    if is_new:
        created("datacenter", datacenter.id, datacenter.name)
    step_record("datacenter", datacenter.name)
