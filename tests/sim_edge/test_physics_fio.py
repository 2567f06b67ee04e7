"""The fio model: output in fio's JSON layout and numbers that move the right way."""

from __future__ import annotations

import random
from typing import Any

import pytest

from cxvoyager.sim import Simulator, physics
from cxvoyager.sim.physics.fio import FioJob, StorageProfile
from cxvoyager.sim.physics.fio_output import PERCENTILES, fio_report

HYBRID_4 = StorageProfile(nodes=4, all_flash=False)
DIRECTION_KEYS = {
    "io_bytes",
    "io_kbytes",
    "bw_bytes",
    "bw",
    "iops",
    "runtime",
    "total_ios",
    "short_ios",
    "drop_ios",
    "slat_ns",
    "clat_ns",
    "lat_ns",
    "bw_min",
    "bw_max",
    "bw_agg",
    "bw_mean",
    "bw_dev",
    "bw_samples",
    "iops_min",
    "iops_max",
    "iops_mean",
    "iops_stddev",
    "iops_samples",
}


def _job(**fields: Any) -> FioJob:
    values: dict[str, Any] = {
        "name": "t",
        "rw": "randread",
        "bs": 4096,
        "iodepth": 32,
        "numjobs": 4,
        "ioengine": "libaio",
        "runtime": 60.0,
        "time_based": True,
        "group_reporting": True,
    }
    values.update(fields)
    options = {key: str(value) for key, value in values.items() if key != "options"}
    return FioJob(**values, options=options)


def _run(job: FioJob, profile: StorageProfile = HYBRID_4, seed: int = 0) -> dict[str, Any]:
    noise = random.Random(seed)  # noqa: S311 - model noise, not cryptography
    report, _seconds = fio_report([job], profile=profile, now=1.7e9, rng_for=lambda _job: noise)
    return report


def _read(report: dict[str, Any]) -> dict[str, Any]:
    section: dict[str, Any] = report["jobs"][0]["read"]
    return section


def test_report_has_fio_json_layout() -> None:
    """The document carries fio's top-level keys and per-direction statistics."""
    report = _run(_job(rw="randrw", rwmixread=70))
    job = report["jobs"][0]

    assert report["fio version"].startswith("fio-3.")
    assert {"timestamp", "time", "global options", "jobs", "disk_util"} <= report.keys()
    assert {"read", "write", "trim", "sync", "job options", "job_runtime"} <= job.keys()
    assert job["read"].keys() >= DIRECTION_KEYS, DIRECTION_KEYS - job["read"].keys()
    assert list(job["read"]["clat_ns"]["percentile"]) == [f"{p:.6f}" for p in PERCENTILES]
    assert "99.000000" in job["write"]["clat_ns"]["percentile"]


def test_report_units_are_consistent() -> None:
    """bw is KiB/s of bw_bytes, io_bytes is bandwidth times runtime, and percentiles rise."""
    read = _read(_run(_job()))
    percentiles = list(read["clat_ns"]["percentile"].values())

    assert read["bw"] == round(read["bw_bytes"] / 1024)
    assert read["runtime"] == 60_000
    assert abs(read["io_bytes"] - read["bw_bytes"] * 60) <= read["bw_bytes"] * 0.01
    assert percentiles == sorted(percentiles)
    assert read["lat_ns"]["mean"] > read["clat_ns"]["mean"]


def test_read_only_job_has_idle_write_section() -> None:
    """A randread job reports zero write I/O."""
    write = _run(_job())["jobs"][0]["write"]
    assert (write["iops"], write["io_bytes"], write["bw"]) == (0.0, 0, 0)


def test_mixed_job_splits_by_rwmixread() -> None:
    """randrw with rwmixread=70 does about 70 percent reads."""
    job = _run(_job(rw="randrw", rwmixread=70))["jobs"][0]
    share = job["read"]["iops"] / (job["read"]["iops"] + job["write"]["iops"])
    assert share == pytest.approx(0.7, abs=0.01)


