"""The CloudTower VM's installer, run over SSH as the real delivery does.

``sudo /usr/share/smartx/tower/preinstall.sh`` prepares the VM; then
``sudo .../installer deploy`` (usually ``nohup ... > nohup.out 2>&1 &``)
installs CloudTower over about 20 simulated minutes, writing one log line per
phase. The last line is ``Install Operation Center Successfully``; then
``state["tower"]["installed"]`` turns true and the CloudTower address opens
port 443. With ``task:cloudtower-install:fail:N`` the install stops halfway
with an error line instead.

NOTE: the phase names and the rule that ``deploy`` needs ``preinstall.sh``
first are modelled on the documented procedure, not on captured logs.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from cxvoyager.sim import network
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.scheduler import action
from cxvoyager.sim.sshcommands.registry import command, live_source
from cxvoyager.sim.sshcommands.shell import Call, Output

logger = logging.getLogger(__name__)

PREINSTALL = "/usr/share/smartx/tower/preinstall.sh"
INSTALLER = "/usr/share/smartx/tower/installer/binary/installer"
SUCCESS_LINE = "Install Operation Center Successfully"
FAILURE_LINE = "Install Operation Center Failed"
LOG_SOURCE = "tower.install"
PREINSTALL_SECONDS = 20.0
# (seconds after the previous phase, message): about 20 simulated minutes in all.
PHASES = (
    (5, "checking system environment"),
    (40, "checking disk, memory and network requirements"),
    (180, "loading container images"),
    (120, "starting container runtime"),
    (150, "deploying database"),
    (240, "deploying Operation Center services"),
    (200, "initializing Operation Center data"),
    (180, "waiting for services to become ready"),
    (60, "configuring HTTPS endpoint"),
)
FAILING_PHASE = 5  # an injected failure stops at "deploying Operation Center services"


def tower_record(state: dict[str, Any]) -> dict[str, Any]:
    """Return ``state["tower"]``, creating it when the CloudTower service has not done so yet."""
    record: dict[str, Any] = state.setdefault("tower", {})
    record.setdefault("installed", False)
    return record


def _log_line(at: float, level: str, message: str) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(at))
    return f"[{stamp}] {level} {message}"


@live_source(LOG_SOURCE)
def install_log(ctx: SimContext) -> str:
    """Return the installer's output so far."""
    lines = tower_record(ctx.state).get("install", {}).get("log", [])
    return "".join(line + "\n" for line in lines)


@command(PREINSTALL, "preinstall.sh", kinds=("cloudtower",))
def preinstall(call: Call) -> Output:
    """Prepare the VM for the installer; root only."""
    if not call.root:
        return call.error("this script must be run as root")
    tower_record(call.state)["preinstalled"] = True
    lines = [
        "checking operating system: OK",
        "configuring kernel parameters: OK",
        "configuring firewall: OK",
        "preinstall finished",
    ]
    return Output(stdout="".join(line + "\n" for line in lines), wait_seconds=PREINSTALL_SECONDS)


def _start_problem(call: Call, tower: dict[str, Any]) -> str | None:
    if not call.root:
        return "permission denied: the installer must be run as root"
    if call.argv[1:] != ["deploy"]:
        return "usage: installer deploy"
    if not tower.get("preinstalled"):
        return "environment is not prepared: run preinstall.sh first"
    if tower.get("install", {}).get("status") == "running":
        return "another installer process is running"
    if tower.get("installed"):
        return "Operation Center is already installed"
    return None


@command(INSTALLER, kinds=("cloudtower",))
def installer(call: Call) -> Output:
    """Start the CloudTower install; its log grows over simulated time."""
    tower = tower_record(call.state)
    problem = _start_problem(call, tower)
    if problem is not None:
        return call.error(problem, status=2 if problem.startswith("usage") else 1)

    ctx = call.ctx
    now = ctx.clock.now()
    runs = int(tower.get("install", {}).get("run", 0)) + 1
    failing = ctx.faults.take_task_failure("cloudtower-install")
    tower["install"] = {
        "run": runs,
        "status": "running",
        "started_at": now,
        "failing": failing,
        "log": [_log_line(now, "INFO", "start deploying Operation Center")],
    }
    ctx.scheduler.at(PHASES[0][0], "sim.tower.install.phase", run=runs, index=0)
    logger.info("CloudTower install %d started%s", runs, " (injected failure)" if failing else "")

    if call.background or call.stdout_redirected:
        return Output(live_source=LOG_SOURCE)
    total = sum(delay for delay, _message in PHASES) + 1
    return Output(wait_seconds=total, then=lambda: _final_output(ctx))


def _final_output(ctx: SimContext) -> Output:
    install = tower_record(ctx.state).get("install", {})
    return Output(stdout=install_log(ctx), status=0 if install.get("status") == "succeeded" else 1)


@action("sim.tower.install.phase")
def _install_phase(ctx: SimContext, due: float, args: dict[str, Any]) -> None:
    tower = tower_record(ctx.state)
    install = tower.get("install", {})
    if install.get("run") != args["run"] or install.get("status") != "running":
        return
    index = args["index"]
    message = PHASES[index][1]
    if install["failing"] and index == FAILING_PHASE:
        install["log"].append(
            _log_line(due, "ERROR", f"{message} failed: service did not start in time")
        )
        install["log"].append(FAILURE_LINE)
        install["status"] = "failed"
        logger.info("CloudTower install %d failed (injected)", args["run"])
        return
    install["log"].append(_log_line(due, "INFO", message))
    if index + 1 < len(PHASES):
        ctx.scheduler.at(
            PHASES[index + 1][0],
            "sim.tower.install.phase",
            base=due,
            run=args["run"],
            index=index + 1,
        )
        return
    _finish(ctx, tower, due)


def _finish(ctx: SimContext, tower: dict[str, Any], due: float) -> None:
    install = tower["install"]
    install["log"].append(_log_line(due, "INFO", SUCCESS_LINE))
    install["status"] = "succeeded"
    tower["installed"] = True
    address = str(ctx.plan.cloudtower.ip) if ctx.plan.cloudtower is not None else None
    if address is not None:
        if address in network.entries(ctx.state):
            network.open_ports(ctx.state, address, network.SCHEME_PORTS["https"])
        else:
            network.attach(
                ctx.state,
                address,
                kind="cloudtower",
                key="",
                ports=[network.SSH_PORT, network.SCHEME_PORTS["https"]],
            )
    logger.info("CloudTower install %d finished; HTTPS open on %s", install["run"], address)
