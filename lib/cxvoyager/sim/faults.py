"""Fault injection with the ``--sim-fault`` grammar.

Specs (METHOD may be ``*``; the path glob uses ``fnmatch`` rules and may
itself contain colons, as in ``/v3/chunkedUploads/*:commit``)::

    http:<METHOD> <path-glob>:<status>:<count>   next count matching requests get status
    reset:<METHOD> <path-glob>:<count>           next count matching connections are reset
    latency:<METHOD> <path-glob>:<milliseconds>  every matching request is delayed
    task:<kind>:fail:<count>                     next count async tasks of that kind fail

Faults live in memory only: a rerun without ``--sim-fault`` runs clean.
"""

from __future__ import annotations

import fnmatch
import threading
from dataclasses import dataclass

TASK_KINDS = (
    "cluster-deploy",
    "cloudtower-install",
    "obs-install",
    "bak-install",
    "er-install",
    "sfs-install",
    "sks-install",
    "vm-create",
    "upload",
)
HTTP_METHODS = ("*", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_GRAMMAR = (
    "http:<METHOD> <path-glob>:<status>:<count> | reset:<METHOD> <path-glob>:<count> | "
    "latency:<METHOD> <path-glob>:<milliseconds> | task:<kind>:fail:<count>"
)


class FaultSpecError(ValueError):
    """A ``--sim-fault`` value does not follow the grammar."""

    def __init__(self, spec: str, problem: str) -> None:
        super().__init__(f"invalid --sim-fault {spec!r}: {problem}; expected {_GRAMMAR}")
        self.spec = spec
        self.problem = problem


@dataclass
class Fault:
    """One parsed fault; ``remaining`` counts down for counted kinds."""

    kind: str  # http | reset | latency | task
    method: str = "*"
    path_glob: str = "*"
    status: int = 0
    remaining: int = 0
    milliseconds: int = 0
    task_kind: str = ""
    spec: str = ""
    fired: int = 0

    def matches(self, method: str, path: str) -> bool:
        """Tell whether a request matches this fault's method and path glob."""
        method_ok = self.method in ("*", method.upper())
        return method_ok and fnmatch.fnmatchcase(path, self.path_glob)


def _positive_int(spec: str, text: str, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise FaultSpecError(spec, f"{what} {text!r} is not a whole number") from None
    if value <= 0:
        raise FaultSpecError(spec, f"{what} must be positive, got {value}")
    return value


def _method_and_glob(spec: str, text: str) -> tuple[str, str]:
    method, _, glob = text.strip().partition(" ")
    method = method.upper()
    if method not in HTTP_METHODS:
        raise FaultSpecError(spec, f"unknown HTTP method {method!r}")
    glob = glob.strip()
    if not glob.startswith("/") and glob != "*":
        raise FaultSpecError(spec, f"path glob {glob!r} must start with '/'")
    return method, glob


def parse_fault(spec: str) -> Fault:
    """Parse one ``--sim-fault`` value.

    Raises:
        FaultSpecError: the value does not follow the grammar.
    """
    fault = _parse(spec)
    fault.spec = spec
    return fault


def _parse(spec: str) -> Fault:
    kind, _, rest = spec.partition(":")
    if kind == "task":
        parts = rest.split(":")
        if len(parts) != 3 or parts[1] != "fail":
            raise FaultSpecError(spec, "task faults read task:<kind>:fail:<count>")
        if parts[0] not in TASK_KINDS:
            raise FaultSpecError(
                spec, f"unknown task kind {parts[0]!r} (known: {', '.join(TASK_KINDS)})"
            )
        return Fault("task", task_kind=parts[0], remaining=_positive_int(spec, parts[2], "count"))
    if kind == "http":
        head, _, tail = rest.rpartition(":")
        target, _, status_text = head.rpartition(":")
        status = _positive_int(spec, status_text, "status")
        if not 100 <= status <= 599:
            raise FaultSpecError(spec, f"HTTP status {status} is outside 100-599")
        method, glob = _method_and_glob(spec, target)
        return Fault(
            "http", method, glob, status=status, remaining=_positive_int(spec, tail, "count")
        )
    if kind in ("reset", "latency"):
        target, _, number = rest.rpartition(":")
        method, glob = _method_and_glob(spec, target)
        value = _positive_int(spec, number, "count" if kind == "reset" else "milliseconds")
        if kind == "reset":
            return Fault("reset", method, glob, remaining=value)
        return Fault("latency", method, glob, milliseconds=value)
    raise FaultSpecError(spec, f"unknown fault kind {kind!r}")


class FaultInjector:
    """The active faults of one simulator run."""

    def __init__(self, specs: list[str] | tuple[str, ...] = ()) -> None:
        self._lock = threading.Lock()
        self.faults = [parse_fault(spec) for spec in specs]

    def add(self, spec: str) -> None:
        """Add a fault at run time (the standalone server's control API uses this)."""
        fault = parse_fault(spec)
        with self._lock:
            self.faults.append(fault)

    def latency_ms(self, method: str, path: str) -> int:
        """Return the total delay to apply to this request, in milliseconds."""
        with self._lock:
            matching = [f for f in self.faults if f.kind == "latency" and f.matches(method, path)]
            for fault in matching:
                fault.fired += 1
        return sum(fault.milliseconds for fault in matching)

    def take_request_fault(self, method: str, path: str) -> Fault | None:
        """Consume and return the first counted http/reset fault matching this request."""
        with self._lock:
            for fault in self.faults:
                if (
                    fault.kind in ("http", "reset")
                    and fault.remaining > 0
                    and fault.matches(method, path)
                ):
                    fault.remaining -= 1
                    fault.fired += 1
                    return fault
        return None

    def take_task_failure(self, task_kind: str) -> bool:
        """Consume one failure for a task of ``task_kind``; tell whether the task must fail."""
        with self._lock:
            for fault in self.faults:
                if fault.kind == "task" and fault.task_kind == task_kind and fault.remaining > 0:
                    fault.remaining -= 1
                    fault.fired += 1
                    return True
        return False

    def unfired(self) -> list[str]:
        """List the specs of faults that never fired, for the warning at the end of a run."""
        with self._lock:
            return [fault.spec for fault in self.faults if fault.fired == 0]
