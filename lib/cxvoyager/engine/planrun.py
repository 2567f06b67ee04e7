"""One plan's run: its workbook check, ledger, report directory and, on demand, simulator.

The workbook is read and checked when the session is configured, because the
report directory and the ledger are named after the cluster and the plan's
fingerprint. Reading starts nothing: the simulator, the transport and every
API client start only when a step that passed the plan checks requests them.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cxvoyager.clock import Clock, RealClock, VirtualClock
from cxvoyager.engine.options import EngineOptions
from cxvoyager.engine.resume import StaleResults, stale_results
from cxvoyager.errors import PlanError
from cxvoyager.i18n import t
from cxvoyager.ledger import Ledger, PlanIdentity
from cxvoyager.report.secretscan import SecretMasker

logger = logging.getLogger(__name__)

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_.-]+")


def plan_ids(paths: list[Path]) -> list[str]:
    """Return short, unique, ASCII ids for plans (file stems), used in test ids and folders."""
    ids: list[str] = []
    for index, path in enumerate(paths, start=1):
        candidate = _UNSAFE_ID.sub("_", path.stem).strip("_") or f"plan{index}"
        ids.append(candidate if candidate not in ids else f"{candidate}-{index}")
    return ids


def check_workbook(path: Path) -> tuple[Any | None, BaseException | None]:
    """Check a workbook; return ``(PlanCheck, None)``, or ``(None, error)`` when the check crashed.

    A crash is kept, not raised, so the stage 01 step shows it as its failure
    instead of pytest stopping with an internal error before any report.
    """
    try:
        from cxvoyager.plan import check_plan

        return check_plan(path), None
    except Exception as error:
        logger.exception("checking the workbook %s failed", path)
        return None, error


def _identity(path: Path, check: Any | None, target: str) -> PlanIdentity:
    plan = getattr(check, "plan", None)
    if plan is not None:
        return PlanIdentity(str(path), plan.cluster.name, target, plan.fingerprint)
    # An unreadable plan has no cluster or fingerprint yet: name its ledger
    # after the file and its bytes, so --lf still finds the failed check.
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return PlanIdentity(str(path), path.stem, target, digest)


@dataclass
class PlanRun:
    """Everything the engine keeps for one ``--plan`` during a session."""

    plan_id: str
    index: int
    path: Path
    options: EngineOptions
    run_id: str
    started: datetime
    check: Any | None
    check_error: BaseException | None
    ledger: Ledger
    report_dir: Path
    masker: SecretMasker
    stale: StaleResults | None = None
    clock: Clock = field(default_factory=RealClock)
    simulator: Any | None = None
    endpoints: Any | None = None
    redactor: Any | None = None
    recorder: Any | None = None
    transport: Any | None = None
    # --sim-fault specs the simulator never fired, kept for the terminal summary.
    unfired_faults: list[str] = field(default_factory=list)

    @property
    def plan(self) -> Any | None:
        """The validated ``PlanModel``, or None when the workbook did not pass its checks."""
        if self.check is None or not self.check.ok:
            return None
        return self.check.plan

    @property
    def cluster(self) -> str:
        """The cluster name, or the workbook's file name when it could not be read."""
        return self.ledger.identity.cluster

    def mask(self, text: str) -> str:
        """Mask the plan's secrets and the tokens learned at run time in ``text``."""
        masked = self.masker.text(text)
        if self.redactor is not None:
            masked = self.redactor.text(masked)
        return masked


def header_lines(run: PlanRun, run_id: str) -> list[str]:
    """Return the header lines of one plan: its file, cluster, fingerprint and stale stages."""
    identity = run.ledger.identity
    lines = [
        t(
            "engine.header.plan",
            plan=run.path,
            cluster=identity.cluster,
            fingerprint=identity.fingerprint[:12],
            target=identity.target,
            run=run_id,
        )
    ]
    if run.stale is not None:
        lines.append(
            t(
                "engine.header.stale",
                old=run.stale.old_fingerprint[:12],
                stages=", ".join(run.stale.stages),
            )
        )
    return lines


def default_report_dir(options: EngineOptions, root: Path, started: datetime, name: str) -> Path:
    """Return ``reports/<YYYYmmdd-HHMMSS>-<name>`` under the root, unless --report-dir is given."""
    if options.report_dir is not None:
        return options.report_dir
    safe = re.sub(r"[^\w.-]+", "_", name).strip("_") or "plan"
    return root / "reports" / f"{started:%Y%m%d-%H%M%S}-{safe}"


