"""Client of the CloudTower REST API (``https://<CloudTower>/v2/api/...``).

Every operation is a POST with a JSON body. Lists take Prisma-style
``where`` filters and return bare arrays. Mutations take arrays and return
arrays of ``{task_id, data}`` as the 4.6.0 specification defines them, and
this client also accepts the single object some captured responses show. A task id
means the change goes on in the background: wait for it with
``wait_for_task``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from cxvoyager.clients.http import ApiSession
from cxvoyager.clients.models import parse, parse_list
from cxvoyager.clients.models.tower import (
    Alert,
    BrickTopo,
    Datacenter,
    Organization,
    RackTopo,
    RoleRef,
    Task,
    TowerCluster,
    TowerDisk,
    TowerHost,
    TowerVm,
    User,
    ZoneTopo,
)
from cxvoyager.clients.waiting import wait_until
from cxvoyager.clock import Clock
from cxvoyager.errors import ResponseError
from cxvoyager.i18n import t

logger = logging.getLogger(__name__)

SERVICE = "cloudtower"
API = "/v2/api"
TASK_TIMEOUT = 1800.0  # seconds; connecting a cluster takes several minutes

ModelT = TypeVar("ModelT", bound=BaseModel)
Where = Mapping[str, Any]


class CloudTowerClient:
    """The CloudTower REST API.

    Args:
        session: HTTPS session to ``https://<CloudTower IP>``.
        clock: the clock task waits go through.
    """

    def __init__(self, session: ApiSession, *, clock: Clock) -> None:
        self.session = session
        self.clock = clock

    # --- calls and auth ---------------------------------------------------

    def call(self, operation: str, body: Any = None, **kwargs: Any) -> Any:
        """POST ``body`` to ``/v2/api/<operation>`` and return the decoded response.

        Raises:
            ApiError: no response or an error status.
        """
        kwargs.setdefault("idempotent", operation.startswith("get-"))
        response = self.session.request(
            "POST",
            f"{API}/{operation}",
            json=body if body is not None else {},
            action=operation,
            **kwargs,
        )
        return response.json()

    def login(self, *, username: str, password: str, source: str = "LOCAL") -> str:
        """Log in and return the token for the ``Authorization`` header.

        Raises:
            ApiError: wrong credentials or no response.
        """
        body = {"username": username, "password": password, "source": source}
        answer = self.call("login", body, idempotent=True)
        token = (answer.get("data") or {}).get("token") if isinstance(answer, dict) else None
        if not token:
            raise ResponseError(t("stages.response.no_token", service=SERVICE), service=SERVICE)
        return str(token)

    def use_credentials(self, *, username: str, password: str) -> None:
        """Log in now and again whenever the token is rejected.

        Raises:
            ApiError: the first login failed.
        """
        self.session.use_login(
            lambda: {"Authorization": self.login(username=username, password=password)}
        )

    def query(
        self, operation: str, model: type[ModelT], *, where: Where | None = None, **query: Any
    ) -> list[ModelT]:
        """Return the objects of a ``get-*`` operation that match ``where``.

        Raises:
            ApiError: the call failed.
            ResponseError: the response is not a list of ``model``.
        """
        body: dict[str, Any] = dict(query)
        if where:
            body["where"] = dict(where)
        return parse_list(model, self.call(operation, body), service=SERVICE, action=operation)

    def mutate(
        self, operation: str, body: Any, model: type[ModelT], **kwargs: Any
    ) -> tuple[ModelT, str | None]:
        """Run a mutation and return its first object and task id.

        Raises:
            ApiError: the call failed.
            ResponseError: the response has no ``data``.
        """
        answer = self.call(operation, body, **kwargs)
        first = answer[0] if isinstance(answer, list) and answer else answer
        if not isinstance(first, dict) or "data" not in first:
            message = t("stages.response.no_data", service=SERVICE, action=operation)
            raise ResponseError(message, service=SERVICE)
        task_id = first.get("task_id")
        return parse(model, first["data"], service=SERVICE, action=operation), task_id

    # --- tasks -------------------------------------------------------------

    def get_task(self, task_id: str) -> Task:
        """Return the task ``task_id``.

        Raises:
            ApiError: the call failed.
            ResponseError: no such task.
        """
        tasks = self.query("get-tasks", Task, where={"id": task_id})
        if not tasks:
            message = t("stages.response.not_found", service=SERVICE, kind="task", name=task_id)
            raise ResponseError(message, service=SERVICE)
        return tasks[0]

    def wait_for_task(self, task_id: str, *, what: str, timeout: float = TASK_TIMEOUT) -> Task:
        """Wait until the task succeeds and return it.

        Raises:
            TaskFailedError: the task failed.
            WaitTimeoutError: the task did not finish in time.
        """
        return wait_until(
            lambda: self.get_task(task_id),
            is_done=lambda task: task.status == "SUCCESSED",
            is_failed=lambda task: task.failure(),
            describe=lambda task: task.status,
            what=f"{what} (task {task_id})",
            clock=self.clock,
            timeout=timeout,
            interval=2.0,
        )

    # --- organizations, datacenters, clusters --------------------------------

    def list_organizations(self) -> list[Organization]:
        """Return every organization with its datacenters."""
        return self.query("get-organizations", Organization)

    def list_datacenters(self, where: Where | None = None) -> list[Datacenter]:
        """Return the datacenters that match ``where``."""
        return self.query("get-datacenters", Datacenter, where=where)

    def create_datacenter(self, *, organization_id: str, name: str) -> Datacenter:
        """Create a datacenter in an organization and return it.

        Raises:
            ApiError: the call failed, for example because the name exists.
        """
        body = [{"organization_id": organization_id, "name": name}]
        datacenter, _task = self.mutate(
            "create-datacenter",
            body,
            Datacenter,
            safe_to_resend=lambda: not self.list_datacenters({"name": name}),
        )
        return datacenter

    def list_clusters(self, where: Where | None = None) -> list[TowerCluster]:
        """Return the clusters that match ``where``."""
        return self.query("get-clusters", TowerCluster, where=where)

    def connect_cluster(
        self, *, ip: str, username: str, password: str, datacenter_id: str
    ) -> tuple[TowerCluster, str | None]:
        """Start connecting the cluster at ``ip``; return the cluster and its task id.

        Raises:
            ApiError: the call failed, for example because the cluster is connected already.
        """
        body = [
            {"ip": ip, "username": username, "password": password, "datacenter_id": datacenter_id}
        ]
        return self.mutate(
            "connect-cluster",
            body,
            TowerCluster,
            safe_to_resend=lambda: not self.list_clusters({"ip": ip}),
        )

    # --- inventory and health ----------------------------------------------

    def list_hosts(self, where: Where | None = None) -> list[TowerHost]:
        """Return the hosts that match ``where``."""
        return self.query("get-hosts", TowerHost, where=where)

    def list_disks(self, where: Where | None = None) -> list[TowerDisk]:
        """Return the physical disks that match ``where``."""
        return self.query("get-disks", TowerDisk, where=where)

    def list_vms(self, where: Where | None = None) -> list[TowerVm]:
        """Return the VMs that match ``where``."""
        return self.query("get-vms", TowerVm, where=where)

    def list_alerts(self, where: Where | None = None) -> list[Alert]:
        """Return the alerts that match ``where`` (``{"ended": False}`` for open ones)."""
        return self.query("get-alerts", Alert, where=where)

    # --- users and topology -------------------------------------------------

    def list_users(self, where: Where | None = None) -> list[User]:
        """Return the users that match ``where``."""
        return self.query("get-users", User, where=where)

    def list_roles(self) -> list[RoleRef]:
        """Return the user roles (preset ones carry ``preset``: ADMIN, READ_ONLY...)."""
        return self.query("get-user-role-nexts", RoleRef)

    def create_user(self, *, username: str, password: str, role_id: str) -> User:
        """Create a local user and return it.

        Raises:
            ApiError: the call failed, for example because the user exists.
        """
        body = [
            {
                "username": username,
                "name": username,
                "password": password,
                "role_id": role_id,
                "source": "LOCAL",
            }
        ]
        user, _task = self.mutate(
            "create-user",
            body,
            User,
            safe_to_resend=lambda: not self.list_users({"username": username}),
        )
        return user

    def get_ntp_service_url(self) -> str:
        """Return CloudTower's own NTP servers as stored (``;`` or ``,`` separated).

        Raises:
            ApiError: the call failed.
        """
        answer = self.call("get-ntp-service-url", idempotent=True)
        return str((answer or {}).get("ntp_service_url") or "")

    def list_zone_topos(self, where: Where | None = None) -> list[ZoneTopo]:
        """Return the topology roots (one per cluster zone)."""
        return self.query("get-zone-topoes", ZoneTopo, where=where)

    def list_rack_topos(self, where: Where | None = None) -> list[RackTopo]:
        """Return the racks of the topology."""
        return self.query("get-rack-topoes", RackTopo, where=where)

    def create_rack_topo(
        self, *, cluster_id: str, zone_topo_id: str, name: str, height: int
    ) -> RackTopo:
        """Create a rack in a cluster's topology and return it.

        Raises:
            ApiError: the call failed.
        """
        body = [
            {"cluster_id": cluster_id, "zone_topo_id": zone_topo_id, "name": name, "height": height}
        ]
        rack, _task = self.mutate(
            "create-rack-topo",
            body,
            RackTopo,
            safe_to_resend=lambda: not self.list_rack_topos({"name": name}),
        )
        return rack

    def list_brick_topos(self, where: Where | None = None) -> list[BrickTopo]:
        """Return the chassis (bricks) placed in racks."""
        return self.query("get-brick-topoes", BrickTopo, where=where)

    def create_brick_topo(
        self,
        *,
        cluster_id: str,
        rack_topo_id: str,
        name: str,
        position: int,
        height: int,
        host_ids: list[str],
    ) -> BrickTopo:
        """Place a chassis holding ``host_ids`` in a rack at U ``position`` and return it.

        Raises:
            ApiError: the call failed.
        """
        body = [
            {
                "cluster_id": cluster_id,
                "rack_topo_id": rack_topo_id,
                "name": name,
                "position": position,
                "height": height,
                "node_topoes": {"host": {"id_in": host_ids}},
            }
        ]
        brick, _task = self.mutate(
            "create-brick-topo",
            body,
            BrickTopo,
            safe_to_resend=lambda: not self.list_brick_topos({"name": name}),
        )
        return brick
