"""The one clock every wait and poll goes through.

In sim mode the suite and the in-process simulator share a ``VirtualClock``:
simulated durations (a 40-minute deployment) pass at ``speed`` simulated
seconds per real second, and with speed ``max`` a sleep advances virtual time
at once instead of waiting. Live mode uses ``RealClock``.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    """What waiting code needs from a clock."""

    def now(self) -> float:
        """Return the current time in epoch seconds."""

    def sleep(self, seconds: float) -> None:
        """Let ``seconds`` of clock time pass."""


class RealClock:
    """Wall-clock time; sleeping really waits."""

    def now(self) -> float:
        """Return the wall-clock time in epoch seconds."""
        return time.time()

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` real seconds (Ctrl-C interrupts the wait)."""
        if seconds > 0:
            time.sleep(seconds)


class VirtualClock:
    """Simulated time that runs ``speed`` times faster than real time.

    Args:
        speed: simulated seconds per real second; ``None`` means ``max``: real
            time still counts once, and every ``sleep`` jumps forward at once.
        start: the virtual epoch time to start from, so a restarted simulator
            continues where its saved state stopped.
    """

    def __init__(self, speed: float | None = None, *, start: float | None = None) -> None:
        if speed is not None and speed <= 0:
            raise ValueError(f"clock speed must be positive, got {speed}")
        self.speed = speed
        self._real_origin = time.monotonic()
        self._virtual_origin = time.time() if start is None else start
        self._skipped = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        """Return the current virtual time in epoch seconds."""
        factor = 1.0 if self.speed is None else self.speed
        with self._lock:
            skipped = self._skipped
        return self._virtual_origin + (time.monotonic() - self._real_origin) * factor + skipped

    def sleep(self, seconds: float) -> None:
        """Let ``seconds`` of virtual time pass, waiting ``seconds / speed`` real seconds."""
        if seconds <= 0:
            return
        if self.speed is None:
            self.advance(seconds)
            return
        time.sleep(seconds / self.speed)

    def advance(self, seconds: float) -> None:
        """Move virtual time forward at once (used with speed ``max``)."""
        with self._lock:
            self._skipped += seconds


def parse_speed(text: str) -> float | None:
    """Parse a ``--sim-speed`` value: a positive number, or ``max`` for no waiting.

    Raises:
        ValueError: the text is neither ``max`` nor a positive number.
    """
    if text.strip().lower() == "max":
        return None
    value = float(text)
    if value <= 0:
        raise ValueError(text)
    return value
