"""Progress lines written during a captured test reach the terminal on lines of their own."""

from __future__ import annotations

import pytest

SUITE = """
import pytest
from cxvoyager.engine.terminal import CaptureSafeWriter


def test_first():
    pass


def test_progress(request):
    CaptureSafeWriter(request.config).line("PROGRESS-LINE 1/2")


def test_last():
    pass
"""


def test_progress_line_is_visible_and_alone(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_progress_demo=SUITE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=3)
    lines = result.outlines
    assert "PROGRESS-LINE 1/2" in lines
    progress_at = lines.index("PROGRESS-LINE 1/2")
    assert lines[progress_at - 1].endswith("test_progress_demo.py ."), lines
    assert lines[progress_at + 1].startswith("."), lines
    assert lines[progress_at + 1].rstrip().endswith("[100%]"), lines
