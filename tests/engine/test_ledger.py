"""The ledger: persistence, masking, corrupt files, and atomic writes under kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from cxvoyager.ledger import FAILED, PASSED, Ledger, PlanIdentity, StepOutcome, previous_ledger

IDENTITY = PlanIdentity("/plans/site.xlsx", "BJ-Cluster 01", "sim", "ab" * 32)
SECRET = "S3cret!pass"


def outcome(key: str, result: str = PASSED, **fields: object) -> StepOutcome:
    return StepOutcome(
        key=key,
        stage="02_init_cluster",
        outcome=result,
        run_id="run-1",
        start="2026-01-01T00:00:00+00:00",
        duration=1.5,
        **fields,
    )  # type: ignore[arg-type]


def test_ledger_file_name(tmp_path: Path) -> None:
    ledger = Ledger.open(tmp_path, IDENTITY)

    assert ledger.path.name == f"BJ-Cluster_01-sim-{'ab' * 6}.json"


def test_ledger_survives_reopen(tmp_path: Path) -> None:
    ledger = Ledger.open(tmp_path, IDENTITY, secrets=[SECRET])
    ledger.begin_run("run-1", lang="zh-CN", options={"target": "sim"})
    ledger.record_step(outcome("suites/test_02.py::test_deploy", results={"cluster.uuid": "c-1"}))
    ledger.set_output("cluster.uuid", "c-1")
    ledger.add_resource(
        kind="vm", resource_id="vm-1", name="test-vm", stage="13_create_test_vms", run_id="run-1"
    )
    ledger.pins.set("10.0.0.1:443", "aa:bb")

    again = Ledger.open(tmp_path, IDENTITY)

    assert again.passed("suites/test_02.py::test_deploy")
    assert again.get_output("cluster.uuid") == "c-1"
    assert again.resources()[0]["id"] == "vm-1"
    assert again.pins.get("10.0.0.1:443") == "aa:bb"
    assert again.step("suites/test_02.py::test_deploy")["results"] == {"cluster.uuid": "c-1"}  # type: ignore[index]


def test_ledger_masks_secrets(tmp_path: Path) -> None:
    ledger = Ledger.open(tmp_path, IDENTITY, secrets=[SECRET])

    ledger.set_output("login", f"user=root password={SECRET}")
    ledger.record_step(outcome("k", FAILED, reason=f"login with {SECRET} failed"))

    text = ledger.path.read_text("utf-8")
    assert SECRET not in text
    assert "password=******" in text


def test_failure_then_pass_keeps_history(tmp_path: Path) -> None:
    ledger = Ledger.open(tmp_path, IDENTITY)

    ledger.record_step(outcome("k", FAILED))
    ledger.record_step(outcome("k", PASSED))

    step = ledger.step("k")
    assert step is not None
    assert step["outcome"] == PASSED
    assert [entry["outcome"] for entry in step["history"]] == [FAILED, PASSED]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param('{"format": 1, "runs": [', id="truncated"),
        pytest.param("[]", id="wrong-shape"),
        pytest.param("", id="empty"),
    ],
)
def test_corrupt_ledger_moved_aside(
    tmp_path: Path, content: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = Ledger.open(tmp_path, IDENTITY).path
    path.write_text(content, encoding="utf-8")

    ledger = Ledger.open(tmp_path, IDENTITY)

    assert ledger.runs == []
    assert not path.exists()
    assert len(list(tmp_path.glob("*.corrupt-*"))) == 1
    assert "moved it to" in caplog.text


def test_previous_fingerprint_found(tmp_path: Path) -> None:
    old = Ledger.open(tmp_path, IDENTITY)
    old.save()
    newer = PlanIdentity(IDENTITY.plan_path, IDENTITY.cluster, "sim", "cd" * 32)

    assert previous_ledger(tmp_path, newer) == old.path
    assert previous_ledger(tmp_path, IDENTITY) is None


def test_concurrent_steps_all_recorded(tmp_path: Path) -> None:
    ledger = Ledger.open(tmp_path, IDENTITY)

    threads = [
        threading.Thread(target=ledger.record_step, args=(outcome(f"step-{n}"),)) for n in range(20)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    stored = json.loads(ledger.path.read_text("utf-8"))
    assert len(stored["steps"]) == 20


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from cxvoyager.ledger import Ledger, PlanIdentity, StepOutcome

    ledger = Ledger.open(Path(sys.argv[1]), PlanIdentity("p", "c", "sim", "ef" * 32))
    n = 0
    while True:
        n += 1
        ledger.record_step(StepOutcome(key=f"k{n % 50}", stage="s", outcome="passed", run_id=str(n),
                                       start="t", duration=0.1, results={"blob": "x" * 2000}))
        print(n, flush=True)
    """
)


@pytest.mark.parametrize("writes_before_kill", [1, 17, 60])
def test_ledger_complete_after_kill(tmp_path: Path, writes_before_kill: int) -> None:
    identity = PlanIdentity("p", "c", "sim", "ef" * 32)
    command = [sys.executable, "-c", WRITER, str(tmp_path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE) as writer:  # noqa: S603 - fixed script
        assert writer.stdout is not None
        for _ in range(writes_before_kill):
            writer.stdout.readline()
        # The writer is now somewhere inside a later write.
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()

    reopened = Ledger.open(tmp_path, identity)

    assert len(reopened.steps) >= min(writes_before_kill, 50), (
        "every completed write must be visible"
    )
    assert not list(tmp_path.glob("*.corrupt-*")), "no half-written ledger may be visible"
    assert not list(tmp_path.glob(".*.tmp")), "leftover temporary files are removed on open"
