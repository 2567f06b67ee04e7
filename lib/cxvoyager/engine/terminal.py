"""Progress lines on pytest's terminal while a test runs under output capture."""

from __future__ import annotations

from typing import Any


class CaptureSafeWriter:
    """Write whole lines to pytest's terminal from inside a running test.

    During a test, pytest captures file descriptor 1, so the terminal writer's
    text would land in the test's captured output. The writer would still count
    it as printed, which pushes the ``[ 16%]`` marker far to the right. This
    writer suspends capture for each line, and starts a fresh line when the
    progress dots have left the cursor mid-line.
    """

    def __init__(self, config: Any) -> None:
        self._writer = config.get_terminal_writer()
        self._capture = config.pluginmanager.getplugin("capturemanager")

    def line(self, text: str) -> None:
        """Write ``text`` as one line of its own."""
        if self._capture is None:
            self._write(text)
            return
        with self._capture.global_and_fixture_disabled():
            self._write(text)

    def _write(self, text: str) -> None:
        if self._writer.width_of_current_line:
            self._writer.line()
        self._writer.line(text)
