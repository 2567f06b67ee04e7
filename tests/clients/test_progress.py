"""ProgressReporter: rate-limited lines with rate and time left."""

from __future__ import annotations

import pytest

from cxvoyager.clients.progress import ProgressReporter, format_bytes, format_duration
from cxvoyager.i18n import set_language


class Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def line(self, s: str = "", **markup: bool) -> None:
        self.lines.append(s)


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def english() -> object:
    set_language("en")
    yield None
    set_language("zh-CN")


def test_upload_lines_rate_limited_with_rate_and_eta() -> None:
    """Lines come at most every min_interval seconds, plus the final one, with rate and ETA."""
    writer, clock = Lines(), FakeMonotonic()
    progress = ProgressReporter("upload iso", writer=writer, min_interval=5, monotonic=clock)
    mib = 1024 * 1024

    progress.transferred(0, 100 * mib)
    for second in range(1, 11):
        clock.now += 1
        progress.transferred(second * mib * 10 // 2, 100 * mib)
    clock.now += 1
    progress.transferred(100 * mib, 100 * mib)

    assert len(writer.lines) == 4, writer.lines
    assert writer.lines[1] == "upload iso: 25%, 25.0 MiB / 100.0 MiB, 5.0 MiB/s, 0:15 left"
    assert writer.lines[-1].startswith("upload iso: 100%")


def test_phase_lines_rate_limited() -> None:
    """Wait phases are shown at most every min_interval seconds."""
    writer, clock = Lines(), FakeMonotonic()
    progress = ProgressReporter("deploy cluster", writer=writer, min_interval=5, monotonic=clock)

    progress.phase("running", 10)
    clock.now += 1
    progress.phase("running", 20)
    clock.now += 5
    progress.phase("verifying")

    assert writer.lines == ["deploy cluster: running (10%)", "deploy cluster: verifying"]


def test_without_writer_goes_to_real_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    """Without a terminal writer the line goes to sys.__stderr__."""
    ProgressReporter("job", min_interval=0).phase("pending")

    assert "job: pending" in capfd.readouterr().err


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 B"), (1023, "1023 B"), (1536, "1.5 KiB"), (5 * 1024**3, "5.0 GiB")],
    ids=["zero", "bytes", "kib", "gib"],
)
def test_format_bytes(count: int, text: str) -> None:
    assert format_bytes(count) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, "?"), (59.6, "1:00"), (3725, "1:02:05")],
    ids=["unknown", "minutes", "hours"],
)
def test_format_duration(seconds: float | None, text: str) -> None:
    assert format_duration(seconds) == text
