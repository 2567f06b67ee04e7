"""Benchmark check_plan against a bare openpyxl load of the same workbook.

Run from the project root:

    .venv/bin/python bench/bench_plan.py [WORKBOOK] [--repeat N]

WORKBOOK defaults to the real template in ../shared/reference/plan-template.xlsx.
Both timings run in this process, after one warm-up of each, and the median
of N runs (default 5) is printed with their ratio. The goal is a ratio of
1.5 or less; the script exits with status 1 above it and 2 when the
workbook is missing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import openpyxl

from cxvoyager.plan import check_plan

GOAL_RATIO = 1.5
DEFAULT_WORKBOOK = (
    Path(__file__).resolve().parents[2] / "shared" / "reference" / "plan-template.xlsx"
)


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """Run ``action`` once to warm up, then ``repeat`` times; return the median wall time."""
    action()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def bare_load(path: Path) -> None:
    """Load the workbook the way check_plan does, without reading anything."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        openpyxl.load_workbook(path, data_only=False)


def main(argv: list[str]) -> int:
    """Time both and print the result; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", nargs="?", type=Path, default=DEFAULT_WORKBOOK)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each (default 5)")
    options = parser.parse_args(argv)
    if not options.workbook.is_file():
        print(f"workbook not found: {options.workbook}", file=sys.stderr)
        return 2

    load = median_seconds(lambda: bare_load(options.workbook), options.repeat)
    check = median_seconds(lambda: check_plan(options.workbook), options.repeat)
    ratio = check / load
    print(f"workbook:        {options.workbook}")
    print(f"openpyxl load:   {load * 1000:8.1f} ms (median of {options.repeat})")
    print(f"check_plan:      {check * 1000:8.1f} ms (median of {options.repeat})")
    print(f"ratio:           {ratio:8.2f} (goal <= {GOAL_RATIO})")
    return 0 if ratio <= GOAL_RATIO else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
