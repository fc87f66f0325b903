"""The one error a service raises when it refuses a request.

Every domain's services raise :class:`ServiceError`; the API turns it into
``{"error": {"code", "message", "fields"}}`` with its HTTP status (one handler in
:mod:`youthcity.core.api`), and views show it with :func:`youthcity.core.web.refusals`. The
message is already in the user's language (built with ``gettext`` where it is raised).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ERRORS_SHOWN = 100


class ServiceError(Exception):
    """A refused write or read: HTTP status, machine code, message, optional field errors.

    ``fields`` maps a form field (or ``"__all__"``) to messages; a single string is accepted and
    kept as a one-item list. ``detail`` carries an object the caller may want to show (e.g. the
    earlier import a duplicate upload matches); it never reaches the API response.
    """

    def __init__(self, status: int, code: str, message: Any,
                 fields: Mapping[str, str | Iterable[str]] | None = None, *, detail: Any = None):
        super().__init__(str(message))
        self.status = int(status)
        self.code = code
        self.message = str(message)
        self.fields: dict[str, list[str]] = {
            name: [str(value)] if isinstance(value, str) or not isinstance(value, Iterable) else [str(v) for v in value]
            for name, value in (fields or {}).items()
        }
        self.detail = detail
        self.total_errors = sum(len(ms) for ms in self.fields.values())
        if self.total_errors > MAX_ERRORS_SHOWN:  # a page (or answer) lists the first 100, with the count
            kept, left = {}, MAX_ERRORS_SHOWN
            for name, ms in self.fields.items():
                if left <= 0:
                    break
                kept[name] = ms[:left]
                left -= len(kept[name])
            summary = _("Showing the first %(shown)s of %(total)s errors.") % {
                "shown": MAX_ERRORS_SHOWN, "total": f"{self.total_errors:,}"}
            kept.setdefault("__all__", []).append(summary)
            self.fields = kept

    @property
    def messages(self) -> list[str]:
        """Every field message, or the message alone when there are none."""
        listed = [m for ms in self.fields.values() for m in ms]
        return listed or [self.message]

    def __repr__(self) -> str:
        return f"ServiceError({self.status}, {self.code!r}, {self.message!r})"

    @classmethod
    def not_found(cls, message: Any | None = None) -> ServiceError:
        return cls(404, "not_found", message or _("Not found."))

    @classmethod
    def from_validation(cls, exc: ValidationError, message: Any | None = None) -> ServiceError:
        """A model's ``full_clean`` refusal as a 422 with its field messages."""
        if hasattr(exc, "error_dict"):
            fields = dict(exc.message_dict)
            text = message or " ".join(m for ms in fields.values() for m in ms)
        else:
            fields = {"__all__": list(exc.messages)}
            text = message or (" ".join(exc.messages) if len(exc.messages) <= 3 else _("Some fields are invalid."))
        return cls(422, "invalid", text or _("Some fields are invalid."), fields)
