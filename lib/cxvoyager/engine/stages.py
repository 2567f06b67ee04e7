"""Stages: which suite module is which stage, and which stages each one needs.

A stage is one module ``suites/test_NN_<name>.py``. The number gives the
order, and the name is what reports show. Stage dependencies follow the
delivery runbook, where each stage needs the one before it, with these
exceptions:

- the optional apps (08-12) need only the attached and configured cluster
  (05 and 06) and do not block each other;
- the test VMs (13) need the healthy cluster (07);
- cleanup (15) needs nothing and always runs last.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

SUITE_DIR_NAME = "suites"
CLEANUP_STAGE = 15

_MODULE_NAME = re.compile(r"^test_(\d{2})_([a-z0-9_]+)\.py$")

# Stages whose prerequisites differ from "the stage before it".
_PREREQUISITES: dict[int, tuple[int, ...]] = {
    1: (),
    8: (5, 6),
    9: (5, 6),
    10: (5, 6),
    11: (5, 6),
    12: (5, 6),
    13: (7,),
    14: (13,),
    CLEANUP_STAGE: (),
}


@dataclass(frozen=True, order=True)
class Stage:
    """One stage of the delivery, as its number and name (``2``, ``init_cluster``)."""

    number: int
    name: str

    @property
    def label(self) -> str:
        """Return the stage as reports and logs name it: ``02_init_cluster``."""
        return f"{self.number:02d}_{self.name}"

    @property
    def sort_key(self) -> int:
        """Return the position in the run; cleanup runs after every other stage."""
        return 10_000 if self.number == CLEANUP_STAGE else self.number


def stage_of_path(path: Path) -> Stage | None:
    """Return the stage a suite module implements, or None for any other file."""
    if path.parent.name != SUITE_DIR_NAME:
        return None
    match = _MODULE_NAME.match(path.name)
    if match is None:
        return None
    return Stage(int(match.group(1)), match.group(2))


def stages_in_dir(directory: Path) -> list[Stage]:
    """List the stages whose modules exist in a suite directory, in run order."""
    found = (stage_of_path(path) for path in directory.glob("test_*.py"))
    return sorted((stage for stage in found if stage is not None), key=lambda s: s.sort_key)


def nominal_prerequisites(number: int) -> tuple[int, ...]:
    """Return the stage numbers that stage ``number`` needs by the runbook."""
    if number in _PREREQUISITES:
        return _PREREQUISITES[number]
    return (number - 1,)


def prerequisites(number: int, existing: Collection[int]) -> tuple[int, ...]:
    """Return the existing stages that stage ``number`` needs.

    A runbook prerequisite whose module does not exist is replaced by its own
    prerequisites, so a suite without, say, stage 06 still makes the apps
    wait for stage 05.
    """
    needed: set[int] = set()
    pending = list(nominal_prerequisites(number))
    seen: set[int] = set()
    while pending:
        candidate = pending.pop()
        if candidate in seen or candidate < 1:
            continue
        seen.add(candidate)
        if candidate in existing:
            needed.add(candidate)
        else:
            pending.extend(nominal_prerequisites(candidate))
    return tuple(sorted(needed))


def run_order(stages: Iterable[Stage]) -> list[Stage]:
    """Sort stages into run order (by number, cleanup last)."""
    return sorted(set(stages), key=lambda stage: stage.sort_key)
