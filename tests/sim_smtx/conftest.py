"""Fixtures for the simulated SMTX OS.

One simulator serves a whole test module, because starting and stopping its
listeners costs about a second. Each test gets a new site: the fixture
clears the state document and the faults and builds the initial site again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cxvoyager.plan.model import PlanModel
from cxvoyager.sim import Simulator
from cxvoyager.sim import site as initial_site
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


@pytest.fixture
def site(simulator: Simulator) -> Site:
    context = simulator.context
    with context.store.lock:
        context.state.clear()
        context.faults.faults.clear()
        initial_site.initialize(context)
    return Site(simulator)


@pytest.fixture
def cluster(site: Site) -> Site:
    """A site whose cluster is deployed, with root set up and a Fisheye session open."""
    flows.deploy(site)
    flows.log_in(site)
    return site


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"
