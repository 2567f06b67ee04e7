"""fio's JSON output (``--output-format=json``, fio 3.x layout) for modelled jobs.

Units follow fio: ``bw`` and the ``bw_*`` statistics in KiB/s, ``bw_bytes``
in bytes/s, ``io_kbytes`` in KiB, ``runtime`` in milliseconds, ``*_ns``
latencies in nanoseconds, and percentile keys with six decimals
(``"99.000000"``).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from cxvoyager.sim.physics.fio import (
    FioJob,
    StorageProfile,
    Throughput,
    latency_quantile,
    latency_share_below,
    steady_state,
)

FIO_VERSION = "fio-3.29"
PERCENTILES = (1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.5, 99.9, 99.95, 99.99)
SUBMISSION_LATENCY = 3e-6  # seconds between fio issuing an I/O and the kernel taking it
BUCKETS_NS = ("2", "4", "10", "20", "50", "100", "250", "500", "750", "1000")
BUCKETS_MS = (*BUCKETS_NS, "2000", ">=2000")


def job_seconds(job: FioJob, throughput: Throughput) -> float:
    """Return how long the job runs: its runtime when time-based, else until ``size`` is done."""
    if job.time_based and job.runtime:
        return job.runtime
    bytes_per_second = (throughput.read_iops + throughput.write_iops) * job.bs
    needed = (job.size or 0) * job.numjobs / bytes_per_second if job.size else float("inf")
    limit = job.runtime if job.runtime else float("inf")
    seconds = min(needed, limit)
    return seconds if seconds != float("inf") else 60.0


def _fio_bin(nanoseconds: float) -> int:
    # fio reports percentiles at its histogram bin values: the top 6 bits are kept.
    value = max(int(nanoseconds), 1)
    shift = max(value.bit_length() - 6, 0)
    return (value >> shift) << shift


def _latency_stats(mean_s: float, count: int, rng: random.Random) -> dict[str, Any]:
    return {
        "min": _fio_bin(mean_s * rng.uniform(0.2, 0.3) * 1e9),
        "max": _fio_bin(latency_quantile(mean_s, 99.999) * rng.uniform(1.5, 3.0) * 1e9),
        "mean": round(mean_s * 1e9, 6),
        "stddev": round(mean_s * rng.uniform(0.4, 0.6) * 1e9, 6),
        "N": count,
    }


def _direction(
    iops: float, latency_s: float, bs: int, seconds: float, rng: random.Random
) -> dict[str, Any]:
    """Build one direction's section (``read``/``write``); a direction without I/O is all zeros."""
    total_ios = round(iops * seconds)
    io_bytes = total_ios * bs
    bw_bytes = round(iops * bs)
    if total_ios == 0:
        return _idle_direction()
    clat = latency_s - SUBMISSION_LATENCY if latency_s > 2 * SUBMISSION_LATENCY else latency_s / 2
    clat_stats = _latency_stats(clat, total_ios, rng)
    clat_stats["percentile"] = {
        f"{p:.6f}": _fio_bin(latency_quantile(clat, p) * 1e9) for p in PERCENTILES
    }
    slat_stats = _latency_stats(SUBMISSION_LATENCY, total_ios, rng)
    # Total latency is submission plus completion latency, I/O by I/O.
    lat_stats = {
        "min": clat_stats["min"] + slat_stats["min"],
        "max": clat_stats["max"] + slat_stats["max"],
        "mean": round(clat_stats["mean"] + slat_stats["mean"], 6),
        "stddev": clat_stats["stddev"],
        "N": total_ios,
    }
    samples = max(int(seconds * 2), 1)
    bw_kib = bw_bytes / 1024
    return {
        "io_bytes": io_bytes,
        "io_kbytes": io_bytes // 1024,
        "bw_bytes": bw_bytes,
        "bw": round(bw_kib),
        "iops": round(iops, 6),
        "runtime": round(seconds * 1000),
        "total_ios": total_ios,
        "short_ios": 0,
        "drop_ios": 0,
        "slat_ns": slat_stats,
        "clat_ns": clat_stats,
        "lat_ns": lat_stats,
        "bw_min": round(bw_kib * rng.uniform(0.8, 0.9)),
        "bw_max": round(bw_kib * rng.uniform(1.1, 1.2)),
        "bw_agg": 100.0,
        "bw_mean": round(bw_kib, 6),
        "bw_dev": round(bw_kib * 0.04, 6),
        "bw_samples": samples,
        "iops_min": round(iops * 0.85),
        "iops_max": round(iops * 1.15),
        "iops_mean": round(iops, 6),
        "iops_stddev": round(iops * 0.04, 6),
        "iops_samples": samples,
    }


def _idle_direction() -> dict[str, Any]:
    zero_lat = {"min": 0, "max": 0, "mean": 0.0, "stddev": 0.0, "N": 0}
    return {
        "io_bytes": 0,
        "io_kbytes": 0,
        "bw_bytes": 0,
        "bw": 0,
        "iops": 0.0,
        "runtime": 0,
        "total_ios": 0,
        "short_ios": 0,
        "drop_ios": 0,
        "slat_ns": dict(zero_lat),
        "clat_ns": dict(zero_lat),
        "lat_ns": dict(zero_lat),
        "bw_min": 0,
        "bw_max": 0,
        "bw_agg": 0.0,
        "bw_mean": 0.0,
        "bw_dev": 0.0,
        "bw_samples": 0,
        "iops_min": 0,
        "iops_max": 0,
        "iops_mean": 0.0,
        "iops_stddev": 0.0,
        "iops_samples": 0,
    }


