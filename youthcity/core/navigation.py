"""Navigation entries of the three faces. Each domain declares its entries (``DomainConfig.navigation``),
so adding a domain never edits the shared templates. Visibility is a named check (``"workbench"``,
``"dashboard"``, ``"signed_in"`` …) that accounts registers with :func:`register_check`, so core
never imports accounts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

Check = Callable[[object], bool]


@dataclass(frozen=True)
class NavEntry:
    face: str  # "portal" | "workbench" | "dashboard"
    url_name: str
    label: object  # a lazy translation
    visible: str
    order: int
    icon: str = ""
    summary: object = ""


_ENTRIES: list[NavEntry] = []
_CHECKS: dict[str, Check] = {"everyone": lambda user: True}


def register_check(name: str, check: Check) -> None:
    """Name a permission check navigation entries can refer to."""
    _CHECKS[name] = check


def register(face: str, url_name: str, label, *, visible: str = "everyone", order: int = 100, icon: str = "",
             summary: object = "") -> None:
    if any(e.face == face and e.url_name == url_name for e in _ENTRIES):
        return
    _ENTRIES.append(NavEntry(face, url_name, label, visible, order, icon, summary))


def entries_for(face: str, user) -> list[dict]:
    items = []
    for entry in sorted((e for e in _ENTRIES if e.face == face), key=lambda e: e.order):
        check = _CHECKS.get(entry.visible)
        if check is None:
            raise LookupError(f"navigation: no permission check named {entry.visible!r}")
        if not check(user):
            continue
        try:
            items.append({"url": reverse(entry.url_name), "label": entry.label, "icon": entry.icon or "bi-grid",
                          "summary": entry.summary})
        except NoReverseMatch:
            continue
    return items
