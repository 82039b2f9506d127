"""What can go wrong talking to the agency server, each with a sentence a person understands.

    TransportError                  base: ``user_message`` for people, ``detail`` for the log
    ├── TransportConfigError        the transport was set up wrongly (also a ``ValueError``)
    │   └── InsecureServerURL       http:// to a non-loopback host, credentials in the URL...
    ├── Offline                     no usable link: DNS, refused, reset, timeouts, cut mid-answer
    │   ├── UntrustedServer         TLS verification or the SPKI pin failed; nothing was sent
    │   └── ServerUnavailable       502/503/504 after the retries (``retry_after`` if told)
    ├── RateLimited                 429 after the retries; ``retry_after`` seconds to wait
    ├── AuthProblem                 401/403: not enrolled, revoked, disabled, token reuse...
    │   └── WipeRequired            the server ordered this laptop wiped (``wipe_required``)
    ├── ServerRefused               any other 4xx; the server's ErrorBody message and code
    └── ServerBug                   5xx, redirects, non-JSON or schema-violating answers

Two kinds (STYLE.md habit 5): everything but :class:`ServerBug` and
:class:`TransportConfigError` is the environment's fault — the sync engine shows
``user_message`` and tries again later (or wipes, for :class:`WipeRequired`). ``ServerBug``
and ``TransportConfigError`` are somebody's bug and deserve a report with ``detail``.
The original ``requests``/``pydantic`` exception is kept as ``__cause__``.

``detail`` never holds response bodies, tokens or request data: answers can carry client
records, and the log must not (SECURITY.md S7).
"""

from __future__ import annotations

from typing import ClassVar

SAVED = "Your work is saved on this laptop"


class TransportError(Exception):
    """A failed exchange with the agency server."""

    default_message: ClassVar[str] = (
        f"Sync with the agency server did not work. {SAVED} and will sync later."
    )
    is_bug: ClassVar[bool] = False
    """True when a person cannot fix this by waiting or reconnecting: report it."""

    def __init__(self, detail: str, *, user_message: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.user_message = user_message or self.default_message


class TransportConfigError(TransportError, ValueError):
    """The transport was constructed with settings that cannot be used safely."""

    default_message = (
        "fieldcm's connection settings for the agency server are not valid. "
        "Ask your IT contact to check the server address and certificate settings."
    )
    is_bug = True


class InsecureServerURL(TransportConfigError):
    """A URL that would send data in the clear, or otherwise unsafe; refused before any I/O."""

    default_message = (
        "The agency server address must start with https:// (plain http:// only works on "
        "this computer itself). Ask your IT contact to check the server address."
    )


class Offline(TransportError):
    """No usable connection to the server right now."""

    default_message = (
        f"No connection to the agency server. {SAVED} and will sync when you are back online."
    )


class UntrustedServer(Offline):
    """The server could not prove who it is (certificate, hostname or pin); nothing was sent."""

    default_message = (
        "fieldcm could not confirm it was talking to your agency's server, so it sent "
        f"nothing. {SAVED}. On shelter, hotel or public Wi-Fi, open a web page to finish any "
        "sign-in page, or try another network. If this keeps happening, tell your IT contact."
    )


class _WaitError(TransportError):
    """An error that can say how long the server asked us to wait."""

    def __init__(
        self, detail: str, *, retry_after: float | None = None, user_message: str | None = None
    ) -> None:
        super().__init__(detail, user_message=user_message)
        self.retry_after = retry_after


class ServerUnavailable(_WaitError, Offline):
    """The server (or a gateway in front of it) is busy or down; try later."""

    default_message = (
        f"The agency server is busy or down for maintenance. {SAVED} and will sync by itself later."
    )


class RateLimited(_WaitError):
    """The server asked this laptop to slow down."""

    default_message = (
        f"The agency server asked this laptop to wait before syncing again. {SAVED} and "
        "will sync by itself later."
    )


class AuthProblem(TransportError):
    """The server does not accept this laptop's credentials (401/403)."""

    default_message = (
        f"The agency server did not accept this laptop's sign-in. {SAVED}. "
        "Ask your IT contact if this keeps happening."
    )

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        status: int | None = None,
        server_message: str | None = None,
        user_message: str | None = None,
    ) -> None:
        super().__init__(detail, user_message=user_message or _AUTH_MESSAGES.get(code or ""))
        self.code = code
        self.status = status
        self.server_message = server_message


class WipeRequired(AuthProblem):
    """The agency ordered this laptop's fieldcm data erased; the sync engine must wipe."""

    default_message = (
        "Your agency has withdrawn this laptop from fieldcm and asked for its data to be "
        "removed from it. Contact your supervisor or IT contact."
    )


class ServerRefused(TransportError):
    """The server understood the request and said no (4xx); its message is for people."""

    def __init__(
        self,
        detail: str,
        *,
        status: int,
        code: str | None = None,
        server_message: str | None = None,
    ) -> None:
        said = f"The agency server refused: {server_message}" if server_message else None
        super().__init__(detail, user_message=said)
        self.status = status
        self.code = code
        self.server_message = server_message


class ServerBug(TransportError):
    """An answer fieldcm cannot use: a 5xx, a redirect, or a body that breaks the protocol."""

    default_message = (
        f"The agency server sent an answer fieldcm could not understand. {SAVED}. "
        "If this keeps happening, tell your IT contact."
    )
    is_bug = True

    def __init__(self, detail: str, *, status: int | None = None) -> None:
        super().__init__(detail)
        self.status = status


_WITHDRAWN = (
    f"This laptop's access to the agency server was withdrawn or has lapsed. {SAVED}; "
    "ask your IT contact to enroll it again."
)
_AUTH_MESSAGES = {
    "not_enrolled": "This laptop is not enrolled with the agency server yet. "
    "Ask your IT contact for an enrollment code.",
    "invalid_code": "The enrollment code was not accepted. Check it for typing mistakes, "
    "or ask your IT contact for a new one (codes work once and expire).",
    "user_disabled": f"Your account is disabled on the agency server. {SAVED}; "
    "contact your supervisor or IT contact.",
    "token_expired": f"This laptop has been away from the agency server too long and must "
    f"be enrolled again. {SAVED}.",
    "token_reuse": _WITHDRAWN,
    "invalid_token": _WITHDRAWN,
    "device_revoked": _WITHDRAWN,
    "device_wiped": _WITHDRAWN,
    "invalid_credentials": "The user name or password was not accepted.",
}
