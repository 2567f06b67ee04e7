"""Collection: describe suite items, keep stage order, and apply the ``--lf`` selection."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from cxvoyager.engine.dependencies import StagePlan
from cxvoyager.engine.stages import Stage, stages_in_dir
from cxvoyager.engine.steps import PLAN_PARAM, StepInfo, step_info

STEP_INFO = pytest.StashKey[StepInfo]()


def plan_id_of(item: pytest.Item, default: str | None) -> str | None:
    """Return the plan an item runs for: its plan parameter, else the only plan."""
    callspec = getattr(item, "callspec", None)
    if callspec is not None and PLAN_PARAM in callspec.params:
        value: str = callspec.params[PLAN_PARAM]
        return value
    return default


def describe_items(items: Sequence[pytest.Item], default_plan: str | None) -> dict[str, StepInfo]:
    """Return the step info of every suite item, keyed by node id, and mark each with its stage."""
    steps: dict[str, StepInfo] = {}
    for item in items:
        info = step_info(item, plan_id_of(item, default_plan) or "")
        if info is None:
            continue
        item.add_marker(pytest.mark.stage(info.stage.number, info.stage.name))
        item.stash[STEP_INFO] = info
        steps[item.nodeid] = info
    return steps


def rekey_steps(items: Sequence[pytest.Item], steps: Mapping[str, StepInfo]) -> dict[str, StepInfo]:
    """Return the step infos keyed by the items' current node ids.

    Other plugins may change node ids during collection (xdist's loadgroup
    appends ``@group``); the step info stays attached to the item.
    """
    rekeyed: dict[str, StepInfo] = {}
    for item in items:
        info = item.stash.get(STEP_INFO, None)
        if info is not None:
            rekeyed[item.nodeid] = info
    return rekeyed


def order_items(
    items: list[pytest.Item], steps: Mapping[str, StepInfo], plan_order: Mapping[str, int]
) -> list[pytest.Item]:
    """Sort suite items by plan, stage (cleanup last) and source line; other items go first.

    Any reordering done before (pytest's ``--lf``/``--ff``, a random-order
    plugin) is undone, because later stages depend on earlier ones.
    """
    others = [item for item in items if item.nodeid not in steps]
    suite = [item for item in items if item.nodeid in steps]
    # The collection index breaks ties between parametrized instances of one test.
    position = {item.nodeid: index for index, item in enumerate(items)}

    def sort_key(item: pytest.Item) -> tuple[int, int, str, int, int]:
        step = steps[item.nodeid]
        return (
            plan_order.get(step.plan_id, 0),
            step.stage.sort_key,
            str(item.path),
            step.line,
            position[item.nodeid],
        )

    return others + sorted(suite, key=sort_key)


def existing_stages(
    items: Sequence[pytest.Item], steps: Mapping[str, StepInfo]
) -> dict[int, Stage]:
    """Return every stage whose module exists next to the collected suite modules."""
    directories = {Path(item.path).parent for item in items if item.nodeid in steps}
    found: dict[int, Stage] = {}
    for directory in directories:
        for stage in stages_in_dir(directory):
            found.setdefault(stage.number, stage)
    for step in steps.values():
        found.setdefault(step.stage.number, step.stage)
    return found


def stage_plan(
    items: Sequence[pytest.Item],
    steps: Mapping[str, StepInfo],
    plan_id: str,
    existing: Mapping[int, Stage],
) -> StagePlan:
    """Return the dependency view of one plan's selected steps, in run order."""
    ordered = tuple(
        steps[item.nodeid]
        for item in items
        if item.nodeid in steps and steps[item.nodeid].plan_id == plan_id
    )
    return StagePlan(existing=dict(existing), steps=ordered)
