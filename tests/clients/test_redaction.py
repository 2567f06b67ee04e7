"""Redactor: headers, JSON, GraphQL, query strings and encoded forms of secrets."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import quote, quote_plus

import pytest

from cxvoyager.redaction import MASK, Redactor, header_secrets

PASSWORD = "HC!r0cks+P@ss/1"


@pytest.fixture
def redactor() -> Redactor:
    return Redactor([PASSWORD])


@pytest.mark.parametrize(
    "form",
    [
        PASSWORD,
        quote(PASSWORD, safe=""),
        re.sub("%[0-9A-F]{2}", lambda code: code.group(0).lower(), quote(PASSWORD, safe="")),
        quote_plus(PASSWORD),
        json.dumps(PASSWORD)[1:-1],
        base64.b64encode(PASSWORD.encode()).decode(),
        base64.urlsafe_b64encode(PASSWORD.encode()).decode(),
        base64.b64encode(b"o11y:" + PASSWORD.encode()).decode(),
        base64.b64encode(b"ab" + PASSWORD.encode() + b"tail").decode(),
    ],
    ids=[
        "plain",
        "url-encoded",
        "url-encoded-lower-hex",
        "form-encoded",
        "json-escaped",
        "base64",
        "base64-urlsafe",
        "basic-credential",
        "base64-inside-longer-value",
    ],
)
def test_text_masks_every_form(redactor: Redactor, form: str) -> None:
    """A secret is masked in plain text and in each encoding a client may send."""
    masked = redactor.text(f"before {form} after")

    assert form not in masked, masked
    assert MASK in masked
    assert masked.startswith("before ")


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("Authorization", "eyJhbGciOiJIUzI1NiJ9.x.y", MASK),
        ("authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.x.y", f"Bearer {MASK}"),
        ("Authorization", "Basic bzExeTpIQyFyMGNrcw==", f"Basic {MASK}"),
        ("x-smartx-token", "0123456789abcdef0123456789abcdef", MASK),
        (
            "Cookie",
            "path=/; path=/; connect.sid=s%3Aabc.def",
            f"path=/; path=/; connect.sid={MASK}",
        ),
        (
            "Set-Cookie",
            "connect.sid=s%3Aabc; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly",
            f"connect.sid={MASK}; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly",
        ),
        ("x-user-id", "cmg6wngqb037g09586kbpoj03", "cmg6wngqb037g09586kbpoj03"),
        ("Host", "10.0.20.10", "10.0.20.10"),
    ],
    ids=[
        "raw-jwt",
        "bearer",
        "basic",
        "smartx-token",
        "cookie",
        "set-cookie",
        "user-id-kept",
        "host-kept",
    ],
)
def test_headers(redactor: Redactor, name: str, value: str, expected: str) -> None:
    """Credentials are masked, the scheme and cookie names stay, ids are kept."""
    assert redactor.headers({name: value}) == {name: expected}


def test_header_with_plan_secret_masked(redactor: Redactor) -> None:
    """Any other header carrying a known secret is masked too."""
    assert redactor.headers({"X-Note": f"pw={PASSWORD}"}) == {"X-Note": f"pw={MASK}"}


@pytest.mark.parametrize(
    "key",
    [
        "password",
        "passwd",
        "root_password",
        "ipmi_password",
        "newPassword",
        "token",
        "secret",
        "cookie",
    ],
)
def test_json_masks_secret_keys(redactor: Redactor, key: str) -> None:
    """Values of secret-named keys are masked at any depth."""
    body = {"hosts": [{"hostname": "node-1", key: "anything-at-all"}]}

    assert redactor.json(body) == {"hosts": [{"hostname": "node-1", key: MASK}]}


def test_json_keeps_non_secrets(redactor: Redactor) -> None:
    """Ordinary fields, empty passwords and booleans are kept as they are."""
    body = {"name": "vm-1", "password": "", "token": None, "password_set": True, "count": 3}

    assert redactor.json(body) == body


def test_json_masks_secret_values_anywhere(redactor: Redactor) -> None:
    """A known secret under an ordinary key is masked inside the string."""
    assert redactor.json({"description": f"root/{PASSWORD}"}) == {"description": f"root/{MASK}"}


def test_graphql_variables_and_inline_arguments(redactor: Redactor) -> None:
    """GraphQL variables go through the key rules and inline password arguments are masked."""
    body = {
        "operationName": "createRootUser",
        "variables": {"data": {"username": "root", "password": "variable-pass"}},
        "query": 'mutation { login(data: {username: "root", password: "inline-pass"}) { token } }',
    }

    masked = redactor.json(body)

    assert masked["variables"]["data"]["password"] == MASK
    assert masked["variables"]["data"]["username"] == "root"
    assert "inline-pass" not in masked["query"]
    assert 'username: "root"' in masked["query"]


def test_json_string_holding_json(redactor: Redactor) -> None:
    """A JSON-stringified field (CloudTower multipart ``clusters``) is redacted inside."""
    masked = redactor.json({"operations": json.dumps({"variables": {"password": "zz-top-99"}})})

    assert "zz-top-99" not in masked["operations"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://10.0.20.10/x?token=abc123&first=1", f"https://10.0.20.10/x?token={MASK}&first=1"),
        ("https://10.0.20.10/x?name=a&password=p1", f"https://10.0.20.10/x?name=a&password={MASK}"),
        (f"https://10.0.20.10/x?q={quote(PASSWORD, safe='')}", f"https://10.0.20.10/x?q={MASK}"),
        ("https://10.0.20.10/x", "https://10.0.20.10/x"),
    ],
    ids=["token-param", "password-param", "secret-value", "no-query"],
)
def test_url_query(redactor: Redactor, url: str, expected: str) -> None:
    """Secret query parameters and secret values in the query are masked."""
    assert redactor.url(url) == expected


def test_added_secret_masked_from_then_on(redactor: Redactor) -> None:
    """A token learned at run time is masked in every later call."""
    token = "0123456789abcdef0123456789abcdef"
    assert redactor.text(token) == token

    redactor.add(token)

    assert redactor.text(f"t={token}") == f"t={MASK}"
    assert redactor.contains_secret(token)


def test_longer_secret_masked_whole(redactor: Redactor) -> None:
    """When one secret contains another, the longer one is masked whole."""
    redactor.add(PASSWORD + "-extended")

    assert redactor.text(PASSWORD + "-extended!") == f"{MASK}!"


def test_short_secret_ignored() -> None:
    """Secrets shorter than four characters would mask ordinary text, so they are ignored."""
    redactor = Redactor(["ab"])

    assert redactor.text("a tab") == "a tab"


def test_header_secrets_for_runtime_tokens() -> None:
    """The login headers yield the token, Basic password and cookie values to mask."""
    basic = base64.b64encode(b"o11y:o11y-pass-123").decode()
    secrets = header_secrets(
        {
            "Authorization": f"Basic {basic}",
            "Cookie": "connect.sid=s%3Aabcdef.sig",
            "x-smartx-token": "0123456789abcdef0123456789abcdef",
        }
    )

    assert "o11y-pass-123" in secrets
    assert "s%3Aabcdef.sig" in secrets
    assert "0123456789abcdef0123456789abcdef" in secrets


def test_url_without_secrets_unchanged(redactor: Redactor) -> None:
    """A URL with nothing to mask keeps its exact query encoding."""
    url = "https://10.0.20.10/api/v2/images?name=a%20b&flag"

    assert redactor.url(url) == url
