"""Chunked, resumable, streaming upload of large files (ISOs, app packages).

``upload_file`` drives any ``ChunkProtocol``: the SMTX OS image volume
(0-based ``chunk_num``), the ovm-operator chunked upload (byte offsets) and
the CloudTower GraphQL upload task (1-based ``current_chunk``) are each a
small protocol class written next to their API client.

The file is read one chunk at a time, so memory does not grow with its size.
A chunk that fails with a ``TransportError`` or a 5xx is retried with backoff
through the clock. After each failure the server is asked again which chunks
it still misses (``open``), so the upload resumes from the server's view.
The same happens after a process restart.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from cxvoyager.clients.progress import ProgressReporter
from cxvoyager.clock import Clock
from cxvoyager.errors import StatusError, TransportError, UploadError
from cxvoyager.i18n import t

logger = logging.getLogger(__name__)

HASH_BLOCK_SIZE = 1024 * 1024  # bytes read at a time while hashing
RETRY_WAIT_CAP = 30.0  # clock seconds, the longest pause between two tries of a chunk


@dataclass
class UploadState:
    """The server's view of an upload.

    Attributes:
        upload_id: the server's id of the upload (volume, task or upload id).
        chunk_size: bytes per chunk; every chunk but the last is this long.
        missing: indices of the chunks the server still expects, 0-based,
            in the order they should be sent.
        received_sha256: the server's SHA-256 of the assembled file, when the
            protocol reports one; compared with the local file at the end.
        resumed: whether ``open`` continued an upload an earlier run started.
    """

    upload_id: str
    chunk_size: int
    missing: list[int] = field(default_factory=list)
    received_sha256: str | None = None
    resumed: bool = False


class ChunkProtocol(Protocol):
    """The API calls of one chunked upload protocol."""

    def open(self, *, name: str, size: int, sha256: str) -> UploadState:
        """Start the upload, or resume it; the state lists the chunks still missing."""

    def send(self, state: UploadState, *, index: int, offset: int, data: bytes) -> UploadState:
        """Send chunk ``index`` (starting at byte ``offset``); return the new state."""

    def finish(self, state: UploadState) -> Any:
        """Commit the upload and return the protocol's result (an image id, a task)."""


@dataclass(frozen=True)
class UploadResult:
    """Outcome and speed of one upload.

    Attributes:
        result: what ``ChunkProtocol.finish`` returned.
        size: the file's size in bytes.
        sha256: the file's SHA-256 (hex).
        chunks: chunks in the file.
        chunks_sent: chunks sent in this run, retries included.
        retries: chunk sends that failed and were tried again.
        seconds: real seconds from open to finish.
        mean_chunk_ms: mean real milliseconds of a successful chunk send.
        throughput_bps: bytes sent successfully per real second.
        resumed: whether the upload continued one an earlier attempt or run
            started (the server already had some chunks).
    """

    result: Any
    size: int
    sha256: str
    chunks: int
    chunks_sent: int
    retries: int
    seconds: float
    mean_chunk_ms: float
    throughput_bps: float
    resumed: bool


class ChecksumMismatchError(UploadError):
    """The server's checksum of the uploaded file differs from the local file's."""


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in blocks of ``HASH_BLOCK_SIZE``."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(HASH_BLOCK_SIZE), b""):
            digest.update(block)
    return digest.hexdigest()


def upload_file(
    path: Path,
    protocol: ChunkProtocol,
    *,
    clock: Clock,
    chunk_retries: int = 3,
    progress: ProgressReporter | None = None,
) -> UploadResult:
    """Upload ``path`` through ``protocol``, resuming from what the server already has.

    Args:
        path: the file to upload.
        protocol: the API's chunk protocol.
        clock: the clock the pauses between retries go through.
        chunk_retries: how often one chunk is tried again before giving up.
        progress: shows bytes, rate and time left on the terminal.

    Raises:
        UploadError: a chunk still failed after ``chunk_retries`` retries, the
            server rejected a chunk (4xx), or the checksums differ
            (``ChecksumMismatchError``).
    """
    size = path.stat().st_size
    digest = sha256_of(path)
    run = _UploadRun(path=path, size=size, sha256=digest, protocol=protocol, clock=clock)
    run.start()

    with path.open("rb") as stream:
        while run.state.missing:
            run.send_chunk(stream, run.state.missing[0], chunk_retries)
            if progress is not None:
                progress.transferred(run.bytes_held(), size)

    run.verify_checksum()
    result = protocol.finish(run.state)
    return run.result(result)


