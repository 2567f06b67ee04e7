"""CloudTower GraphQL: application package upload tasks and the package list."""

from __future__ import annotations

from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import packages
from cxvoyager.sim.tower.graphql import Reply, graphql_operation
from cxvoyager.sim.tower.schema import ANY_OBJECT, INT, STR, Enum, Nullable, Obj, Scalar
from cxvoyager.sim.tower.where import query

UPLOAD = Scalar("file upload", bytes)

CREATE_UPLOAD_TASK = Obj(
    {
        "data": Obj(
            {
                "resource_type": STR,
                "size": INT,
                "chunk_size": INT,
                "args": Obj({"name": STR}, optional={"package_name": STR}),
            },
            optional={"status": Enum("INITIALIZING"), "current_chunk": INT, "started_at": STR},
        )
    }
)
UPLOAD_CHUNK = Obj({"data": Obj({"upload_task_id": STR, "file": UPLOAD, "current_chunk": INT})})
PACKAGE_QUERY = Obj(
    optional={
        "where": Nullable(ANY_OBJECT),
        "orderBy": Nullable(STR),
        "skip": Nullable(INT),
        "first": Nullable(INT),
    }
)


@graphql_operation("createUploadTask", variables=CREATE_UPLOAD_TASK)
def create_upload_task(
    ctx: SimContext, _user: Any, variables: dict[str, Any], _arguments: Any
) -> Reply:
    """Start an upload task for an application package (1-based chunks)."""
    task = packages.create_upload_task(ctx, variables["data"])
    return Reply({"createUploadTask": packages.upload_task_view(task)})


@graphql_operation("uploadCloudTowerApplicationPackage", variables=UPLOAD_CHUNK)
def upload_chunk(ctx: SimContext, _user: Any, variables: dict[str, Any], _arguments: Any) -> Reply:
    """Accept one chunk; the last one finishes the task and registers the package."""
    data = variables["data"]
    task = packages.upload_chunk(ctx, data["upload_task_id"], data["current_chunk"], data["file"])
    return Reply({"uploadCloudTowerApplicationPackage": packages.upload_task_view(task)})


def _package_rows(ctx: SimContext) -> list[dict[str, Any]]:
    return [packages.package_view(package) for package in packages.application_packages(ctx)]


@graphql_operation("cloudTowerApplicationPackages", variables=PACKAGE_QUERY)
def application_packages(
    ctx: SimContext, _user: Any, variables: dict[str, Any], _arguments: Any
) -> Reply:
    """List application packages, and count them."""
    rows = _package_rows(ctx)
    count = len(query(rows, {"where": variables.get("where")}))
    return Reply(
        {
            "cloudTowerApplicationPackages": query(rows, variables),
            "cloudTowerApplicationPackagesConnection": {
                "aggregate": {
                    "count": count,
                    "__typename": "AggregateCloudTowerApplicationPackage",
                },
                "__typename": "CloudTowerApplicationPackageConnection",
            },
        }
    )