@pytest.mark.parametrize("rw", ["randread", "randwrite", "read", "write"])
def test_bigger_block_gives_more_bandwidth_fewer_iops(rw: str) -> None:
    """Going from 4 KiB to 1 MiB blocks raises bandwidth and lowers IOPS."""
    small = _run(_job(rw=rw, bs=4096))["jobs"][0]
    big = _run(_job(rw=rw, bs=2**20))["jobs"][0]
    direction = "read" if "read" in rw else "write"
    assert big[direction]["bw_bytes"] > small[direction]["bw_bytes"]
    assert big[direction]["iops"] < small[direction]["iops"]


@pytest.mark.parametrize("rw", ["randread", "randwrite"])
def test_all_flash_beats_hybrid(rw: str) -> None:
    """The same job runs faster with lower latency on all-flash than on hybrid disks."""
    direction = "read" if rw == "randread" else "write"
    hybrid = _run(_job(rw=rw))["jobs"][0][direction]
    flash = _run(_job(rw=rw), StorageProfile(nodes=4, all_flash=True))["jobs"][0][direction]
    assert flash["iops"] > hybrid["iops"]
    assert flash["clat_ns"]["mean"] < hybrid["clat_ns"]["mean"]


def test_degraded_cluster_is_slower() -> None:
    """While storage recovers, IOPS drop and latency grows."""
    healthy = _read(_run(_job()))
    degraded = _read(_run(_job(), StorageProfile(nodes=4, all_flash=False, degraded=True)))
    assert degraded["iops"] < healthy["iops"]
    assert degraded["clat_ns"]["mean"] > healthy["clat_ns"]["mean"]


def test_more_nodes_give_more_iops_at_depth() -> None:
    """At a deep queue the IOPS ceiling grows with the node count."""
    three = _read(_run(_job(iodepth=128), StorageProfile(nodes=3, all_flash=False)))
    six = _read(_run(_job(iodepth=128), StorageProfile(nodes=6, all_flash=False)))
    assert six["iops"] > three["iops"]


def test_queue_depth_raises_iops_until_ceiling() -> None:
    """Depth 1 gives fewer IOPS and lower latency than depth 32."""
    shallow = _read(_run(_job(iodepth=1, numjobs=1)))
    deep = _read(_run(_job(iodepth=32, numjobs=1)))
    assert deep["iops"] > shallow["iops"]
    assert deep["clat_ns"]["mean"] >= shallow["clat_ns"]["mean"]


def test_sync_engine_ignores_iodepth() -> None:
    """With psync, iodepth has no effect, as in fio."""
    one = _read(_run(_job(ioengine="psync", iodepth=1)))
    many = _read(_run(_job(ioengine="psync", iodepth=64)))
    assert one["iops"] == many["iops"]


def test_separate_jobs_without_group_reporting() -> None:
    """numjobs=4 without group_reporting gives four job entries sharing the IOPS."""
    grouped = _run(_job())
    separate = _run(_job(group_reporting=False))
    assert len(separate["jobs"]) == 4
    total = sum(job["read"]["iops"] for job in separate["jobs"])
    assert total == pytest.approx(grouped["jobs"][0]["read"]["iops"], rel=0.01)


def test_same_seed_same_numbers(site: Simulator) -> None:
    """Two runs with the same seed, salt and options give identical numbers."""
    job = _job()
    with site.context.store.lock:
        first, _ = physics.run_fio(site.context, [job], salt="vm-test-1")
        second, _ = physics.run_fio(site.context, [job], salt="vm-test-1")
        other, _ = physics.run_fio(site.context, [job], salt="vm-test-2")
    assert first["jobs"] == second["jobs"]
    assert first["jobs"][0]["read"]["iops"] != other["jobs"][0]["read"]["iops"]


def test_power_off_degrades_fio(site: Simulator) -> None:
    """A powered-off host leaves fewer nodes and degraded storage, so fio slows down."""
    with site.context.store.lock:
        before = physics.run_fio(site.context, [_job(iodepth=128)], salt="vm-test-2")[0]
        physics.power_off_host(site.context, "10.0.20.11")
        after = physics.run_fio(site.context, [_job(iodepth=128)], salt="vm-test-2")[0]
    assert _read(after)["iops"] < _read(before)["iops"]
