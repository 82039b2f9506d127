"""The bytes of one exchange: request bodies out (gzip), answers in (read, classified, parsed).

Every success is parsed with the models of :mod:`fieldcm.sync.protocol`; an answer that is
not JSON or breaks the schema is a :class:`ServerBug` naming the endpoint, the model and the
failing locations — never the values, which can be client records (SECURITY.md S7).
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

import requests
from pydantic import BaseModel, ValidationError

from fieldcm.sync.protocol import ErrorBody, WireModel
from fieldcm.sync.transport_errors import (
    AuthProblem,
    RateLimited,
    ServerBug,
    ServerRefused,
    ServerUnavailable,
    TransportError,
    WipeRequired,
)

TOKEN_EXPIRED = "token_expired"  # noqa: S105 - an error code, not a secret
"""The server's code for an access token past its lifetime (refresh, then retry once)."""
WIPE_REQUIRED = "wipe_required"
"""The server's code for a laptop an admin marked for wipe."""
UNAVAILABLE_STATUSES = frozenset({502, 503, 504})
GZIP_THRESHOLD = 1024
"""Bodies from this size up are gzipped; below it the gzip header costs more than it saves."""
_CHUNK = 64 * 1024

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class Answer:
    """A whole HTTP answer, read and closed: status, headers, decompressed body."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    def error_body(self) -> ErrorBody | None:
        try:
            return ErrorBody.model_validate_json(self.body)
        except ValidationError:
            return None

    def error_code(self) -> str | None:
        body = self.error_body()
        return body.code if body is not None else None


def encode_body(body: WireModel, *, gzip_threshold: int) -> tuple[bytes, dict[str, str]]:
    """JSON bytes of ``body`` and their headers; gzipped from ``gzip_threshold`` bytes up."""
    raw = body.model_dump_json().encode()
    headers = {"Content-Type": "application/json"}
    if len(raw) >= gzip_threshold:
        # mtime=0: the same batch compresses to the same bytes on every retry.
        raw = gzip.compress(raw, compresslevel=6, mtime=0)
        headers["Content-Encoding"] = "gzip"
    return raw, headers


def read_answer(where: str, response: requests.Response, *, limit: int) -> Answer:
    """The whole (decompressed) answer, refusing more than ``limit`` bytes of it."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise ServerBug(
                f"{where}: answer larger than {limit} bytes after decompression",
                status=response.status_code,
            )
        chunks.append(chunk)
    return Answer(response.status_code, response.headers, b"".join(chunks))


def refusal(where: str, answer: Answer, *, retry_after: float | None) -> TransportError | None:
    """The error a non-2xx ``answer`` means, or None for a success.

    ``where`` names the call for the log ("GET /v1/changes"); ``retry_after`` is what the
    server asked for, already parsed, for 429 and 5xx answers.
    """
    status = answer.status
    if 200 <= status < 300:
        return None
    if 300 <= status < 400:
        return ServerBug(
            f"{where}: answered {status} (a redirect); fieldcm never follows redirects",
            status=status,
        )
    return _refusal_with_body(where, answer, retry_after)


def _refusal_with_body(where: str, answer: Answer, retry_after: float | None) -> TransportError:
    status = answer.status
    body = answer.error_body()
    code = body.code if body is not None else None
    said = body.message if body is not None else None
    detail = f"{where}: HTTP {status}, code {code or '(no ErrorBody)'}"
    error: TransportError
    if code == WIPE_REQUIRED:
        error = WipeRequired(detail, code=code, status=status, server_message=said)
    elif status in (401, 403):
        error = AuthProblem(detail, code=code, status=status, server_message=said)
    elif status == 429:
        error = RateLimited(detail, retry_after=retry_after)
    elif status < 500:
        error = ServerRefused(detail, status=status, code=code, server_message=said)
    elif status in UNAVAILABLE_STATUSES:
        error = ServerUnavailable(detail, retry_after=retry_after)
    else:
        error = ServerBug(detail, status=status)
    return error


def retry_after_in_body(answer: Answer) -> float | None:
    """``ErrorBody.detail.retry_after``: the server's wait when a proxy dropped the header."""
    body = answer.error_body()
    detail = body.detail if body is not None else None
    value = detail.get("retry_after") if isinstance(detail, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return None
    return float(value)


def parse_answer(where: str, answer: Answer, model: type[ModelT]) -> ModelT:
    """The body of a 2xx ``answer`` as ``model``, or :class:`ServerBug` saying what broke."""
    content_type = answer.headers.get("Content-Type", "")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise ServerBug(
            f"{where}: expected a JSON {model.__name__}, got "
            f"{content_type or 'no content type'} ({len(answer.body)} bytes)",
            status=answer.status,
        )
    try:
        return model.model_validate_json(answer.body)
    except ValidationError as exc:
        # ``from None``: a ValidationError's text quotes the offending values, which can be
        # client records; the summary keeps locations and reasons only.
        raise ServerBug(
            f"{where}: the answer is not a valid {model.__name__}: {_summary(exc)}",
            status=answer.status,
        ) from None


def _summary(exc: ValidationError, limit: int = 5) -> str:
    errors = exc.errors(include_url=False, include_input=False, include_context=False)
    parts = [f"{'.'.join(map(str, e['loc'])) or '(body)'}: {e['msg']}" for e in errors[:limit]]
    more = f" (+{len(errors) - limit} more)" if len(errors) > limit else ""
    return "; ".join(parts) + more
