"""Stages 02-07 run as the engineer runs them, against the simulator, through pytester."""

from __future__ import annotations

import openpyxl
import pytest
from tests.sim_tower.spec import schema_errors
from tests.stages.conftest import (
    as_built,
    call_simulated_tower,
    created_counts,
    failed_steps,
    failure_text,
    run_from,
    step_outcomes,
)

ARCHITECTURES = [
    pytest.param("三网独立", "混闪-分层", id="separate-all-hybrid"),
    pytest.param("存储独立", "全闪-不分层", id="separate-storage-all-flash"),
]

# Each fault fails one step of a stage, whose failure text shows the
# simulator's message; a chain of --lf runs moves through them.
SIMULATED = "simulated task failure"
FAULT_CHAIN = [
    (["task:cluster-deploy:fail:1"], "test_deploy_cluster", SIMULATED),
    (["http:PUT /api/v2/settings/dns:500:1"], "test_dns_servers_are_set", "500"),
    # The VMTools upload runs in the same run: its failed chunk is sent again.
    (
        ["task:vm-create:fail:1", "task:upload:fail:1"],
        "test_cloudtower_vm_runs_its_guest_agent",
        SIMULATED,
    ),
    (["task:cloudtower-install:fail:1"], "test_cloudtower_installer_succeeds", "failed"),
    (["http:POST /v2/api/connect-cluster:500:1"], "test_cluster_is_connected_to_cloudtower", "500"),
    (["http:POST /v2/api/get-ntp-service-url:500:1"], "test_cloudtower_ntp_servers_are_set", "500"),
    (["http:POST /v2/api/get-alerts:500:1"], "test_no_critical_or_error_alerts", "500"),
]


@pytest.mark.parametrize(("network", "storage"), ARCHITECTURES)
def test_stages_pass_then_rerun_creates_nothing(stages, network, storage):
    stages.set_cell("主机规划", "Q20", network)
    stages.set_cell("主机规划", "Q19", storage)

    first = stages.run(report="first")
    created = created_counts(stages)
    recorded = stages.ledger()["resources"]
    second = stages.run(report="second")

    assert first.ret == pytest.ExitCode.OK, failed_steps(stages, "first")
    assert second.ret == pytest.ExitCode.OK, failed_steps(stages, "second")
    outcomes = step_outcomes(stages, "second")
    assert {step["outcome"] for step in outcomes.values()} == {"passed"}, outcomes
    assert created_counts(stages) == created, "the rerun created or removed objects"
    assert created["cluster.vms"] == 1, created
    assert stages.ledger()["resources"] == recorded, "the rerun recorded new objects"
    assert {item["kind"] for item in recorded} >= {"cloudtower-vm", "iso-image", "tower-cluster"}
    workbook = openpyxl.load_workbook(as_built(stages, "second"))
    outputs = stages.ledger()["outputs"]
    assert workbook["主机规划"]["E19"].value == outputs["cluster.serial"]
    assert workbook["集群管理信息"]["M3"].value == outputs["cloudtower.serial"]


def test_simulated_disks_match_spec(stages, reference_dir):
    run_from(stages, 1, report="run")

    disks = call_simulated_tower(stages, "get-disks", {})

    assert disks, "get-disks returned no disk"
    assert schema_errors(reference_dir, "get-disks", disks) == []


def test_each_stage_fault_fails_its_step_and_lf_recovers(stages):
    for number, (faults, step, text) in enumerate(FAULT_CHAIN):
        options = [f"--sim-fault={fault}" for fault in faults] + (["--lf"] if number else [])
        stages.run(*options, report=f"run-{number}")
        outcomes = step_outcomes(stages, f"run-{number}")

        failed = sorted(name for name, item in outcomes.items() if item["outcome"] == "failed")
        assert failed == [step], (faults, failed)
        assert text in failure_text(stages, f"run-{number}", step), faults

    final = stages.run("--lf", report="final")

    outcomes = step_outcomes(stages, "final")
    assert final.ret == pytest.ExitCode.OK, failed_steps(stages, "final")
    assert {item["outcome"] for item in outcomes.values()} == {"passed"}, outcomes
    assert "test_read_workbook" not in outcomes, "--lf reran a step that passed before"
    uploads = stages.ledger()["uploads"]
    assert any(stats["chunks_sent"] > stats["chunks"] for stats in uploads.values()), uploads


def test_deploy_failure_names_the_simulated_error(stages):
    stages.run("--sim-fault", "task:cluster-deploy:fail:1", report="run")

    step = step_outcomes(stages, "run")["test_deploy_cluster"]

    assert step["outcome"] == "failed"
    assert "simulated task failure" in step["reason"], step["reason"]
