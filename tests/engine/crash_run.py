"""Run the real suite in a child process and kill it with SIGKILL at a chosen moment.

pytester's in-process runs cannot model a crash: the process has to die with
no chance to run ``finally`` blocks, fixture teardown or the simulator's
``stop``. ``CrashSite`` starts ``pytest suites/`` as a child process on a copy
of the example plan, polls the simulator's state file until a condition
holds, sends SIGKILL and later runs the suite again on the same state
directory. The simulator saves its state after every changing request, so
the state file shows what the child has done so far.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.engine.conftest import PROJECT_DIR

SimCondition = Callable[[dict[str, Any]], bool]

POLL_SECONDS = 0.02  # real seconds between two reads of the simulator state
RUN_TIMEOUT = 120.0  # real seconds one suite run may take before the test gives up


class CrashSite:
    """One plan's state and report directories, shared by a killed run and its reruns.

    Args:
        root: an empty scratch directory (the test's ``tmp_path``).
        plan: the workbook to copy and run.
        iso_mib: size of the generated CloudTower and VMTools ISOs in MiB.
    """

    def __init__(self, root: Path, plan: Path, *, iso_mib: int) -> None:
        self.root = root
        self.plan = root / "plan.xlsx"
        shutil.copy(plan, self.plan)
        self.state_dir = root / "state"
        self.env = {**os.environ, "CXVOYAGER_SIM_ISO_MIB": str(iso_mib)}

    def command(self, report: str, *extra: str, speed: str) -> list[str]:
        """Return the pytest command line of one run writing into ``reports/<report>``."""
        return [
            sys.executable,
            "-m",
            "pytest",
            "suites/",
            "--plan",
            str(self.plan),
            "--sim-speed",
            speed,
            "--state-dir",
            str(self.state_dir),
            "--report-dir",
            str(self.report_dir(report)),
            # pytest's cache (and with it --lf's own bookkeeping) stays in the scratch dir.
            "-o",
            f"cache_dir={self.root / 'cache'}",
            "-q",
            *extra,
        ]

    def report_dir(self, report: str) -> Path:
        """Return the report directory of one run."""
        return self.root / "reports" / report

    def output(self, report: str) -> str:
        """Return what the run printed (stdout and stderr together)."""
        return (self.root / f"{report}.out").read_text(encoding="utf-8", errors="replace")

    def start(self, report: str, *extra: str, speed: str) -> subprocess.Popen[bytes]:
        """Start a run in the background; its output goes to ``<report>.out``."""
        with (self.root / f"{report}.out").open("wb") as output:
            return subprocess.Popen(  # noqa: S603  (our own interpreter and arguments)
                self.command(report, *extra, speed=speed),
                cwd=PROJECT_DIR,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def run(self, report: str, *extra: str, speed: str) -> int:
        """Run the suite to its end and return pytest's exit code."""
        process = self.start(report, *extra, speed=speed)
        return process.wait(timeout=RUN_TIMEOUT)

    def kill_when(
        self, process: subprocess.Popen[bytes], condition: SimCondition, *, timeout: float
    ) -> dict[str, Any]:
        """Send SIGKILL to ``process`` as soon as the simulator state meets ``condition``.

        Returns:
            The simulator state that met the condition.

        Raises:
            AssertionError: the run ended, or ``timeout`` real seconds passed, first.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"the run ended (exit code {process.returncode}) too early")
            state = self.sim_state()
            if state is not None and condition(state):
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
                return state
            time.sleep(POLL_SECONDS)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        raise AssertionError(f"the condition did not hold within {timeout} s")

    def sim_state(self) -> dict[str, Any] | None:
        """Return the simulator's saved state, or None before it is first saved."""
        files = sorted(self.state_dir.glob("*/sim/simulator.json"))
        if not files:
            return None
        try:
            data: dict[str, Any] = json.loads(files[0].read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # removed or replaced during the read; the next poll retries
        return data

    def ledger(self) -> dict[str, Any]:
        """Return the plan's ledger."""
        files = sorted(self.state_dir.glob("*.json"))
        assert len(files) == 1, files
        data: dict[str, Any] = json.loads(files[0].read_text(encoding="utf-8"))
        return data

    def summary(self, report: str) -> dict[str, Any]:
        """Return ``summary.json`` of one run."""
        data: dict[str, Any] = json.loads(
            (self.report_dir(report) / "summary.json").read_text(encoding="utf-8")
        )
        return data


def steps_run(summary: dict[str, Any]) -> list[str]:
    """Return the node ids of the steps a run's ``summary.json`` lists."""
    return [step["step"] for stage in summary["stages"] for step in stage["steps"]]


def cloudtower_isos(state: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the CloudTower ISO images in the simulated cluster, finished or not."""
    images = state.get("cluster", {}).get("images", {}).values()
    return [
        image
        for image in images
        if image["kind"] == "iso" and image["name"].startswith("cloudtower-")
    ]


def cloudtower_vms(state: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the VMs of the simulated cluster that run CloudTower."""
    vms = state.get("cluster", {}).get("vms", {}).values()
    return [vm for vm in vms if vm.get("role") == "cloudtower"]


def chunks_received(image: dict[str, Any]) -> int:
    """Return how many chunks of an upload volume the simulator holds."""
    total = -(-image["size"] // image["chunk_size"])
    return total - len(image["to_upload"])


def uploading(state: dict[str, Any]) -> bool:
    """Tell whether the CloudTower ISO upload is under way: some chunks in, more still missing."""
    for image in cloudtower_isos(state):
        if chunks_received(image) >= 2 and len(image["to_upload"]) >= 4:
            return True
    return False


def deploying(state: dict[str, Any]) -> bool:
    """Tell whether the cluster deployment job is running past its first phase."""
    job = state.get("smtx", {}).get("deployment") or {}
    return job.get("state") == "running" and job.get("stage", 0) >= 2


def installing_cloudtower(state: dict[str, Any]) -> bool:
    """Tell whether the CloudTower installer is running and has logged a few lines."""
    install = state.get("tower", {}).get("install") or {}
    return install.get("status") == "running" and len(install.get("log", [])) >= 2


def duplicate_resources(ledger: dict[str, Any]) -> list[tuple[str, str]]:
    """Return the (kind, name) pairs the ledger records more than once."""
    seen: set[tuple[str, str]] = set()
    duplicates = []
    for resource in ledger["resources"]:
        key = (resource["kind"], resource["name"])
        if key in seen:
            duplicates.append(key)
        seen.add(key)
    return duplicates
