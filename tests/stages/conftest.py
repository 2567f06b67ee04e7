"""Stage test fixtures: a scratch project with the real suites 01-07 and the example plan."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from tests.engine.conftest import EXAMPLE_PLAN, PROJECT_DIR, SuiteProject

from cxvoyager.clients.cloudtower import CloudTowerClient
from cxvoyager.clients.transport import SimTransport
from cxvoyager.clock import VirtualClock
from cxvoyager.plan import check_plan
from cxvoyager.sim import Simulator

STAGE_MODULES = sorted((PROJECT_DIR / "suites").glob("test_0[1-7]_*.py"))
SMALL_ISO_MIB = "8"  # generated ISOs of one 8-MiB chunk keep each run short

# Simulator state collections that hold what the suite creates; a rerun must not grow them.
CREATED = {
    "cluster": ("vdses", "vlans", "images", "vms"),
    "tower": ("users", "organizations", "datacenters", "clusters", "rack_topoes"),
}


@pytest.fixture
def stages(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> SuiteProject:
    """A scratch project with suites 01-07 and a copy of the example plan."""
    if not EXAMPLE_PLAN.is_file():
        pytest.skip("examples/plan.xlsx is not generated yet")
    monkeypatch.setenv("CXVOYAGER_SIM_ISO_MIB", SMALL_ISO_MIB)
    project = SuiteProject(pytester, EXAMPLE_PLAN)
    for module in STAGE_MODULES:
        shutil.copy(module, project.root / "suites")
    return project


def run_from(project: SuiteProject, first_stage: int, *args: str, report: str) -> pytest.RunResult:
    """Run the suites from stage ``first_stage`` on (earlier stages count from the ledger)."""
    modules = [
        f"suites/{module.name}"
        for module in STAGE_MODULES
        if int(module.name.split("_")[1]) >= first_stage
    ]
    return project.pytester.runpytest(
        *modules,
        "--plan",
        str(project.plan),
        "--sim-speed",
        "max",
        "--state-dir",
        str(project.root / "state"),
        "--report-dir",
        str(project.report_dir(report)),
        *args,
    )


def step_outcomes(project: SuiteProject, report: str) -> dict[str, dict[str, Any]]:
    """Return each step of one run's summary by test name (``test_deploy_cluster``)."""
    return {
        step["step"].rsplit("::", 1)[-1]: step
        for stage in project.summary(report)["stages"]
        for step in stage["steps"]
    }


def failed_steps(project: SuiteProject, report: str) -> dict[str, str]:
    """Return the failed steps of one run with their reasons (for assertion messages)."""
    return {
        name: step["reason"]
        for name, step in step_outcomes(project, report).items()
        if step["outcome"] == "failed"
    }


def failure_text(project: SuiteProject, report: str, step: str) -> str:
    """Return the failure text that junit.xml of one run holds for ``step``."""
    tree = ElementTree.parse(project.report_dir(report) / "junit.xml")  # noqa: S314  (written by this run)
    for case in tree.iter("testcase"):
        if case.get("name") == step:
            failure = case.find("failure")
            if failure is not None:
                return f"{failure.get('message', '')}\n{failure.text or ''}"
    return ""


def created_counts(project: SuiteProject) -> dict[str, int]:
    """Count the simulator's objects of each kind the suite creates."""
    states = list((project.root / "state").glob("*/sim/simulator.json"))
    assert len(states) == 1, states
    state = json.loads(states[0].read_text("utf-8"))
    return {
        f"{area}.{kind}": len(state.get(area, {}).get(kind, {}))
        for area, kinds in CREATED.items()
        for kind in kinds
    }


def as_built(project: SuiteProject, report: str) -> Path:
    """Return the as-built workbook of one run."""
    return project.report_dir(report) / "plan.as-built.xlsx"


def call_simulated_tower(project: SuiteProject, operation: str, body: Any) -> Any:
    """Start the simulator on the project's saved state; call a CloudTower operation as root."""
    plan = check_plan(project.plan).plan
    assert plan is not None
    clock = VirtualClock(None)
    simulator = Simulator(plan, state_dir=next((project.root / "state").glob("*/sim")), clock=clock)
    endpoints = simulator.start()
    try:
        transport = SimTransport(
            http_port=endpoints.http_port,
            https_port=endpoints.https_port,
            ca_pem=endpoints.ca_pem,
            clock=clock,
        )
        client = CloudTowerClient(
            transport.session(service="cloudtower", base_url=f"https://{plan.cloudtower.ip}"),
            clock=clock,
        )
        client.use_credentials(
            username="root", password=plan.cloudtower.web_password.get_secret_value()
        )
        return client.call(operation, body)
    finally:
        simulator.stop()
