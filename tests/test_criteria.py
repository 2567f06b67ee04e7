"""Every suite step states its acceptance criterion in English and in Chinese."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from cxvoyager.i18n.criteria import CRITERIA_ZH
from tests.conftest import PROJECT_DIR


def _steps() -> list[tuple[Path, ast.FunctionDef]]:
    found = []
    for path in sorted((PROJECT_DIR / "suites").glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            (path, node)
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
        ]
    return found


STEPS = _steps()


@pytest.mark.parametrize(("path", "node"), STEPS, ids=[f"{p.stem}::{n.name}" for p, n in STEPS])
def test_step_has_docstring(path: Path, node: ast.FunctionDef) -> None:
    assert ast.get_docstring(node), f"{path.name}::{node.name} has no docstring"


@pytest.mark.parametrize(("path", "node"), STEPS, ids=[f"{p.stem}::{n.name}" for p, n in STEPS])
def test_step_has_chinese_criterion(path: Path, node: ast.FunctionDef) -> None:
    assert f"criterion.{path.stem}.{node.name}" in CRITERIA_ZH


def test_no_criterion_without_step() -> None:
    keys = {f"criterion.{path.stem}.{node.name}" for path, node in STEPS}
    assert set(CRITERIA_ZH) - keys == set()
