"""Glue shared by the Fisheye route modules: who may call, and with which token."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint

from cxvoyager.sim.app import context, host_address, machine, not_found, serves
from cxvoyager.sim.smtx.auth import require_session
from cxvoyager.sim.smtx.envelope import install_error_handlers

F = TypeVar("F", bound=Callable[..., Any])


def make_blueprint(name: str) -> Blueprint:
    """Create a Fisheye blueprint that renders SMTX OS errors in their real shapes."""
    blueprint = Blueprint(name, __name__)
    install_error_handlers(blueprint)
    return blueprint


def cluster_endpoint(*, session: bool = True) -> Callable[[F], F]:
    """Serve a view on deployed nodes and the VIP, checking the session unless ``session`` is False.

    A node that is not a cluster member yet returns 404 on Fisheye paths,
    because its web server has no such route before deployment.
    """

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            ctx = context()
            if machine()["kind"] == "node" and not ctx.state["nodes"][host_address()]["deployed"]:
                return not_found()
            if session:
                require_session(ctx)
            return view(*args, **kwargs)

        return serves("node", "vip")(wrapper)  # type: ignore[return-value]

    return decorate
