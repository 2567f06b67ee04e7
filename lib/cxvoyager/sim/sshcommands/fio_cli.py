"""``fio`` on a guest: command-line options in, fio's own output format out.

Options are read as fio reads them: ``--key=value`` or ``--key value``, and
flags such as ``--time_based``. Options before the first ``--name`` are
global, and every ``--name`` starts a job that inherits them. Sizes use fio's base-1024
suffixes (``4k`` = 4096 bytes), times default to seconds. The numbers come
from ``cxvoyager.sim.physics`` and the command takes its runtime on the
virtual clock.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from cxvoyager.sim import physics
from cxvoyager.sim.physics.fio import RW_MODES, FioJob
from cxvoyager.sim.sshcommands.guest import guest_disks
from cxvoyager.sim.sshcommands.registry import command
from cxvoyager.sim.sshcommands.shell import Call, Output

FLAGS = (
    "time_based",
    "group_reporting",
    "randrepeat",
    "norandommap",
    "thread",
    "direct",
    "end_fsync",
    "fsync_on_close",
)
VALUED = (
    "name",
    "filename",
    "rw",
    "readwrite",
    "bs",
    "blocksize",
    "iodepth",
    "numjobs",
    "ioengine",
    "runtime",
    "size",
    "rwmixread",
    "rwmixwrite",
    "ramp_time",
    "output-format",
    "direct",
    "fsync",
    "verify",
    "loops",
    "cpus_allowed",
    "iodepth_batch_submit",
)
SIZE_UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}
TIME_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "ms": 1e-3, "us": 1e-6}
OUTPUT_FORMATS = ("normal", "json", "json+", "terse")


class FioUsageError(ValueError):
    """fio rejects its command line; the message is what fio prints."""


@dataclass
class FioCommandLine:
    """Parsed fio arguments: global options and each job's own options."""

    global_options: dict[str, str] = field(default_factory=dict)
    jobs: list[dict[str, str]] = field(default_factory=list)
    output_format: str = "normal"


def parse_size(text: str) -> int:
    """Parse a fio size (``4k``, ``1M``, ``64KiB``, ``10g``, ``4096``) into bytes.

    Raises:
        FioUsageError: the text is not a size.
    """
    match = re.fullmatch(r"(\d+)\s*([kmgt]?)(i?b)?", text.strip().lower())
    if match is None:
        raise FioUsageError(f"fio: failed parsing size '{text}'")
    return int(match.group(1)) * SIZE_UNITS[match.group(2)]


def parse_seconds(text: str) -> float:
    """Parse a fio time (``60``, ``60s``, ``2m``, ``1h``) into seconds.

    Raises:
        FioUsageError: the text is not a time.
    """
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|us|[smh]?)", text.strip().lower())
    if match is None:
        raise FioUsageError(f"fio: failed parsing time '{text}'")
    return float(match.group(1)) * TIME_UNITS[match.group(2)]


