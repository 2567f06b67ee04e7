"""The clients' message catalog: both languages, the same fields."""

from __future__ import annotations

import string

import pytest

from cxvoyager.i18n.clients import MESSAGES


def fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conversion in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_use_same_fields(key: str) -> None:
    """Each message exists in Chinese and English and both take the same fields."""
    entry = MESSAGES[key]

    assert key.startswith("clients.")
    assert set(entry) == {"zh-CN", "en"}
    assert fields(entry["zh-CN"]) == fields(entry["en"])
