"""Find plan secrets in text and files, in the forms they leak in.

A password leaks not only as itself: URLs carry it percent-encoded, HTTP Basic
credentials and some payloads carry it base64-encoded (inside a longer
string, so at any byte offset), JSON escapes non-ASCII characters and HTML
escapes ``&<>"'``. ``SecretMasker`` masks every such form in text, and
``scan_files`` reports which files contain any of them.
"""

from __future__ import annotations

import base64
import html
import json
import logging
import re
import urllib.parse
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

MASK = "******"

# Base64 fragments shorter than this match unrelated text too often.
logger = logging.getLogger(__name__)

_MIN_BASE64_FRAGMENT = 6
# ZIP members larger than this (bytes) are not read: plan secrets live in small XML parts.
_MAX_MEMBER_BYTES = 64 * 1024 * 1024


def _base64_fragments(secret: bytes) -> set[str]:
    """Return the base64 characters that depend only on ``secret``, at each byte offset."""
    fragments = set()
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + secret).decode("ascii")
        first = -(-8 * offset // 6)  # first character made only of secret bits
        last = (8 * (offset + len(secret))) // 6  # one past the last such character
        fragment = encoded[first:last]
        if len(fragment) >= _MIN_BASE64_FRAGMENT:
            fragments.add(fragment)
    return fragments


def secret_forms(secret: str) -> set[str]:
    """Return the forms a secret takes in URLs, base64, JSON and HTML, itself included."""
    forms = {
        secret,
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret, safe=""),
        json.dumps(secret)[1:-1],
        html.escape(secret),
    }
    forms |= _base64_fragments(secret.encode("utf-8"))
    return {form for form in forms if form}


class SecretMasker:
    """Replace every known secret, in any of its forms, with ``MASK``.

    Args:
        secrets: the plan's secrets; empty strings are ignored.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str) -> None:
        """Learn one more secret (a token seen at run time)."""
        if not secret or secret in self._secrets:
            return
        self._secrets.add(secret)
        forms = set().union(*(secret_forms(known) for known in self._secrets))
        # Longest first, so a form is never cut by a shorter one inside it.
        ordered = sorted(forms, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(form) for form in ordered))

    @property
    def secrets(self) -> frozenset[str]:
        """The secrets this masker masks."""
        return frozenset(self._secrets)

    def text(self, text: str) -> str:
        """Return ``text`` with every secret form replaced by ``MASK``."""
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(MASK, text)

    def value(self, value: object) -> object:
        """Return a JSON-like value with every string in it masked."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.text(str(key)): self.value(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.value(item) for item in value]
        return value


@dataclass(frozen=True)
class SecretHit:
    """A file that contains a secret: which file and which secret (by index, never the value)."""

    path: Path
    secret_index: int


def _readable_variants(raw: bytes) -> Iterator[str]:
    text = raw.decode("utf-8", errors="replace")
    yield text
    yield html.unescape(text)


def _contents(path: Path) -> Iterator[bytes]:
    """Yield the file's bytes, then each member's bytes when the file is a ZIP (xlsx, zip)."""
    raw = path.read_bytes()
    yield raw
    if not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                if member.file_size <= _MAX_MEMBER_BYTES:
                    yield archive.read(member)
    except (zipfile.BadZipFile, OSError) as exc:
        logger.warning("could not open %s as ZIP for the secret scan: %s", path, exc)


def scan_files(paths: Iterable[Path], secrets: Iterable[str]) -> list[SecretHit]:
    """Return one hit per file that contains any form of any secret.

    The file text is checked as written and HTML-unescaped, because
    pytest-html stores its data JSON inside an escaped attribute. ZIP files
    (the as-built workbook, downloaded reports) are scanned member by member,
    because their compressed bytes would hide a secret.
    """
    forms_by_secret = [sorted(secret_forms(s)) for s in secrets if s]
    hits: list[SecretHit] = []
    for path in sorted(paths):
        if not path.is_file():
            continue
        variants = [text for raw in _contents(path) for text in _readable_variants(raw)]
        for index, forms in enumerate(forms_by_secret):
            if any(form in variant for form in forms for variant in variants):
                hits.append(SecretHit(path, index))
                break
    return hits
