"""Staff to-dos (我的待办): what a staff member has to do next, gathered from every domain.

A domain app provides ``todos.py`` with ``TODOS``: callables ``(user, today) -> list[Todo]``,
registered by :class:`youthcity.core.domain.DomainConfig`. The workbench's landing page lists them,
most urgent first: overdue, then due (soonest first), then reviews waiting. Providers answer only
for the user's own units and regions, with a fixed number of queries (never one per row).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

OVERDUE, DUE, REVIEW = "overdue", "due", "review"
_ORDER = {OVERDUE: 0, DUE: 1, REVIEW: 2}


@dataclass(frozen=True)
class Todo:
    kind: str  # overdue | due | review
    title: str  # translated, one line
    url: str
    count: int = 1
    due_on: dt.date | None = None
    detail: str = ""  # translated, e.g. the plan's title


Provider = Callable[[object, dt.date], list[Todo]]
_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    _providers[name] = provider


def for_user(user, today: dt.date) -> list[Todo]:
    """Every provider's to-dos for ``user``, most urgent first."""
    items: list[Todo] = []
    for _name, provider in sorted(_providers.items()):
        items.extend(provider(user, today))
    return sorted(items, key=lambda t: (_ORDER.get(t.kind, 9), t.due_on or dt.date.max, t.title))
