"""Calls shared by every part of the Fisheye client: envelope, login, jobs.

Fisheye (the SMTX OS cluster API) wraps ``/api/v2`` responses in
``{"ec": "EOK", "error": {}, "data": ...}`` and returns bare objects from
``/api/v3``. The session turns an ``ec`` other than ``EOK`` into ``StatusError``;
this module unwraps ``data`` and waits for asynchronous jobs.
"""

from __future__ import annotations

import logging
from typing import Any

from cxvoyager.clients.http import ApiSession
from cxvoyager.clients.models import parse
from cxvoyager.clients.models.fisheye import FisheyeSession, Job
from cxvoyager.clients.waiting import wait_until
from cxvoyager.clock import Clock
from cxvoyager.errors import ResponseError
from cxvoyager.i18n import t

logger = logging.getLogger(__name__)

SERVICE = "fisheye"
JOB_TIMEOUT = 1800.0  # seconds; VDS and VM jobs take minutes on a busy cluster
JOB_INTERVAL = 2.0  # seconds between job polls at first


class FisheyeBase:
    """Session handling and the calls every Fisheye area needs.

    Args:
        session: HTTPS session to a node's management IP or to the VIP.
        clock: the clock job waits go through.
    """

    def __init__(self, session: ApiSession, *, clock: Clock) -> None:
        self.session = session
        self.clock = clock

    def call(self, method: str, path: str, *, action: str, **kwargs: Any) -> Any:
        """Send a ``/api/v2`` call and return the envelope's ``data``.

        Raises:
            ApiError: no response, an error status or an error envelope.
            ResponseError: the body is not an envelope.
        """
        response = self.session.request(method, path, action=action, **kwargs)
        body = response.json()
        if not isinstance(body, dict) or "data" not in body:
            message = t("stages.response.no_envelope", service=SERVICE, action=action)
            raise ResponseError(message, service=SERVICE, method=method, url=path)
        return body["data"]

    def create_session(self, *, username: str, password: str) -> FisheyeSession:
        """Log in and return the session whose token authorizes later calls.

        Raises:
            ApiError: wrong credentials (401) or no response.
        """
        response = self.session.request(
            "POST",
            "/api/v3/sessions",
            idempotent=True,
            action="login",
            json={"username": username, "password": password, "encrypted": False},
        )
        return parse(FisheyeSession, response.json(), service=SERVICE, action="login")

    def use_credentials(self, *, username: str, password: str) -> None:
        """Log in now and again whenever the token expires (a 401 response).

        Raises:
            ApiError: the first login failed.
        """

        def login() -> dict[str, str]:
            return {
                "x-smartx-token": self.create_session(username=username, password=password).token
            }

        self.session.use_login(login)

    def get_job(self, job_id: str) -> Job:
        """Return the job ``job_id``.

        Raises:
            ApiError: the job is unknown or the call failed.
        """
        data = self.call("GET", f"/api/v2/jobs/{job_id}", action="get_job")
        return parse(Job, (data or {}).get("job"), service=SERVICE, action="get_job")

    def wait_for_job(self, job_id: str, *, what: str, timeout: float = JOB_TIMEOUT) -> Job:
        """Wait until the job ``job_id`` is done and return it.

        Raises:
            TaskFailedError: the job failed.
            WaitTimeoutError: the job was still running after ``timeout`` seconds.
        """
        return wait_until(
            lambda: self.get_job(job_id),
            is_done=lambda job: job.is_done,
            is_failed=lambda job: job.failure(),
            describe=lambda job: job.state,
            what=f"{what} (job {job_id})",
            clock=self.clock,
            timeout=timeout,
            interval=JOB_INTERVAL,
        )

    def run_job(self, method: str, path: str, *, action: str, what: str, **kwargs: Any) -> Job:
        """Start an asynchronous call that returns ``job_id`` and wait for the job.

        Raises:
            ApiError: the call failed.
            TaskFailedError: the job failed.
            WaitTimeoutError: the job did not finish in time.
        """
        data = self.call(method, path, action=action, **kwargs)
        job_id = (data or {}).get("job_id")
        if not job_id:
            message = t("stages.response.no_job", service=SERVICE, action=action)
            raise ResponseError(message, service=SERVICE, method=method, url=path)
        return self.wait_for_job(str(job_id), what=what)
