"""Layering rules that import-linter cannot see, because suites/ and fixtures/ are not packages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR

SUITE_FORBIDDEN = {"requests", "openpyxl", "urllib3", "paramiko"}
LIB_FORBIDDEN = {"fixtures", "suites", "tests"}


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def _python_files(folder: str) -> list[Path]:
    return sorted((PROJECT_DIR / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _python_files("suites"), ids=lambda p: p.name)
def test_suite_imports_no_transport_library(path: Path) -> None:
    """Suites call lib/ only; HTTP, SSH and workbook libraries stay behind it."""
    assert _imported_roots(path) & SUITE_FORBIDDEN == set()


@pytest.mark.parametrize(
    "path", _python_files("lib/cxvoyager"), ids=lambda p: str(p.relative_to(PROJECT_DIR / "lib"))
)
def test_library_imports_no_fixture_or_suite(path: Path) -> None:
    """lib/ knows nothing of fixtures, suites or tests."""
    assert _imported_roots(path) & LIB_FORBIDDEN == set()
