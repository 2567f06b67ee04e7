"""Progress lines for long uploads and waits, visible while pytest captures output.

pytest captures ``sys.stdout`` and ``sys.stderr`` (and, by default, file
descriptors 1 and 2) during a test, so progress goes to the terminal
reporter's writer (``config.get_terminal_writer()``) when the plugin passes
one. Without one it goes to ``sys.__stderr__``, which reaches the terminal
when capture is off (``-s``) or captures only ``sys`` (``--capture=sys``).
At most one line is written per ``min_interval`` seconds, plus the last one.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Protocol

from cxvoyager.i18n import t

_UNITS = ("B", "KiB", "MiB", "GiB", "TiB")


class LineWriter(Protocol):
    """The part of a terminal writer that progress uses; pytest's ``TerminalWriter`` has it."""

    def line(self, s: str = "", **markup: bool) -> None:
        """Write ``s`` and a newline."""


class ProgressReporter:
    """Writes rate-limited progress lines for one upload or wait.

    Args:
        label: what is in progress (``上传 cloudtower.iso``); shown first on each line.
        writer: the terminal reporter's writer; None writes to ``sys.__stderr__``.
        min_interval: real seconds between two lines.
        monotonic: the time source of the rate limit and the transfer rate.
    """

    def __init__(
        self,
        label: str,
        *,
        writer: LineWriter | None = None,
        min_interval: float = 5.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self._writer = writer
        self._min_interval = min_interval
        self._monotonic = monotonic
        self._last_written: float | None = None
        self._started = monotonic()
        self._first_done: int | None = None

    def transferred(self, done: int, total: int) -> None:
        """Report ``done`` of ``total`` bytes sent, with rate and time left."""
        now = self._monotonic()
        if self._first_done is None:
            self._first_done, self._started = done, now
        if not self._due(now) and done < total:
            return
        elapsed = now - self._started
        rate = (done - self._first_done) / elapsed if elapsed > 0 else 0.0
        left = (total - done) / rate if rate > 0 else None
        self._write(
            t(
                "clients.progress.upload",
                label=self.label,
                percent=100.0 * done / total if total else 100.0,
                done=format_bytes(done),
                total=format_bytes(total),
                rate=format_bytes(rate),
                eta=format_duration(left),
            ),
            now,
        )

    def phase(self, phase: str, percent: float | None = None) -> None:
        """Report the phase (status) of a wait, with its percent when known."""
        now = self._monotonic()
        if not self._due(now):
            return
        if percent is None:
            text = t("clients.progress.phase", label=self.label, phase=phase)
        else:
            text = t(
                "clients.progress.phase_percent", label=self.label, phase=phase, percent=percent
            )
        self._write(text, now)

    def _due(self, now: float) -> bool:
        return self._last_written is None or now - self._last_written >= self._min_interval

    def _write(self, text: str, now: float) -> None:
        self._last_written = now
        if self._writer is not None:
            self._writer.line(text)
            return
        stream = sys.__stderr__
        if stream is not None:
            stream.write(text + "\n")
            stream.flush()


def format_bytes(count: float) -> str:
    """Return a byte count in binary units: ``512 B``, ``1.5 MiB``."""
    value = float(count)
    for unit in _UNITS:
        if value < 1024 or unit == _UNITS[-1]:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} {_UNITS[-1]}"


def format_duration(seconds: float | None) -> str:
    """Return seconds as ``m:ss`` or ``h:mm:ss``; ``?`` when unknown."""
    if seconds is None:
        return "?"
    whole = int(seconds + 0.5)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
