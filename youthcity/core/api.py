"""REST API v1: one NinjaAPI instance; each domain app contributes a ``router``.

Errors are always JSON ``{"error": {"code": str, "message": str, "fields": {...}?}}`` with a
machine-readable code and a message in the caller's language; stack traces never leak.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .errors import ServiceError

logger = logging.getLogger(__name__)


api = NinjaAPI(
    title="YouthCity API",
    version="1",
    description="青年发展型城市平台 REST API. Authenticate with `POST /api/v1/auth/token`, then send "
    "`Authorization: Bearer <token>`. Errors: `{\"error\": {\"code\", \"message\"}}`.",
    urls_namespace="api-v1",
    docs_url="/docs",
)


def error_response(request, status: int, code: str, message: str, fields: dict | None = None):
    payload: dict = {"code": code, "message": str(message)}
    if fields:
        payload["fields"] = fields
    return api.create_response(request, {"error": payload}, status=status)


@api.exception_handler(ServiceError)
def _service_error(request, exc: ServiceError):
    return error_response(request, exc.status, exc.code, exc.message, exc.fields)


@api.exception_handler(DjangoValidationError)
def _model_validation_error(request, exc: DjangoValidationError):
    err = ServiceError.from_validation(exc)
    return error_response(request, err.status, err.code, err.message, err.fields)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload")]
        fields.setdefault(".".join(loc) or "__all__", []).append(err.get("msg", ""))
    return error_response(request, 422, "invalid", _("Some fields are invalid."), fields)


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return error_response(request, 401, "not_authenticated", _("Sign in or send a valid bearer token."))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return error_response(request, 403, "forbidden", str(exc) or _("You do not have permission to do this."))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(request, 404, "not_found", _("Not found."))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    codes = {400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
             409: "conflict", 429: "rate_limited"}
    return error_response(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc.message))


@api.exception_handler(Exception)
def _server_error(request, exc: Exception):
    logger.exception("API error on %s", request.path)
    return error_response(request, 500, "server_error", _("Something went wrong on our side. It has been logged."))


_routers_attached = False


def register_routers() -> None:
    """Attach every domain's router (they are declared in each app's ``AppConfig.ready``)."""
    global _routers_attached
    if _routers_attached:
        return
    for prefix, router in ROUTERS:
        api.add_router(prefix, router)
    _routers_attached = True


ROUTERS: list[tuple[str, object]] = []


def add_router(prefix: str, router) -> None:
    """Called from a domain app's ``ready()``: mounts ``router`` under ``/api/v1{prefix}``."""
    ROUTERS.append((prefix, router))
