"""The engine's side of pytest-xdist: schedule by plan, and one run id for every process.

Under ``-n`` the controller collects nothing and runs no step. It picks the
scheduler (``PlanScheduling``: each plan's steps go to one worker) and hands
each worker its run id and start time, so every process writes the same run
into the ledgers and uses the same default report directories. Workers hand
back what ``--lf`` selected, which the controller prints.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from cxvoyager.engine.hooks import Engine

# The key of the run id and start time an xdist worker receives in ``workerinput``.
WORKER_INPUT_KEY = "cxvoyager_run"
# The key of the ``--lf`` notes a worker returns in ``workeroutput``.
LF_NOTES_KEY = "cxvoyager_lf_notes"


def controller_run(config: pytest.Config) -> tuple[str, datetime] | None:
    """Return the run id and start time the controller handed to this worker, or None."""
    worker_input = getattr(config, "workerinput", {})
    from_controller = worker_input.get(WORKER_INPUT_KEY)
    if from_controller is None:
        return None
    return from_controller["run_id"], datetime.fromisoformat(from_controller["started"])


class DistributionHooks:
    """The controller's xdist hooks, registered next to the engine.

    Args:
        engine: the session's engine.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_make_scheduler(self, config: pytest.Config, log: Any) -> Any:
        """Schedule by plan under ``-n``: each plan's steps run in one worker, in stage order."""
        if not self.engine.active:
            return None
        from cxvoyager.engine.parallel import PlanScheduling

        return PlanScheduling(config, log, plan_ids=list(self.engine.runs))

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        """Hand this run's id and start time to a new xdist worker."""
        node.workerinput[WORKER_INPUT_KEY] = {
            "run_id": self.engine.run_id,
            "started": self.engine.started.isoformat(),
        }

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """Keep the ``--lf`` notes of the first worker that finished.

        Every worker collects every plan, so their notes are the same.
        """
        notes = getattr(node, "workeroutput", {}).get(LF_NOTES_KEY)
        if notes and not self.engine.lf_notes:
            self.engine.lf_notes.extend(notes)
