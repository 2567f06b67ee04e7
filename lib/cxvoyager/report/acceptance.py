"""acceptance.html: the customer's acceptance record, consolidated from the ledger.

pytest-html shows one session; a delivery usually takes several (the first
run, then ``--lf`` reruns). This page covers every step of the plan and target
over all runs: for each step its latest outcome and the run it came from.

Key results that steps record with ``step_record`` appear in their stage's
section. Two key prefixes get their own tables and charts: ``perf.`` for
performance measurements and ``reliability.`` for reliability measurements,
each a number or a mapping ``{"value", "unit", "threshold", "higher_is_better"}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from cxvoyager.i18n import has, language, t
from cxvoyager.report.charts import Measurement, bar_chart

if TYPE_CHECKING:
    from cxvoyager.engine.planrun import PlanRun

MEASUREMENT_PREFIXES = ("perf.", "reliability.")


def _measurement(key: str, value: Any) -> Measurement | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Measurement(label=key, value=float(value))
    if not isinstance(value, Mapping) or not isinstance(value.get("value"), (int, float)):
        return None
    threshold = value.get("threshold")
    return Measurement(
        label=key,
        value=float(value["value"]),
        unit=str(value.get("unit", "")),
        threshold=float(threshold) if isinstance(threshold, (int, float)) else None,
        higher_is_better=bool(value.get("higher_is_better", True)),
    )


def _measurements(steps: Mapping[str, Any], prefix: str) -> list[Measurement]:
    found = []
    for step in steps.values():
        if step.get("outcome") != "passed":
            continue
        for key, value in sorted(step.get("results", {}).items()):
            measurement = _measurement(key, value) if key.startswith(prefix) else None
            if measurement is not None:
                found.append(measurement)
    return found


def show_value(value: Any) -> str:
    """Format a key result for a reader: ``key: value`` pairs, joined lists, a dash for empty."""
    if isinstance(value, Mapping):
        return "; ".join(f"{key}: {show_value(item)}" for key, item in value.items()) or "-"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(show_value(item) for item in value) or "-"
    if isinstance(value, bool):
        chinese = language() == "zh-CN"
        if value:
            return "是" if chinese else "yes"
        return "否" if chinese else "no"
    return str(value)


def stage_outcome(outcomes: list[str]) -> str:
    """Return a stage's outcome from its steps': failed, passed, or skipped when neither."""
    if "failed" in outcomes:
        return "failed"
    if set(outcomes) == {"passed"}:
        return "passed"
    return "skipped"


def _stage_rows(steps: Mapping[str, Any]) -> list[dict[str, Any]]:
    stages: dict[str, dict[str, Any]] = {}
    # A stable sort by stage keeps the ledger's order, which is the run order of the steps.
    for key, step in sorted(steps.items(), key=lambda item: item[1]["stage"]):
        stage = stages.setdefault(
            step["stage"], {"label": step["stage"], "steps": [], "duration": 0.0, "runs": set()}
        )
        stage["steps"].append({"key": key, **step})
        stage["duration"] += step.get("duration") or 0.0
        stage["runs"].add(step.get("run_id", ""))
    rows = []
    for stage in stages.values():
        stage["outcome"] = stage_outcome([step["outcome"] for step in stage["steps"]])
        stage["runs"] = sorted(stage["runs"])
        rows.append(stage)
    return sorted(rows, key=lambda stage: (stage["label"].startswith("15_"), stage["label"]))


def _cover(run: PlanRun, document: Mapping[str, Any], session_end: str) -> dict[str, str]:
    plan = run.plan
    runs = document["runs"]
    return {
        "customer": plan.customer if plan is not None else "-",
        "project": plan.project if plan is not None else "-",
        "datacenter": plan.datacenter if plan is not None else "-",
        "cluster": document["plan"]["cluster"],
        "target": document["plan"]["target"],
        "fingerprint": document["plan"]["fingerprint"][:12],
        "first_run": runs[0]["start"] if runs else "-",
        "last_run": (runs[-1].get("end") or session_end) if runs else session_end,
        "runs": str(len(runs)),
    }


def render_acceptance(
    run: PlanRun, document: Mapping[str, Any], *, lang: str, session_end: str
) -> str:
    """Render the acceptance record of one plan and target as a self-contained HTML page."""
    environment = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    source = resources.files("cxvoyager.report").joinpath("templates/acceptance.html.j2")
    template = environment.from_string(source.read_text(encoding="utf-8"))

    def text(key: str, **fields: Any) -> str:
        return t(key, lang=lang, **fields)

    def stage_title(label: str) -> str:
        key = f"engine.stage.{label}"
        return f"{label} {text(key)}" if has(key) else label

    perf = _measurements(document["steps"], "perf.")
    reliability = _measurements(document["steps"], "reliability.")
    return template.render(
        t=text,
        stage_title=stage_title,
        show=show_value,
        lang=lang,
        simulated=document["plan"]["target"] == "sim",
        cover=_cover(run, document, session_end),
        stages=_stage_rows(document["steps"]),
        runs=document["runs"],
        perf=perf,
        perf_chart=Markup(bar_chart(perf, title=text("engine.report.perf"))),  # noqa: S704 - escaped inside
        reliability=reliability,
        reliability_chart=Markup(  # noqa: S704 - every text is escaped by bar_chart
            bar_chart(reliability, title=text("engine.report.reliability"))
        ),
        waivers=document["waivers"],
        prefixes=MEASUREMENT_PREFIXES,
    )


def write_acceptance(
    run: PlanRun, document: Mapping[str, Any], *, lang: str, session_end: str
) -> None:
    """Write ``acceptance.html`` into the plan's report directory."""
    page = render_acceptance(run, document, lang=lang, session_end=session_end)
    (run.report_dir / "acceptance.html").write_text(run.mask(page), encoding="utf-8")