@dataclass
class _UploadRun:
    """Counters and state of one ``upload_file`` call."""

    path: Path
    size: int
    sha256: str
    protocol: ChunkProtocol
    clock: Clock
    state: UploadState = field(init=False)
    chunks: int = 0
    resumed: bool = False
    chunks_sent: int = 0
    retries: int = 0
    bytes_sent: int = 0
    send_seconds: float = 0.0
    sends_by_index: Counter[int] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    def start(self) -> None:
        self.state = self.reopen()
        self.chunks = math.ceil(self.size / self.state.chunk_size) if self.size else 0
        self.resumed = self.state.resumed or len(self.state.missing) < self.chunks
        if self.state.resumed:
            logger.info(
                "resuming the upload of %s: %d bytes in %d chunks of %d bytes; the first chunk "
                "response lists the chunks still missing",
                self.path.name,
                self.size,
                self.chunks,
                self.state.chunk_size,
            )
            return
        logger.info(
            "uploading %s: %d bytes in %d chunks of %d bytes, %d still missing on the server",
            self.path.name,
            self.size,
            self.chunks,
            self.state.chunk_size,
            len(self.state.missing),
        )

    def reopen(self) -> UploadState:
        return self.protocol.open(name=self.path.name, size=self.size, sha256=self.sha256)

    def send_chunk(self, stream: BinaryIO, index: int, chunk_retries: int) -> None:
        """Send chunk ``index``, retrying and re-reading the server's view after failures.

        Raises:
            UploadError: see ``upload_file``.
        """
        if self.sends_by_index[index] > chunk_retries:
            # The server took the chunk but still lists it: do not loop forever.
            raise UploadError(
                t(
                    "clients.upload.retries_exhausted",
                    name=self.path.name,
                    index=index,
                    retries=chunk_retries,
                    reason=t("clients.upload.still_missing"),
                ),
                path=str(self.path),
                chunk=index,
            )
        offset = index * self.state.chunk_size
        stream.seek(offset)
        data = stream.read(self.state.chunk_size)

        for attempt in range(chunk_retries + 1):
            failure = self._try_send(index, offset, data)
            if failure is None:
                return
            self._raise_unless_retryable(failure, index, attempt, chunk_retries)
            self.retries += 1
            if self._recover(index, attempt, failure):
                return

    def _try_send(
        self, index: int, offset: int, data: bytes
    ) -> TransportError | StatusError | None:
        self.chunks_sent += 1
        self.sends_by_index[index] += 1
        began = time.monotonic()
        try:
            self.state = self.protocol.send(self.state, index=index, offset=offset, data=data)
        except (TransportError, StatusError) as exc:
            return exc
        self.send_seconds += time.monotonic() - began
        self.bytes_sent += len(data)
        logger.debug("%s: chunk %d sent (%d bytes)", self.path.name, index, len(data))
        return None

    def _raise_unless_retryable(
        self, exc: TransportError | StatusError, index: int, attempt: int, chunk_retries: int
    ) -> None:
        if isinstance(exc, StatusError) and exc.status < 500:
            raise UploadError(
                t("clients.upload.rejected", name=self.path.name, index=index, reason=exc),
                path=str(self.path),
                chunk=index,
            ) from exc
        if attempt >= chunk_retries:
            raise UploadError(
                t(
                    "clients.upload.retries_exhausted",
                    name=self.path.name,
                    index=index,
                    retries=chunk_retries,
                    reason=exc,
                ),
                path=str(self.path),
                chunk=index,
            ) from exc

    def _recover(self, index: int, attempt: int, exc: Exception) -> bool:
        """Pause, then re-read the server's state; True when it no longer misses ``index``."""
        pause = min(2.0**attempt, RETRY_WAIT_CAP)
        logger.warning(
            "%s: chunk %d failed (%s); retry %d in %.0f s",
            self.path.name,
            index,
            exc,
            attempt + 1,
            pause,
        )
        self.clock.sleep(pause)
        try:
            self.state = self.reopen()
        except TransportError as reopen_error:
            logger.warning(
                "%s: could not re-read the upload state: %s", self.path.name, reopen_error
            )
            return False
        return index not in self.state.missing

    def bytes_held(self) -> int:
        """Return the bytes the server holds, from its list of missing chunks."""
        missing_bytes = sum(
            min(self.state.chunk_size, self.size - index * self.state.chunk_size)
            for index in self.state.missing
        )
        return self.size - missing_bytes

    def verify_checksum(self) -> None:
        received = self.state.received_sha256
        if received is not None and received.lower() != self.sha256:
            raise ChecksumMismatchError(
                t(
                    "clients.upload.checksum",
                    name=self.path.name,
                    expected=self.sha256,
                    actual=received,
                ),
                path=str(self.path),
                expected=self.sha256,
                actual=received,
            )

    def result(self, result: Any) -> UploadResult:
        seconds = time.monotonic() - self.started
        successful = self.chunks_sent - self.retries
        logger.info(
            "uploaded %s: %d chunks sent, %d retries, %.1f s",
            self.path.name,
            self.chunks_sent,
            self.retries,
            seconds,
        )
        return UploadResult(
            result=result,
            size=self.size,
            sha256=self.sha256,
            chunks=self.chunks,
            chunks_sent=self.chunks_sent,
            retries=self.retries,
            seconds=seconds,
            mean_chunk_ms=1000 * self.send_seconds / successful if successful else 0.0,
            throughput_bps=self.bytes_sent / self.send_seconds if self.send_seconds else 0.0,
            resumed=self.resumed,
        )
