"""A small, strict checker for request bodies and GraphQL variables.

CloudTower rejects a body with a missing required field, an unknown field or
a value of the wrong type with HTTP 400; the simulator does the same, so a
client that sends a wrong field name fails here and not at the customer site.
Shapes are written as Python objects::

    Obj({"name": STR, "organization_id": STR}, optional={"clusters": ANY_OBJECT})
    ListOf(Obj(...), min_items=1)

Every checker raises ``TowerError(400, "sim.tower.invalid")`` naming the path
of the first bad value (``body[0].name``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cxvoyager.sim.tower.errors import bad_input


class Shape:
    """A shape a JSON value must have."""

    name = "value"

    def check(self, value: Any, path: str) -> None:
        """Raise ``TowerError`` when ``value`` does not have this shape."""
        raise NotImplementedError

    def fail(self, value: Any, path: str) -> None:
        """Raise the 400 error for ``value`` at ``path``."""
        raise bad_input("sim.tower.invalid", path=path, expected=self.name, value=_short(value))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Scalar(Shape):
    """A JSON scalar of one Python type (bool is never taken for a number)."""

    def __init__(self, name: str, *types: type) -> None:
        self.name = name
        self.types = types

    def check(self, value: Any, path: str) -> None:
        """Check the type."""
        if isinstance(value, bool) and bool not in self.types:
            self.fail(value, path)
        if not isinstance(value, self.types):
            self.fail(value, path)


class Enum(Shape):
    """One of a fixed set of strings."""

    def __init__(self, *values: str) -> None:
        self.values = values
        self.name = "one of " + "|".join(values)

    def check(self, value: Any, path: str) -> None:
        """Check membership."""
        if value not in self.values:
            self.fail(value, path)


class Nullable(Shape):
    """``null`` or the inner shape."""

    def __init__(self, inner: Shape) -> None:
        self.inner = inner
        self.name = f"null or {inner.name}"

    def check(self, value: Any, path: str) -> None:
        """Accept null, else check the inner shape."""
        if value is not None:
            self.inner.check(value, path)


class ListOf(Shape):
    """A JSON array whose items all have one shape."""

    def __init__(self, item: Shape, *, min_items: int = 0) -> None:
        self.item = item
        self.min_items = min_items
        self.name = f"array of {item.name}"

    def check(self, value: Any, path: str) -> None:
        """Check the array and each item."""
        if not isinstance(value, list) or len(value) < self.min_items:
            self.fail(value, path)
        for index, item in enumerate(value):
            self.item.check(item, f"{path}[{index}]")


class Obj(Shape):
    """A JSON object with required and optional keys and no others."""

    name = "object"

    def __init__(
        self,
        required: Mapping[str, Shape] | None = None,
        *,
        optional: Mapping[str, Shape] | None = None,
        open_keys: bool = False,
    ) -> None:
        self.required = dict(required or {})
        self.optional = dict(optional or {})
        self.open_keys = open_keys

    def check(self, value: Any, path: str) -> None:
        """Check required keys, reject unknown ones, then check each value."""
        if not isinstance(value, dict):
            self.fail(value, path)
        for key in self.required:
            if key not in value:
                raise bad_input("sim.tower.missing", path=f"{path}.{key}")
        for key, item in value.items():
            shape = self.required.get(key) or self.optional.get(key)
            if shape is None:
                if self.open_keys:
                    continue
                raise bad_input("sim.tower.unknown_field", path=f"{path}.{key}")
            shape.check(item, f"{path}.{key}")


class AnyValue(Shape):
    """Any JSON value (for free-form fields such as task ``args``)."""

    name = "any value"

    def check(self, value: Any, path: str) -> None:
        """Accept everything."""


STR = Scalar("string", str)
INT = Scalar("integer", int)
NUM = Scalar("number", int, float)
BOOL = Scalar("boolean", bool)
ANY = AnyValue()
ANY_OBJECT = Obj(open_keys=True)
ID_WHERE = Obj(optional={"id": STR, "name": STR, "local_id": STR}, open_keys=True)

# The body of every ``get-*`` list operation: Prisma-style query arguments.
LIST_QUERY = Obj(
    optional={
        "where": Nullable(ANY_OBJECT),
        "orderBy": Nullable(STR),
        "first": Nullable(INT),
        "last": Nullable(INT),
        "skip": Nullable(INT),
        "after": Nullable(STR),
        "before": Nullable(STR),
    }
)


def validate(shape: Shape, value: Any, path: str = "body") -> Any:
    """Check ``value`` against ``shape`` and return it unchanged.

    Raises:
        TowerError: 400 naming the first bad path.
    """
    shape.check(value, path)
    return value
