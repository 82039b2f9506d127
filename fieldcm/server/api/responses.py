"""Error bodies as HTTP responses, and the error statuses each route declares in OpenAPI."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse

from fieldcm.sync.protocol import ErrorBody


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    detail: Any = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorBody(code=code, message=message, detail=detail)
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def _declared(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorBody} for status in statuses}


# Every route can meet a bad body size or encoding, malformed input, or a busy database.
COMMON = (400, 413, 415, 422, 503)
PUBLIC = _declared(*COMMON)
PUBLIC_LIMITED = _declared(*COMMON, 401, 429)
AUTHED = _declared(*COMMON, 401, 403)
AUTHED_ITEM = _declared(*COMMON, 401, 403, 404)
AUTHED_CONFLICT = _declared(*COMMON, 401, 403, 404, 409)
