"""The CXVoyager exception tree.

Every error the suite raises on purpose derives from ``CXVoyagerError`` and
carries the data needed to act on it::

    CXVoyagerError
    ├── OptionError            a command-line option is missing or invalid
    ├── PlanError              the workbook cannot be read or fails validation
    │                          (carries every finding: rule, sheet, cell, value)
    ├── ApiError               a call to a SmartX API did not succeed
    │   ├── TransportError     no HTTP answer: refused, reset, TLS, timeout
    │   ├── StatusError        an HTTP answer with an error status or envelope
    │   │   └── AuthError      401/403 that a fresh login did not cure
    │   └── ResponseError      a 2xx answer whose body is not the expected shape
    ├── TaskFailedError        an async task or job ended in failure
    ├── WaitTimeoutError       a wait passed its deadline
    ├── UploadError            a chunked upload failed or its checksum differs
    ├── CertificateChangedError a TLS endpoint changed its certificate (trust on first use)
    └── SecretLeakError        a plan secret was found in an output file

Messages are built by the i18n catalog in the user's language, so the classes
store the facts and ``str(error)`` returns the localized message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class CXVoyagerError(Exception):
    """Base of every error CXVoyager raises on purpose."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details: Mapping[str, Any] = details

    def __str__(self) -> str:
        return self.message


class OptionError(CXVoyagerError):
    """A command-line option is missing or has an invalid value."""


class PlanError(CXVoyagerError):
    """The planning workbook cannot be read or does not validate.

    Attributes:
        findings: every problem found, so the engineer fixes them in one pass.
    """

    def __init__(self, message: str, *, findings: list[Any] | None = None, **details: Any) -> None:
        super().__init__(message, **details)
        self.findings = list(findings or [])


class ApiError(CXVoyagerError):
    """A call to a SmartX API did not succeed."""

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        url: str = "",
        service: str = "",
        **details: Any,
    ) -> None:
        super().__init__(message, **details)
        self.method = method
        self.url = url
        self.service = service


class TransportError(ApiError):
    """No HTTP response arrived: connection refused or reset, TLS failure or timeout."""


class StatusError(ApiError):
    """The API returned an error status or an error envelope."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        vendor_code: str | None = None,
        body: str = "",
        **details: Any,
    ) -> None:
        super().__init__(message, **details)
        self.status = status
        self.vendor_code = vendor_code
        self.body = body


class AuthError(StatusError):
    """Authentication failed even after one fresh login."""


class ResponseError(ApiError):
    """A successful response whose body does not have the expected shape."""


class TaskFailedError(CXVoyagerError):
    """An asynchronous task or job ended in failure."""

    def __init__(self, message: str, *, task_id: str, status: str, **details: Any) -> None:
        super().__init__(message, **details)
        self.task_id = task_id
        self.status = status


class WaitTimeoutError(CXVoyagerError):
    """A wait passed its deadline before the awaited condition held."""

    def __init__(
        self,
        message: str,
        *,
        what: str,
        waited_seconds: float,
        last_status: str | None = None,
        **details: Any,
    ) -> None:
        super().__init__(message, **details)
        self.what = what
        self.waited_seconds = waited_seconds
        self.last_status = last_status


class UploadError(CXVoyagerError):
    """A chunked upload failed, or the uploaded data's checksum differs."""


class CertificateChangedError(CXVoyagerError):
    """A TLS endpoint presented a certificate other than the one recorded on first use."""


class SecretLeakError(CXVoyagerError):
    """A secret from the plan was found in a file the run wrote."""
