"""Fisheye jobs: the async model behind DNS, NTP, VDS, VM create and VM update calls.

A job starts ``pending`` and ends ``done`` or ``failed`` when its scheduled
finish runs on the virtual clock. At that moment the finisher registered for
its ``description`` applies the effect (a new VDS, a VM, a changed setting).
A client that reads the resource before the job is done therefore does not
find it yet. NOTE: captures show only ``pending`` and ``done``, so the
failure word ``failed`` is a guess.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from cxvoyager.i18n import t
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.scheduler import action
from cxvoyager.sim.smtx import store
from cxvoyager.sim.smtx.envelope import NOT_FOUND, SmtxApiError

logger = logging.getLogger(__name__)

Finisher = Callable[[SimContext, dict[str, Any]], None]
_finishers: dict[str, Finisher] = {}
FINISH_ACTION = "smtx.job.finish"


class JobFailedError(Exception):
    """Raised by a finisher: the job ends ``failed`` with this message."""


def finisher(description: str) -> Callable[[Finisher], Finisher]:
    """Register ``fn(ctx, job)`` to apply the effect of jobs with ``description``."""

    def register(fn: Finisher) -> Finisher:
        _finishers[description] = fn
        return fn

    return register


def _event(
    description: str,
    event_name: str,
    resources: dict[str, Any],
    message_key: str,
    fields: dict[str, Any],
) -> dict[str, Any]:
    """Build the job's audit event, with its message in both languages."""
    return {
        "event_name": event_name,
        "user_name": "root",
        "user_role": "ROOT",
        "resources": {key: value.get("type", description) for key, value in resources.items()},
        "message": {
            "zh_CN": t(message_key, lang="zh-CN", **fields),
            "en_US": t(message_key, lang="en", **fields),
        },
        "detail": {"zh_CN": "", "en_US": ""},
        "data": {name: value for name, value in fields.items() if name in ("name", "uuid")},
        "user_type": "USER",
        "batch": None,
    }


def create_job(
    ctx: SimContext,
    *,
    description: str,
    event_name: str,
    resources: dict[str, Any],
    message_key: str,
    seconds: float,
    args: dict[str, Any],
    fail_message: str | None = None,
    **message_fields: Any,
) -> str:
    """Create a pending job that finishes ``seconds`` from now; return its id.

    ``fail_message``, when given, makes the job end ``failed`` with it (an
    injected task failure). ``message_key`` names the i18n message of the
    job's event; ``message_fields`` fill it.
    """
    cluster = store.cluster(ctx)
    job_id = store.new_uuid(ctx, "job")
    cluster.setdefault("jobs", {})[job_id] = {
        "job_id": job_id,
        "state": "pending",
        "life_cycle": "run",
        "description": description,
        "type": "action",
        "user": "",
        "resources": resources,
        "schedule_task": None,
        "one_time_task": None,
        "ctime": int(ctx.clock.now()),
        "task_list": [],
        "queue": None,
        "resource_group": None,
        "event": _event(description, event_name, resources, message_key, message_fields),
        "_args": args,
        "_fail": fail_message,
    }
    ctx.scheduler.at(seconds, FINISH_ACTION, job_id=job_id)
    logger.info("job %s (%s) started, due in %.0f s", job_id, description, seconds)
    return job_id


@action(FINISH_ACTION)
def _finish(ctx: SimContext, _due: float, args: dict[str, Any]) -> None:
    cluster = store.cluster(ctx)
    job = cluster["jobs"].get(args["job_id"])
    if job is None or job["state"] != "pending":
        return
    failure = job.pop("_fail", None)
    if failure is None:
        try:
            _finishers[job["description"]](ctx, job)
        except JobFailedError as exc:
            failure = str(exc)
    if failure is None:
        job["state"] = "done"
    else:
        job["state"] = "failed"
        job["error_code"] = "EJobFailed"
        job["error_msg"] = failure
    logger.info("job %s (%s) %s", job["job_id"], job["description"], job["state"])


def get_job(ctx: SimContext, job_id: str) -> dict[str, Any]:
    """Return the job as the API shows it.

    Raises:
        SmtxApiError: no job has this id (404).
    """
    job = store.cluster(ctx).get("jobs", {}).get(job_id)
    if job is None:
        raise SmtxApiError(404, NOT_FOUND, f"job {job_id} not found")
    return {key: value for key, value in job.items() if not key.startswith("_")}
