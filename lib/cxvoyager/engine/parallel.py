"""Several plans at once under pytest-xdist (``-n``), each plan's steps in one worker.

xdist's own modes either spread the steps of one plan over workers (``load``,
``worksteal``) or change node ids (``loadgroup`` appends ``@group``), which
breaks the ledger keys and pytest's ``--lf`` cache. ``PlanScheduling`` is a
``loadscope`` scheduler whose scope is the plan: every step of a plan goes to
one worker, in collection order, which is stage order. Items outside the
suite modules keep loadscope's module scope.

NOTE: when a worker crashes, xdist hands the rest of its plan to another
worker. That worker read the plan's ledger before the crash, so its first
save may drop the steps the crashed worker recorded.

Only this module imports xdist, and only the engine's scheduler hook imports
this module, so a session with ``-p no:xdist`` never loads xdist.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]

from cxvoyager.engine.stages import stage_of_path


def plan_of_nodeid(nodeid: str, plan_ids: Sequence[str]) -> str | None:
    """Return the plan a suite step's node id runs for, or None for other node ids.

    With one plan, node ids carry no plan parameter. With several, the engine
    parametrizes the plan first, so its id leads the bracketed parameter ids:
    ``suites/test_02_init_cluster.py::test_deploy[site_b]`` or
    ``...::test_x[site_b-other]``.
    """
    path = nodeid.split("::", 1)[0]
    if stage_of_path(Path(path)) is None:
        return None
    if len(plan_ids) == 1:
        return plan_ids[0]
    _head, bracket, params = nodeid.partition("[")
    if not bracket:
        return None
    params = params.rsplit("]", 1)[0]
    # Longest first: ``plan-2`` must not be taken for ``plan`` with a parameter ``2``.
    for plan_id in sorted(plan_ids, key=len, reverse=True):
        if params == plan_id or params.startswith(f"{plan_id}-"):
            return plan_id
    return None


class PlanScheduling(LoadScopeScheduling):  # type: ignore[misc]
    """Send every step of one plan to one worker, in collection order.

    Args:
        config: the controller's pytest config.
        log: xdist's scheduling log.
        plan_ids: the session's plan ids.
    """

    def __init__(self, config: pytest.Config, log: Any, *, plan_ids: Sequence[str]) -> None:
        super().__init__(config, log)
        self.plan_ids = tuple(plan_ids)

    def _split_scope(self, nodeid: str) -> str:
        plan_id = plan_of_nodeid(nodeid, self.plan_ids)
        if plan_id is None:
            scope: str = super()._split_scope(nodeid)
            return scope
        return f"plan:{plan_id}"
