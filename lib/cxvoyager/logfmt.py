"""Log formatters: JSON lines for ``run.log``, one readable line for the console.

API calls are logged with structured ``extra`` fields (see ``API_FIELDS``),
and both formatters show them. The code that logs passes redacted values.
Given a ``Redactor``, the formatters also mask known secrets in the finished
line, as a second safeguard.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any

from cxvoyager.redaction import Redactor

# Fields an API attempt carries on its log record, in output order.
API_FIELDS = (
    "stage",
    "step",
    "service",
    "action",
    "method",
    "path",
    "status",
    "duration_ms",
    "result",
    "attempt",
)


class JsonLinesFormatter(logging.Formatter):
    """Formats each record as one JSON object on one line.

    Keys: ``time`` (ISO 8601, UTC, milliseconds), ``level``, ``logger``,
    ``message``, every field of ``API_FIELDS`` the record has, and
    ``exception`` with the formatted traceback when there is one.

    Args:
        redactor: masks known secrets in the finished line.
    """

    def __init__(self, *, redactor: Redactor | None = None) -> None:
        super().__init__()
        self._redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as one line of JSON."""
        entry: dict[str, Any] = {
            "time": _utc_timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(structured_fields(record))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        line = json.dumps(entry, ensure_ascii=False, default=str)
        return self._redactor.text(line) if self._redactor else line


class ConsoleFormatter(logging.Formatter):
    """Formats a record as ``HH:MM:SS LEVEL [stage/step] message``.

    The step prefix is left out for records logged outside a step.

    Args:
        redactor: masks known secrets in the finished line.
    """

    def __init__(self, *, redactor: Redactor | None = None) -> None:
        super().__init__()
        self._redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as one readable line (plus its traceback, if any)."""
        clock_time = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        stage = getattr(record, "stage", "")
        step = getattr(record, "step", "")
        where = f" [{stage}/{step}]" if stage or step else ""
        text = f"{clock_time} {record.levelname:<7}{where} {record.getMessage()}"
        if record.exc_info:
            text = f"{text}\n{self.formatException(record.exc_info)}"
        return self._redactor.text(text) if self._redactor else text


def structured_fields(record: logging.LogRecord) -> dict[str, Any]:
    """Return the ``API_FIELDS`` present on ``record``, in order."""
    return {name: getattr(record, name) for name in API_FIELDS if hasattr(record, name)}


def _utc_timestamp(created: float) -> str:
    moment = datetime.fromtimestamp(created, tz=timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
