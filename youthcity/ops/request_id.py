"""A request id on every request: taken from ``X-Request-ID`` (nginx sets it) or generated, returned
in the response header, attached to every log line written while the request runs, and tagged on
error reports. One line per request is logged to ``youthcity.request`` with status and duration.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid

REQUEST_ID_HEADER = "X-Request-ID"
# Anything else (too long, spaces, quotes, newlines) is replaced: the id is written into logs verbatim.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
access_logger = logging.getLogger("youthcity.request")


def current_request_id() -> str:
    return _current.get()


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (``-`` outside a request) so every formatter can print it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _current.set(request_id)
        started = time.perf_counter()
        try:
            _tag_error_reports(request_id)
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            user = getattr(request, "user", None)
            access_logger.info(
                "%s %s %s", request.method, request.path, response.status_code,
                extra={"method": request.method, "path": request.path, "status": response.status_code,
                       "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                       "user_id": user.pk if user is not None and user.is_authenticated else None},
            )
            return response
        finally:
            _current.reset(token)


def _tag_error_reports(request_id: str) -> None:
    try:
        import sentry_sdk
    except ImportError:  # pragma: no cover — sentry-sdk is a dependency, but error reporting is optional
        return
    if sentry_sdk.get_client().is_active():
        sentry_sdk.get_isolation_scope().set_tag("request_id", request_id)
