"""Stage 02, init_cluster: discover the planned nodes, deploy the SMTX OS cluster, verify it.

Actions:

- scan every planned node in parallel through the deployment API;
- build the deployment payload from the plan and the scans (disk roles by
  storage architecture, networks by network architecture) and check it;
- deploy through the first node and follow its phases;
- verify the result.

Assumes stage 01 passed: the workbook is valid and every planned management
IP responded. A cluster that is already deployed (a rerun) is left as it is.
"""

from __future__ import annotations

import json
from typing import Any

from cxvoyager.clients.models.deployment import ScannedHost
from cxvoyager.delivery import access, cluster_deploy, discovery
from cxvoyager.delivery.checks import mismatch, problems_text
from cxvoyager.delivery.payload import build_deploy_payload, redacted
from cxvoyager.delivery.payload_rules import check_payload
from cxvoyager.i18n import t


def test_every_planned_node_answers_and_can_be_deployed(
    plan: Any, deployment: Any, ledger: Any, step_record: Any
) -> None:
    """Each planned node responds to the scan, is in no cluster, and has its NICs and disks."""
    nodes = discovery.scan_nodes(plan, deployment)

    deployed = [node.host.hostname for node in nodes if node.deployed]
    if deployed:
        assert len(deployed) == len(nodes), mismatch(
            "GET /api/v2/deployment/deploy_verify", t("stages.deploy.all_or_none"), deployed
        )
        ledger.set_output(access.CLUSTER_DEPLOYED, True)
        step_record("cluster.already_deployed", True)
        return
    problems = [problem for node in nodes for problem in discovery.node_problems(plan, node)]
    assert not problems, problems_text("GET /api/v2/deployment/host", problems)

    ledger.set_output(
        access.SCANS, {str(n.host.management_ip): n.scan.model_dump() for n in nodes if n.scan}
    )
    ledger.set_output(
        access.HOST_UUIDS, {str(n.host.management_ip): n.scan.host_uuid for n in nodes if n.scan}
    )
    step_record("hosts.scanned", len(nodes))


def test_deployment_payload_follows_the_plan(
    plan: Any, ledger: Any, report_dir: Any, step_record: Any
) -> None:
    """The deployment payload has every host, disk role and network as planned; rules pass."""
    if ledger.get_output(access.CLUSTER_DEPLOYED):
        step_record("payload", t("stages.deploy.already"))
        return
    scans = {
        ip: ScannedHost.model_validate(data) for ip, data in ledger.get_output(access.SCANS).items()
    }

    payload = build_deploy_payload(plan, scans)

    problems = check_payload(payload, plan)
    assert not problems, problems_text("POST /api/v2/deployment/cluster", problems)
    target = report_dir / "deploy-payload.json"
    target.write_text(json.dumps(redacted(payload), ensure_ascii=False, indent=2), encoding="utf-8")
    step_record("payload.file", target.name)


def test_deploy_cluster(
    plan: Any, deployment: Any, ledger: Any, clock: Any, progress: Any, step_record: Any
) -> None:
    """The deployment runs through all its phases on the first node and ends without an error."""
    if ledger.get_output(access.CLUSTER_DEPLOYED):
        step_record("deployment", t("stages.deploy.already"))
        return
    node = deployment(str(plan.hosts[0].management_ip))
    scans = {
        ip: ScannedHost.model_validate(data) for ip, data in ledger.get_output(access.SCANS).items()
    }

    if not cluster_deploy.is_running(node):
        cluster_deploy.start_deployment(node, build_deploy_payload(plan, scans))
    last = cluster_deploy.wait_for_deployment(
        node, clock=clock, progress=progress(t("stages.deploy.progress"))
    )

    step_record("deployment.last_phase", last.describe())


def test_cluster_is_deployed(plan: Any, deployment: Any, ledger: Any, step_record: Any) -> None:
    """The deploying node confirms the cluster is deployed (deploy_verify is_deployed = true)."""
    node = deployment(str(plan.hosts[0].management_ip))

    verdict = node.get_deploy_verify()

    assert verdict.is_deployed, mismatch(
        "GET /api/v2/deployment/deploy_verify", "is_deployed=true", verdict.model_dump()
    )
    ledger.set_output(access.CLUSTER_DEPLOYED, True)
    step_record("cluster.name", plan.cluster.name)
