"""Per-request memo for live measures asked region by region.

A dashboard asks each measure for every district in turn; a measure answers the first call with
one grouped query (all regions whose path has the same length, i.e. the same level) and the rest
from this memo. The memo lives only inside a request (cleared when it starts and ends), so a value
is never older than the page showing it; outside a request (tests, commands) nothing is kept."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.core.signals import request_finished, request_started
from django.db.models import Count, F, QuerySet, Value
from django.db.models.functions import Substr

_local = threading.local()


def _start(**_kwargs) -> None:
    _local.values = {}


def _end(**_kwargs) -> None:
    _local.values = None


request_started.connect(_start, dispatch_uid="youthcity.community.memo.start")
request_finished.connect(_end, dispatch_uid="youthcity.community.memo.end")


def grouped(key: tuple, compute: Callable[[], dict]) -> dict | None:
    """The memoised result of ``compute()`` within the current request; None outside a request."""
    store = getattr(_local, "values", None)
    if store is None:
        return None
    if key not in store:
        store[key] = compute()
    return store[key]


def by_prefix(qs: QuerySet, path_field: str, length: int, value) -> dict[str, object]:
    """{path prefix of ``length`` characters: aggregate ``value``} in one grouped query."""
    rows = (
        qs.annotate(_prefix=Substr(F(path_field), Value(1), Value(length)))
        .values("_prefix")
        .annotate(_v=value)
        .values_list("_prefix", "_v")
    )
    return dict(rows)


def count_by_prefix(qs: QuerySet, path_field: str, length: int, distinct_field: str | None = None) -> dict:
    value = Count(distinct_field, distinct=True) if distinct_field else Count("pk")
    return by_prefix(qs, path_field, length, value)