def _latency_buckets(mean_s: float, unit: float, keys: tuple[str, ...]) -> dict[str, float]:
    """Spread I/Os over fio's latency buckets (percent of I/Os at or below each limit)."""
    buckets: dict[str, float] = {}
    below = latency_share_below(mean_s, 0.0)
    for key in keys:
        if key.startswith(">="):
            share = 1.0 - below
        else:
            upto = latency_share_below(mean_s, float(key) * unit)
            share, below = upto - below, upto
        buckets[key] = round(share * 100, 2) if share >= 0.0001 else 0.0
    return buckets


def _job_entry(
    job: FioJob, result: Throughput, seconds: float, rng: random.Random
) -> dict[str, Any]:
    mean_latency = (
        result.read_iops * result.read_latency + result.write_iops * result.write_latency
    ) / max(result.read_iops + result.write_iops, 1e-9)
    depth = min(job.outstanding // max(job.numjobs, 1), 64)
    depth_key = ">=64" if depth >= 64 else str(1 << max(depth.bit_length() - 1, 0))
    return {
        "jobname": job.name,
        "groupid": 0,
        "error": 0,
        "eta": 0,
        "elapsed": round(seconds) + 1,
        "job options": dict(job.options),
        "read": _direction(result.read_iops, result.read_latency, job.bs, seconds, rng),
        "write": _direction(result.write_iops, result.write_latency, job.bs, seconds, rng),
        "trim": _idle_direction(),
        "sync": {
            "total_ios": 0,
            "lat_ns": {"min": 0, "max": 0, "mean": 0.0, "stddev": 0.0, "N": 0},
        },
        "job_runtime": round(seconds * 1000),
        "usr_cpu": round(rng.uniform(2, 8), 6),
        "sys_cpu": round(rng.uniform(8, 25), 6),
        "ctx": round((result.read_iops + result.write_iops) * seconds * 0.9),
        "majf": 0,
        "minf": job.numjobs * 40,
        "iodepth_level": {
            key: (100.0 if key == depth_key else 0.0)
            for key in ("1", "2", "4", "8", "16", "32", ">=64")
        },
        "latency_ns": _latency_buckets(mean_latency, 1e-9, BUCKETS_NS),
        "latency_us": _latency_buckets(mean_latency, 1e-6, BUCKETS_NS),
        "latency_ms": _latency_buckets(mean_latency, 1e-3, BUCKETS_MS),
        "latency_depth": depth,
        "latency_target": 0,
        "latency_percentile": 100.0,
        "latency_window": 0,
    }


def fio_report(
    jobs: list[FioJob],
    *,
    profile: StorageProfile,
    now: float,
    rng_for: Callable[[FioJob], random.Random],
    global_options: dict[str, str] | None = None,
) -> tuple[dict[str, Any], float]:
    """Build fio's JSON document for ``jobs`` run one after another, and the seconds they take.

    ``rng_for(job)`` gives the job's deterministic noise source.
    """
    entries: list[dict[str, Any]] = []
    disk: dict[str, int] = {"read_ios": 0, "write_ios": 0}
    total_seconds = 0.0
    for job in jobs:
        rng = rng_for(job)
        result = steady_state(job, profile, noise=rng.uniform(0.96, 1.04))
        seconds = job_seconds(job, result)
        total_seconds += seconds
        entries += _entries_for(job, result, seconds, rng)
        disk["read_ios"] += round(result.read_iops * seconds)
        disk["write_ios"] += round(result.write_iops * seconds)
    report = {
        "fio version": FIO_VERSION,
        "timestamp": int(now),
        "timestamp_ms": int(now * 1000),
        "time": time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(now)),
        "global options": dict(global_options or {}),
        "jobs": entries,
        "disk_util": [_disk_util(jobs, disk, total_seconds)],
    }
    return report, total_seconds


def _entries_for(
    job: FioJob, result: Throughput, seconds: float, rng: random.Random
) -> list[dict[str, Any]]:
    if job.group_reporting or job.numjobs == 1:
        return [_job_entry(job, result, seconds, rng)]
    share = Throughput(
        result.read_iops / job.numjobs,
        result.write_iops / job.numjobs,
        result.read_latency,
        result.write_latency,
    )
    return [_job_entry(job, share, seconds, rng) for _ in range(job.numjobs)]


def _disk_util(jobs: list[FioJob], disk: dict[str, int], seconds: float) -> dict[str, Any]:
    device = (jobs[0].filename.rsplit("/", 1)[-1] if jobs and jobs[0].filename else "vdb") or "vdb"
    ticks = round(seconds * 1000)
    return {
        "name": device,
        "read_ios": disk["read_ios"],
        "write_ios": disk["write_ios"],
        "read_merges": 0,
        "write_merges": 0,
        "read_ticks": ticks if disk["read_ios"] else 0,
        "write_ticks": ticks if disk["write_ios"] else 0,
        "in_queue": ticks * 2,
        "util": 99.5,
    }
