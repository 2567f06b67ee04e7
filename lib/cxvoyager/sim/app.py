"""The simulator's WSGI application: dispatch on the Host header, faults, state lock.

A request reaches a service handler only when the planned machine named by
its ``Host`` header accepts connections on the request's port now
(``network.lookup``). Otherwise the simulator cannot refuse a connection that
already exists, so it returns 502 with ``X-CXVoyager-Sim: unreachable``, and
the suite's sim transport turns that into the connection error a real client
would get.
Injected resets are signalled the same way with ``X-CXVoyager-Sim: reset``.

Service modules live in ``cxvoyager.sim.services``; each exposes a Flask
``blueprint`` and is registered automatically. Handlers mark the machine
kinds they serve with ``@serves("node", ...)``.
"""

from __future__ import annotations

import functools
import importlib
import logging
import pkgutil
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, g, jsonify, request

from cxvoyager.netguard import is_loopback
from cxvoyager.sim import network, services
from cxvoyager.sim.context import SimContext

logger = logging.getLogger(__name__)

SIM_HEADER = "X-CXVoyager-Sim"
F = TypeVar("F", bound=Callable[..., Any])


def context() -> SimContext:
    """Return the simulator context of the current request."""
    ctx: SimContext = g.sim
    return ctx


def machine() -> dict[str, Any]:
    """Return the network entry (kind, key, ports) the current request reached."""
    entry: dict[str, Any] = g.machine
    return entry


def host_address() -> str:
    """Return the planned address the request was sent to (Host header without port)."""
    host = request.host
    if host.startswith("["):
        return host[1 : host.index("]")]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def serves(*kinds: str) -> Callable[[F], F]:
    """Let a handler run only on machines of ``kinds`` (prefix match for ``app:``).

    Other machines return 404, as a real server without that route does.
    """

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            kind = machine()["kind"]
            if not any(kind == wanted or kind.startswith(wanted + ":") for wanted in kinds):
                return not_found()
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def not_found() -> Response:
    """Return a 404 response the way a web server with no such route does."""
    response = jsonify({"message": f"Cannot {request.method} {request.path}"})
    response.status_code = 404
    return response


def _sim_signal(kind: str) -> Response:
    response = Response(f"simulated {kind}\n", status=502, mimetype="text/plain")
    response.headers[SIM_HEADER] = kind
    return response


def _port_of_request() -> int:
    return network.SCHEME_PORTS["https" if request.scheme == "https" else "http"]


def _before_request(sim: SimContext) -> Response | None:
    g.sim = sim
    address = host_address()
    if request.path.startswith("/_sim/"):
        return None if is_loopback(address) or address == "localhost" else not_found()

    delay_ms = sim.faults.latency_ms(request.method, request.path)
    if delay_ms:
        time.sleep(delay_ms / 1000)  # NOTE: injected latency is real time by design
    fault = sim.faults.take_request_fault(request.method, request.path)

    sim.store.lock.acquire()
    g.locked = True
    g.dirty = sim.scheduler.run_due() > 0
    entry = network.lookup(sim.state, address, _port_of_request())
    if entry is None:
        return _sim_signal("unreachable")
    if fault is not None and fault.kind == "reset":
        return _sim_signal("reset")
    if fault is not None:
        return _injected_status(fault.status)
    g.machine = entry
    return None


def _injected_status(status: int) -> Response:
    response = jsonify({"message": f"injected fault: HTTP {status}", "code": "SimulatedFault"})
    response.status_code = status
    return response


def _after_request(response: Response) -> Response:
    sim: SimContext | None = g.get("sim")
    if sim is not None and g.get("locked") and (g.get("dirty") or request.method != "GET"):
        # Saved with every change, so a simulator restarted after SIGKILL resumes
        # virtual time from here and not from the real time of the restart.
        sim.state["clock_now"] = sim.clock.now()
        sim.store.save()
    return response


def _teardown(_exc: BaseException | None) -> None:
    sim: SimContext | None = g.get("sim")
    if sim is not None and g.pop("locked", False):
        sim.store.lock.release()


def service_modules() -> list[Any]:
    """Import and return every module of ``cxvoyager.sim.services``, in name order."""
    names = sorted(info.name for info in pkgutil.iter_modules(services.__path__))
    return [importlib.import_module(f"{services.__name__}.{name}") for name in names]


def _register_services(app: Flask) -> None:
    for module in service_modules():
        blueprint = getattr(module, "blueprint", None)
        if blueprint is not None:
            app.register_blueprint(blueprint)


def create_app(sim: SimContext) -> Flask:
    """Build the Flask application serving every simulated machine."""
    app = Flask("cxvoyager.sim")
    app.config["JSON_SORT_KEYS"] = False
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.before_request(lambda: _before_request(sim))
    app.after_request(_after_request)
    app.teardown_request(_teardown)
    _register_services(app)
    return app
