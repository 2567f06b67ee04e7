"""CXVoyager's pytest plugin: options, stage order, dependencies, resume and reports.

The root ``conftest.py`` loads this module. It registers the options and, once
they validate, one ``Engine`` object that carries the session's state and
hooks (``cxvoyager.engine.hooks``). Without ``--plan`` the engine stays out
of the way, so the project's own tests run as plain pytest. Collecting a
suite module without ``--plan`` is a usage error.
"""

from __future__ import annotations

import pytest

from cxvoyager import i18n
from cxvoyager.engine.distribution import DistributionHooks
from cxvoyager.engine.hooks import Engine
from cxvoyager.engine.options import add_options, parse_options
from cxvoyager.engine.steps import INDEPENDENT_MARK

ENGINE_KEY = pytest.StashKey[Engine]()
LANGUAGE_KEY = pytest.StashKey[str]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add the ``--plan``, ``--target``, ``--sim-*`` and report options."""
    add_options(parser)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Validate the options, read the plans and register the engine.

    Runs before pytest-html and JUnit configure themselves, so the default
    report paths in the run's report directory take effect.
    """
    config.addinivalue_line(
        "markers",
        f"{INDEPENDENT_MARK}: a step whose failure does not skip the later steps of its stage",
    )
    config.addinivalue_line(
        "markers", "stage(number, name): the stage of a suite module (set by the plugin)"
    )
    config.stash[LANGUAGE_KEY] = i18n.language()
    engine = Engine(config, parse_options(config))
    config.stash[ENGINE_KEY] = engine
    config.pluginmanager.register(engine, "cxvoyager-engine")
    config.pluginmanager.register(DistributionHooks(engine), "cxvoyager-xdist")
    if engine.active:
        from cxvoyager.report.setup import configure_reports

        configure_reports(config, engine)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Unregister the engine and its xdist hooks at the end of the session."""
    previous_language = config.stash.get(LANGUAGE_KEY, None)
    if previous_language is not None:
        # --lang changed the process-wide language; an in-process pytester run must not leak it.
        i18n.set_language(previous_language)
    engine = config.stash.get(ENGINE_KEY, None)
    if engine is not None:
        config.pluginmanager.unregister(engine)
        config.pluginmanager.unregister(name="cxvoyager-xdist")
        del config.stash[ENGINE_KEY]


def engine_of(config: pytest.Config) -> Engine:
    """Return the session's engine (for the fixtures in ``fixtures/``)."""
    return config.stash[ENGINE_KEY]
