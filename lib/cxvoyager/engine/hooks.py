"""The engine's pytest hooks: one object per session, registered by ``cxvoyager.plugin``.

At session start each plan's ledger records the run and its run.log opens
(in an xdist worker, at the plan's first step instead). Collection
marks each step with its stage, sorts the steps and applies ``--lf``. Each
step's setup checks its prerequisites, and its call runs inside a step
context. Its reports are redacted and recorded in the ledger, and the session
end writes the reports, which the secret scan then checks.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Generator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from cxvoyager import netguard
from cxvoyager.engine import collection
from cxvoyager.engine.dependencies import Blocker, DependencyTracker, Outcome
from cxvoyager.engine.distribution import LF_NOTES_KEY, controller_run
from cxvoyager.engine.livelog import install_live_log_formatter
from cxvoyager.engine.options import EngineOptions
from cxvoyager.engine.outcomes import (
    CRITERION_ATTR,
    KEY_ATTR,
    PLAN_ATTR,
    REASON_ATTR,
    SKIP_KIND_ATTR,
    STAGE_ATTR,
    StepResult,
    combine,
    failure_message,
    shorten_reason,
)
from cxvoyager.engine.planrun import (
    PlanRun,
    default_report_dir,
    header_lines,
    open_plan_run,
    plan_ids,
)
from cxvoyager.engine.resume import select_rerun
from cxvoyager.engine.runlog import RunLog
from cxvoyager.engine.steps import PLAN_PARAM, StepInfo
from cxvoyager.errors import PlanError
from cxvoyager.i18n import t
from cxvoyager.ledger import DEPENDENCY, FAILED, PASSED, SKIPPED, StepOutcome
from cxvoyager.report.redact import mask_credential_headers, redact_report

logger = logging.getLogger(__name__)

_BLOCKER = pytest.StashKey[Any]()
_REORDERING_OPTIONS = (
    ("lf", None),
    ("failedfirst", "--ff"),
    ("newfirst", "--nf"),
    ("stepwise", "--sw"),
)


def new_run_id(started: datetime) -> str:
    """Return a run id that sorts by time and is unique within one second."""
    return f"{started:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


class Engine:
    """Session state and hooks of the suite engine.

    Args:
        config: the pytest config.
        options: the validated plugin options.
    """

    def __init__(self, config: pytest.Config, options: EngineOptions) -> None:
        self.config = config
        self.options = options
        self.is_xdist_worker = hasattr(config, "workerinput")
        self.started = datetime.now().astimezone()
        self.run_id = new_run_id(self.started)
        joined = controller_run(config)
        if joined is not None:
            # Every xdist process writes the controller's run into the ledgers.
            self.run_id, self.started = joined
        self.runs: dict[str, PlanRun] = {}
        self.session_dir: Path | None = None
        self.steps: dict[str, StepInfo] = {}
        self.trackers: dict[str, DependencyTracker] = {}
        self.results: dict[str, dict[str, StepResult]] = {}
        self.key_results: dict[str, dict[str, Any]] = {}
        self.lf_notes: list[str] = []
        self.lf_requested = bool(config.getoption("lf", False))
        self._phases: dict[str, list[pytest.TestReport]] = {}
        self._skip_blockers: dict[str, Blocker] = {}
        self._runlog = RunLog()
        self._started_plans: set[str] = set()
        self._open_plans()

    # -- setup ------------------------------------------------------------------------

    def _open_plans(self) -> None:
        paths = list(self.options.plans)
        if not paths:
            return
        if self.config.getoption("dist", "no") == "each":
            # Every worker would run every plan and write the same ledgers.
            raise pytest.UsageError(t("engine.option.dist_each"))
        ids = plan_ids(paths)
        if len(paths) > 1:
            self.session_dir = default_report_dir(
                self.options, self.config.rootpath, self.started, f"{len(paths)}-plans"
            )
        for index, (path, plan_id) in enumerate(zip(paths, ids, strict=True)):
            self.runs[plan_id] = open_plan_run(
                path,
                index=index,
                plan_id=plan_id,
                options=self.options,
                run_id=self.run_id,
                started=self.started,
                root=self.config.rootpath,
                session_dir=self.session_dir,
            )

    @property
    def active(self) -> bool:
        """Whether any plan was given, so the suite engine takes part in this session."""
        return bool(self.runs)

    @property
    def single_plan(self) -> str | None:
        """The id of the only plan, or None with zero or several plans."""
        return next(iter(self.runs)) if len(self.runs) == 1 else None

    @property
    def is_xdist_controller(self) -> bool:
        """Whether this process only dispatches tests to xdist workers."""
        return self.config.pluginmanager.hasplugin("dsession")

    def run_of(self, item_or_report: Any) -> PlanRun | None:
        """Return the plan run of a suite item or report."""
        plan_id = getattr(item_or_report, PLAN_ATTR, None)
        if plan_id is None and hasattr(item_or_report, "nodeid"):
            step = self.steps.get(item_or_report.nodeid)
            plan_id = step.plan_id if step is not None else None
        return self.runs.get(plan_id) if plan_id is not None else None

    # -- session start ------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        """Take over ``--lf`` from pytest, open run.log, and record the run in each ledger."""
        if not self.active:
            return
        self._take_over_last_failed()
        if self.options.target == "sim":
            # No packet may reach a planned address in sim mode.
            netguard.install()
        install_live_log_formatter(self.config, self.runs.values())
        if self.session_dir is not None and not self.is_xdist_worker:
            self.session_dir.mkdir(parents=True, exist_ok=True)
        if self.is_xdist_controller or self.is_xdist_worker:
            # A worker starts a plan with its first step (``pytest_runtest_protocol``),
            # and the controller leaves ledgers, run.log and reports to the workers.
            return
        for run in self.runs.values():
            self._start_plan(run)

    def _start_plan(self, run: PlanRun) -> None:
        """Record the run in the plan's ledger and open its report directory and run.log."""
        if run.plan_id in self._started_plans:
            return
        self._started_plans.add(run.plan_id)
        run.report_dir.mkdir(parents=True, exist_ok=True)
        self._runlog.open(run)
        run.ledger.begin_run(self.run_id, lang=self.options.lang, options=self.options.as_record())

    def _take_over_last_failed(self) -> None:
        # pytest's --lf would skip whole files at collection and reorder them;
        # the engine selects from the ledger instead (see ``resume``).
        plugin_manager = self.config.pluginmanager
        last_failed = plugin_manager.get_plugin("lfplugin")
        if last_failed is not None:
            last_failed.active = False
        wrapper = plugin_manager.get_plugin("lfplugin-collwrapper")
        if wrapper is not None:
            plugin_manager.unregister(wrapper)

    def pytest_report_header(self, config: pytest.Config) -> list[str]:
        """Show each plan, its fingerprint and its stale stages at the top of the run."""
        return [line for run in self.runs.values() for line in header_lines(run, self.run_id)]

    # -- collection ---------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        """Run each suite step once per plan when several plans are given."""
        from cxvoyager.engine.stages import stage_of_path

        if len(self.runs) < 2 or stage_of_path(metafunc.definition.path) is None:
            return
        ids = list(self.runs)
        metafunc.parametrize(PLAN_PARAM, ids, ids=ids, indirect=True, scope="session")

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_collection_modifyitems(
        self, session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
    ) -> Generator[None, None, None]:
        """Mark stages before other plugins filter; sort and apply ``--lf`` after them all."""
        self.steps = collection.describe_items(items, self.single_plan)
        if self.steps and not self.active:
            raise pytest.UsageError(t("engine.option.no_plan"))
        if self.steps:
            self._reject_reordering()
        yield
        if not self.steps:
            return
        # xdist's loadgroup appended ``@group`` to node ids inside this wrapper.
        self.steps = collection.rekey_steps(items, self.steps)
        items[:] = collection.order_items(
            items, self.steps, {p: r.index for p, r in self.runs.items()}
        )
        existing = collection.existing_stages(items, self.steps)
        selected_by_plan = {
            plan_id: collection.stage_plan(items, self.steps, plan_id, existing)
            for plan_id in self.runs
        }
        if self.lf_requested:
            self._select_rerun(config, items, selected_by_plan)
            if self.is_xdist_worker:
                # A worker's terminal output is not shown: the controller prints the notes.
                config.workeroutput[LF_NOTES_KEY] = list(self.lf_notes)  # type: ignore[attr-defined]
        for plan_id, plan_steps in selected_by_plan.items():
            self.trackers[plan_id] = DependencyTracker(plan_steps, self.runs[plan_id].ledger)

    def pytest_report_collectionfinish(self) -> list[str]:
        """Say what ``--lf`` selected for each plan."""
        return list(self.lf_notes)

    def _reject_reordering(self) -> None:
        for dest, option in _REORDERING_OPTIONS:
            if option is not None and self.config.getoption(dest, False):
                raise pytest.UsageError(t("engine.option.reorder", option=option))

    def _select_rerun(
        self, config: pytest.Config, items: list[pytest.Item], plans: dict[str, Any]
    ) -> None:
        deselected: list[pytest.Item] = []
        for plan_id, plan_steps in plans.items():
            run = self.runs[plan_id]
            selection = select_rerun(plan_steps.steps, run.ledger, current_run=self.run_id)
            note_key = "engine.lf.everything" if selection.everything else "engine.lf.selected"
            self.lf_notes.append(
                t(
                    note_key,
                    plan=run.plan_id,
                    run=len(selection.run),
                    credited=len(selection.credited),
                )
            )
            deselected += [
                item
                for item in items
                if self.steps.get(item.nodeid) is not None
                and self.steps[item.nodeid].plan_id == plan_id
                and self.steps[item.nodeid].key not in selection.run
            ]
        if deselected:
            chosen = set(map(id, deselected))
            items[:] = [item for item in items if id(item) not in chosen]
            config.hook.pytest_deselected(items=deselected)

    # -- running a step -----------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        """Skip a step whose prerequisites did not pass, naming the first one and its run."""
        step = self.steps.get(item.nodeid)
        if step is None or step.plan_id not in self.trackers:
            return
        blocker = self.trackers[step.plan_id].blocker(step)
        if blocker is None:
            return
        item.stash[_BLOCKER] = blocker
        self._skip_blockers[item.nodeid] = blocker
        # A skip mark, evaluated by pytest's skipping plugin right after this
        # hook, reports the skip at the test's own location.
        item.add_marker(pytest.mark.skip(reason=blocker.reason()))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, None, None]:
        """Run the step inside its step context, so API calls and logs name it."""
        step = self.steps.get(item.nodeid)
        if step is None:
            return (yield)
        from cxvoyager.clients.context import step_context

        with step_context(stage=step.stage.label, step=step.name):
            return (yield)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Generator[None, None, None]:
        """Route the step's log records to its plan's run.log."""
        run = self.run_of(item)
        if run is None:
            return (yield)
        self._start_plan(run)
        with self._runlog.plan(run.plan_id):
            return (yield)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        """Tag the report with its step, show plan errors as a table, and mask secrets."""
        report = yield
        step = self.steps.get(item.nodeid)
        run = self.run_of(item)
        if step is None or run is None:
            return report
        setattr(report, PLAN_ATTR, step.plan_id)
        setattr(report, KEY_ATTR, step.key)
        setattr(report, STAGE_ATTR, step.stage.label)
        setattr(report, CRITERION_ATTR, step.criterion)
        if _BLOCKER in item.stash and report.skipped:
            setattr(report, SKIP_KIND_ATTR, DEPENDENCY)
        if call.excinfo is not None and report.failed:
            # Taken before redaction, which may turn the long representation into plain text.
            message = failure_message(call.excinfo, report.longrepr)
            setattr(report, REASON_ATTR, shorten_reason(mask_credential_headers(run.mask(message))))
            if isinstance(call.excinfo.value, PlanError):
                # The findings table is the whole message; a traceback would hide it.
                report.longrepr = str(call.excinfo.value)
        redact_report(report, run.mask)
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Combine a step's phase reports and record the outcome once its teardown is reported."""
        plan_id = getattr(report, PLAN_ATTR, None)
        if plan_id is None or plan_id not in self.runs:
            return
        phases = self._phases.setdefault(report.nodeid, [])
        phases.append(report)
        if report.when != "teardown":
            return
        result = combine(self._phases.pop(report.nodeid))
        key = getattr(report, KEY_ATTR)
        self.results.setdefault(plan_id, {})[key] = result
        if not self.is_xdist_controller:
            self._record(self.runs[plan_id], report, key, result)

    def _record(
        self, run: PlanRun, report: pytest.TestReport, key: str, result: StepResult
    ) -> None:
        tracker = self.trackers.get(run.plan_id)
        blocker = None
        if tracker is not None:
            outcome = Outcome(result.outcome, self.run_id, result.skip_kind)
            blocker = self._skip_blockers.pop(report.nodeid, None)
            tracker.record(key, outcome, blocker)
        run.ledger.record_step(
            StepOutcome(
                key=key,
                stage=getattr(report, STAGE_ATTR),
                outcome=result.outcome,
                run_id=self.run_id,
                start=datetime.fromtimestamp(result.start)
                .astimezone()
                .isoformat(timespec="seconds"),
                duration=result.duration,
                skip_kind=result.skip_kind,
                reason=result.reason,
                criterion=getattr(report, CRITERION_ATTR, None),
                results=self.key_results.pop(report.nodeid, {}),
            )
        )

    def add_key_result(self, nodeid: str, key: str, value: Any) -> None:
        """Keep a key result a step reports (``step_record``) until its outcome is recorded."""
        self.key_results.setdefault(nodeid, {})[key] = value

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """Name each plan's report directory and its steps that never ran for a dependency.

        Under xdist the controller also repeats what ``--lf`` selected in the workers.
        """
        if self.is_xdist_controller:
            for note in self.lf_notes:
                terminalreporter.write_line(note)
        for run in self.runs.values():
            counts = self.outcome_counts(run.plan_id)
            terminalreporter.write_line(
                t("engine.summary.reports", plan=run.plan_id, path=run.report_dir)
            )
            if counts[DEPENDENCY]:
                terminalreporter.write_line(
                    t("engine.summary.dependency", plan=run.plan_id, count=counts[DEPENDENCY]),
                    yellow=True,
                )
            unfired = run.unfired_faults
            if run.simulator is not None:
                unfired = run.simulator.context.faults.unfired()
            if unfired:
                terminalreporter.write_line(
                    t("engine.summary.unfired_faults", plan=run.plan_id, specs="; ".join(unfired)),
                    yellow=True,
                )

    # -- session end --------------------------------------------------------------------

    def outcome_counts(self, plan_id: str) -> dict[str, int]:
        """Count this session's outcomes of one plan, dependency skips apart."""
        counts = {PASSED: 0, FAILED: 0, SKIPPED: 0, DEPENDENCY: 0}
        for result in self.results.get(plan_id, {}).values():
            counts[result.outcome] += 1
            if result.skip_kind == DEPENDENCY:
                counts[DEPENDENCY] += 1
        return counts

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Close each plan's run in its ledger and write the reports."""
        if not self.active:
            return
        from cxvoyager.report.writer import write_plan_reports

        dependency_skips = 0
        for run in self.runs.values():
            counts = self.outcome_counts(run.plan_id)
            dependency_skips += counts[DEPENDENCY]
            if run.plan_id not in self._started_plans:
                # Another xdist worker ran this plan, or this is the controller.
                continue
            run.ledger.end_run(self.run_id, counts)
            write_plan_reports(self, run, counts)
            self._runlog.close(run.plan_id)
        if dependency_skips and session.exitstatus == 0:
            # Steps that never ran leave the delivery unfinished.
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
