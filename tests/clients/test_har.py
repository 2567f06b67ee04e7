"""The traffic record: valid HAR 1.2, every attempt in order, no secret, no upload content."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from cxvoyager.clients.context import step_context
from cxvoyager.clients.har import HarRecorder
from cxvoyager.clients.transport import SimTransport
from cxvoyager.errors import TransportError
from cxvoyager.redaction import Redactor

from .conftest import PLAN_PASSWORD, ScriptedApp

TOKEN = "eyJhbGciOiJIUzI1NiJ9.Y21nNnduZ3FiMDM3ZzA5NTg2a2Jwb2owMw.c2lnbmF0dXJl"
QUERY_SECRET = "query-secret-0042"
GRAPHQL_PASSWORD = "graphql-pass-0042"
INLINE_PASSWORD = "inline-pass-0042"
UPLOAD_SIZE = 5 * 1024 * 1024

# Required members per object, from the HAR 1.2 specification
# (http://www.softwareishard.com/blog/har-12-spec/).
HAR_REQUIRED = {
    "log": ("version", "creator", "entries"),
    "creator": ("name", "version"),
    "entry": ("startedDateTime", "time", "request", "response", "cache", "timings"),
    "request": (
        "method",
        "url",
        "httpVersion",
        "cookies",
        "headers",
        "queryString",
        "headersSize",
        "bodySize",
    ),
    "response": (
        "status",
        "statusText",
        "httpVersion",
        "cookies",
        "headers",
        "content",
        "redirectURL",
        "headersSize",
        "bodySize",
    ),
    "content": ("size", "mimeType"),
    "timings": ("send", "wait", "receive"),
    "postData": ("mimeType",),
    "name_value": ("name", "value"),
}


def missing_members(kind: str, obj: dict[str, Any]) -> list[str]:
    return [f"{kind}.{name}" for name in HAR_REQUIRED[kind] if name not in obj]


def har_problems(document: dict[str, Any]) -> list[str]:
    """Return every required HAR 1.2 member that is missing or of the wrong type."""
    log = document["log"]
    problems = missing_members("log", log) + missing_members("creator", log["creator"])
    if log.get("version") != "1.2":
        problems.append(f"log.version is {log.get('version')!r}")
    for number, entry in enumerate(log["entries"]):
        problems += [f"entry {number}: {p}" for p in missing_members("entry", entry)]
        request, response = entry["request"], entry["response"]
        problems += [f"entry {number}: {p}" for p in missing_members("request", request)]
        problems += [f"entry {number}: {p}" for p in missing_members("response", response)]
        problems += [
            f"entry {number}: {p}" for p in missing_members("content", response["content"])
        ]
        problems += [f"entry {number}: {p}" for p in missing_members("timings", entry["timings"])]
        if "postData" in request:
            problems += [
                f"entry {number}: {p}" for p in missing_members("postData", request["postData"])
            ]
        for pair in request["headers"] + request["queryString"] + response["headers"]:
            problems += [f"entry {number}: {p}" for p in missing_members("name_value", pair)]
        if not isinstance(entry["time"], (int, float)) or entry["time"] < 0:
            problems.append(f"entry {number}: time {entry['time']!r}")
        if not str(entry["startedDateTime"]).endswith("+00:00"):
            problems.append(f"entry {number}: startedDateTime {entry['startedDateTime']!r}")
    return problems


def run_calls(transport: SimTransport, scripted: ScriptedApp) -> list[tuple[str, str]]:
    """Make one of each kind of call; return (method, url) of every attempt in order."""
    scripted.respond(
        "POST", "/v2/api/login", (200, {"task_id": None, "data": {"token": TOKEN}}, {})
    )
    scripted.respond(
        "GET",
        "/v2/api/get-version",
        (200, "4.7.1", {"Set-Cookie": f"connect.sid=s%3A{TOKEN}; Path=/"}),
    )
    scripted.respond("POST", "/api", (200, {"data": {"login": {"token": TOKEN}}}, {}))
    scripted.respond("POST", "/v2/api/upload-elf-image", (200, [{"id": "up-1"}], {}))
    unreachable = (502, None, {"X-CXVoyager-Sim": "unreachable"})
    scripted.respond("GET", "/api/v2/cluster/summary", *[unreachable] * 2)
    transport.retry_policy = type(transport.retry_policy)(max_attempts=2, jitter=0.0)

    tower = transport.session(service="cloudtower", base_url="https://10.0.20.10")
    login_body = {"username": "root", "password": PLAN_PASSWORD, "source": "LOCAL"}

    def log_in() -> dict[str, str]:
        answer = tower.request("POST", "/v2/api/login", json=login_body, action="login").json()
        return {"Authorization": answer["data"]["token"]}

    with step_context(stage="04_deploy_cloudtower", step="test_log_in"):
        tower.use_login(log_in)
        tower.request("GET", "/v2/api/get-version", params={"token": QUERY_SECRET, "first": "1"})
        graphql = {
            "operationName": "login",
            "variables": {"data": {"username": "root", "password": GRAPHQL_PASSWORD}},
            "query": (
                f'mutation login {{ login(data: {{password: "{INLINE_PASSWORD}"}}) {{ token }} }}'
            ),
        }
        tower.request("POST", "/api", json=graphql, idempotent=True)
        chunk = os.urandom(UPLOAD_SIZE)
        tower.request(
            "POST",
            "/v2/api/upload-elf-image",
            data={"name": "cloudtower.iso", "size": str(UPLOAD_SIZE)},
            files={"file": ("cloudtower.iso", chunk)},
        )
        node = transport.session(service="fisheye", base_url="https://10.0.20.12")
        with pytest.raises(TransportError):
            node.request("GET", "/api/v2/cluster/summary")

    return [
        ("POST", "https://10.0.20.10/v2/api/login"),
        ("GET", "https://10.0.20.10/v2/api/get-version?token=******&first=1"),
        ("POST", "https://10.0.20.10/api"),
        ("POST", "https://10.0.20.10/v2/api/upload-elf-image"),
        ("GET", "https://10.0.20.12/api/v2/cluster/summary"),
        ("GET", "https://10.0.20.12/api/v2/cluster/summary"),
    ]


@pytest.fixture
def har_file(
    transport: SimTransport, scripted: ScriptedApp, recorder: HarRecorder, tmp_path: Path
) -> tuple[Path, list[tuple[str, str]]]:
    expected = run_calls(transport, scripted)
    path = tmp_path / "report" / "traffic.har"
    recorder.write(path)
    return path, expected


def test_har_is_valid_har_1_2(har_file: tuple[Path, list[tuple[str, str]]]) -> None:
    """The file parses as JSON and has every member HAR 1.2 requires."""
    path, _expected = har_file
    document = json.loads(path.read_text(encoding="utf-8"))

    assert har_problems(document) == []
    assert document["log"]["creator"]["name"] == "CXVoyager"


def test_every_attempt_in_order(har_file: tuple[Path, list[tuple[str, str]]]) -> None:
    """Each attempt appears once, in the order it was made, with the planned address as URL."""
    path, expected = har_file
    entries = json.loads(path.read_text(encoding="utf-8"))["log"]["entries"]

    assert [(e["request"]["method"], e["request"]["url"]) for e in entries] == expected
    assert [e["_attempt"] for e in entries] == [1, 1, 1, 1, 1, 2]
    assert {e["_stage"] for e in entries} == {"04_deploy_cloudtower"}
    assert {e["_step"] for e in entries} == {"test_log_in"}
    assert [e["_service"] for e in entries][-1] == "fisheye"


def test_failed_attempt_has_status_0_and_error(
    har_file: tuple[Path, list[tuple[str, str]]],
) -> None:
    """An attempt that got no response is recorded with status 0 and the reason in _error."""
    path, _expected = har_file
    last = json.loads(path.read_text(encoding="utf-8"))["log"]["entries"][-1]

    assert last["response"]["status"] == 0
    assert "No route to host" in last["_error"], last["_error"]


def secret_forms(secret: str) -> list[str]:
    return [secret, quote(secret, safe=""), base64.b64encode(secret.encode()).decode()]


@pytest.mark.parametrize(
    "secret",
    [PLAN_PASSWORD, TOKEN, QUERY_SECRET, GRAPHQL_PASSWORD, INLINE_PASSWORD],
    ids=["plan-password", "login-token", "query-token", "graphql-variable", "graphql-inline"],
)
def test_no_secret_in_har(har_file: tuple[Path, list[tuple[str, str]]], secret: str) -> None:
    """No password or token appears, in plain, URL-encoded or base64 form."""
    path, _expected = har_file
    text = path.read_text(encoding="utf-8")

    for form in secret_forms(secret):
        assert form not in text, form


def test_har_never_shows_loopback(har_file: tuple[Path, list[tuple[str, str]]]) -> None:
    """The simulator's loopback address appears nowhere; Host headers name the planned address."""
    path, _expected = har_file
    text = path.read_text(encoding="utf-8")
    entries = json.loads(text)["log"]["entries"]

    assert "127.0.0.1" not in text
    hosts = [h["value"] for h in entries[0]["request"]["headers"] if h["name"].lower() == "host"]
    assert hosts == ["10.0.20.10"]


