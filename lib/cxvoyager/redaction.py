"""Masking of passwords, tokens and cookies before anything is logged or written.

A ``Redactor`` masks two kinds of secrets:

- values: every password from the plan, plus tokens learned at run time
  (``add``). ``text`` masks each value wherever it appears, also in its
  URL-encoded, JSON-escaped and base64 forms, so a password inside a Basic
  credential or a base64 blob is masked too;
- keys: JSON keys, query parameters, GraphQL arguments and headers whose name
  marks a secret (``password``, ``root_password``, ``token``, ``Cookie``, ...)
  have their value masked whatever it is.

Every log line, HAR entry and report text goes through one of these methods.
"""

from __future__ import annotations

import base64
import json as jsonlib
import logging
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

logger = logging.getLogger(__name__)

MASK = "******"

# Shorter values would mask ordinary words and numbers all over the output;
# every password the products accept is longer than this.
MIN_SECRET_LENGTH = 4

# A base64 fragment shorter than this matches unrelated base64 text too often.
_MIN_BASE64_FRAGMENT = 4

_TOKEN_HEADERS = frozenset({"x-smartx-token", "grpc-metadata-token", "x-api-key", "x-auth-token"})
_AUTHORIZATION_HEADERS = frozenset({"authorization", "proxy-authorization"})
_COOKIE_HEADERS = frozenset({"cookie", "set-cookie"})
_COOKIE_ATTRIBUTES = frozenset({"path", "domain", "expires", "max-age", "samesite", "priority"})

_SENSITIVE_KEY = re.compile(
    r"(password|passwd|pwd|token|secret|cookie|authorization|api_?key|private_?key|credentials?)$",
    re.IGNORECASE,
)
_KEY_WORDS = r"[\w-]*(?:password|passwd|token|secret)[\w-]*"
# `password: "x"` in GraphQL text and `"password": "x"` in JSON text.
_QUOTED_KEYED_VALUE = re.compile(
    r"(\b" + _KEY_WORDS + r'"?\s*[:=]\s*)"(?:[^"\\]|\\.)*"', re.IGNORECASE
)
# `password=x` in query strings and form bodies.
_BARE_KEYED_VALUE = re.compile(r"(\b" + _KEY_WORDS + r"=)(?!\")[^&\s;,\"']+", re.IGNORECASE)
_COOKIE_PAIR = re.compile(r"([^\s=;,]+)=([^;,]*)")


def is_sensitive_key(name: str) -> bool:
    """Tell whether a JSON key, form field or query parameter named ``name`` contains a secret."""
    return bool(_SENSITIVE_KEY.search(name.replace("-", "_")))


