"""CloudTower's inspection centre: inspection jobs and their exported report.

A job records which cluster (by its SMTX OS uuid, CloudTower's ``local_id``)
and items to inspect. Exporting it starts a report that is
``EXPORT_RUNNING`` for ``EXPORT_SECONDS`` and then ``EXPORT_SUCCEEDED``; the
download is a real ZIP holding an HTML report whose rows are checked against
the simulated cluster at export time (host states, disk health, NTP, open
alerts), so a degraded cluster yields a report that says so.
"""

from __future__ import annotations

import html
import io
import zipfile
from datetime import datetime, timezone
from typing import Any

from cxvoyager.sim import records
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import mirror, store
from cxvoyager.sim.tower.errors import TowerError, bad_input
from cxvoyager.sim.tower.ids import iso, new_ksuid

EXPORT_SECONDS = 20.0
FORMATS = ("word", "pdf")


def create_job(ctx: SimContext, body: dict[str, Any]) -> dict[str, Any]:
    """Create an inspection job of connected clusters.

    Raises:
        TowerError: 404 when a uuid is not the local_id of a connected cluster.
    """
    names = {}
    for cluster_uuid in body["cluster_uuids"]:
        record = mirror.cluster_record_of(ctx, cluster_uuid)
        if record is None or record["connect_state"] != "CONNECTED":
            raise TowerError(404, "sim.tower.not_found", kind="Cluster", where=cluster_uuid)
        names[cluster_uuid] = record["name"]
    job = {
        "id": new_ksuid(ctx, "inspector-job"),
        "version": body["version"],
        "cluster_uuids": list(body["cluster_uuids"]),
        "cluster_names": names,
        "user_defined_items_names": list(body["user_defined_items_names"]),
        "created": ctx.clock.now(),
    }
    store.collection(ctx, "inspector_jobs")[job["id"]] = job
    return job


def job_view(job: dict[str, Any]) -> dict[str, Any]:
    """Return the job as the inspector returns it."""
    return {
        key: job[key]
        for key in ("id", "version", "cluster_uuids", "cluster_names", "user_defined_items_names")
    }


def export_report(
    ctx: SimContext, job_id: str, report_format: str, options: list[dict[str, Any]]
) -> str:
    """Start exporting a job's report; return the file name.

    Raises:
        TowerError: 404 for an unknown job; 400 for a bad format or a cluster outside the job.
    """
    job = store.collection(ctx, "inspector_jobs").get(job_id)
    if job is None:
        raise TowerError(404, "sim.tower.not_found", kind="InspectionJob", where=job_id)
    if report_format not in FORMATS:
        raise bad_input(
            "sim.tower.invalid", path="format", expected="|".join(FORMATS), value=report_format
        )
    for option in options:
        if option["cluster_uuid"] not in job["cluster_uuids"]:
            raise bad_input("sim.tower.inspector.cluster", uuid=option["cluster_uuid"])
    now = ctx.clock.now()
    stamp = datetime.fromtimestamp(now, tz=timezone.utc).strftime("%Y-%m-%d-%H-%M-%S")
    filename = f"InspectorReport-{stamp}-{job_id}.zip"
    store.collection(ctx, "inspector_exports")[filename] = {
        "filename": filename,
        "job_id": job_id,
        "format": report_format,
        "options": options,
        "started": now,
        "rows": _inspect(ctx, options),
    }
    return filename


def export_status(ctx: SimContext, filename: str) -> str:
    """Return ``EXPORT_RUNNING`` or ``EXPORT_SUCCEEDED`` for an export.

    Raises:
        TowerError: 404 for an unknown file name.
    """
    export = _export(ctx, filename)
    done = ctx.clock.now() - export["started"] >= EXPORT_SECONDS
    return "EXPORT_SUCCEEDED" if done else "EXPORT_RUNNING"


def _export(ctx: SimContext, filename: str) -> dict[str, Any]:
    export = store.collection(ctx, "inspector_exports").get(filename)
    if export is None:
        raise TowerError(404, "sim.tower.not_found", kind="Report", where=filename)
    return export


def _item_result(ctx: SimContext, item: str) -> tuple[str, str]:
    smtx = records.cluster(ctx.state) or {}
    hosts = list(smtx.get("hosts", {}).values())
    if "disk" in item:
        bad = [
            d.get("drive")
            for n in ctx.state.get("nodes", {}).values()
            for d in n.get("disks", [])
            if not d.get("healthy", True)
        ]
        return (
            ("FAIL", f"unhealthy disks: {', '.join(map(str, bad))}")
            if bad
            else ("PASS", "all disks healthy")
        )
    if "ntp" in item:
        servers = smtx.get("ntp_servers") or []
        return ("PASS", ", ".join(servers)) if servers else ("WARN", "no external NTP server")
    if "alert" in item:
        open_alerts = [a for a in ctx.state.get("alerts", []) if not a.get("resolved")]
        return (
            ("WARN", f"{len(open_alerts)} open alerts")
            if open_alerts
            else ("PASS", "no open alerts")
        )
    if item.startswith(("host", "elf_host")):
        down = [h["hostname"] for h in hosts if h.get("status") != "running"]
        return (
            ("FAIL", f"hosts not running: {', '.join(down)}")
            if down
            else ("PASS", f"{len(hosts)} hosts running")
        )
    return ("PASS", "ok")


def _inspect(ctx: SimContext, options: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for option in options:
        for item in option["items_names"]:
            result, detail = _item_result(ctx, item)
            rows.append([option["cluster_uuid"], item, result, detail])
    return rows


def report_zip(ctx: SimContext, filename: str) -> bytes:
    """Return the ZIP of a finished export.

    Raises:
        TowerError: 404 for an unknown file, 400 while the export still runs.
    """
    export = _export(ctx, filename)
    if export_status(ctx, filename) != "EXPORT_SUCCEEDED":
        raise bad_input("sim.tower.inspector.running", filename=filename)
    job = store.collection(ctx, "inspector_jobs")[export["job_id"]]
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in export["rows"]
    )
    names = ", ".join(html.escape(name) for name in job["cluster_names"].values())
    document = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>巡检报告 Inspection report</title></head><body>"
        f"<h1>巡检报告 Inspection report: {names}</h1>"
        f"<p>Generated {iso(export['started'])}, inspector {html.escape(job['version'])}</p>"
        "<table><tr><th>cluster</th><th>item</th><th>result</th><th>detail</th></tr>"
        f"{rows}</table></body></html>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(filename.removesuffix(".zip") + ".html", document)
    return buffer.getvalue()
