"""Every error becomes an ErrorBody a person can read; unexpected ones a bare 500."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from fieldcm.server.api.responses import error_response
from fieldcm.server.errors import RateLimited, ServerError, Unavailable

log = logging.getLogger("fieldcm.server")

_HTTP_CODES = {
    400: ("bad_request", "The request could not be understood."),
    401: ("unauthorized", "This request needs a valid device token."),
    403: ("forbidden", "This is not allowed."),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not accept that method."),
    413: ("too_large", "The request body is too large."),
}


def _where(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "request"


async def _server_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServerError)
    headers = None
    if isinstance(exc, RateLimited):
        headers = {"Retry-After": str(exc.retry_after)}
    elif isinstance(exc, Unavailable):
        headers = {"Retry-After": "2"}
    return error_response(exc.status, exc.code, exc.message, detail=exc.detail, headers=headers)


async def _validation_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"where": _where(error.get("loc", ())), "problem": str(error.get("msg", ""))}
        for error in exc.errors()
    ]
    summary = "; ".join(f"{p['where']}: {p['problem']}" for p in problems[:5])
    return error_response(
        422, "invalid_request", f"The request is not valid ({summary}).", detail=problems
    )


async def _http_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code, message = _HTTP_CODES.get(exc.status_code, ("http_error", str(exc.detail)))
    return error_response(exc.status_code, code, message, headers=dict(exc.headers or {}))


async def _unstorable(_request: Request, exc: Exception) -> Response:
    # The database refused a value the schema let through (e.g. a NUL character in text).
    return error_response(
        400, "invalid_value", "The request holds characters or values the server cannot store."
    )


async def _unexpected(_request: Request, exc: Exception) -> Response:
    log.error("unexpected server error", exc_info=exc)
    return error_response(
        500, "internal_error", "Something went wrong on the server. It has been logged."
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(ServerError, _server_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DataError, _unstorable)
    app.add_exception_handler(Exception, _unexpected)
