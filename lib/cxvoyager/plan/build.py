"""Turn a draft that passed validation into a ``PlanModel``."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from cxvoyager.plan.draft import Draft
from cxvoyager.plan.findings import FindingSink
from cxvoyager.plan.model import PlanModel

logger = logging.getLogger(__name__)

# Draft keys that are only there to be checked, not fields of the model.
_CHECK_ONLY = ("cluster.name_on_hosts", "cluster.name_on_components")
_COMPONENTS = ("cloudtower", "observability", "backup", "sfs", "sks")


def build_plan(draft: Draft, sink: FindingSink) -> PlanModel | None:
    """Build the model from ``draft``; record ``model.invalid`` errors if pydantic rejects it.

    The rules are meant to catch everything the model rejects, so a
    ``model.invalid`` finding points at a rule that is missing.
    """
    data = _nest(draft)
    _add_group_fields(data, draft)
    data["source"] = draft.source
    data["fingerprint"] = draft.fingerprint()
    data["cells"] = {key: entry.ref for key, entry in draft.entries.items()}
    try:
        return PlanModel.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_input=False, include_url=False):
            key = ".".join(str(part) for part in error["loc"])
            entry = draft.entry(key)
            ref = entry.ref if entry is not None else None
            logger.warning("plan model rejected %s: %s", key, error["msg"])
            sink.error("model.invalid", ref, None, field=key, reason=error["msg"])
        return None


def _nest(draft: Draft) -> dict[str, Any]:
    """Turn dotted keys into nested dicts, then dicts keyed by indices into lists."""
    root: dict[str, Any] = {}
    for key, entry in draft.entries.items():
        if key in _CHECK_ONLY or (entry.value is None and key.endswith(".nics")):
            continue
        *parents, leaf = key.split(".")
        node = root
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = entry.value
    nested: dict[str, Any] = _listify(root)
    return nested


def _listify(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    converted = {key: _listify(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted


def _add_group_fields(data: dict[str, Any], draft: Draft) -> None:
    """Add the fields that come from the layout, not from a cell: index, row, role, kind."""
    for index, host in enumerate(data.get("hosts", [])):
        host.update(index=index, row=draft.rows[f"hosts.{index}"])
    networks = data.setdefault("networks", {})
    for role in ("ipmi", "management", "infra", "storage", "backup"):
        if role not in networks:
            networks[role] = None  # optional rows; management and storage are never absent here
        else:
            networks[role].setdefault("vds_name", None)
            networks[role].update(role=role, row=draft.rows[f"networks.{role}"])
    for index, network in enumerate(networks.get("business", [])):
        network.update(role="business", row=draft.rows[f"networks.business.{index}"])
    for kind in _COMPONENTS:
        if kind in data:
            data[kind].update(kind=kind, row=draft.rows[kind])
    test_range = data.get("test_ip_range", {})
    if test_range.get("start") is None or test_range.get("end") is None:
        data["test_ip_range"] = None
