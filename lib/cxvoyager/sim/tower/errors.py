"""The one error simulated CloudTower logic raises, rendered per surface.

REST returns it as an ``ErrorBody`` (``{path, status, message, code?, props?}``),
GraphQL as an entry of the ``errors`` array with ``extensions.code``, and the
inspector and ovm-operator as their own flat bodies. The message is built
from the ``sim.tower`` i18n catalog in the language the request asks for with
CloudTower's ``content-language`` header (English unless ``zh-CN``).
"""

from __future__ import annotations

from typing import Any

from cxvoyager.i18n import t

# GraphQL error codes in the Apollo vocabulary, by the HTTP status of the same failure.
_GRAPHQL_CODES = {
    400: "BAD_USER_INPUT",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    409: "BAD_USER_INPUT",
}


class TowerError(Exception):
    """A request the simulated CloudTower rejects.

    Args:
        status: HTTP status of the REST response (400, 401, 404, 500).
        key: ``sim.tower.*`` message key; ``fields`` fill its template.
        code: CloudTower ``ErrorCode`` (only ``ResourceLocked`` exists in API 4.6.0).
        props: extra machine-readable data of the error body.
    """

    def __init__(
        self, status: int, key: str, *, code: str | None = None, props: Any = None, **fields: Any
    ) -> None:
        super().__init__(t(key, lang="en", **fields))
        self.status = status
        self.key = key
        self.code = code
        self.props = props
        self.fields = fields

    def message(self, lang: str) -> str:
        """Return the message in ``lang`` (``zh-CN`` or ``en``)."""
        return t(self.key, lang=lang, **self.fields)

    def error_body(self, *, path: str, lang: str) -> dict[str, Any]:
        """Return the REST ``ErrorBody`` of this error."""
        body: dict[str, Any] = {"path": path, "status": self.status, "message": self.message(lang)}
        if self.code is not None:
            body["code"] = self.code
        if self.props is not None:
            body["props"] = self.props
        return body

    def graphql_error(self, *, path: list[str], lang: str) -> dict[str, Any]:
        """Return this error as one entry of a GraphQL ``errors`` array."""
        code = _GRAPHQL_CODES.get(self.status, "INTERNAL_SERVER_ERROR")
        return {"message": self.message(lang), "path": path, "extensions": {"code": code}}


def bad_input(key: str, **fields: Any) -> TowerError:
    """Return a 400 error for an invalid request."""
    return TowerError(400, key, **fields)


def not_found(kind: str, where: Any) -> TowerError:
    """Return a 404 error for a missing ``kind`` matching ``where``."""
    return TowerError(404, "sim.tower.not_found", kind=kind, where=where)
