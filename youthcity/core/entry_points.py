"""Application entry points: where a domain's own flow *is* the application for a policy.

A policy file may say ``application: {apply_via: stations.booking, …}``: the young person does
not send a benefits application for it, they use the named domain's flow (a youth-station
booking, a housing application), and that flow decides with the same rules (the one policy set).
A domain app declares its entry points in ``entry_points.py`` as ``ENTRY_POINTS``, registered by
:class:`youthcity.core.domain.DomainConfig`; the policy registry refuses, at load time, a policy
naming an entry point nobody registered (docs/policy-format.md).

An entry point may also list the person's own items of that flow (``mine``), so "my
applications" shows them beside benefit applications in one list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class MyItem:
    """One row of a person's "my applications": a benefit application, a station booking …"""

    kind: str  # the entry point's name, or "benefits.application"
    title: str
    status: str  # the flow's own status code
    status_label: str  # translated
    tone: str  # success | danger | warning | secondary (the badge's colour)
    detail: str  # translated, e.g. the unit or the dates
    url: str
    created_at: dt.datetime


@dataclass(frozen=True)
class EntryPoint:
    """``name`` is ``domain.entry``; ``url_name`` the page where the flow starts; ``label`` the
    action's text (a lazy translation: 预订青年驿站); ``api`` the endpoint an API client uses
    (``POST /api/v1/stations/bookings``); ``mine(user)`` the person's items of this flow."""

    name: str
    url_name: str
    label: object
    api: str = ""
    mine: Callable[[object], list[MyItem]] | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_entry_points: dict[str, EntryPoint] = {}


def register(entry: EntryPoint) -> None:
    existing = _entry_points.get(entry.name)
    if existing is not None and existing != entry:
        raise RuntimeError(f"application entry point {entry.name!r} is registered twice")
    _entry_points[entry.name] = entry


def names() -> frozenset[str]:
    """Every registered entry point's name (what ``apply_via`` may say)."""
    return frozenset(_entry_points)


def get(name: str) -> EntryPoint | None:
    return _entry_points.get(name)


def all_entry_points() -> list[EntryPoint]:
    return [_entry_points[n] for n in sorted(_entry_points)]
