"""Commands the simulated machines run over SSH, with real output formats and exit statuses.

``execute`` runs one exec request: it parses the command line
(``shell.py``), finds the machine behind the address (``machines.py``) and
runs each command's handler from the registry. Handlers live in one module
per machine kind: ``common`` (every machine), ``node``, ``tower`` (the
CloudTower VM installer) and ``guest`` (test VMs: ping, disks, memory, fio).
Unknown commands exit 127 with ``command not found`` on stderr.
"""

from __future__ import annotations

import logging

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.sshcommands import (  # noqa: F401 - importing registers the handlers
    common,
    fio_cli,
    guest,
    guest_usage,
    node,
    tower,
)
from cxvoyager.sim.sshcommands.machines import Machine, resolve_machine
from cxvoyager.sim.sshcommands.runner import run_line
from cxvoyager.sim.sshcommands.shell import Output

__all__ = ["Machine", "Output", "execute", "resolve_machine"]

logger = logging.getLogger(__name__)


def execute(ctx: SimContext, address: str, user: str, line: str) -> Output:
    """Run ``line`` as ``user`` on the machine at ``address``, waiting its simulated duration.

    The state lock is held while the command reads or changes state, and
    released while simulated time passes (fio, sleep, a foreground install).
    """
    with ctx.store.lock:
        ctx.scheduler.run_due()
        machine = resolve_machine(ctx, address)
        if machine is None:
            return Output(stderr="Connection closed by remote host\n", status=255)
        output = run_line(ctx, machine, user, line)
        ctx.store.save()
    logger.info("SSH %s@%s: %s -> exit %d", user, address, line.split(" ", 1)[0], output.status)

    if output.wait_seconds > 0:
        ctx.clock.sleep(output.wait_seconds)
    if output.then is not None:
        with ctx.store.lock:
            ctx.scheduler.run_due()
            final = output.then()
            ctx.store.save()
        final.stdout = output.stdout + final.stdout
        final.stderr = output.stderr + final.stderr
        return final
    return output
