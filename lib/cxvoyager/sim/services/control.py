"""Control API of the simulator itself, on loopback only (``/_sim/...``).

Used by the standalone server for demos and by tests; the suite's clients
never call it. Requests must carry a loopback ``Host`` (``127.0.0.1:PORT``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from cxvoyager.sim import network
from cxvoyager.sim.app import context
from cxvoyager.sim.faults import FaultSpecError

blueprint = Blueprint("sim_control", __name__, url_prefix="/_sim")


@blueprint.get("/network")
def network_table() -> Any:
    """Return the network table: which planned address listens on which port."""
    ctx = context()
    with ctx.store.lock:
        ctx.scheduler.run_due()
        return jsonify(network.entries(ctx.state))


@blueprint.get("/probe")
def probe() -> Any:
    """Tell whether ``address`` (and ``port``, when given) accepts connections now."""
    ctx = context()
    address = request.args.get("address", "")
    port = request.args.get("port", type=int)
    with ctx.store.lock:
        ctx.scheduler.run_due()
        if port is None:
            answers = network.in_use(ctx.state, address)
        else:
            answers = network.lookup(ctx.state, address, port) is not None
    return jsonify({"address": address, "port": port, "answers": answers})


@blueprint.post("/faults")
def add_fault() -> Any:
    """Add a fault in ``--sim-fault`` grammar (body ``{"spec": "..."}``)."""
    spec = (request.get_json(silent=True) or {}).get("spec", "")
    try:
        context().faults.add(spec)
    except FaultSpecError as exc:
        return jsonify({"message": str(exc)}), 400
    return jsonify({"spec": spec}), 201


@blueprint.get("/clock")
def clock() -> Any:
    """Return the virtual time in epoch seconds."""
    return jsonify({"now": context().clock.now()})
