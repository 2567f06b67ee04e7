"""Step dependencies: decide whether a step may run, and why not.

A step needs

- every step of the stages its stage needs (``stages.prerequisites``), and
- every earlier step of its own module that is not marked independent.

A prerequisite counts as passed when it passed in this session or, when it did
not run in this session, when the ledger of the same plan fingerprint and
target records it as passed. Otherwise the step is skipped, and the reason
names the first prerequisite that did not pass and the run where it failed.
A prerequisite that was itself skipped for a dependency is traced back to the
step that caused it, so every skip names the real failure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cxvoyager.engine.stages import Stage, prerequisites
from cxvoyager.engine.steps import StepInfo
from cxvoyager.i18n import t
from cxvoyager.ledger import FAILED, PASSED, Ledger


@dataclass(frozen=True)
class Outcome:
    """The outcome of a step, in this session or in an earlier run."""

    outcome: str
    run_id: str
    skip_kind: str | None = None


@dataclass(frozen=True)
class Blocker:
    """The prerequisite that keeps a step from running."""

    step: str
    stage: str
    outcome: str | None  # None: the prerequisite has not run for this plan
    run_id: str | None

    def reason(self) -> str:
        """Return the skip reason in the user's language."""
        if self.outcome is None:
            return t("engine.skip.not_run", step=self.step, stage=self.stage)
        key = "engine.skip.failed" if self.outcome == FAILED else "engine.skip.skipped"
        return t(key, step=self.step, stage=self.stage, run=self.run_id)


@dataclass(frozen=True)
class StagePlan:
    """The steps of one plan's session, grouped for dependency checks.

    Attributes:
        existing: every stage whose module exists in the suite directory.
        steps: the steps of this session in run order, including the ones
            ``--lf`` left out because they passed before.
    """

    existing: dict[int, Stage]
    steps: tuple[StepInfo, ...]

    def steps_of(self, number: int) -> list[StepInfo]:
        """Return this session's steps of one stage, in run order."""
        return [step for step in self.steps if step.stage.number == number]


class DependencyTracker:
    """Remember this session's outcomes and find the blocker of each step.

    Args:
        stage_plan: the plan's stages and steps.
        ledger: the ledger of the same plan fingerprint and target.
    """

    def __init__(self, stage_plan: StagePlan, ledger: Ledger) -> None:
        self._plan = stage_plan
        self._ledger = ledger
        self._session: dict[str, Outcome] = {}
        self._blockers: dict[str, Blocker] = {}

    def record(self, key: str, outcome: Outcome, blocker: Blocker | None = None) -> None:
        """Remember a step's outcome in this session (and its blocker when dependency-skipped)."""
        self._session[key] = outcome
        if blocker is not None:
            self._blockers[key] = blocker

    def outcome_of(self, key: str) -> Outcome | None:
        """Return the step's outcome in this session, else its latest one in the ledger."""
        if key in self._session:
            return self._session[key]
        stored = self._ledger.step(key)
        if stored is None:
            return None
        return Outcome(stored["outcome"], stored["run_id"], stored.get("skip_kind"))

    def blocker(self, step: StepInfo) -> Blocker | None:
        """Return the first prerequisite of ``step`` that did not pass, or None."""
        for required_key, stage_label in self._required(step):
            outcome = self.outcome_of(required_key)
            if outcome is not None and outcome.outcome == PASSED:
                continue
            return self._root_cause(required_key, stage_label, outcome)
        return None

    def _root_cause(self, key: str, stage_label: str, outcome: Outcome | None) -> Blocker:
        if key in self._blockers:
            return self._blockers[key]
        if outcome is None:
            return Blocker(key, stage_label, None, None)
        return Blocker(key, stage_label, outcome.outcome, outcome.run_id)

    def _required(self, step: StepInfo) -> list[tuple[str, str]]:
        required: list[tuple[str, str]] = []
        for number in prerequisites(step.stage.number, self._plan.existing.keys()):
            stage = self._plan.existing[number]
            required += [(key, stage.label) for key in self._stage_keys(stage)]
        for earlier in self._plan.steps:
            if earlier.key == step.key:
                break
            if earlier.stage == step.stage and not earlier.independent:
                required.append((earlier.key, step.stage.label))
        return required

    def _stage_keys(self, stage: Stage) -> Sequence[str]:
        in_session = [step.key for step in self._plan.steps_of(stage.number)]
        if in_session:
            return in_session
        recorded = self._ledger.steps_of_stage(stage.label)
        # A stage with neither collected nor recorded steps has not run yet.
        return recorded or [stage.label]