def test_upload_body_recorded_as_size_and_hash(
    har_file: tuple[Path, list[tuple[str, str]]],
) -> None:
    """A 5 MB multipart upload adds its size and SHA-256 to the HAR, not its content."""
    path, _expected = har_file
    entries = json.loads(path.read_text(encoding="utf-8"))["log"]["entries"]
    upload = entries[3]["request"]["postData"]

    assert upload["mimeType"] == "multipart/form-data"
    assert upload["_size"] > UPLOAD_SIZE
    assert len(upload["_sha256"]) == 64
    assert upload["text"] == ""
    assert path.stat().st_size < 64 * 1024, path.stat().st_size


def test_large_text_body_is_truncated(
    transport: SimTransport, scripted: ScriptedApp, tmp_path: Path
) -> None:
    """A JSON response over max_body_bytes is cut and marked _truncated."""
    recorder = HarRecorder(redactor=Redactor(), max_body_bytes=1024)
    transport.recorder = recorder
    scripted.respond(
        "POST", "/v2/api/get-vms", (200, [{"name": f"vm-{i}"} for i in range(500)], {})
    )
    session = transport.session(service="cloudtower", base_url="https://10.0.20.10")
    session.request("POST", "/v2/api/get-vms", json={}, idempotent=True)
    path = tmp_path / "traffic.har"

    recorder.write(path)

    content = json.loads(path.read_text(encoding="utf-8"))["log"]["entries"][0]["response"][
        "content"
    ]
    assert content["_truncated"] is True
    assert len(content["text"].encode()) <= 1024
    assert content["size"] > 1024


def test_secret_learned_later_masked_on_write(
    transport: SimTransport,
    scripted: ScriptedApp,
    recorder: HarRecorder,
    redactor: Redactor,
    tmp_path: Path,
) -> None:
    """A token added to the redactor after a call was recorded is still masked in the file."""
    late = "late-learned-secret-77"
    scripted.respond("GET", "/x", (200, {"note": late}, {}))
    session = transport.session(service="cloudtower", base_url="https://10.0.20.10")
    session.request("GET", "/x")
    redactor.add(late)
    path = tmp_path / "traffic.har"

    recorder.write(path)

    assert late not in path.read_text(encoding="utf-8")


def test_redacted_body_hides_password_length() -> None:
    from cxvoyager.clients.har import summarize_body

    short = summarize_body(b'{"password": "abc12345"}', "application/json", Redactor([]), 65536)
    long = summarize_body(
        b'{"password": "a-much-longer-password-1234567"}', "application/json", Redactor([]), 65536
    )

    assert short.text == long.text
    assert short.size == long.size == len(short.text.encode())
