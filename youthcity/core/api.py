"""REST API v1: one NinjaAPI instance; each domain app contributes a ``router``.

Errors are always JSON ``{"error": {"code": str, "message": str, "fields": {...}?}}`` with a
machine-readable code and a message in the caller's language; stack traces never leak.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from .edge import MAX_ERRORS_SHOWN
from .errors import ServiceError

logger = logging.getLogger(__name__)


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "description": "machine-readable, e.g. not_found, invalid, forbidden"},
                "message": {"type": "string", "description": "for people, in the caller's language"},
                "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                           "description": "per-field messages (422)"},
            },
        }
    },
}
ERROR_RESPONSES = {
    "400": "Bad request: unreadable body, NUL or invalid characters in text (`bad_request`, `invalid_text`)",
    "401": "Not signed in, or the token is missing, wrong or expired (`not_authenticated`)",
    "403": "Signed in but not allowed, or the CSRF check failed (`forbidden`)",
    "404": "Not found, or outside the caller's scope (`not_found`)",
    "409": "Conflicts with the current state (e.g. already decided, no bed free)",
    "413": "The request body is too large (`too_large`)",
    "422": "Invalid input, with per-field messages (`invalid`)",
    "429": "Too many requests or sign-in attempts (`rate_limited`, `locked_out`)",
}


def _declare_errors(schema: dict) -> dict:
    """Every operation declares the error responses it can give, all with the one error schema."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            writes = method.lower() != "get"
            statuses = ["400", "404", "422", "429"]
            if operation.get("security") or writes:
                statuses += ["401", "403"]
            if writes:
                statuses += ["409", "413"]
            for status in sorted(statuses):
                operation["responses"].setdefault(status, {"description": ERROR_RESPONSES[status], "content": ref})
    return schema


class YouthCityAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        return _declare_errors(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = YouthCityAPI(
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


def _field_message(err: dict) -> str:
    """A pydantic error in the caller's language (pydantic itself only speaks English)."""
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    if kind == "value_error" and ctx.get("error") is not None:
        return str(ctx["error"])  # our own validators raise translated messages
    messages = {
        "missing": _("This field is required."),
        "string_type": _("Enter text."),
        "string_too_short": _("Enter at least %(min_length)s characters."),
        "string_too_long": _("Enter at most %(max_length)s characters."),
        "too_short": _("Give at least %(min_length)s items."),
        "too_long": _("Give at most %(max_length)s items."),
        "int_type": _("Enter a whole number."),
        "int_parsing": _("Enter a whole number."),
        "int_from_float": _("Enter a whole number."),
        "int_parsing_size": _("This number is too large."),
        "float_type": _("Enter a number."),
        "float_parsing": _("Enter a number."),
        "finite_number": _("Enter a finite number."),
        "decimal_type": _("Enter a number."),
        "decimal_parsing": _("Enter a number."),
        "decimal_max_digits": _("Enter a number with at most %(max_digits)s digits."),
        "decimal_max_places": _("Enter a number with at most %(decimal_places)s decimal places."),
        "decimal_whole_digits": _("Enter a number with at most %(whole_digits)s digits before the decimal point."),
        "greater_than": _("Enter a value greater than %(gt)s."),
        "greater_than_equal": _("Enter a value of at least %(ge)s."),
        "less_than": _("Enter a value less than %(lt)s."),
        "less_than_equal": _("Enter a value of at most %(le)s."),
        "bool_type": _("Enter true or false."),
        "bool_parsing": _("Enter true or false."),
        "date_type": _("Enter a date (YYYY-MM-DD)."),
        "date_parsing": _("Enter a date (YYYY-MM-DD)."),
        "date_from_datetime_parsing": _("Enter a date (YYYY-MM-DD)."),
        "date_from_datetime_inexact": _("Enter a date (YYYY-MM-DD)."),
        "datetime_type": _("Enter a date and time."),
        "datetime_parsing": _("Enter a date and time."),
        "dict_type": _("Send an object."),
        "model_type": _("Send an object."),
        "model_attributes_type": _("Send an object."),
        "list_type": _("Send a list."),
        "json_invalid": _("The body is not valid JSON."),
        "literal_error": _("Choose one of the allowed values."),
        "enum": _("Choose one of the allowed values."),
    }
    text = messages.get(kind)
    if text is None:
        return _("This value is not valid.")
    try:
        return text % {k: v for k, v in ctx.items()} if "%(" in text else text
    except (KeyError, TypeError, ValueError):
        return _("This value is not valid.")


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    fields: dict[str, list[str]] = {}
    for err in exc.errors[:MAX_ERRORS_SHOWN]:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload", "form", "file")]
        fields.setdefault(".".join(loc) or "__all__", []).append(_field_message(err))
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
    message = str(exc.message)
    if isinstance(exc, Throttled):
        message = _("Too many requests. Wait a moment and try again.")
    elif message.startswith("Cannot parse request body"):  # django-ninja's own English text
        message = _("The request body could not be read.")
    elif message == "CSRF check Failed":
        message = _("The CSRF check failed: reload the page and try again.")
    response = error_response(request, exc.status_code, codes.get(exc.status_code, "error"), message)
    if isinstance(exc, Throttled) and exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


@api.exception_handler(RawPostDataException)
def _wrong_body_type(request, exc):
    # A form (multipart) body sent to an operation that reads JSON: the form was already parsed.
    return error_response(request, 400, "bad_request", _("Send this request's body as JSON."))


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
