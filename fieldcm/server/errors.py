"""Errors the server raises, each with a stable code for programs and a sentence for people.

    ServerError                  something the request or the environment got wrong (4xx/503)
    ├── BadRequest        400    malformed input the schema could not catch (bad cursor...)
    ├── Unauthorized      401    no valid token, code or password; device revoked or wiped
    ├── Forbidden         403    authenticated but not allowed (wrong role, wipe required)
    ├── NotFound          404    missing or out of the caller's scope (never tells which)
    ├── Conflict          409    the request collides with the current state
    ├── PayloadTooLarge   413    body above the limit, before or after decompression
    ├── Unsupported       415    a Content-Encoding the server does not speak
    ├── RateLimited       429    too many attempts; ``retry_after`` seconds to wait
    ├── Unavailable       503    the database is busy or not ready; try again
    └── AdminError        (CLI)  an admin command refused (unknown user, duplicate name...)
    SchemaError                  the database schema is missing or newer than this server

These are the environment's fault (STYLE.md habit 5): the API turns each into an
:class:`~fieldcm.sync.protocol.ErrorBody`; anything else is our bug and becomes a 500 with no
detail. Driver exceptions are wrapped with the original kept as ``__cause__``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from fieldcm.server.audit import AuditEntry


class ServerError(Exception):
    """A refusal with an HTTP status, a stable ``code`` and a plain-words message."""

    status: ClassVar[int] = 400
    default_code: ClassVar[str] = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        detail: Any = None,
        audit: Sequence[AuditEntry] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.detail = detail
        self.audit = tuple(audit)
        """Audit events of the refused attempt; written after the rollback (see db.py)."""


class BadRequest(ServerError):
    status = 400
    default_code = "bad_request"


class Unauthorized(ServerError):
    status = 401
    default_code = "unauthorized"


class Forbidden(ServerError):
    status = 403
    default_code = "forbidden"


class NotFound(ServerError):
    status = 404
    default_code = "not_found"


class Conflict(ServerError):
    status = 409
    default_code = "conflict"


class PayloadTooLarge(ServerError):
    status = 413
    default_code = "too_large"


class Unsupported(ServerError):
    status = 415
    default_code = "unsupported_media"


class RateLimited(ServerError):
    status = 429
    default_code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int, audit: Sequence[AuditEntry] = ()) -> None:
        super().__init__(message, detail={"retry_after": retry_after}, audit=audit)
        self.retry_after = retry_after


class Unavailable(ServerError):
    status = 503
    default_code = "busy"


class AdminError(ServerError):
    """An admin command (CLI) refused; the message is printed as is."""

    status = 400
    default_code = "admin_error"


class SchemaError(Exception):
    """The database is not initialised, or was written by a newer server."""


NOT_FOUND_MESSAGE = "No such record, or it is not in your caseload."
"""The one answer for missing and out-of-scope ids, so neither leaks the other."""
