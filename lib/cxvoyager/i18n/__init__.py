"""Message catalogs in Chinese (default) and English.

Each module in this package defines ``MESSAGES = {key: {"zh-CN": ..., "en": ...}}``
for one area (plan, engine, stages, ...); they are merged here at import time,
so adding an area needs no change to this file. Keys are dotted and start with
the area (``plan.ip.invalid``). Templates use ``str.format`` fields.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

LANGUAGES = ("zh-CN", "en")
DEFAULT_LANGUAGE = "zh-CN"

_catalog: dict[str, dict[str, str]] = {}
_language = DEFAULT_LANGUAGE


def _load_catalogs() -> None:
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        messages: dict[str, dict[str, str]] = getattr(module, "MESSAGES", {})
        duplicated = _catalog.keys() & messages.keys()
        if duplicated:
            raise RuntimeError(f"message keys defined twice: {sorted(duplicated)}")
        _catalog.update(messages)


def set_language(language: str) -> None:
    """Set the language of every message built after this call.

    Raises:
        ValueError: the language is not one of ``LANGUAGES``.
    """
    global _language
    if language not in LANGUAGES:
        raise ValueError(language)
    _language = language


def language() -> str:
    """Return the current message language."""
    return _language


def t(key: str, *, lang: str | None = None, **fields: Any) -> str:
    """Build the message ``key`` in the current (or the given) language.

    An unknown key is returned as is with its fields, so a missing catalog
    entry shows up in the output instead of raising inside error handling.
    """
    entry = _catalog.get(key)
    if entry is None:
        return f"{key} {fields}" if fields else key
    template = entry.get(lang or _language) or entry[DEFAULT_LANGUAGE]
    return template.format(**fields)


def has(key: str) -> bool:
    """Tell whether the catalog defines ``key``."""
    return key in _catalog


_load_catalogs()
