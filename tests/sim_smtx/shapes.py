"""Compare simulated SMTX OS responses with the captured examples by structure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def load_example(reference_dir: Path, name: str) -> Any:
    return json.loads((reference_dir / "examples" / name).read_text(encoding="utf-8"))


def missing_keys(example: Any, actual: Any, path: str = "") -> list[str]:
    """List the key paths the example has and ``actual`` lacks, recursively.

    Lists compare their first items; maps keyed by ids (job ``resources``)
    should be passed in already unwrapped.
    """
    if isinstance(example, dict):
        if not isinstance(actual, dict):
            return [f"{path} (expected an object, got {type(actual).__name__})"]
        missing = [f"{path}.{key}" for key in example if key not in actual]
        for key in example:
            if key in actual:
                missing += missing_keys(example[key], actual[key], f"{path}.{key}")
        return missing
    if isinstance(example, list) and example:
        if not isinstance(actual, list):
            return [f"{path} (expected an array, got {type(actual).__name__})"]
        return missing_keys(example[0], actual[0], f"{path}[0]") if actual else []
    return []
