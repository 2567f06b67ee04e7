"""The ledger: what earlier runs of a plan did, persisted between pytest sessions.

One JSON file per plan and target, named
``<state-dir>/<cluster>-<target>-<fingerprint[:12]>.json``. It stores

- ``steps``: each step's latest outcome and its history over runs, keyed by
  the step key (the pytest node id without xdist's ``@group`` suffix and
  without the plan parameter);
- ``runs``: one entry per pytest session (id, start, end, options, counts);
- ``outputs``: values later steps need (``cluster.uuid``, ``as_built``);
- ``resources``: what the suite created, for cleanup;
- ``pins``: TLS certificate fingerprints recorded on first use;
- ``uploads`` and ``waivers``.

The file is rewritten after every change: temporary file in the same
directory, flush, fsync, ``os.replace``, fsync of the directory. A reader
therefore sees the previous or the next complete file, also after Ctrl-C or
kill -9. A file that does not parse (for example one truncated by an older
version) is moved aside with a warning and the ledger starts empty.

Every string stored passes through the plan's secrets first, so a password
or token that ends up in a value is masked.

There is no separate index file: the ledgers of one state directory are few,
so ``find_ledgers`` reads their headers to find the earlier fingerprint of
the same plan path or cluster. A shared index would need a cross-process lock
when several plans run at once under xdist.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

__all__ = [
    "DEPENDENCY",
    "FAILED",
    "PASSED",
    "SKIPPED",
    "CertificatePinStore",
    "Ledger",
    "PlanIdentity",
    "StepOutcome",
    "find_ledgers",
    "previous_ledger",
    "write_json_atomically",
]

from cxvoyager.ledgerstore import (
    FORMAT_VERSION,
    find_ledgers,
    load_document,
    read_header,
    remove_leftover_temporaries,
    write_json_atomically,
)
from cxvoyager.report.secretscan import SecretMasker

logger = logging.getLogger(__name__)

PASSED = "passed"
FAILED = "failed"
SKIPPED = "skipped"
DEPENDENCY = "dependency"  # skip kind: a prerequisite did not pass

_UNSAFE_NAME = re.compile(r"[^\w.-]+")


def now_iso() -> str:
    """Return the current UTC time as ISO 8601 text, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def ledger_name(*, cluster: str, target: str, fingerprint: str) -> str:
    """Return the file name of the ledger of one plan and target."""
    safe_cluster = _UNSAFE_NAME.sub("_", cluster).strip("_") or "plan"
    return f"{safe_cluster}-{target}-{fingerprint[:12]}.json"


@dataclass(frozen=True)
class PlanIdentity:
    """The plan and target a ledger belongs to."""

    plan_path: str
    cluster: str
    target: str
    fingerprint: str


@dataclass
class StepOutcome:
    """One step's outcome in one run, as the plugin reports it to the ledger."""

    key: str
    stage: str
    outcome: str
    run_id: str
    start: str
    duration: float
    skip_kind: str | None = None
    reason: str | None = None
    criterion: str | None = None
    results: dict[str, Any] = field(default_factory=dict)


def _empty_document(identity: PlanIdentity) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "plan": {
            "path": identity.plan_path,
            "cluster": identity.cluster,
            "target": identity.target,
            "fingerprint": identity.fingerprint,
        },
        "updated": now_iso(),
        "runs": [],
        "steps": {},
        "outputs": {},
        "resources": [],
        "pins": {},
        "uploads": {},
        "waivers": [],
    }


