"""Helpers for the engine's tests: a scratch project with synthetic stage modules."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import trustme  # noqa: F401

# pytester's in-process runs drop modules first imported inside them; a second
# import of cryptography's x509 classes then breaks isinstance checks in the
# simulator's certificate code. Importing them here keeps one copy.
import cxvoyager.sim  # noqa: F401
from cxvoyager.plan import check_plan

PROJECT_DIR = Path(__file__).resolve().parents[2]
EXAMPLE_PLAN = PROJECT_DIR / "examples" / "plan.xlsx"

CONFTEST = 'pytest_plugins = ["cxvoyager.plugin", "fixtures.session"]\n'
INI = "[pytest]\naddopts = --strict-markers\nfilterwarnings =\n    error\n"

# A stage module whose steps pass unless a flag file in the project names them
# (``test_x`` for every plan, ``test_x@<plan id>`` for one plan).
STAGE_TEMPLATE = """
from pathlib import Path

import pytest

FLAGS = Path(__file__).resolve().parents[1] / "fail.txt"


def _maybe_fail(name, plan_id):
    flags = FLAGS.read_text().split() if FLAGS.exists() else []
    if name in flags or name + "@" + plan_id in flags:
        pytest.fail("injected failure of " + name)

{steps}
"""

STEP_TEMPLATE = '''
{decorator}def {name}(plan_run):
    """{name} meets its criterion."""
    _maybe_fail("{name}", plan_run.plan_id)
'''


def stage_source(steps: list[str], independent: tuple[str, ...] = ()) -> str:
    """Return a stage module with one passing step per name (failing when flagged)."""
    body = "".join(
        STEP_TEMPLATE.format(
            name=name, decorator="@pytest.mark.independent\n" if name in independent else ""
        )
        for name in steps
    )
    return STAGE_TEMPLATE.format(steps=body)


@pytest.fixture
def example_plan() -> Path:
    """The project's example workbook; the engine tests need a real, valid plan."""
    if not EXAMPLE_PLAN.is_file():
        pytest.skip("examples/plan.xlsx is not generated yet")
    return EXAMPLE_PLAN


@pytest.fixture
def plan_secrets(example_plan: Path) -> list[str]:
    """Every secret of the example plan."""
    check = check_plan(example_plan)
    assert check.plan is not None, check.findings
    return check.plan.secrets()


class SuiteProject:
    """A scratch project in pytester's directory: suites/, a plan, a state dir."""

    def __init__(self, pytester: pytest.Pytester, plan: Path) -> None:
        self.pytester = pytester
        self.root = pytester.path
        self.plan = self.root / "plan.xlsx"
        shutil.copy(plan, self.plan)
        pytester.makeconftest(CONFTEST)
        pytester.makefile(".ini", pytest=INI)
        (self.root / "suites").mkdir()

    def stage(self, filename: str, steps: list[str], independent: tuple[str, ...] = ()) -> None:
        """Write ``suites/<filename>`` with the given steps."""
        (self.root / "suites" / filename).write_text(
            stage_source(steps, independent), encoding="utf-8"
        )

    def fail(self, *names: str) -> None:
        """Make the named steps fail in the next runs (none: every step passes)."""
        (self.root / "fail.txt").write_text(" ".join(names), encoding="utf-8")

    def report_dir(self, name: str) -> Path:
        """Return a report directory for one run."""
        return self.root / "reports" / name

    def run(self, *args: str, report: str = "run", plan: Path | None = None) -> pytest.RunResult:
        """Run the suites against the plan in-process, with a max-speed clock."""
        return self.pytester.runpytest(
            "suites",
            "--plan",
            str(plan or self.plan),
            "--sim-speed",
            "max",
            "--state-dir",
            str(self.root / "state"),
            "--report-dir",
            str(self.report_dir(report)),
            *args,
        )

    def summary(self, report: str = "run") -> dict[str, Any]:
        """Load summary.json of one run."""
        data: dict[str, Any] = json.loads(
            (self.report_dir(report) / "summary.json").read_text("utf-8")
        )
        return data

    def ledger(self) -> dict[str, Any]:
        """Load the only ledger in the state directory."""
        files = sorted((self.root / "state").glob("*.json"))
        assert len(files) == 1, files
        data: dict[str, Any] = json.loads(files[0].read_text("utf-8"))
        return data

    def set_cell(self, sheet: str, cell: str, value: str, *, dest: Path | None = None) -> Path:
        """Write one cell of the plan (or of a copy at ``dest``) and return the workbook."""
        path = dest or self.plan
        workbook = openpyxl.load_workbook(self.plan)
        workbook[sheet][cell] = value
        workbook.save(path)
        return path


@pytest.fixture
def project(pytester: pytest.Pytester, example_plan: Path) -> SuiteProject:
    """A scratch project with the example plan and no stages yet."""
    return SuiteProject(pytester, example_plan)


def executed(result: pytest.RunResult) -> list[str]:
    """Return the node ids in the order ``-v`` reported them, without the outcome."""
    order = []
    for line in result.outlines:
        for outcome in (" PASSED", " FAILED", " SKIPPED", " ERROR"):
            if "::" in line and outcome in line:
                order.append(line.split(outcome)[0].strip())
                break
    return order


StepNames = Callable[[str], list[str]]
