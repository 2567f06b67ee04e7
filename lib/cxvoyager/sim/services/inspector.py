"""The inspection centre under CloudTower: jobs, report export and download (token auth)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request

from cxvoyager.sim.app import context, serves
from cxvoyager.sim.tower import inspector, store
from cxvoyager.sim.tower.errors import TowerError
from cxvoyager.sim.tower.rest import current_user, grpc_error_response
from cxvoyager.sim.tower.schema import INT, STR, ListOf, Obj, validate

blueprint = Blueprint("sim_tower_inspector", __name__, url_prefix="/api/inspector/api")

CREATE_JOB = Obj(
    {
        "version": STR,
        "cluster_uuids": ListOf(STR, min_items=1),
        "user_defined_items_names": ListOf(STR, min_items=1),
    }
)
EXPORT = Obj(
    {
        "options": ListOf(
            Obj(
                {"cluster_uuid": STR, "items_names": ListOf(STR, min_items=1)},
                optional={"graph_duration_months": INT},
            ),
            min_items=1,
        )
    }
)


def _authorized() -> None:
    ctx = context()
    if not store.is_installed(ctx):
        raise TowerError(503, "sim.tower.not_installed")
    current_user(ctx)


def _filename() -> str:
    filename = request.args.get("filename", "")
    if not filename:
        raise TowerError(400, "sim.tower.missing", path="query.filename")
    return filename


@blueprint.post("/v3/jobs")
@serves("cloudtower")
def create_job() -> Any:
    """Create an inspection job (I-01)."""
    try:
        _authorized()
        body = validate(CREATE_JOB, request.get_json(silent=True))
        job = inspector.create_job(context(), body)
    except TowerError as error:
        return grpc_error_response(error)
    return jsonify(inspector.job_view(job))


@blueprint.post("/v3/jobs/<job_id>:exportReport")
@serves("cloudtower")
def export_report(job_id: str) -> Any:
    """Start exporting a job's report (I-02)."""
    try:
        _authorized()
        body = validate(EXPORT, request.get_json(silent=True))
        filename = inspector.export_report(
            context(), job_id, request.args.get("format", "word"), body["options"]
        )
    except TowerError as error:
        return grpc_error_response(error)
    return jsonify({"filename": filename})


@blueprint.get("/v3/export/status")
@serves("cloudtower")
def export_status() -> Any:
    """Report an export's progress (I-03)."""
    try:
        _authorized()
        filename = _filename()
        status = inspector.export_status(context(), filename)
    except TowerError as error:
        return grpc_error_response(error)
    return jsonify({"filename": filename, "status": status})


@blueprint.get("/v1/export/download")
@serves("cloudtower")
def download() -> Any:
    """Download a finished report as a ZIP (I-04)."""
    try:
        _authorized()
        filename = _filename()
        content = inspector.report_zip(context(), filename)
    except TowerError as error:
        return grpc_error_response(error)
    response = Response(content, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
