"""CloudTower credentials: JWT tokens, ``connect.sid`` sessions, encoded passwords.

A token is a compact JWS whose header is ``{"alg":"HS256"}`` and whose
payload is the base64url of the user's cuid, as captured from a real
CloudTower. The simulator signs it with a secret derived from its seed, so
tokens survive a restart and a forged or foreign token is rejected. The
``Authorization`` header carries the token raw or after ``Bearer ``.

Tokens and sessions do not expire unless ``update-session-timeout`` set a
maximum age; then one older than that since its login is rejected with 401.

The GraphQL ``login``/``createUser`` mutations may send the password
"encoded" (``effect.encoded``): base64 of ``<32 hex>:<base64 of 16 bytes>``.
The encoding is randomised and not public, so an encoded password cannot be
compared with the plain one; the simulator accepts any value of that shape.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from typing import Any
from urllib.parse import quote, unquote

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.tower import store
from cxvoyager.sim.tower.errors import TowerError
from cxvoyager.sim.tower.ids import new_ksuid, tower

_JWT_HEADER = "eyJhbGciOiJIUzI1NiJ9"  # base64url of {"alg":"HS256"}
_ENCODED_INNER = re.compile(r"^[0-9a-f]{32}:[A-Za-z0-9+/]{22}==$")
SESSION_COOKIE = "connect.sid"


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _secret(ctx: SimContext) -> bytes:
    return ctx.rng("tower-jwt-secret").getrandbits(256).to_bytes(32, "big")


def _sign(ctx: SimContext, text: str) -> str:
    return _b64url(hmac.new(_secret(ctx), text.encode("ascii"), hashlib.sha256).digest())


def token_for(ctx: SimContext, user_id: str) -> str:
    """Issue the JWT of ``user_id`` at a login and return it.

    The token of a user is always the same string (its payload is only the
    user id), so a login renews it: the expiry counts from the last login.
    """
    tower(ctx.state).setdefault("token_issued", {})[user_id] = ctx.clock.now()
    signed = f"{_JWT_HEADER}.{_b64url(user_id.encode('ascii'))}"
    return f"{signed}.{_sign(ctx, signed)}"


def session_max_age(ctx: SimContext) -> int | None:
    """Return the session lifetime set with ``update-session-timeout``, or None (no expiry).

    NOTE: the API does not state the unit; the simulator reads it as seconds.
    """
    value = tower(ctx.state).get("session_max_age")
    return None if value is None else int(value)


def _expired(ctx: SimContext, issued: float | None) -> bool:
    max_age = session_max_age(ctx)
    return max_age is not None and (issued is None or ctx.clock.now() - issued > max_age)


def user_from_token(ctx: SimContext, header: str | None) -> dict[str, Any] | None:
    """Return the user an ``Authorization`` header value belongs to, or None."""
    if not header:
        return None
    token = header[len("Bearer ") :] if header.startswith("Bearer ") else header
    parts = token.strip().split(".")
    if len(parts) != 3 or parts[0] != _JWT_HEADER:
        return None
    if not hmac.compare_digest(parts[2], _sign(ctx, f"{parts[0]}.{parts[1]}")):
        return None
    try:
        user_id = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        return None
    if _expired(ctx, tower(ctx.state).get("token_issued", {}).get(user_id)):
        return None
    return store.collection(ctx, "users").get(user_id)


def new_session(ctx: SimContext, user_id: str) -> str:
    """Open a web session for ``user_id`` and return the ``connect.sid`` cookie value."""
    session_id = new_ksuid(ctx, "session")
    store.collection(ctx, "sessions")[session_id] = {
        "id": session_id,
        "user_id": user_id,
        "created": ctx.clock.now(),
    }
    return quote(f"s:{session_id}.{_sign(ctx, session_id)}", safe="")


def user_from_cookie(ctx: SimContext, value: str | None) -> dict[str, Any] | None:
    """Return the user of a ``connect.sid`` cookie value, or None."""
    if not value:
        return None
    text = unquote(value)
    if not text.startswith("s:") or "." not in text:
        return None
    session_id, _, signature = text[2:].rpartition(".")
    if not hmac.compare_digest(signature, _sign(ctx, session_id)):
        return None
    session = store.collection(ctx, "sessions").get(session_id)
    if session is None or _expired(ctx, session.get("created")):
        return None
    return store.collection(ctx, "users").get(session["user_id"])


def is_encoded_password(value: str) -> bool:
    """Tell whether ``value`` has the shape of a CloudTower "encoded" password."""
    try:
        inner = base64.b64decode(value, validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return _ENCODED_INNER.match(inner) is not None


def check_password(user: dict[str, Any], password: str, *, encoded: bool) -> bool:
    """Tell whether ``password`` (plain, or encoded when ``encoded``) opens ``user``."""
    if encoded:
        return is_encoded_password(password)
    return hmac.compare_digest(password.encode(), str(user.get("password", "")).encode())


def authenticate(ctx: SimContext, authorization: str | None, cookie: str | None) -> dict[str, Any]:
    """Return the user of a request's token or session cookie.

    Raises:
        TowerError: 401 when neither identifies a user.
    """
    user = user_from_token(ctx, authorization) or user_from_cookie(ctx, cookie)
    if user is None:
        key = (
            "sim.tower.auth.missing"
            if not authorization and not cookie
            else "sim.tower.auth.invalid"
        )
        raise TowerError(401, key)
    return user


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """Return ``(user, password)`` of an HTTP Basic ``Authorization`` header, or None."""
    if not header or not header.startswith("Basic "):
        return None
    try:
        decoded = base64.b64decode(header[len("Basic ") :], validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, separator, password = decoded.partition(":")
    return (user, password) if separator else None
