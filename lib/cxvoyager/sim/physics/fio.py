"""The storage performance model behind simulated fio runs.

A job's IOPS follow a queueing model. Each of the ``outstanding`` I/Os
(iodepth x numjobs for asynchronous engines, numjobs for synchronous ones)
takes a base service latency plus the transfer time of one block. IOPS
therefore grow with queue depth until they reach the cluster's IOPS ceiling
or its bandwidth ceiling divided by the block size. Mean latency then follows from Little's
law (latency = outstanding / IOPS), and latency percentiles from a log-normal
distribution around it. Ceilings scale with the running node count, differ
between hybrid (SSD cache over HDD) and all-flash clusters, and drop while
storage is degraded or recovering.

NOTE: the per-node figures are plausible estimates for SMTX OS on 25 GbE with
two replicas, not measurements; acceptance thresholds in a plan should be
checked against the customer's real hardware.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import NormalDist

RW_MODES = ("read", "write", "randread", "randwrite", "rw", "readwrite", "randrw")
ASYNC_ENGINES = ("libaio", "io_uring", "posixaio", "windowsaio", "rbd")
LATENCY_SIGMA = 0.45  # spread of the log-normal latency distribution


@dataclass(frozen=True)
class MediaModel:
    """Per-node capacity for VM I/O of one disk layout.

    Attributes:
        read_iops / write_iops: 4 KiB random IOPS per node (writes include replication).
        read_bw / write_bw: large-block bandwidth per node, bytes/s.
        read_latency / write_latency: service time of one small I/O at queue depth 1, seconds.
        stream_bw: bandwidth of a single I/O stream, bytes/s (sets transfer time per block).
    """

    read_iops: float
    write_iops: float
    read_bw: float
    write_bw: float
    read_latency: float
    write_latency: float
    stream_bw: float


HYBRID = MediaModel(45_000, 25_000, 1.6e9, 0.8e9, 250e-6, 450e-6, 0.8e9)
ALL_FLASH = MediaModel(110_000, 55_000, 3.2e9, 1.6e9, 120e-6, 220e-6, 1.6e9)
SEQUENTIAL_IOPS_GAIN = 1.5  # merged, prefetched sequential I/O
SEQUENTIAL_LATENCY_FACTOR = 0.8
SINGLE_VM_SHARE = 0.6  # one VM reaches this part of the cluster's ceilings
DEGRADED_CEILING_FACTOR = 0.6  # recovery traffic competes with VM I/O
DEGRADED_LATENCY_FACTOR = 1.35
BOOST_LATENCY_FACTOR = 0.8  # vhost-user data path
RDMA_WRITE_LATENCY_FACTOR = 0.85  # replication over RDMA


@dataclass(frozen=True)
class StorageProfile:
    """The cluster as fio sees it.

    Attributes:
        nodes: running nodes that serve I/O.
        all_flash: every disk is flash (else SSD cache over HDD).
        degraded: replicas are missing or being recovered.
        boost / rdma: the cluster features of the plan.
    """

    nodes: int
    all_flash: bool
    degraded: bool = False
    boost: bool = False
    rdma: bool = False


@dataclass(frozen=True)
class FioJob:
    """One fio job, from its command-line options.

    Attributes:
        bs: block size in bytes.
        rwmixread: percent of reads in mixed modes (``rw``, ``randrw``).
        runtime: seconds (``--runtime``), or None.
        size: bytes per job (``--size``), or None for the whole target.
        options: the options as given, for the output's ``job options``.
    """

    name: str
    rw: str = "read"
    bs: int = 4096
    rwmixread: int = 50
    iodepth: int = 1
    numjobs: int = 1
    ioengine: str = "psync"
    runtime: float | None = None
    time_based: bool = False
    size: int | None = None
    filename: str = ""
    group_reporting: bool = False
    options: dict[str, str] = field(default_factory=dict)

    @property
    def read_fraction(self) -> float:
        """Return the share of reads, 0.0 to 1.0."""
        if self.rw in ("read", "randread"):
            return 1.0
        if self.rw in ("write", "randwrite"):
            return 0.0
        return self.rwmixread / 100.0

    @property
    def outstanding(self) -> int:
        """Return the I/Os in flight: synchronous engines ignore iodepth, as fio does."""
        depth = self.iodepth if self.ioengine in ASYNC_ENGINES else 1
        return depth * self.numjobs


@dataclass(frozen=True)
class Throughput:
    """The steady state of a job: IOPS and mean completion latency per direction."""

    read_iops: float
    write_iops: float
    read_latency: float  # seconds
    write_latency: float  # seconds


def _media(profile: StorageProfile) -> MediaModel:
    return ALL_FLASH if profile.all_flash else HYBRID


def _latencies(job: FioJob, profile: StorageProfile) -> tuple[float, float]:
    media = _media(profile)
    transfer = job.bs / media.stream_bw
    read = media.read_latency + transfer
    write = media.write_latency + transfer
    if not job.rw.startswith("rand"):
        read *= SEQUENTIAL_LATENCY_FACTOR
        write *= SEQUENTIAL_LATENCY_FACTOR
    if profile.boost:
        read *= BOOST_LATENCY_FACTOR
        write *= BOOST_LATENCY_FACTOR
    if profile.rdma:
        write *= RDMA_WRITE_LATENCY_FACTOR
    if profile.degraded:
        read *= DEGRADED_LATENCY_FACTOR
        write *= DEGRADED_LATENCY_FACTOR
    return read, write


def _ceilings(job: FioJob, profile: StorageProfile) -> tuple[float, float]:
    """Return the IOPS ceiling and bandwidth ceiling (bytes/s) for the job's read/write mix."""
    media = _media(profile)
    scale = max(profile.nodes, 1) * SINGLE_VM_SHARE
    if profile.degraded:
        scale *= DEGRADED_CEILING_FACTOR
    gain = 1.0 if job.rw.startswith("rand") else SEQUENTIAL_IOPS_GAIN
    reads = job.read_fraction
    iops = 1.0 / (reads / (media.read_iops * gain) + (1 - reads) / (media.write_iops * gain))
    bandwidth = 1.0 / (reads / media.read_bw + (1 - reads) / media.write_bw)
    return iops * scale, bandwidth * scale


