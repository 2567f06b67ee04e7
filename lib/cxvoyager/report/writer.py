"""Write a plan's files at the end of a session: summary.json, traffic.har, as-built, acceptance."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cxvoyager.ledger import write_json_atomically
from cxvoyager.report.acceptance import write_acceptance

if TYPE_CHECKING:
    from cxvoyager.engine.hooks import Engine
    from cxvoyager.engine.planrun import PlanRun

logger = logging.getLogger(__name__)


def _stage_outcome(outcomes: list[str]) -> str:
    if "failed" in outcomes:
        return "failed"
    if all(outcome == "passed" for outcome in outcomes):
        return "passed"
    return "skipped" if all(outcome == "skipped" for outcome in outcomes) else "incomplete"


def build_summary(engine: Engine, run: PlanRun, document: Mapping[str, Any]) -> dict[str, Any]:
    """Return the session's summary of one plan: stages, steps, outcomes, durations, key results."""
    stages: dict[str, list[dict[str, Any]]] = {}
    for key, result in engine.results.get(run.plan_id, {}).items():
        stored = document["steps"].get(key, {})
        stages.setdefault(stored.get("stage", ""), []).append(
            {
                "step": key,
                "outcome": result.outcome,
                "skip_kind": result.skip_kind,
                "reason": run.mask(result.reason or "") or None,
                "duration": round(result.duration, 3),
                "criterion": stored.get("criterion", ""),
                "results": stored.get("results", {}) if result.outcome == "passed" else {},
            }
        )
    identity = run.ledger.identity
    return {
        "run_id": engine.run_id,
        "simulated": engine.options.target == "sim",
        "plan": {
            "path": str(run.path),
            "cluster": identity.cluster,
            "fingerprint": identity.fingerprint,
            "target": identity.target,
        },
        "start": engine.started.isoformat(timespec="seconds"),
        "end": datetime.now().astimezone().isoformat(timespec="seconds"),
        "counts": engine.outcome_counts(run.plan_id),
        "stages": [
            {
                "stage": label,
                "outcome": _stage_outcome([step["outcome"] for step in steps]),
                "duration": round(sum(step["duration"] for step in steps), 3),
                "steps": steps,
            }
            for label, steps in sorted(stages.items())
        ],
    }


def _write_as_built(run: PlanRun, document: Mapping[str, Any]) -> None:
    values = document["outputs"].get("as_built")
    if run.plan is None or not isinstance(values, dict) or not values:
        return
    from cxvoyager.plan.asbuilt import write_as_built

    write_as_built(
        run.path, run.report_dir / "plan.as-built.xlsx", {str(k): str(v) for k, v in values.items()}
    )


def write_plan_reports(engine: Engine, run: PlanRun, counts: Mapping[str, int]) -> None:
    """Write every end-of-session file of one plan into its report directory."""
    document = run.ledger.snapshot()
    run.report_dir.mkdir(parents=True, exist_ok=True)

    summary = build_summary(engine, run, document)
    write_json_atomically(run.report_dir / "summary.json", run.masker.value(summary))
    if run.recorder is not None:
        run.recorder.write(run.report_dir / "traffic.har")
    _write_as_built(run, document)
    write_acceptance(run, document, lang=engine.options.lang, session_end=summary["end"])
    logger.info("reports of plan %s written to %s (%s)", run.plan_id, run.report_dir, dict(counts))
