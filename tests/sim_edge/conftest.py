"""Simulators on a max-speed clock with a deployed cluster, offline or listening on loopback.

Physics tests need no listener: they call ``cxvoyager.sim.physics`` with the
simulator's context, which saves a second of server shutdown per test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cxvoyager.clock import VirtualClock
from cxvoyager.plan.model import PlanModel
from cxvoyager.sim import Simulator
from cxvoyager.sim.site import initialize
from tests.factories import make_plan
from tests.sim_edge.builders import build_deployed_cluster


@pytest.fixture
def plan() -> PlanModel:
    return make_plan()


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(None)


@pytest.fixture
def site(tmp_path: Path, plan: PlanModel, clock: VirtualClock) -> Simulator:
    """A simulator with a deployed cluster that does not listen; physics tests use its context."""
    sim = Simulator(plan, state_dir=tmp_path / "sim", clock=clock)
    with sim.context.store.lock:
        initialize(sim.context)
        build_deployed_cluster(sim.context.state, plan)
        sim.context.store.save()
    return sim


@pytest.fixture(scope="module")
def listening(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    """One simulator listening on loopback for a whole module (starting one takes a second)."""
    sim = Simulator(make_plan(), state_dir=tmp_path_factory.mktemp("sim"), clock=VirtualClock(None))
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def live_site(listening: Simulator) -> Simulator:
    """The listening simulator with a freshly deployed site and no faults."""
    ctx = listening.context
    with ctx.store.lock:
        ctx.state.clear()
        initialize(ctx)
        build_deployed_cluster(ctx.state, ctx.plan)
        ctx.faults.faults.clear()
        ctx.store.save()
    return listening
