"""CloudTower tasks: ``PENDING`` -> ``EXECUTING`` -> ``SUCCESSED`` or ``FAILED``.

A service starts a task with ``start_task``; the scheduler moves it to
``EXECUTING`` one simulated second later and finishes it ``duration`` seconds
after that. Whether it fails is decided when it starts (an injected
``task:<kind>:fail:N`` fault or a known cause such as a wrong password), so the
outcome does not depend on when a client looks. On finishing, the hook
registered for the task's ``hook`` name applies the result to the objects it
changed (a cluster becomes ``CONNECTED``, an app ``RUNNING``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.scheduler import action
from cxvoyager.sim.tower import store
from cxvoyager.sim.tower.ids import iso, new_cuid

logger = logging.getLogger(__name__)

# A hook may return (error_code, error_message) to fail a task that was bound to succeed,
# when the simulated site rejects the change at the moment it would happen.
Hook = Callable[[SimContext, dict[str, Any], bool], "tuple[str, str] | None"]
_hooks: dict[str, Hook] = {}
_START_DELAY_S = 1.0


def on_finish(name: str) -> Callable[[Hook], Hook]:
    """Register ``fn(ctx, task, succeeded)`` to run when a task with hook ``name`` ends.

    The hook runs before the final status is set, so a returned failure
    turns the task ``FAILED``.
    """

    def register(fn: Hook) -> Hook:
        _hooks[name] = fn
        return fn

    return register


def start_task(
    ctx: SimContext,
    *,
    description: str,
    hook: str,
    duration: float,
    failure: tuple[str, str] | None = None,
    fault_kind: str | None = None,
    steps: tuple[str, ...] = (),
    **fields: Any,
) -> dict[str, Any]:
    """Create a ``PENDING`` task and schedule its progress.

    Args:
        ctx: the simulator context.
        description: CloudTower's human-readable task name (clients match on it).
        hook: name of the ``on_finish`` hook that applies the result.
        duration: simulated seconds the task executes.
        failure: ``(error_code, error_message)`` when the task is bound to fail.
        fault_kind: ``--sim-fault`` task kind that may force a failure.
        steps: step keys shown in ``steps[]``.
        **fields: optional Task fields (``resource_type``, ``resource_id``,
            ``resource_mutation``, ``cluster``, ``args``, ``payload``).
    """
    if failure is None and fault_kind is not None and ctx.faults.take_task_failure(fault_kind):
        failure = ("SIMULATED_FAULT", f"injected failure of task kind {fault_kind}")
    now = ctx.clock.now()
    task: dict[str, Any] = {
        "id": new_cuid(ctx),
        "description": description,
        "hook": hook,
        "status": "PENDING",
        "created": now,
        "started": None,
        "finished": None,
        "duration": float(duration),
        "failure": list(failure) if failure else None,
        "steps": list(steps),
        "args": fields.pop("args", {}),
        "payload": fields.pop("payload", {}),
        **fields,
    }
    store.collection(ctx, "tasks")[task["id"]] = task
    ctx.scheduler.at(_START_DELAY_S, "tower.task.execute", task_id=task["id"])
    logger.info("tower task %s started: %s", task["id"], description)
    return task


@action("tower.task.execute")
def _execute(ctx: SimContext, due: float, args: dict[str, Any]) -> None:
    task = store.collection(ctx, "tasks").get(args["task_id"])
    if task is None or task["status"] != "PENDING":
        return
    task["status"] = "EXECUTING"
    task["started"] = due
    ctx.scheduler.at(task["duration"], "tower.task.finish", base=due, task_id=task["id"])


@action("tower.task.finish")
def _finish(ctx: SimContext, due: float, args: dict[str, Any]) -> None:
    task = store.collection(ctx, "tasks").get(args["task_id"])
    if task is None or task["status"] != "EXECUTING":
        return
    task["finished"] = due
    hook = _hooks.get(task["hook"])
    outcome = None if hook is None else hook(ctx, task, task["failure"] is None)
    if outcome is not None and task["failure"] is None:
        task["failure"] = list(outcome)
    task["status"] = "SUCCESSED" if task["failure"] is None else "FAILED"
    logger.info("tower task %s %s: %s", task["id"], task["status"], task["description"])


def _progress(ctx: SimContext, task: dict[str, Any]) -> float:
    if task["status"] in ("SUCCESSED", "FAILED"):
        return 1.0 if task["status"] == "SUCCESSED" else _elapsed_share(task, task["finished"])
    if task["status"] == "PENDING":
        return 0.0
    return min(0.99, _elapsed_share(task, ctx.clock.now()))


def _elapsed_share(task: dict[str, Any], moment: float) -> float:
    if not task["started"] or task["duration"] <= 0:
        return 0.0
    share = (moment - float(task["started"])) / float(task["duration"])
    return round(max(0.0, min(1.0, share)), 4)


def task_view(ctx: SimContext, task: dict[str, Any]) -> dict[str, Any]:
    """Return the CloudTower ``Task`` object of a task record."""
    progress = _progress(ctx, task)
    steps = task["steps"]
    done_steps = int(progress * len(steps)) if task["status"] != "SUCCESSED" else len(steps)
    failure = task["failure"] if task["status"] == "FAILED" else None
    return {
        "id": task["id"],
        "description": task["description"],
        "status": task["status"],
        "progress": progress,
        "args": task["args"],
        "internal": False,
        "key": None,
        "type": None,
        "local_created_at": iso(task["created"]),
        "started_at": iso(task["started"]) if task["started"] else None,
        "finished_at": iso(task["finished"]) if task["finished"] else None,
        "error_code": failure[0] if failure else None,
        "error_message": failure[1] if failure else None,
        "resource_id": task.get("resource_id"),
        "resource_type": task.get("resource_type"),
        "resource_mutation": task.get("resource_mutation"),
        "resource_rollbacked": task.get("resource_rollbacked"),
        "resource_rollback_error": None,
        "resource_rollback_retry_count": None,
        "snapshot": task.get("snapshot", "{}"),
        "cluster": task.get("cluster"),
        "user": task.get("user"),
        "steps": [
            {
                "key": key,
                "current": 0,
                "total": None,
                "unit": None,
                "per_second": 0,
                "finished": index < done_steps,
            }
            for index, key in enumerate(steps)
        ],
    }


def all_task_views(ctx: SimContext) -> list[dict[str, Any]]:
    """Return every task as CloudTower lists them: newest first."""
    tasks = sorted(store.collection(ctx, "tasks").values(), key=lambda task: -task["created"])
    return [task_view(ctx, task) for task in tasks]
