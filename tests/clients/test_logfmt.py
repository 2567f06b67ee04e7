"""Log formatters and the step context on records."""

from __future__ import annotations

import json
import logging

from cxvoyager.clients.context import StepContextFilter, current_step, step_context
from cxvoyager.logfmt import ConsoleFormatter, JsonLinesFormatter
from cxvoyager.redaction import Redactor


def make_record(
    message: str = "fisheye GET /api/v2/x -> 200", **extra: object
) -> logging.LogRecord:
    record = logging.LogRecord(
        "cxvoyager.clients.http", logging.INFO, __file__, 1, message, (), None
    )
    for name, value in extra.items():
        setattr(record, name, value)
    return record


API_EXTRA = {
    "stage": "03_config_cluster",
    "step": "test_set_dns",
    "service": "fisheye",
    "action": "set_dns",
    "method": "PUT",
    "path": "/api/v2/settings/dns",
    "status": 200,
    "duration_ms": 41,
    "result": "ok",
    "attempt": 1,
}


def test_json_line_has_api_fields() -> None:
    """A JSON line carries time, level, logger, message and every API field."""
    line = JsonLinesFormatter().format(make_record(**API_EXTRA))

    entry = json.loads(line)
    assert "\n" not in line
    assert entry["level"] == "INFO"
    assert entry["logger"] == "cxvoyager.clients.http"
    assert entry["time"].endswith("Z")
    for name, value in API_EXTRA.items():
        assert entry[name] == value, name


def test_json_line_keeps_chinese_readable() -> None:
    """Chinese text is written as is, not as escapes."""
    line = JsonLinesFormatter().format(make_record("等待集群部署"))

    assert "等待集群部署" in line


def test_json_line_includes_exception() -> None:
    """A logged exception appears as a formatted traceback field."""
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())

    entry = json.loads(JsonLinesFormatter().format(record))
    assert "ValueError: boom" in entry["exception"]


def test_formatters_mask_known_secrets() -> None:
    """With a redactor, a secret that slipped into a message is masked in both formats."""
    redactor = Redactor(["HC!r0cks"])
    record = make_record("password was HC!r0cks")

    assert "HC!r0cks" not in JsonLinesFormatter(redactor=redactor).format(record)
    assert "HC!r0cks" not in ConsoleFormatter(redactor=redactor).format(record)


def test_console_line_shows_step() -> None:
    """The console line is time, level, [stage/step] and message."""
    line = ConsoleFormatter().format(make_record(**API_EXTRA))

    assert "INFO" in line
    assert "[03_config_cluster/test_set_dns]" in line
    assert line.endswith("fisheye GET /api/v2/x -> 200")


def test_console_line_without_step() -> None:
    """Outside a step the prefix is left out."""
    assert "[" not in ConsoleFormatter().format(make_record())


def test_filter_adds_running_step() -> None:
    """The filter puts the running step on records that lack it, and restores nothing after."""
    record = make_record()
    with step_context(stage="05_attach_cluster", step="test_connect"):
        StepContextFilter().filter(record)

    assert record.stage == "05_attach_cluster"  # type: ignore[attr-defined]
    assert record.step == "test_connect"  # type: ignore[attr-defined]
    assert current_step.get() is None