class Redactor:
    """Masks known secret values and the values of secret-named fields.

    Args:
        secrets: the plan's passwords and any other value that must never be
            written; values shorter than ``MIN_SECRET_LENGTH`` are ignored.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str) -> None:
        """Mask ``secret`` from now on, for tokens learned at run time (login responses)."""
        value = _plain(secret)
        if len(value) < MIN_SECRET_LENGTH:
            if value:
                logger.warning(
                    "a secret of %d characters is too short to mask safely and is ignored",
                    len(value),
                )
            return
        with self._lock:
            if value in self._secrets:
                return
            self._secrets.add(value)
            self._pattern = _compile(self._secrets)

    def text(self, s: str) -> str:
        """Return ``s`` with every secret value and every ``password=...``-style value masked."""
        if not s:
            return s
        pattern = self._pattern
        if pattern is not None:
            s = pattern.sub(MASK, s)
        s = _QUOTED_KEYED_VALUE.sub(lambda m: f'{m.group(1)}"{MASK}"', s)
        return _BARE_KEYED_VALUE.sub(lambda m: f"{m.group(1)}{MASK}", s)

    def contains_secret(self, s: str) -> bool:
        """Tell whether ``s`` contains a known secret value in any of its masked forms."""
        pattern = self._pattern
        return pattern is not None and pattern.search(s) is not None

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        """Return a copy of ``headers`` with credentials, tokens and cookie values masked.

        The authentication scheme (``Basic``, ``Bearer``), cookie names and
        cookie attributes stay readable; ids such as ``x-user-id`` are kept.
        """
        return {name: self._header_value(name, value) for name, value in headers.items()}

    def json(self, obj: Any) -> Any:
        """Return a copy of a JSON value with secret-named fields and secret values masked.

        GraphQL bodies are covered as a whole: ``variables`` go through the key
        rules, and literal arguments inside ``query`` through ``text``. A string
        that itself contains a JSON object or array is redacted the same way.
        """
        if isinstance(obj, Mapping):
            return {key: self._json_member(str(key), value) for key, value in obj.items()}
        if isinstance(obj, (list, tuple)):
            return [self.json(item) for item in obj]
        if isinstance(obj, str):
            return self._json_string(obj)
        return obj

    def query(self, pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """Return query or form parameters with the values of secret-named ones masked."""
        return [
            (name, MASK if is_sensitive_key(name) and value else self.text(value))
            for name, value in pairs
        ]

    def url(self, url: str) -> str:
        """Return ``url`` with secret query parameters and secret values masked."""
        parts = urlsplit(url)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        masked = self.query(pairs)
        if masked != pairs:
            # Re-encoded only when something was masked, so other URLs stay as sent.
            parts = parts._replace(query=urlencode(masked, safe="*"))
        return self.text(urlunsplit(parts))

    def _header_value(self, name: str, value: str) -> str:
        lower = name.lower()
        if lower in _AUTHORIZATION_HEADERS:
            scheme, separator, _credential = value.partition(" ")
            if separator and scheme.lower() in {"basic", "bearer", "digest", "token"}:
                return f"{scheme} {MASK}"
            return MASK
        if lower in _COOKIE_HEADERS:
            return _COOKIE_PAIR.sub(_mask_cookie_pair, value)
        if lower in _TOKEN_HEADERS:
            return MASK
        return self.text(value)

    def _json_member(self, key: str, value: Any) -> Any:
        secret_value = value not in (None, "") and not isinstance(value, bool)
        if is_sensitive_key(key) and secret_value:
            return MASK
        return self.json(value)

    def _json_string(self, s: str) -> str:
        stripped = s.strip()
        if stripped[:1] in ("{", "[") and stripped[-1:] in ("}", "]"):
            try:
                inner = jsonlib.loads(stripped)
            except ValueError:
                return self.text(s)
            return jsonlib.dumps(self.json(inner), ensure_ascii=False)
        return self.text(s)


def header_secrets(headers: Mapping[str, str]) -> list[str]:
    """Return the secret parts of auth headers: tokens, credentials and cookie values.

    ``ApiSession`` passes these to ``Redactor.add`` after each login, so the
    token never appears in any later output, in whatever place.
    """
    secrets: list[str] = []
    for name, value in headers.items():
        lower = name.lower()
        if lower in _COOKIE_HEADERS:
            secrets.extend(match.group(2) for match in _COOKIE_PAIR.finditer(value))
            continue
        secrets.append(value)
        scheme, separator, credential = value.partition(" ")
        if lower in _AUTHORIZATION_HEADERS and separator:
            secrets.append(credential)
            if scheme.lower() == "basic":
                secrets.extend(_basic_credential_parts(credential))
    return [secret for secret in secrets if len(secret) >= MIN_SECRET_LENGTH]


def _basic_credential_parts(credential: str) -> list[str]:
    try:
        decoded = base64.b64decode(credential, validate=True).decode("utf-8")
    except ValueError:
        return []
    _user, _separator, password = decoded.partition(":")
    return [password]


def _mask_cookie_pair(match: re.Match[str]) -> str:
    name = match.group(1)
    if name.lower() in _COOKIE_ATTRIBUTES or not match.group(2):
        return match.group(0)
    return f"{name}={MASK}"


def _plain(secret: Any) -> str:
    """Accept plain strings and pydantic ``SecretStr``."""
    reveal = getattr(secret, "get_secret_value", None)
    return str(reveal() if callable(reveal) else secret)


def _compile(secrets: Iterable[str]) -> re.Pattern[str]:
    forms: set[str] = set()
    for secret in secrets:
        forms.update(_encoded_forms(secret))
    # Longest first, so a secret that contains another is masked whole.
    ordered = sorted(forms, key=len, reverse=True)
    return re.compile("|".join(re.escape(form) for form in ordered))


def _encoded_forms(secret: str) -> set[str]:
    forms = {secret, quote(secret, safe=""), quote_plus(secret), quote(secret)}
    forms.update(re.sub(r"%[0-9A-F]{2}", _lower, form) for form in list(forms))
    forms.add(jsonlib.dumps(secret)[1:-1])
    forms.add(jsonlib.dumps(secret, ensure_ascii=False)[1:-1])
    forms.update(_base64_fragments(secret.encode("utf-8")))
    return {form for form in forms if form}


def _lower(match: re.Match[str]) -> str:
    return match.group(0).lower()


def _base64_fragments(raw: bytes) -> set[str]:
    """Return the base64 text that ``raw`` produces wherever it sits in a longer value.

    Base64 encodes 3 bytes as 4 characters, so the characters that come only
    from ``raw`` depend on its offset modulo 3 inside the encoded value (for
    example a password after ``user:`` in a Basic credential). The fragment
    for each of the three offsets is what any encoding of it must contain.
    """
    fragments: set[str] = set()
    for offset in range(3):
        encoded = base64.b64encode(bytes(offset) + raw).decode("ascii")
        first = -(-offset * 8 // 6)  # first character made only of bits of raw
        last = (offset + len(raw)) * 8 // 6  # one past the last such character
        fragment = encoded[first:last]
        if len(fragment) >= _MIN_BASE64_FRAGMENT:
            fragments.add(fragment)
            fragments.add(fragment.replace("+", "-").replace("/", "_"))
    return fragments
