"""Resuming a plan: the ``--lf`` selection and stale results of a changed workbook.

pytest's own ``--lf`` reruns only the tests that failed: the steps skipped
because of them are not in its cache (a skip removes a test from it), and it
moves files with failures to the front. For a delivery the engine instead
reruns, from the ledger, every step whose latest outcome is a failure or a
dependency skip, keeps stage order, and counts every other step that passed
before as passed. Cleanup (stage 15) always runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cxvoyager.engine.stages import CLEANUP_STAGE
from cxvoyager.engine.steps import StepInfo
from cxvoyager.ledger import (
    DEPENDENCY,
    FAILED,
    PASSED,
    SKIPPED,
    Ledger,
    PlanIdentity,
    previous_ledger,
)


@dataclass(frozen=True)
class RerunSelection:
    """The ``--lf`` selection of one plan: steps to run and steps credited from the ledger.

    Attributes:
        run: keys of the steps to run.
        credited: keys of the steps left out because they passed before.
        everything: True when the ledger has no earlier run, so every step runs.
    """

    run: frozenset[str]
    credited: frozenset[str]
    everything: bool


def needs_rerun(ledger: Ledger, key: str) -> bool:
    """Tell whether a step failed, was skipped for a dependency, or never finished a run.

    A step with no outcome in a ledger that has earlier runs never got to
    finish: the run was killed before it, or it was deselected. It has not
    passed, so ``--lf`` runs it.
    """
    stored = ledger.step(key)
    if stored is None:
        return True
    if stored["outcome"] == FAILED:
        return True
    return stored["outcome"] == SKIPPED and stored.get("skip_kind") == DEPENDENCY


def select_rerun(steps: Sequence[StepInfo], ledger: Ledger, *, current_run: str) -> RerunSelection:
    """Select the steps of one plan that ``--lf`` reruns; ``current_run`` is this session's run."""
    keys = [step.key for step in steps]
    if not any(run["run_id"] != current_run for run in ledger.runs):
        return RerunSelection(frozenset(keys), frozenset(), everything=True)

    run = {
        step.key
        for step in steps
        if step.stage.number == CLEANUP_STAGE or needs_rerun(ledger, step.key)
    }
    credited = {key for key in keys if key not in run and ledger.passed(key)}
    return RerunSelection(frozenset(run), frozenset(credited), everything=False)


@dataclass(frozen=True)
class StaleResults:
    """Stages that passed under an earlier fingerprint of the same plan."""

    old_fingerprint: str
    stages: tuple[str, ...]


def stale_results(state_dir: Path, identity: PlanIdentity, current: Ledger) -> StaleResults | None:
    """Find the stages that passed under the plan's previous fingerprint but not under this one."""
    path = previous_ledger(state_dir, identity)
    if path is None:
        return None
    old = Ledger.from_file(path)
    if old is None:
        return None
    stages = sorted(
        {
            record["stage"]
            for key, record in old.steps.items()
            if record["outcome"] == PASSED and not current.passed(key)
        }
    )
    if not stages:
        return None
    return StaleResults(old.identity.fingerprint, tuple(stages))