class Ledger:
    """The persisted state of one plan and target; every change is saved at once.

    Use ``Ledger.open`` to create or load one. Methods are thread-safe, so steps
    that run work in threads may record results concurrently.
    """

    def __init__(self, path: Path, document: dict[str, Any], masker: SecretMasker) -> None:
        self.path = path
        self._document = document
        self._masker = masker
        self._lock = threading.RLock()
        self.pins = CertificatePinStore(self)

    @classmethod
    def open(
        cls, state_dir: Path, identity: PlanIdentity, *, secrets: Iterable[str] = ()
    ) -> Ledger:
        """Load the ledger of ``identity`` from ``state_dir``, or start an empty one."""
        name = ledger_name(
            cluster=identity.cluster, target=identity.target, fingerprint=identity.fingerprint
        )
        path = state_dir / name
        remove_leftover_temporaries(path)
        document = load_document(path) or _empty_document(identity)
        document["plan"]["path"] = identity.plan_path
        return cls(path, document, SecretMasker(secrets))

    @classmethod
    def from_file(cls, path: Path) -> Ledger | None:
        """Load an existing ledger file for reading, or return None if it is not one."""
        header = read_header(path)
        if header is None:
            return None
        document = json.loads(path.read_text(encoding="utf-8"))
        return cls(path, document, SecretMasker())

    # -- identity and persistence -------------------------------------------------

    @property
    def identity(self) -> PlanIdentity:
        """The plan and target this ledger belongs to."""
        plan = self._document["plan"]
        return PlanIdentity(plan["path"], plan["cluster"], plan["target"], plan["fingerprint"])

    @property
    def key(self) -> str:
        """The ledger's file name without ``.json``; names the plan's state directory."""
        return self.path.stem

    def save(self) -> None:
        """Write the ledger to disk atomically."""
        with self._lock:
            # Microseconds, so the newest of several ledgers sorts first.
            self._document["updated"] = datetime.now(timezone.utc).isoformat()
            write_json_atomically(self.path, self._document)

    def snapshot(self) -> dict[str, Any]:
        """Return a deep copy of the whole document, for reports."""
        with self._lock:
            copied: dict[str, Any] = json.loads(json.dumps(self._document))
            return copied

    def _clean(self, value: Any) -> Any:
        """Return ``value`` as plain JSON data with every secret masked."""
        return self._masker.value(json.loads(json.dumps(value, default=str)))

    # -- runs ---------------------------------------------------------------------

    def begin_run(self, run_id: str, *, lang: str, options: Mapping[str, Any]) -> None:
        """Record the start of a pytest session."""
        with self._lock:
            self._document["runs"].append(
                {
                    "run_id": run_id,
                    "start": now_iso(),
                    "end": None,
                    "target": self.identity.target,
                    "lang": lang,
                    "options": self._clean(dict(options)),
                    "counts": {},
                }
            )
            self.save()

    def end_run(self, run_id: str, counts: Mapping[str, int]) -> None:
        """Record the end of a pytest session with its outcome counts."""
        with self._lock:
            run = self.run(run_id)
            if run is None:
                return
            run["end"] = now_iso()
            run["counts"] = dict(counts)
            self.save()

    def run(self, run_id: str) -> dict[str, Any] | None:
        """Return the stored entry of one run."""
        with self._lock:
            return next((r for r in self._document["runs"] if r["run_id"] == run_id), None)

    @property
    def runs(self) -> list[dict[str, Any]]:
        """Every run of this plan and target, oldest first."""
        with self._lock:
            return list(self._document["runs"])

    # -- steps --------------------------------------------------------------------

    def record_step(self, outcome: StepOutcome) -> None:
        """Store a step's outcome as its latest and append it to its history."""
        entry = self._clean(
            {
                "stage": outcome.stage,
                "outcome": outcome.outcome,
                "skip_kind": outcome.skip_kind,
                "reason": outcome.reason,
                "run_id": outcome.run_id,
                "start": outcome.start,
                "duration": round(outcome.duration, 3),
            }
        )
        with self._lock:
            steps = self._document["steps"]
            step = steps.setdefault(outcome.key, {"results": {}, "history": []})
            results = step["results"] if outcome.outcome == PASSED else {}
            step.update(entry)
            step["results"] = {**results, **self._clean(outcome.results)}
            if outcome.criterion:
                step["criterion"] = self._masker.text(outcome.criterion)
            step["history"].append(entry)
            self.save()

    def step(self, key: str) -> dict[str, Any] | None:
        """Return the latest stored record of one step."""
        with self._lock:
            record: dict[str, Any] | None = self._document["steps"].get(key)
            return record

    @property
    def steps(self) -> dict[str, dict[str, Any]]:
        """Every step's latest record, keyed by step key."""
        with self._lock:
            return dict(self._document["steps"])

    def passed(self, key: str) -> bool:
        """Tell whether the step's latest outcome is a pass."""
        step = self.step(key)
        return step is not None and step["outcome"] == PASSED

    def steps_of_stage(self, stage: str) -> list[str]:
        """Return the keys of the recorded steps of one stage (label ``02_init_cluster``)."""
        with self._lock:
            return [key for key, step in self._document["steps"].items() if step["stage"] == stage]

    # -- outputs ------------------------------------------------------------------

    def set_output(self, key: str, value: Any) -> None:
        """Store a value later steps need (``cluster.uuid``); secrets are masked."""
        with self._lock:
            self._document["outputs"][key] = self._clean(value)
            self.save()

    def get_output(self, key: str, default: Any = None) -> Any:
        """Return a stored output value."""
        with self._lock:
            return self._document["outputs"].get(key, default)

    @property
    def outputs(self) -> dict[str, Any]:
        """A copy of every stored output."""
        with self._lock:
            return dict(self._document["outputs"])

    # -- resources, uploads, waivers ------------------------------------------------

    def add_resource(
        self, *, kind: str, resource_id: str, name: str, stage: str, run_id: str
    ) -> None:
        """Record a resource the suite created, so cleanup can remove it; repeats are ignored."""
        with self._lock:
            for resource in self._document["resources"]:
                if resource["kind"] == kind and resource["id"] == resource_id:
                    return
            self._document["resources"].append(
                self._clean(
                    {
                        "kind": kind,
                        "id": resource_id,
                        "name": name,
                        "stage": stage,
                        "created_run": run_id,
                        "deleted": False,
                    }
                )
            )
            self.save()

    def mark_deleted(self, *, kind: str, resource_id: str) -> None:
        """Record that cleanup removed a resource."""
        with self._lock:
            for resource in self._document["resources"]:
                if resource["kind"] == kind and resource["id"] == resource_id:
                    resource["deleted"] = True
            self.save()

    def resources(self, *, include_deleted: bool = False) -> list[dict[str, Any]]:
        """Return the recorded resources, by default only those still present."""
        with self._lock:
            return [
                dict(resource)
                for resource in self._document["resources"]
                if include_deleted or not resource["deleted"]
            ]

    def record_upload(self, name: str, stats: Mapping[str, Any]) -> None:
        """Store the statistics of an upload (bytes, seconds, chunks, resumed)."""
        with self._lock:
            self._document["uploads"][name] = self._clean(dict(stats))
            self.save()

    def add_waiver(self, *, step: str, reason: str, approved_by: str) -> None:
        """Record that a failed acceptance step was waived by the customer."""
        with self._lock:
            self._document["waivers"].append(
                self._clean({"step": step, "reason": reason, "by": approved_by, "at": now_iso()})
            )
            self.save()

    @property
    def waivers(self) -> list[dict[str, Any]]:
        """Every recorded waiver."""
        with self._lock:
            return list(self._document["waivers"])


class CertificatePinStore:
    """TLS certificate fingerprints recorded on first use, kept in the ledger.

    Implements the ``CertificatePins`` protocol the live transport uses.
    """

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger

    def get(self, endpoint: str) -> str | None:
        """Return the recorded SHA-256 fingerprint of an endpoint."""
        with self._ledger._lock:
            pin: str | None = self._ledger._document["pins"].get(endpoint)
            return pin

    def set(self, endpoint: str, fingerprint: str) -> None:
        """Record an endpoint's certificate fingerprint."""
        with self._ledger._lock:
            self._ledger._document["pins"][endpoint] = fingerprint
            self._ledger.save()


def previous_ledger(state_dir: Path, identity: PlanIdentity) -> Path | None:
    """Return the newest ledger of the same plan path or cluster under another fingerprint."""
    for header in find_ledgers(state_dir, target=identity.target):
        plan = header["plan"]
        same_plan = plan["path"] == identity.plan_path or plan["cluster"] == identity.cluster
        if same_plan and plan["fingerprint"] != identity.fingerprint:
            found: Path = header["path"]
            return found
    return None
