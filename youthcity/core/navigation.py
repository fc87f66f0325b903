"""Navigation entries of the three faces. Each domain app registers its own entries in
``AppConfig.ready()``, so adding a domain never edits the shared templates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavEntry:
    face: str  # "portal" | "workbench" | "dashboard"
    url_name: str
    label: object  # a lazy translation
    visible: Callable[[object], bool]
    order: int


_ENTRIES: list[NavEntry] = []


def register(face: str, url_name: str, label, *, visible: Callable[[object], bool] | None = None,
             order: int = 100) -> None:
    _ENTRIES.append(NavEntry(face, url_name, label, visible or (lambda user: True), order))


def entries_for(face: str, user) -> list[dict]:
    items = []
    for entry in sorted((e for e in _ENTRIES if e.face == face), key=lambda e: e.order):
        if not entry.visible(user):
            continue
        try:
            items.append({"url": reverse(entry.url_name), "label": entry.label})
        except NoReverseMatch:
            continue
    return items
