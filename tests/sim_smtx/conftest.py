"""Fixtures for the simulated SMTX OS.

One simulator serves a whole test module, because starting and stopping its
listeners costs about a second. ``site`` gives each test a new, undeployed
site: it clears the state document and the faults and builds the initial
site again. ``cluster`` instead restores a copy of a site that was deployed
and logged in once per module.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cxvoyager.plan.model import PlanModel
from cxvoyager.sim import Simulator
from cxvoyager.sim import site as initial_site
from cxvoyager.sim.smtx.auth import SESSION_SECONDS
from tests.factories import make_plan
from tests.sim_smtx import flows
from tests.sim_smtx.site import Site, start_site


@pytest.fixture(scope="module")
def simulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    running = start_site(make_plan(), tmp_path_factory.mktemp("sim-state"))
    yield running
    running.stop()


@pytest.fixture
def plan(simulator: Simulator) -> PlanModel:
    return simulator.context.plan


def _reset(simulator: Simulator, state: dict[str, Any] | None = None) -> None:
    """Replace the state with a copy of ``state``, or with a new site when None."""
    context = simulator.context
    with context.store.lock:
        context.state.clear()
        context.faults.faults.clear()
        if state is None:
            initial_site.initialize(context)
        else:
            context.state.update(copy.deepcopy(state))


@pytest.fixture
def site(simulator: Simulator) -> Site:
    _reset(simulator)
    return Site(simulator)


@pytest.fixture(scope="module")
def deployed_state(simulator: Simulator) -> tuple[dict[str, Any], str]:
    """Deploy once per module and keep a copy of the state and the session token."""
    _reset(simulator)
    deployed = Site(simulator)
    flows.deploy(deployed)
    token = flows.log_in(deployed)
    return copy.deepcopy(deployed.state), token


@pytest.fixture
def cluster(simulator: Simulator, deployed_state: tuple[dict[str, Any], str]) -> Site:
    """A site whose cluster is deployed, with root set up and a Fisheye session open."""
    state, token = deployed_state
    _reset(simulator, state)
    context = simulator.context
    with context.store.lock:
        # Virtual time never runs back, so the copied session gets a fresh lifetime.
        for session in context.state["smtx"]["sessions"].values():
            session["expire_time"] = context.clock.now() + SESSION_SECONDS
    restored = Site(simulator)
    restored.fisheye_token = token
    return restored


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"
