"""Fisheye v2 cluster settings: VIP, DNS, NTP, licence, IPMI, CPU compatibility and jobs."""

from __future__ import annotations

from typing import Any

from cxvoyager.sim.app import context
from cxvoyager.sim.smtx import cluster, jobs, settings, store
from cxvoyager.sim.smtx.envelope import json_object, ok
from cxvoyager.sim.smtx.fisheye import cluster_endpoint, make_blueprint

blueprint = make_blueprint("fisheye_settings")


@blueprint.put("/api/v2/settings/vip")
@cluster_endpoint()
def put_vip() -> Any:
    """Set the management VIP, which accepts HTTPS connections right away.

    NOTE: the real response body is not captured; this returns an empty ``data``.
    """
    settings.set_vip(context(), json_object())
    return ok({})


@blueprint.get("/api/v2/settings/vip")
@cluster_endpoint()
def get_vip() -> Any:
    """Return the VIP settings."""
    return ok(settings.get_vip(context()))


@blueprint.put("/api/v2/settings/dns")
@cluster_endpoint()
def put_dns() -> Any:
    """Start a job that sets the DNS servers."""
    return ok({"job_id": settings.update_dns(context(), json_object())})


@blueprint.get("/api/v2/settings/dns")
@cluster_endpoint()
def get_dns() -> Any:
    """Return the DNS servers in effect (NOTE: the GET shape mirrors the PUT body)."""
    return ok({"dns_servers": store.cluster(context())["dns_servers"]})


@blueprint.put("/api/v2/settings/ntp")
@cluster_endpoint()
def put_ntp() -> Any:
    """Start a job that sets the NTP mode and servers."""
    return ok({"job_id": settings.update_ntp(context(), json_object())})


@blueprint.get("/api/v2/settings/ntp")
@cluster_endpoint()
def get_ntp() -> Any:
    """Return the NTP mode and servers in effect (NOTE: the GET shape mirrors the PUT body)."""
    record = store.cluster(context())
    return ok({"ntp_mode": record["ntp_mode"], "ntp_servers": record["ntp_servers"]})


@blueprint.get("/api/v2/tools/license")
@cluster_endpoint()
def get_license() -> Any:
    """Return the cluster licence, including its serial."""
    return ok(cluster.license_info(context()))


@blueprint.post("/api/v2/ipmi/upsert_accounts")
@cluster_endpoint()
def upsert_ipmi_accounts() -> Any:
    """Store BMC accounts, reporting which ones the BMCs accept."""
    return ok(settings.upsert_ipmi(context(), json_object()))


@blueprint.get("/api/v2/ipmi/accounts")
@cluster_endpoint()
def list_ipmi_accounts() -> Any:
    """List the stored BMC accounts (no passwords)."""
    return ok(settings.ipmi_accounts(context()))


@blueprint.get("/api/v2/elf/cluster_recommended_cpu_models")
@cluster_endpoint()
def recommended_cpu_models() -> Any:
    """List the CPU compatibility models every host supports."""
    return ok({"cpu_models": settings.recommended_cpu_models(context())})


@blueprint.put("/api/v2/elf/cluster_cpu_compatibility")
@cluster_endpoint()
def put_cpu_compatibility() -> Any:
    """Set the cluster's VM CPU model."""
    settings.set_cpu_model(context(), json_object())
    return ok({})


@blueprint.get("/api/v2/elf/cluster_cpu_compatibility")
@cluster_endpoint()
def get_cpu_compatibility() -> Any:
    """Return the cluster's VM CPU model (null until set)."""
    return ok({"cpu_model": store.cluster(context())["cpu_model"]})


@blueprint.get("/api/v2/jobs/<job_id>")
@cluster_endpoint()
def get_job(job_id: str) -> Any:
    """Return a job with its state and resources."""
    return ok({"job": jobs.get_job(context(), job_id)})
