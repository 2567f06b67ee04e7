"""Prisma-style ``where``, ``orderBy`` and pagination over CloudTower objects.

CloudTower list operations take ``{where, orderBy, first, last, skip, after,
before}``. ``where`` keys are a field name (exact match), a field name with an
operator suffix (``name_in``, ``vcpu_gt``, ``name_starts_with`` ...), a
relation with a nested filter (``cluster: {id}``; to-many relations with
``_some``, ``_every``, ``_none``) or ``AND``/``OR``/``NOT`` with a list of
filters. A key naming no field of the object is rejected with 400, as
CloudTower's schema validation does. Numbers sent as strings (``"vcpu_gt":
"2"``, which the vendor's own docs do) compare as numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from cxvoyager.sim.tower.errors import bad_input

# Longest suffixes first, so ``_not_in`` wins over ``_in`` and ``_not``.
_SUFFIXES = (
    "_not_starts_with",
    "_not_ends_with",
    "_not_contains",
    "_starts_with",
    "_ends_with",
    "_contains",
    "_not_in",
    "_some",
    "_every",
    "_none",
    "_gte",
    "_lte",
    "_not",
    "_in",
    "_gt",
    "_lt",
)


def _comparable(actual: Any, wanted: Any) -> Any:
    if (
        isinstance(actual, (int, float))
        and not isinstance(actual, bool)
        and isinstance(wanted, str)
    ):
        try:
            return float(wanted)
        except ValueError:
            return wanted
    return wanted


def _ordered(op: str, actual: Any, wanted: Any) -> bool:
    if actual is None or wanted is None:
        return False
    try:
        if op == "_gt":
            return bool(actual > wanted)
        if op == "_gte":
            return bool(actual >= wanted)
        if op == "_lt":
            return bool(actual < wanted)
        return bool(actual <= wanted)
    except TypeError:
        return False


def _text(op: str, actual: Any, wanted: Any) -> bool:
    if not isinstance(actual, str) or not isinstance(wanted, str):
        return False
    if op.endswith("contains"):
        found = wanted in actual
    elif op.endswith("starts_with"):
        found = actual.startswith(wanted)
    else:
        found = actual.endswith(wanted)
    return not found if op.startswith("_not_") else found


def _scalar(op: str, actual: Any, wanted: Any, path: str) -> bool:
    if op in ("_in", "_not_in"):
        if not isinstance(wanted, list):
            raise bad_input("sim.tower.invalid", path=path, expected="array", value=repr(wanted))
        found = actual in [_comparable(actual, item) for item in wanted]
        return found if op == "_in" else not found
    wanted = _comparable(actual, wanted)
    if op == "":
        return bool(actual == wanted)
    if op == "_not":
        return bool(actual != wanted)
    if op in ("_gt", "_gte", "_lt", "_lte"):
        return _ordered(op, actual, wanted)
    return _text(op, actual, wanted)


def _relation(op: str, actual: Any, wanted: Any, path: str) -> bool:
    if not isinstance(wanted, dict):
        raise bad_input("sim.tower.invalid", path=path, expected="object", value=repr(wanted))
    if isinstance(actual, list):
        hits = [matches(item, wanted, path) for item in actual]
        if op == "_every":
            return all(hits)
        if op == "_none":
            return not any(hits)
        return any(hits)
    return actual is not None and matches(actual, wanted, path)


def _split(obj: dict[str, Any], key: str, path: str) -> tuple[str, str]:
    if key in obj:
        return key, ""
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and key[: -len(suffix)] in obj:
            return key[: -len(suffix)], suffix
    raise bad_input("sim.tower.unknown_field", path=path)


def _combination(obj: dict[str, Any], key: str, wanted: Any, path: str) -> bool:
    filters = wanted if isinstance(wanted, list) else [wanted]
    hits = [matches(obj, item, path) for item in filters]
    if key == "AND":
        return all(hits)
    if key == "OR":
        return any(hits)
    return not any(hits)


def _condition(obj: dict[str, Any], key: str, wanted: Any, path: str) -> bool:
    field, op = _split(obj, key, path)
    actual = obj[field]
    is_relation = isinstance(actual, (dict, list)) and isinstance(wanted, dict)
    if is_relation or op in ("_some", "_every", "_none"):
        return _relation(op, actual, wanted, path)
    return _scalar(op, actual, wanted, path)


def matches(obj: dict[str, Any], where: dict[str, Any] | None, path: str = "where") -> bool:
    """Tell whether ``obj`` satisfies the filter ``where`` (None matches everything).

    Raises:
        TowerError: 400 for a key that names no field or a badly typed operand.
    """
    for key, wanted in (where or {}).items():
        key_path = f"{path}.{key}"
        if key in ("AND", "OR", "NOT"):
            passed = _combination(obj, key, wanted, key_path)
        else:
            passed = _condition(obj, key, wanted, key_path)
        if not passed:
            return False
    return True


def _sort(items: list[dict[str, Any]], order_by: str | None) -> list[dict[str, Any]]:
    if not order_by:
        return items
    field, _, direction = order_by.rpartition("_")
    if direction not in ("ASC", "DESC") or (items and field not in items[0]):
        raise bad_input(
            "sim.tower.invalid",
            path="orderBy",
            expected="<field>_ASC|<field>_DESC",
            value=repr(order_by),
        )

    def key(item: dict[str, Any]) -> tuple[int, Any]:
        value = item.get(field)
        return (0, "") if value is None else (1, value)

    return sorted(items, key=key, reverse=direction == "DESC")


def _cursor(
    items: list[dict[str, Any]], cursor: str | None, *, after: bool
) -> list[dict[str, Any]]:
    if cursor is None:
        return items
    ids = [item.get("id") for item in items]
    if cursor not in ids:
        return []
    index = ids.index(cursor)
    return items[index + 1 :] if after else items[:index]


def query(items: Iterable[dict[str, Any]], body: dict[str, Any]) -> list[dict[str, Any]]:
    """Apply ``where``, ``orderBy``, ``after``/``before``, ``skip`` and ``first``/``last``.

    Raises:
        TowerError: 400 for an unknown field or operator.
    """
    where = body.get("where")
    selected = [item for item in items if matches(item, where)]
    selected = _sort(selected, body.get("orderBy"))
    selected = _cursor(selected, body.get("after"), after=True)
    selected = _cursor(selected, body.get("before"), after=False)
    skip = body.get("skip") or 0
    selected = selected[skip:]
    if body.get("first") is not None:
        selected = selected[: body["first"]]
    if body.get("last") is not None:
        selected = selected[-body["last"] :] if body["last"] else []
    return selected


def find_one(
    items: Iterable[dict[str, Any]],
    where: dict[str, Any] | None,
    *,
    missing: Callable[[], Exception],
) -> dict[str, Any]:
    """Return the first item matching ``where``; raise ``missing()`` when none does."""
    for item in items:
        if matches(item, where):
            return item
    raise missing()
