"""pytest's live log (``-o log_cli=true``): CXVoyager's console format, with secrets masked.

pytest writes live-log records straight to the terminal with its own
formatter, so a plan password in a log message or a traceback could reach
the terminal in clear text. The engine installs ``LiveLogFormatter`` on
pytest's live-log handler when the session starts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pytest

from cxvoyager.clients.context import StepContextFilter
from cxvoyager.logfmt import ConsoleFormatter
from cxvoyager.redaction import Redactor
from cxvoyager.report.redact import mask_credential_headers

if TYPE_CHECKING:
    from cxvoyager.engine.planrun import PlanRun


class LiveLogFormatter(ConsoleFormatter):
    """Formats live-log lines as ``ConsoleFormatter`` does and masks every plan's secrets.

    The plans' secrets and ``password=...``-style values are masked by the
    base class's redactor. Each plan's own mask then covers the tokens its
    clients learn while the session runs, and authentication headers are
    masked last.

    Args:
        runs: the session's plans.
    """

    def __init__(self, runs: Iterable[PlanRun]) -> None:
        self._runs = list(runs)
        secrets = [secret for run in self._runs for secret in run.masker.secrets]
        super().__init__(redactor=Redactor(secrets))

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as one masked console line (plus its traceback, if any)."""
        text = super().format(record)
        for run in self._runs:
            text = run.mask(text)
        return mask_credential_headers(text)


def install_live_log_formatter(config: pytest.Config, runs: Iterable[PlanRun]) -> bool:
    """Set ``LiveLogFormatter`` on pytest's live-log handler; return whether live logging is on.

    With live logging off, pytest's handler discards every record, so nothing changes.
    """
    logging_plugin = config.pluginmanager.get_plugin("logging-plugin")
    handler = getattr(logging_plugin, "log_cli_handler", None)
    # pytest uses a NullHandler subclass when live logging is off.
    if not isinstance(handler, logging.StreamHandler):
        return False
    handler.setFormatter(LiveLogFormatter(runs))
    handler.addFilter(StepContextFilter())
    return True
