"""Typed models of the objects the SmartX APIs return.

Clients parse every response body into one of these models before returning
it, so steps read attributes instead of dictionary keys. A body that lacks a
field the suite relies on fails at the client with the call named, not as a
``KeyError`` three steps later. Models ignore fields they do not declare:
newer product versions add fields freely.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from cxvoyager.errors import ResponseError
from cxvoyager.i18n import t

ModelT = TypeVar("ModelT", bound=BaseModel)


class ApiModel(BaseModel):
    """Base of every response model: unknown fields are ignored, inputs never echoed."""

    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True, populate_by_name=True)


def parse(model: type[ModelT], data: Any, *, service: str, action: str) -> ModelT:
    """Validate ``data`` as ``model``.

    Raises:
        ResponseError: the body lacks a required field or has a wrong type.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
            for error in exc.errors()
        )
        message = t("stages.response.shape", service=service, action=action, problems=problems)
        raise ResponseError(message, service=service) from exc


def parse_list(model: type[ModelT], data: Any, *, service: str, action: str) -> list[ModelT]:
    """Validate every item of the list ``data`` as ``model``.

    Raises:
        ResponseError: ``data`` is not a list, or an item does not validate.
    """
    if not isinstance(data, list):
        message = t(
            "stages.response.not_list", service=service, action=action, found=type(data).__name__
        )
        raise ResponseError(message, service=service)
    return [parse(model, item, service=service, action=action) for item in data]
