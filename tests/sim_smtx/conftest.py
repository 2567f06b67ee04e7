"""Fixtures for the simulated SMTX OS: a running simulator on a fresh state directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cxvoyager.plan.model import PlanModel
from tests.factories import make_plan
from tests.sim_smtx.site import Site, start_site


@pytest.fixture
def plan() -> PlanModel:
    return make_plan()


@pytest.fixture
def site(plan: PlanModel, tmp_path: Path) -> Iterator[Site]:
    simulator = start_site(plan, tmp_path / "state")
    yield Site(simulator)
    simulator.stop()
