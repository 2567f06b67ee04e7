"""The one retry policy for API calls, built on tenacity.

What is retried: connection failures and timeouts (``TransportError``) and
the statuses 502, 503 and 504, with capped exponential backoff plus jitter,
until ``max_attempts`` or the total ``deadline``. A 4xx is never retried.

Whether a request may be sent again: GET, HEAD, OPTIONS, PUT and DELETE are
idempotent by default and POST is not. A request that is not idempotent is
resent only when the caller says ``idempotent=True``, when its
``safe_to_resend()`` check returns True right before the resend (the caller
looks on the server that nothing was created), or when the connection failed
before the request left (``TransportError`` with ``request_sent=False``).

Waits go through the ``Clock``, so a max-speed ``VirtualClock`` makes them
instant. tenacity logs nothing itself; this module logs each retry at WARNING.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass

import requests
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    retry_if_result,
    stop_after_attempt,
)
from tenacity.stop import stop_base
from tenacity.wait import wait_base

from cxvoyager.clock import Clock
from cxvoyager.errors import TransportError

logger = logging.getLogger(__name__)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({502, 503, 504})

Attempt = Callable[[int], requests.Response]


class _ResendRefusedError(Exception):
    """The caller's ``safe_to_resend`` check returned False: a resend could duplicate something."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long a failed API call is tried again.

    Attributes:
        max_attempts: attempts in total, the first one included.
        initial_wait: seconds before the second attempt; doubles per attempt.
        max_wait: the cap of one wait, in seconds.
        jitter: up to this many random seconds added to each wait, so parallel
            clients do not retry in step.
        deadline: clock seconds from the first attempt after which no new
            attempt starts. An attempt that has started runs until its own
            timeout.
    """

    max_attempts: int = 5
    initial_wait: float = 1.0
    max_wait: float = 30.0
    jitter: float = 1.0
    deadline: float = 300.0

    def run(
        self,
        attempt: Attempt,
        *,
        clock: Clock,
        label: str,
        resendable: bool,
        safe_to_resend: Callable[[], bool] | None = None,
    ) -> requests.Response:
        """Call ``attempt(number)`` until its outcome is final, and return the last response.

        Args:
            attempt: sends the request once; gets the 1-based attempt number.
            clock: the clock the waits go through.
            label: names the call in retry log lines (``fisheye POST /api/v2/...``).
            resendable: whether the request is idempotent.
            safe_to_resend: called before a resend of a non-idempotent request
                that reached the server; a resend happens only if it returns True.

        Returns:
            The last response, which may still have a 502/503/504 status when
            every attempt got one.

        Raises:
            TransportError: the last attempt got no answer.
        """
        history: list[requests.Response | TransportError] = []

        def guarded_attempt() -> requests.Response:
            if history and not _may_resend(history[-1], resendable, safe_to_resend):
                raise _ResendRefusedError
            try:
                response = attempt(len(history) + 1)
            except TransportError as exc:
                history.append(exc)
                raise
            history.append(response)
            return response

        retrying = self._retrying(clock, label, resendable or safe_to_resend is not None)
        try:
            return retrying(guarded_attempt)
        except _ResendRefusedError:
            logger.warning("%s: not sent again because the request may have taken effect", label)
            last = history[-1]
            if isinstance(last, TransportError):
                raise last from None
            return last

    def _retrying(self, clock: Clock, label: str, may_resend_sent: bool) -> Retrying:
        started = clock.now()
        return Retrying(
            sleep=clock.sleep,
            stop=stop_after_attempt(self.max_attempts) | _DeadlinePassed(clock, started, self),
            wait=_Backoff(clock, started, self),
            retry=(retry_if_exception_type(TransportError) | retry_if_result(_is_retry_status))
            & _RetryAllowed(may_resend_sent),
            before_sleep=_log_retry(label),
            retry_error_callback=_last_outcome,
        )


def is_idempotent(method: str, idempotent: bool | None) -> bool:
    """Tell whether a request may be sent twice: the caller's word, else by method."""
    if idempotent is not None:
        return idempotent
    return method.upper() in IDEMPOTENT_METHODS


def _may_resend(
    previous: requests.Response | TransportError,
    resendable: bool,
    safe_to_resend: Callable[[], bool] | None,
) -> bool:
    if resendable or _never_sent(previous):
        return True
    return safe_to_resend is not None and safe_to_resend()


def _never_sent(outcome: object) -> bool:
    return isinstance(outcome, TransportError) and outcome.details.get("request_sent") is False


def _is_retry_status(response: requests.Response) -> bool:
    return response.status_code in RETRY_STATUSES


def _last_outcome(retry_state: RetryCallState) -> requests.Response:
    """Return the last response, or raise the last error, once tenacity gives up."""
    assert retry_state.outcome is not None  # noqa: S101  (tenacity sets it before giving up)
    result: requests.Response = retry_state.outcome.result()
    return result


class _RetryAllowed:
    """Retry only requests that may be sent again (or that never left)."""

    def __init__(self, may_resend_sent: bool) -> None:
        self._may_resend_sent = may_resend_sent

    def __call__(self, retry_state: RetryCallState) -> bool:
        outcome = retry_state.outcome
        if self._may_resend_sent or outcome is None:
            return True
        return outcome.failed and _never_sent(outcome.exception())


class _DeadlinePassed(stop_base):
    """Stop once the clock has passed the policy's deadline since the first attempt."""

    def __init__(self, clock: Clock, started: float, policy: RetryPolicy) -> None:
        self._clock = clock
        self._deadline = started + policy.deadline

    def __call__(self, retry_state: RetryCallState) -> bool:
        return self._clock.now() >= self._deadline


class _Backoff(wait_base):
    """Exponential backoff with jitter, at least ``Retry-After``, never past the deadline."""

    def __init__(self, clock: Clock, started: float, policy: RetryPolicy) -> None:
        self._clock = clock
        self._deadline = started + policy.deadline
        self._policy = policy
        self._max_wait = policy.max_wait

    def __call__(self, retry_state: RetryCallState) -> float:
        # tenacity's wait_exponential_jitter renamed its arguments between
        # versions, so the same formula is written out here.
        exponential = self._policy.initial_wait * 2.0 ** (retry_state.attempt_number - 1)
        jitter = random.uniform(0, self._policy.jitter)  # noqa: S311  (spreads retries; not security)
        seconds = min(exponential + jitter, self._max_wait)
        retry_after = _retry_after_seconds(retry_state)
        if retry_after is not None:
            seconds = max(seconds, min(retry_after, self._max_wait))
        remaining = self._deadline - self._clock.now()
        return max(0.0, min(seconds, remaining))


def _retry_after_seconds(retry_state: RetryCallState) -> float | None:
    outcome = retry_state.outcome
    if outcome is None or outcome.failed:
        return None
    value = outcome.result().headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        # NOTE: the HTTP-date form of Retry-After is ignored; backoff applies.
        return None


def _log_retry(label: str) -> Callable[[RetryCallState], None]:
    def log(retry_state: RetryCallState) -> None:
        logger.warning(
            "%s: attempt %d failed (%s); retrying in %.1f s",
            label,
            retry_state.attempt_number,
            _reason(retry_state),
            retry_state.next_action.sleep if retry_state.next_action else 0.0,
            extra={"attempt": retry_state.attempt_number},
        )

    return log


def _reason(retry_state: RetryCallState) -> str:
    outcome = retry_state.outcome
    if outcome is None:
        return "unknown"
    if outcome.failed:
        error = outcome.exception()
        return str(error.details.get("reason", error)) if isinstance(error, TransportError) else ""
    return f"HTTP {outcome.result().status_code}"
