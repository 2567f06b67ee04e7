"""Steps: how a collected test item maps to a stage, a plan and a stable ledger key."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path

import pytest

from cxvoyager import i18n
from cxvoyager.engine.stages import Stage, stage_of_path
from cxvoyager.i18n.criteria import CRITERIA_ZH

PLAN_PARAM = "cxv_plan_id"
INDEPENDENT_MARK = "independent"


@dataclass(frozen=True)
class StepInfo:
    """The engine's description of one collected suite step.

    Attributes:
        key: the node id without xdist's ``@group`` suffix and without the plan
            parameter; the ledger's key for the step across runs and plans.
        plan_id: which ``--plan`` the step runs for.
        stage: the stage of the step's module.
        name: the test function's name (``test_start_deployment``).
        independent: a failure of this step does not skip the steps after it
            in the same stage.
        line: the function's line in its module, for source order.
        criterion: the first paragraph of the docstring: what must be true.
    """

    key: str
    plan_id: str
    stage: Stage
    name: str
    independent: bool
    line: int
    criterion: str


def strip_group_suffix(nodeid: str) -> str:
    """Remove the ``@group`` suffix that xdist's ``--dist loadgroup`` appends to node ids."""
    head, bracket, params = nodeid.partition("[")
    if bracket:
        params_part, close, _group = params.rpartition("]")
        return f"{head}[{params_part}]" if close else nodeid
    return head.split("@", 1)[0]


def step_key(item: pytest.Item, plan_id: str | None) -> str:
    """Return the ledger key of an item: its node id without plan parameter and group suffix."""
    nodeid = strip_group_suffix(item.nodeid)
    callspec = getattr(item, "callspec", None)
    if plan_id is None or callspec is None or PLAN_PARAM not in callspec.params:
        return nodeid

    base = nodeid.partition("[")[0]
    # The engine parametrizes the plan first, so its id leads the parameter ids.
    rest = callspec.id[len(plan_id) :].lstrip("-")
    return f"{base}[{rest}]" if rest else base


def criterion_of(item: pytest.Item) -> str:
    """Return the step's acceptance criterion in the report language.

    The English criterion is the first paragraph of the test's docstring. The
    Chinese one comes from ``cxvoyager.i18n.criteria``, and a step missing
    there shows its docstring.
    """
    function = getattr(item, "function", None)
    if function is not None and i18n.language() == "zh-CN":
        key = f"criterion.{Path(item.path).stem}.{function.__name__}"
        if key in CRITERIA_ZH:
            return CRITERIA_ZH[key]
    doc = inspect.getdoc(function) if function is not None else None
    if not doc:
        return ""
    return " ".join(doc.split("\n\n", 1)[0].split())


def step_info(item: pytest.Item, plan_id: str) -> StepInfo | None:
    """Describe a suite item, or return None when the item is not in a stage module."""
    stage = stage_of_path(Path(item.path))
    if stage is None:
        return None
    name = getattr(item, "originalname", item.name)
    return StepInfo(
        key=step_key(item, plan_id),
        plan_id=plan_id,
        stage=stage,
        name=name,
        independent=item.get_closest_marker(INDEPENDENT_MARK) is not None,
        line=item.reportinfo()[1] or 0,
        criterion=criterion_of(item),
    )
