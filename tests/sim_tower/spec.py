"""Validate simulated CloudTower REST bodies against the official 4.6.0 OpenAPI spec."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SPEC_NAME = "cloudtower-openapi/4.6.0-swagger.json"


@cache
def _spec(reference_dir: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((reference_dir / SPEC_NAME).read_text(encoding="utf-8"))
    return loaded


def _validator(reference_dir: Path, schema: dict[str, Any]) -> OAS30Validator:
    spec = _spec(reference_dir)
    registry: Registry[Any] = Registry().with_resource("", Resource(spec, specification=DRAFT4))
    return OAS30Validator({**schema, "components": spec["components"]}, registry=registry)


def _relevant(error: Any) -> bool:
    # NOTE: the spec marks optional enum and object references nullable through
    # `allOf: [$ref]`, which OpenAPI 3.0 validators cannot combine with `nullable`;
    # a real CloudTower sends null there (captured responses), so null is allowed.
    return not (error.instance is None and "allOf" in error.schema_path)


def _messages(errors: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in errors
        if _relevant(error)
    ]


def schema_errors(reference_dir: Path, operation: str, body: Any, status: str = "200") -> list[str]:
    """Return the spec violations of ``body`` as the ``status`` response of ``/<operation>``."""
    spec = _spec(reference_dir)
    answer = spec["paths"][f"/{operation}"]["post"]["responses"][status]
    schema = answer["content"]["application/json"]["schema"]
    return _messages(_validator(reference_dir, schema).iter_errors(body))


def component_errors(reference_dir: Path, name: str, body: Any) -> list[str]:
    """Return the violations of ``body`` against ``#/components/schemas/<name>``."""
    return _messages(
        _validator(reference_dir, {"$ref": f"#/components/schemas/{name}"}).iter_errors(body)
    )