def _pairs(args: list[str]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if not arg.startswith("--"):
            raise FioUsageError(f"fio: job files are not simulated: '{arg}'")
        key, has_value, value = arg[2:].partition("=")
        if key not in FLAGS and key not in VALUED:
            raise FioUsageError(f"fio: unrecognized option '{arg}'")
        if not has_value and key in FLAGS:
            value = "1"
        elif not has_value:
            if index + 1 >= len(args):
                raise FioUsageError(f"fio: option '--{key}' requires an argument")
            value, index = args[index + 1], index + 1
        pairs.append((key, value))
        index += 1
    return pairs


def parse_command_line(args: list[str]) -> FioCommandLine:
    """Split fio arguments into global and per-job options.

    Raises:
        FioUsageError: an option is unknown or lacks its value, or no job is named.
    """
    parsed = FioCommandLine()
    for key, value in _pairs(args):
        if key == "output-format":
            if value not in OUTPUT_FORMATS:
                raise FioUsageError(f"fio: output format '{value}' is not supported")
            parsed.output_format = value
        elif key == "name":
            parsed.jobs.append({"name": value})
        elif parsed.jobs:
            parsed.jobs[-1][key] = value
        else:
            parsed.global_options[key] = value
    if not parsed.jobs:
        raise FioUsageError("No job(s) defined\n\nfio: need a --name=<job> option")
    return parsed


def _number(options: dict[str, str], key: str, default: int) -> int:
    value = options.get(key, str(default))
    if not value.isdigit():
        raise FioUsageError(f"fio: failed parsing {key}={value}")
    return int(value)


def _target_size(call: Call, filename: str, size: str | None) -> int | None:
    devices = {f"/dev/{disk['name']}": disk["size"] for disk in guest_disks(call.machine.vm or {})}
    if filename.startswith("/dev/") and filename not in devices:
        raise FioUsageError(
            f"fio: looks like your file system does not support direct=1/buffered=0\n"
            f"fio: destination does not support O_DIRECT\n"
            f'fio: pid=0, err=2/file:filesetup.c:805, func=open("{filename}"), '
            f"error=No such file or directory"
        )
    if size is not None:
        return parse_size(size)
    return devices.get(filename)


def build_job(call: Call, options: dict[str, str]) -> FioJob:
    """Turn one job's options (globals merged in) into a ``FioJob``.

    Raises:
        FioUsageError: a value is invalid or the job has neither a size nor a runtime.
    """
    rw = options.get("rw", options.get("readwrite", "read"))
    if rw not in RW_MODES:
        raise FioUsageError(f"fio: failed parsing rw={rw}")
    filename = options.get("filename", "")
    size = _target_size(call, filename, options.get("size"))
    runtime = parse_seconds(options["runtime"]) if "runtime" in options else None
    time_based = options.get("time_based", "0") not in ("0", "")
    if size is None and runtime is None:
        raise FioUsageError(f"fio: you need to specify size= for job '{options['name']}'")
    if time_based and runtime is None:
        raise FioUsageError("fio: time_based requires a runtime")
    mix = _number(options, "rwmixread", 100 - _number(options, "rwmixwrite", 50))
    return FioJob(
        name=options["name"],
        rw=rw,
        bs=parse_size(options.get("bs", options.get("blocksize", "4k"))),
        rwmixread=min(mix, 100),
        iodepth=max(_number(options, "iodepth", 1), 1),
        numjobs=max(_number(options, "numjobs", 1), 1),
        ioengine=options.get("ioengine", "psync"),
        runtime=runtime,
        time_based=time_based,
        size=size,
        filename=filename,
        group_reporting="group_reporting" in options,
        options=dict(options),
    )


def _normal_output(report: dict[str, Any]) -> str:
    lines = []
    for job in report["jobs"]:
        lines.append(f"{job['jobname']}: (groupid=0, jobs=1): err= 0")
        for direction in ("read", "write"):
            section = job[direction]
            if section["total_ios"]:
                lines.append(
                    f"  {direction}: IOPS={section['iops']:.0f}, "
                    f"BW={section['bw'] / 1024:.1f}MiB/s ({section['bw_bytes'] / 1e6:.1f}MB/s)"
                )
    return "\n".join(lines) + "\n"


@command("fio", kinds=("guest",))
def fio(call: Call) -> Output:
    """Run fio jobs against the guest's disks, with results from the storage model."""
    try:
        parsed = parse_command_line(call.argv[1:])
        jobs = [build_job(call, {**parsed.global_options, **job}) for job in parsed.jobs]
    except FioUsageError as exc:
        return Output(stderr=f"{exc}\n", status=1)
    salt = str((call.machine.vm or {}).get("uuid", call.machine.address))
    report, seconds = physics.run_fio(
        call.ctx, jobs, salt=salt, global_options=parsed.global_options
    )
    ramp = sum(
        parse_seconds(job.options["ramp_time"]) for job in jobs if "ramp_time" in job.options
    )

    text = (
        json.dumps(report, indent=2) + "\n"
        if parsed.output_format.startswith("json")
        else _normal_output(report)
    )
    return Output(stdout=text, wait_seconds=seconds + ramp)