def steady_state(job: FioJob, profile: StorageProfile, *, noise: float = 1.0) -> Throughput:
    """Compute the IOPS and latencies a job reaches on ``profile``; ``noise`` scales the IOPS."""
    read_latency, write_latency = _latencies(job, profile)
    reads = job.read_fraction
    base_latency = reads * read_latency + (1 - reads) * write_latency
    iops_ceiling, bw_ceiling = _ceilings(job, profile)
    iops = min(job.outstanding / base_latency, iops_ceiling, bw_ceiling / job.bs) * noise

    # Little's law: the queue stretches each I/O's latency once a ceiling is reached.
    stretch = (job.outstanding / iops) / base_latency
    return Throughput(
        read_iops=iops * reads,
        write_iops=iops * (1 - reads),
        read_latency=read_latency * stretch,
        write_latency=write_latency * stretch,
    )


def latency_quantile(mean_seconds: float, percent: float) -> float:
    """Return the ``percent`` percentile of a log-normal latency with mean ``mean_seconds``."""
    z = NormalDist().inv_cdf(min(max(percent / 100.0, 1e-9), 1 - 1e-9))
    return _median(mean_seconds) * math.exp(LATENCY_SIGMA * z)


def latency_share_below(mean_seconds: float, limit_seconds: float) -> float:
    """Return the share of I/Os (0.0 to 1.0) that complete within ``limit_seconds``."""
    if limit_seconds <= 0:
        return 0.0
    return NormalDist().cdf(math.log(limit_seconds / _median(mean_seconds)) / LATENCY_SIGMA)


def _median(mean_seconds: float) -> float:
    # The mean of a log-normal distribution is its median times exp(sigma^2 / 2).
    return mean_seconds / math.exp(LATENCY_SIGMA**2 / 2)
