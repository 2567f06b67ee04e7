"""upload_file: streams chunks, retries and resumes from the server's view, checks the checksum."""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from collections import deque
from pathlib import Path
from typing import Any

import flask
import pytest

from cxvoyager.clients.http import ApiSession
from cxvoyager.clients.progress import ProgressReporter
from cxvoyager.clients.retry import RetryPolicy
from cxvoyager.clients.transport import SimTransport
from cxvoyager.clients.upload import (
    ChecksumMismatchError,
    UploadState,
    sha256_of,
    upload_file,
)
from cxvoyager.clock import VirtualClock
from cxvoyager.errors import UploadError

from .conftest import ScriptedApp

KIB = 1024
MIB = 1024 * KIB


class UploadServer:
    """A chunk store: open and every chunk response list the chunks still missing.

    ``faults[index]`` lists what happens to the next sends of that chunk:
    ``reset-before`` drops it, ``reset-after`` stores it and then drops the
    connection, ``503`` responds busy, ``400`` rejects it, ``corrupt`` stores
    it with one byte changed, ``forget`` stores it but still lists it as missing.
    """

    def __init__(self, scripted: ScriptedApp, directory: Path, chunk_size: int) -> None:
        self.directory = directory
        self.chunk_size = chunk_size
        self.uploads: dict[str, dict[str, Any]] = {}
        self.faults: dict[int, deque[str]] = {}
        scripted.handle("POST", "/upload/open", self.open)
        scripted.handle("PUT", "/upload/chunk", self.chunk)
        scripted.handle("POST", "/upload/commit", self.commit)

    def fail(self, index: int, *modes: str) -> None:
        self.faults.setdefault(index, deque()).extend(modes)

    def open(self, request: flask.Request) -> Any:
        body = request.get_json()
        key = f"{body['name']}-{body['sha256'][:12]}"
        if key not in self.uploads:
            path = self.directory / key
            with path.open("wb") as stream:
                stream.truncate(body["size"])
            chunks = -(-body["size"] // self.chunk_size)
            self.uploads[key] = {"path": path, "missing": list(range(chunks))}
        return flask.jsonify(self._state(key))

    def chunk(self, request: flask.Request) -> Any:
        key = request.args["id"]
        index = int(request.args["index"])
        faults = self.faults.get(index)
        mode = faults.popleft() if faults else ""
        if mode == "reset-before":
            return "", 502, {"X-CXVoyager-Sim": "reset"}
        if mode in ("503", "400"):
            return flask.jsonify({"message": mode}), int(mode)
        if mode == "forget":
            return flask.jsonify(self._state(key))
        self._store(key, index, request.get_data(), corrupt=mode == "corrupt")
        if mode == "reset-after":
            return "", 502, {"X-CXVoyager-Sim": "reset"}
        return flask.jsonify(self._state(key))

    def commit(self, request: flask.Request) -> Any:
        key = request.args["id"]
        return flask.jsonify({"image_uuid": key, "sha256": sha256_of(self.uploads[key]["path"])})

    def _store(self, key: str, index: int, data: bytes, *, corrupt: bool) -> None:
        if corrupt:
            data = bytes([data[0] ^ 0xFF]) + data[1:]
        upload = self.uploads[key]
        with upload["path"].open("r+b") as stream:
            stream.seek(index * self.chunk_size)
            stream.write(data)
        if index in upload["missing"]:
            upload["missing"].remove(index)

    def _state(self, key: str) -> dict[str, Any]:
        upload = self.uploads[key]
        state: dict[str, Any] = {
            "id": key,
            "chunk_size": self.chunk_size,
            "missing": upload["missing"],
        }
        if not upload["missing"]:
            state["sha256"] = sha256_of(upload["path"])
        return state


class ChunkApi:
    """The test server's chunk protocol, as a per-API client would write it."""

    def __init__(self, session: ApiSession) -> None:
        self.session = session

    def open(self, *, name: str, size: int, sha256: str) -> UploadState:
        body = {"name": name, "size": size, "sha256": sha256}
        answer = self.session.request("POST", "/upload/open", json=body, idempotent=True).json()
        return self._state(answer)

    def send(self, state: UploadState, *, index: int, offset: int, data: bytes) -> UploadState:
        answer = self.session.request(
            "PUT",
            "/upload/chunk",
            params={"id": state.upload_id, "index": index},
            data=data,
            headers={"Content-Type": "application/octet-stream"},
        ).json()
        return self._state(answer)

    def finish(self, state: UploadState) -> Any:
        return self.session.request("POST", "/upload/commit", params={"id": state.upload_id}).json()

    @staticmethod
    def _state(answer: dict[str, Any]) -> UploadState:
        return UploadState(
            upload_id=answer["id"],
            chunk_size=answer["chunk_size"],
            missing=list(answer["missing"]),
            received_sha256=answer.get("sha256"),
        )


def make_file(path: Path, size: int) -> Path:
    with path.open("wb") as stream:
        remaining = size
        while remaining:
            block = os.urandom(min(remaining, MIB))
            stream.write(block)
            remaining -= len(block)
    return path


@pytest.fixture
def server(scripted: ScriptedApp, tmp_path: Path) -> UploadServer:
    store = tmp_path / "server"
    store.mkdir()
    return UploadServer(scripted, store, chunk_size=64 * KIB)


@pytest.fixture
def api(transport: SimTransport) -> ChunkApi:
    # One attempt per call, so chunk-level retries in upload_file are what is tested.
    transport.retry_policy = RetryPolicy(max_attempts=1)
    return ChunkApi(transport.session(service="fisheye", base_url="http://10.0.20.11"))


class Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def line(self, s: str = "", **markup: bool) -> None:
        self.lines.append(s)


def test_upload_sends_every_chunk_once(
    api: ChunkApi, server: UploadServer, tmp_path: Path, clock: VirtualClock
) -> None:
    """A clean upload sends each chunk once, finishes, and the server's copy is identical."""
    source = make_file(tmp_path / "cloudtower.iso", 300 * KIB)
    writer = Lines()
    progress = ProgressReporter("upload cloudtower.iso", writer=writer, min_interval=0)

    result = upload_file(source, api, clock=clock, progress=progress)

    assert result.chunks == 5
    assert result.chunks_sent == 5
    assert result.retries == 0
    assert result.resumed is False
    assert result.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert result.result["sha256"] == result.sha256
    assert result.throughput_bps > 0
    assert "100%" in writer.lines[-1], writer.lines


def test_reset_mid_upload_resends_chunk(
    api: ChunkApi, server: UploadServer, tmp_path: Path, clock: VirtualClock
) -> None:
    """A connection reset before the server stored chunk 2 is retried and the upload completes."""
    source = make_file(tmp_path / "image.iso", 300 * KIB)
    server.fail(2, "reset-before")

    result = upload_file(source, api, clock=clock)

    assert result.retries == 1
    assert result.chunks_sent == 6
    assert result.result["sha256"] == result.sha256


def test_chunk_the_server_kept_is_not_resent(
    api: ChunkApi, server: UploadServer, tmp_path: Path, clock: VirtualClock
) -> None:
    """After a reset, the server's list of missing chunks decides: a chunk it kept is skipped."""
    source = make_file(tmp_path / "image.iso", 300 * KIB)
    server.fail(2, "reset-after")

    result = upload_file(source, api, clock=clock)

    assert result.retries == 1
    assert result.chunks_sent == 5
    assert result.result["sha256"] == result.sha256


def test_upload_resumes_after_restart(
    api: ChunkApi, server: UploadServer, tmp_path: Path, clock: VirtualClock
) -> None:
    """When retries run out the upload fails; a new run resumes from the chunks still missing."""
    source = make_file(tmp_path / "image.iso", 300 * KIB)
    server.fail(3, "503", "503", "503", "503")

    with pytest.raises(UploadError) as caught:
        upload_file(source, api, clock=clock, chunk_retries=3)
    assert "3" in str(caught.value)

    result = upload_file(source, api, clock=clock)

    assert result.resumed is True
    assert result.chunks_sent == 2, "only chunks 3 and 4 were still missing"
    assert result.result["sha256"] == result.sha256


def test_checksum_mismatch_is_detected(
    api: ChunkApi, server: UploadServer, tmp_path: Path, clock: VirtualClock
) -> None:
    """A chunk stored wrongly makes the server's SHA-256 differ; the error names both sums."""
    source = make_file(tmp_path / "image.iso", 300 * KIB)
    server.fail(1, "corrupt")

    with pytest.raises(ChecksumMismatchError) as caught:
        upload_file(source, api, clock=clock)

    expected = hashlib.sha256(source.read_bytes()).hexdigest()
    assert caught.value.details["expected"] == expected
    assert caught.value.details["actual"] != expected
    assert expected in str(caught.value)


def test_rejected_chunk_is_not_retried(
    api: ChunkApi, server: UploadServer, tmp_path: Path, clock: VirtualClock
) -> None:
    """A 4xx for a chunk fails the upload at once, naming the chunk."""
    source = make_file(tmp_path / "image.iso", 300 * KIB)
    server.fail(0, "400")

    with pytest.raises(UploadError) as caught:
        upload_file(source, api, clock=clock)

    assert caught.value.details["chunk"] == 0
    assert "400" in str(caught.value)


def peak_upload_memory(api: ChunkApi, path: Path, clock: VirtualClock) -> int:
    tracemalloc.start()
    try:
        upload_file(path, api, clock=clock)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def test_memory_does_not_grow_with_file_size(
    scripted: ScriptedApp, api: ChunkApi, tmp_path: Path, clock: VirtualClock
) -> None:
    """Uploading 50 MB needs about as much memory as 10 MB: the file is streamed, not loaded."""
    store = tmp_path / "server"
    store.mkdir()
    UploadServer(scripted, store, chunk_size=MIB)
    small = make_file(tmp_path / "small.iso", 10 * MIB)
    large = make_file(tmp_path / "large.iso", 50 * MIB)

    peak_small = peak_upload_memory(api, small, clock)
    peak_large = peak_upload_memory(api, large, clock)

    # The peak counts the client and the in-process server together: about
    # eleven copies of one 1 MiB chunk in flight (body, request, parsing).
    # It must not follow the 40 MB the two files differ by.
    assert peak_large < peak_small + 2 * MIB, (peak_small, peak_large)
    assert peak_large < 16 * MIB, (peak_small, peak_large)


def test_chunk_listed_missing_forever_fails(
    api: ChunkApi, server: UploadServer, tmp_path: Path, clock: VirtualClock
) -> None:
    """A server that keeps listing a received chunk as missing fails the upload, not a loop."""
    source = make_file(tmp_path / "image.iso", 300 * KIB)
    server.fail(1, *["forget"] * 10)

    with pytest.raises(UploadError) as caught:
        upload_file(source, api, clock=clock, chunk_retries=2)

    assert caught.value.details["chunk"] == 1
    assert server.faults[1] == deque(["forget"] * 7), "three sends of chunk 1, then it gave up"