def open_plan_run(
    path: Path,
    *,
    index: int,
    plan_id: str,
    options: EngineOptions,
    run_id: str,
    started: datetime,
    root: Path,
    session_dir: Path | None,
) -> PlanRun:
    """Check one workbook and open its ledger; nothing is started.

    Args:
        path: the workbook.
        index: the position of the plan on the command line.
        plan_id: the plan's short id.
        options: the session's options.
        run_id: the session's run id.
        started: when the session started.
        root: pytest's root directory; default report directories go under it.
        session_dir: with several plans, the session's report directory; each
            plan reports into a sub-directory named by its id. None with one plan.
    """
    check, error = check_workbook(path)
    identity = _identity(path, check, options.target)
    plan = getattr(check, "plan", None)
    secrets = plan.secrets() if plan is not None else []
    ledger = Ledger.open(options.state_dir, identity, secrets=secrets)
    if session_dir is None:
        report_dir = default_report_dir(options, root, started, identity.cluster)
    else:
        report_dir = session_dir / plan_id
    return PlanRun(
        plan_id=plan_id,
        index=index,
        path=path,
        options=options,
        run_id=run_id,
        started=started,
        check=check,
        check_error=error,
        ledger=ledger,
        report_dir=report_dir,
        masker=SecretMasker(secrets),
        stale=stale_results(options.state_dir, identity, ledger),
        clock=make_clock(options),
    )


def make_clock(options: EngineOptions) -> Clock:
    """Return the clock of a plan: virtual at ``--sim-speed`` in sim mode, real in live mode."""
    if options.target == "sim":
        return VirtualClock(options.sim_speed)
    return RealClock()


def require_plan(run: PlanRun) -> Any:
    """Return the validated plan, or raise the workbook's findings as a ``PlanError``.

    Raises:
        PlanError: the workbook did not pass its checks; the message is the findings table.
        Exception: checking the workbook crashed; the original error is raised again.
    """
    if run.check_error is not None:
        raise run.check_error
    if run.plan is not None:
        return run.plan
    from cxvoyager.plan import render_findings

    findings = list(run.check.findings) if run.check is not None else []
    raise PlanError(render_findings(findings), findings=findings)


def start_simulator(run: PlanRun) -> Any:
    """Start the plan's simulator on loopback; its state lives next to the ledger.

    Raises:
        PlanError: the workbook did not pass its checks, so nothing may start.
    """
    plan = require_plan(run)
    if run.simulator is not None:
        return run.simulator
    from cxvoyager.sim import Simulator

    state_dir = run.options.state_dir / run.ledger.key / "sim"
    simulator = Simulator(
        plan,
        state_dir=state_dir,
        clock=run.clock,
        faults=list(run.options.sim_faults),
        seed=run.options.sim_seed,
    )
    run.endpoints = simulator.start()
    run.simulator = simulator
    logger.info(
        "simulator of plan %s started on loopback (http %s, https %s)",
        run.plan_id,
        run.endpoints.http_port,
        run.endpoints.https_port,
    )
    return simulator


def stop_simulator(run: PlanRun) -> None:
    """Stop the plan's simulator if it runs."""
    if run.simulator is None:
        return
    run.unfired_faults = run.simulator.context.faults.unfired()
    run.simulator.stop()
    run.simulator = None
    logger.info("simulator of plan %s stopped", run.plan_id)


def open_transport(run: PlanRun) -> Any:
    """Create the plan's transport with its traffic recorder and redactor.

    In sim mode every connection goes to the simulator on loopback. In live
    mode connections go to the planned addresses, verified against
    ``--ca-bundle`` or the certificate pins in the ledger.
    """
    if run.transport is not None:
        return run.transport
    plan = require_plan(run)
    from cxvoyager.clients.har import HarRecorder
    from cxvoyager.clients.transport import LiveTransport, SimTransport
    from cxvoyager.redaction import Redactor

    run.redactor = Redactor(plan.secrets())
    if run.options.traffic_record:
        run.recorder = HarRecorder(redactor=run.redactor)
    if run.options.target == "sim":
        if run.endpoints is None:
            start_simulator(run)
        endpoints: Any = run.endpoints
        run.transport = SimTransport(
            http_port=endpoints.http_port,
            https_port=endpoints.https_port,
            ca_pem=endpoints.ca_pem,
            clock=run.clock,
            recorder=run.recorder,
            redactor=run.redactor,
        )
    else:
        run.transport = LiveTransport(
            clock=run.clock,
            ca_bundle=run.options.ca_bundle,
            pinned=run.ledger.pins,
            recorder=run.recorder,
            redactor=run.redactor,
        )
    return run.transport
