"""Fixtures and guards shared by the project's own tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cxvoyager import netguard

pytest_plugins = ["pytester"]

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "shared" / "reference"
PROJECT_DIR = Path(__file__).resolve().parents[1]
EXAMPLE_PLAN = PROJECT_DIR / "examples" / "plan.xlsx"


@pytest.fixture(autouse=True, scope="session")
def _loopback_only() -> Iterator[None]:
    """Fail any connection to an address outside loopback for the whole test session."""
    netguard.install()
    yield
    netguard.uninstall()


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The shared reference folder; tests that need it skip when it is absent."""
    if not REFERENCE_DIR.is_dir():
        pytest.skip("../shared/reference is not present on this machine")
    return REFERENCE_DIR


@pytest.fixture
def sample_plan():  # type: ignore[no-untyped-def]
    """A complete four-node plan built in code (see tests/factories.py)."""
    from tests.factories import make_plan

    return make_plan()
