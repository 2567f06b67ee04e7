"""The stage messages exist in both languages with the same fields."""

from __future__ import annotations

import string

import pytest

from cxvoyager.i18n.stages import MESSAGES


def fields_of(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_message_languages_agree(key):
    entry = MESSAGES[key]

    assert set(entry) == {"zh-CN", "en"}, entry.keys()
    assert fields_of(entry["zh-CN"]) == fields_of(entry["en"]), key
    assert key.startswith("stages."), key
