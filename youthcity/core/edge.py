"""The edge: what every request must satisfy before a view sees it, and the bounds views share.

:class:`EdgeMiddleware` is the one place that refuses, for the web and the API alike,

* a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (multipart: over ``MAX_UPLOAD_REQUEST_SIZE``) → 413;
* a multipart body without a boundary, or one Django cannot parse → 400;
* text containing NUL characters or lone UTF-16 surrogates in a query parameter, a form field
  (name or value) or a JSON string → 400 ``invalid_text``;
* JSON numbers that are not finite (``NaN``, ``Infinity``, ``1e400``) → 422 ``invalid``;

with a message in the caller's language (the middleware runs after the language is chosen). The
API answers in its JSON error shape, pages with ``400.html`` / ``413.html``.

Views and schemas use the bounds below: dates between :data:`MIN_DATE` and :data:`MAX_DATE`
(:data:`BoundedDate`), years between :data:`MIN_YEAR` and :data:`MAX_YEAR`, integers parsed with
:func:`int_param`, and money with :func:`money` (finite, within the column's digits).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field

from .errors import MAX_ERRORS_SHOWN  # noqa: F401  (an error page lists at most this many, with the count)

MIN_YEAR, MAX_YEAR = 1900, 2199
MIN_DATE, MAX_DATE = dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)
MAX_TEXT_LENGTH = 100_000  # no text field is longer (narratives: NARRATIVE_LENGTH); a safety net


class EdgeError(ValueError):
    """A value outside what the platform accepts; ``message`` is already translated."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- text -------------------------------------------------------------------------------------


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text (NUL, lone surrogate, longer than any field), or None."""
    if len(value) > MAX_TEXT_LENGTH:
        return _("The text is longer than %(n)s characters.") % {"n": MAX_TEXT_LENGTH}
    if "\x00" in value:
        return _("The text contains a NUL character, which is not allowed.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("The text contains an invalid character (a lone surrogate).")
    return None


def _bad_strings(obj: Any, depth: int = 0) -> str | None:
    if isinstance(obj, str):
        return text_problem(obj)
    if depth > 64:
        return None
    if isinstance(obj, dict):
        for key, value in obj.items():
            problem = _bad_strings(key, depth + 1) or _bad_strings(value, depth + 1)
            if problem:
                return problem
    elif isinstance(obj, list):
        for value in obj:
            problem = _bad_strings(value, depth + 1)
            if problem:
                return problem
    return None


class _NotFinite(ValueError):
    pass


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotFinite(text)
    return value


def _no_constant(text: str) -> float:
    raise _NotFinite(text)


# --- numbers and dates ------------------------------------------------------------------------


def int_param(raw: Any, *, low: int, high: int, default: int | None = None, name: str = "") -> int:
    """``raw`` (a query or form value) as an int in ``[low, high]``; blank gives ``default``.

    Raises :class:`EdgeError` with a translated message otherwise — checked before any loop uses it.
    """
    if raw in (None, "") and default is not None:
        return default
    text = str(raw).strip()
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 12:
        raise EdgeError(_("Enter a whole number between %(low)s and %(high)s.") % {"low": low, "high": high})
    value = int(text)
    if not low <= value <= high:
        raise EdgeError(_("Enter a whole number between %(low)s and %(high)s.") % {"low": low, "high": high})
    return value


def year_param(raw: Any, *, default: int) -> int:
    """A year from a query string, between :data:`MIN_YEAR` and :data:`MAX_YEAR`."""
    try:
        return int_param(raw, low=MIN_YEAR, high=MAX_YEAR, default=default)
    except EdgeError:
        raise EdgeError(
            _("The year must be between %(low)s and %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR}
        ) from None


def check_date(value: dt.date | None) -> dt.date | None:
    """``value`` if it lies between :data:`MIN_DATE` and :data:`MAX_DATE` (pydantic validator)."""
    if value is not None and not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(
            _("The date must be between %(low)s and %(high)s.")
            % {"low": MIN_DATE.isoformat(), "high": MAX_DATE.isoformat()}
        )
    return value


BoundedDate = Annotated[dt.date, AfterValidator(check_date)]
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]  # a primary key in a path or body: a 64-bit positive integer
NAME_LENGTH = 150  # usernames, codes, short names
NOTE_LENGTH = 2000  # reasons, comments, notes
NARRATIVE_LENGTH = 20000  # progress narratives and other long free text
Name = Annotated[str, Field(max_length=NAME_LENGTH)]
Note = Annotated[str, Field(max_length=NOTE_LENGTH)]


def money(max_digits: int = 12, decimal_places: int = 2):
    """A schema field type for an amount: finite, at most ``max_digits`` digits (the column's)."""
    return Annotated[
        Decimal, Field(max_digits=max_digits, decimal_places=decimal_places, allow_inf_nan=False)
    ]


# --- the middleware ---------------------------------------------------------------------------


def refuse(
    request: HttpRequest, status: int, code: str, message: str, fields: dict | None = None
) -> HttpResponse:
    """The refusal in the shape the caller reads: the API's JSON error or a bilingual page."""
    if request.path.startswith("/api/"):
        payload: dict[str, Any] = {"code": code, "message": message}
        if fields:
            payload["fields"] = fields
        return JsonResponse({"error": payload}, status=status)
    template = "413.html" if status == 413 else "400.html"
    return render(request, template, {"message": message}, status=status)


_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
_BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class EdgeMiddleware:
    """Refuses what no view can use before any view (or CSRF check) reads the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self.check(request)
        if refused is not None:
            return refused
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code in (404, 405)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            # An unknown API path or method: the API's JSON error, not an HTML page.
            if response.status_code == 404:
                return refuse(request, 404, "not_found", _("Not found."))
            allowed = response.get("Allow", "")
            answer = refuse(
                request,
                405,
                "method_not_allowed",
                _("This method is not allowed here. Allowed: %(methods)s.") % {"methods": allowed},
            )
            if allowed:
                answer["Allow"] = allowed
            return answer
        return response

    def check(self, request: HttpRequest) -> HttpResponse | None:
        for key, values in request.GET.lists():
            problem = text_problem(key) or next(filter(None, map(text_problem, values)), None)
            if problem:
                return refuse(
                    request,
                    400,
                    "invalid_text",
                    problem,
                    {key if not text_problem(key) else "__all__": [problem]},
                )
        if request.method not in _BODY_METHODS:
            return None
        content_type = (request.content_type or "").lower()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refuse(request, 400, "bad_request", _("The request is malformed."))
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if content_type == "multipart/form-data":
            limit = getattr(settings, "MAX_UPLOAD_REQUEST_SIZE", limit)
        if limit is not None and length > limit:
            return self.too_large(request, limit)
        if content_type in _FORM_TYPES:
            return self.check_form(request, content_type)
        if content_type == "application/json" or content_type.endswith("+json"):
            return self.check_json(request)
        return None

    def too_large(self, request: HttpRequest, limit: int) -> HttpResponse:
        from django.template.defaultfilters import filesizeformat

        return refuse(
            request,
            413,
            "too_large",
            _("The request is larger than %(size)s.") % {"size": filesizeformat(limit)},
        )

    def check_form(self, request: HttpRequest, content_type: str) -> HttpResponse | None:
        if content_type == "multipart/form-data" and "boundary=" not in request.META.get("CONTENT_TYPE", ""):
            return refuse(request, 400, "bad_request", _("The multipart request has no boundary."))
        try:
            data = request.POST
            files = request.FILES
        except RequestDataTooBig:
            return self.too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        except TooManyFieldsSent:
            return refuse(request, 400, "bad_request", _("The request has too many fields."))
        except (MultiPartParserError, UnicodeDecodeError, ValueError):
            return refuse(request, 400, "bad_request", _("The request body could not be read."))
        for key, values in data.lists():
            problem = text_problem(key) or next(filter(None, map(text_problem, values)), None)
            if problem:
                field = key if not text_problem(key) else "__all__"
                return refuse(request, 400, "invalid_text", problem, {field: [problem]})
        for key, upload in files.items():
            problem = text_problem(key) or text_problem(upload.name or "")
            if problem:
                return refuse(request, 400, "invalid_text", problem, {"__all__": [problem]})
        return None

    def check_json(self, request: HttpRequest) -> HttpResponse | None:
        try:
            body = request.body
        except RequestDataTooBig:
            return self.too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if not body:
            return None
        try:
            data = json.loads(body, parse_float=_finite_float, parse_constant=_no_constant)
        except _NotFinite:
            message = _("Numbers must be finite (not NaN or Infinity).")
            return refuse(request, 422, "invalid", message, {"__all__": [message]})
        except (ValueError, RecursionError):
            return None  # not JSON: the API's own parser answers it
        problem = _bad_strings(data)
        if problem:
            return refuse(request, 400, "invalid_text", problem, {"__all__": [problem]})
        return None
