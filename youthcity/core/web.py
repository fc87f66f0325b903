"""How a view shows a service's refusal: on the form's fields, or as a message.

    with refusals(request, form) as outcome:
        booking = services.booking_create(...)
        messages.success(request, ...)
        return redirect(...)
    # reached only when the service refused: the form now carries the errors
    return render(...)

A :class:`~youthcity.core.errors.ServiceError` raised inside the block is put on the form (its
field errors on their fields, the message as a non-field error) or, without a form, shown as an
error message. Anything else (``PermissionDenied``, ``Http404``, bugs) passes through.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator

from .errors import ServiceError


@dataclass
class Outcome:
    error: ServiceError | None = None

    @property
    def refused(self) -> bool:
        return self.error is not None

    @property
    def code(self) -> str:
        return self.error.code if self.error else ""

    @property
    def messages(self) -> list[str]:
        """Every message of the refusal, for a page that lists them itself."""
        return self.error.messages if self.error else []


def add_to_form(form, exc: ServiceError) -> None:
    """Field errors on their fields; the message once as a non-field error unless every field
    error found its field and the message only summarises them."""
    placed = False
    for name, errors in exc.fields.items():
        if name in form.fields:
            for error in errors:
                form.add_error(name, error)
            placed = True
    if not placed or exc.code != "invalid":
        form.add_error(None, exc.message)


@contextmanager
def refusals(request, form=None, *, show: bool = True) -> Iterator[Outcome]:
    """Catch a service's refusal; put it on ``form`` or in the messages (``show=False``: the page
    lists ``outcome.messages`` itself)."""
    outcome = Outcome()
    try:
        yield outcome
    except ServiceError as exc:
        outcome.error = exc
        if form is not None:
            add_to_form(form, exc)
        elif show:
            for message in outcome.messages:
                messages.error(request, message)


PAGE_SIZE = 50


def page_of(request, items, size: int = PAGE_SIZE):
    """The requested page (``?page=N``) of a list or queryset, for ``_pagination.html``: a number
    past the end gives the last page, anything else the first."""
    return Paginator(items, size).get_page(request.GET.get("page"))
