"""BMC Redfish at each host's BMC address (HTTPS 443): service root, systems, power actions.

Authentication is HTTP Basic with the plan's BMC user and password, except
for the service root, which the Redfish specification leaves open. A
Redfish session (``POST /redfish/v1/SessionService/Sessions``) returns an
``X-Auth-Token`` that works in place of Basic auth until it is deleted.
Power actions act on the host through ``cxvoyager.sim.physics``, so a
``ForceOff`` takes the host, its VMs and its storage replicas down.

NOTE: the system id ``1`` is one common choice. Real BMCs use others
(``System.Embedded.1``, ``Self``), so clients must discover the system
through ``/redfish/v1/Systems`` and never assume its id.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, jsonify, request

from cxvoyager.plan.model import HostPlan
from cxvoyager.sim import physics
from cxvoyager.sim.app import context, serves
from cxvoyager.sim.services.redfish_auth import authorized, planned_host, redfish_error
from cxvoyager.sim.services.redfish_body import (
    RESET_TYPES,
    service_root,
    system_collection,
    system_resource,
)

logger = logging.getLogger(__name__)

blueprint = Blueprint("redfish", __name__, url_prefix="/redfish/v1")
SYSTEM_ID = "1"


@blueprint.get("")
@blueprint.get("/")
@serves("bmc")
def root() -> Any:
    """Return the service root (no authentication)."""
    return jsonify(service_root())


@blueprint.get("/Systems")
@serves("bmc")
def systems() -> Any:
    """Return the collection with the one computer system this BMC manages."""
    return authorized() or jsonify(system_collection([SYSTEM_ID]))


@blueprint.get("/Systems/<system_id>")
@serves("bmc")
def system(system_id: str) -> Any:
    """Return the computer system with its power state and identity."""
    denied = authorized()
    if denied is not None:
        return denied
    if system_id != SYSTEM_ID:
        return _no_such_system(system_id)
    host = planned_host()
    ip = str(host.management_ip)
    node = context().state.get("nodes", {}).get(ip, {})
    power = physics.power_state(context(), ip)
    return jsonify(system_resource(SYSTEM_ID, host, node, power=power))


def _no_such_system(system_id: str) -> Response:
    return redfish_error(
        404,
        "Base.1.8.ResourceMissingAtURI",
        f"The resource at the URI /redfish/v1/Systems/{system_id} was not found.",
    )


@blueprint.post("/Systems/<system_id>/Actions/ComputerSystem.Reset")
@serves("bmc")
def reset(system_id: str) -> Any:
    """Apply a ``ComputerSystem.Reset`` action: power the host on, off or restart it."""
    denied = authorized()
    if denied is not None:
        return denied
    if system_id != SYSTEM_ID:
        return _no_such_system(system_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return redfish_error(
            400,
            "Base.1.8.MalformedJSON",
            "The request body submitted was malformed JSON and could not be parsed.",
        )
    problem = _reset_problem(body)
    if problem is not None:
        return problem

    _apply_reset(planned_host(), body["ResetType"])
    return Response(status=204)


def _reset_problem(body: dict[str, Any]) -> Response | None:
    unknown = sorted(set(body) - {"ResetType"})
    if unknown:
        return redfish_error(
            400,
            "Base.1.8.ActionParameterUnknown",
            f"The action ComputerSystem.Reset was submitted with the invalid "
            f"parameter {unknown[0]}.",
            parameter=unknown[0],
        )
    if "ResetType" not in body:
        return redfish_error(
            400,
            "Base.1.8.ActionParameterMissing",
            "The action ComputerSystem.Reset requires the parameter ResetType "
            "to be present in the request body.",
            parameter="ResetType",
        )
    value = body["ResetType"]
    if not isinstance(value, str) or value not in RESET_TYPES:
        return redfish_error(
            400,
            "Base.1.8.ActionParameterNotSupported",
            f"The parameter ResetType for the action ComputerSystem.Reset is not "
            f"supported on the target resource: {value!r}. Allowed values: "
            f"{', '.join(RESET_TYPES)}.",
            parameter="ResetType",
            value=str(value),
        )
    return None


def _apply_reset(host: HostPlan, reset_type: str) -> None:
    ctx = context()
    ip = str(host.management_ip)
    logger.info("BMC of %s: ComputerSystem.Reset %s", host.hostname, reset_type)
    # NOTE: an action matching the current power state (On while on) succeeds
    # without effect here. Real BMCs differ, so clients should read PowerState first.
    if reset_type == "On":
        physics.power_on_host(ctx, ip)
    elif reset_type == "ForceOff":
        physics.power_off_host(ctx, ip)
    elif reset_type == "GracefulShutdown":
        physics.power_off_host(ctx, ip, graceful=True)
    elif reset_type == "ForceRestart":
        physics.restart_host(ctx, ip)
    elif reset_type == "GracefulRestart":
        physics.restart_host(ctx, ip, graceful=True)
