"""The shape every domain app has: one base ``AppConfig`` that wires the domain into the platform.

A domain app (stations, benefits, housing …) subclasses :class:`DomainConfig` in its ``apps.py``
and declares what it brings; modules found by their conventional names are wired in ``ready()``:

===================  ==========================================================================
``api.py``           ``router`` (django-ninja) mounted under ``/api/v1/``
``urls.py``          included at the site root (paths named per face: ``/…``, ``/work/…``,
                     ``/dashboard/…``)
``navigation``       class attribute: :class:`Nav` entries of the three faces
``city_pack.py``     ``load(pack, report)``: the domain's step when a city pack is loaded,
                     run in ``city_pack_order`` (set it to take part)
``live.py``          ``MEASURES``: the live measures the domain provides (:mod:`.measures`)
``todos.py``         ``TODOS``: providers of the staff's to-dos (:mod:`.todos`)
``entry_points.py``  ``ENTRY_POINTS``: flows that are a policy's application (``apply_via``,
                     :mod:`.entry_points`)
===================  ==========================================================================

See docs/adding-a-domain.md for a worked example.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from types import ModuleType
from typing import ClassVar

from django.apps import AppConfig, apps

from . import city_pack, entry_points, measures, navigation, todos
from .api import add_router


@dataclass(frozen=True)
class Nav:
    """A navigation entry: ``face`` is portal | workbench | dashboard; ``visible`` names a
    permission check (see :func:`youthcity.core.navigation.register_check`)."""

    face: str
    url_name: str
    label: object
    visible: str = "everyone"
    order: int = 100
    icon: str = ""  # a Bootstrap Icons name (``bi-search``) for the portal's service cards
    summary: object = ""  # one line under the card's title, a lazy translation


def _module(app: AppConfig, name: str) -> ModuleType | None:
    full = f"{app.name}.{name}"
    if importlib.util.find_spec(full) is None:
        return None
    return importlib.import_module(full)


class DomainConfig(AppConfig):
    """Base class of every domain app's config (see the module docstring)."""

    navigation: ClassVar[tuple[Nav, ...]] = ()
    city_pack_order: ClassVar[int | None] = None
    api_prefix: ClassVar[str] = "/"

    def ready(self) -> None:
        api = _module(self, "api")
        if api is not None and hasattr(api, "router"):
            add_router(self.api_prefix, api.router)
        for entry in self.navigation:
            navigation.register(entry.face, entry.url_name, entry.label, visible=entry.visible, order=entry.order,
                                icon=entry.icon, summary=entry.summary)
        if self.city_pack_order is not None:
            step = _module(self, "city_pack")
            if step is None or not hasattr(step, "load"):
                raise RuntimeError(f"{self.name}: city_pack_order is set but {self.name}.city_pack.load is missing")
            city_pack.register_step(self.label, step.load, order=self.city_pack_order)
        live = _module(self, "live")
        if live is not None and hasattr(live, "MEASURES"):
            measures.register_all(live.MEASURES, provider=self.label)
        todo_module = _module(self, "todos")
        if todo_module is not None and hasattr(todo_module, "TODOS"):
            for i, provider in enumerate(todo_module.TODOS):
                todos.register(f"{self.label}.{i}", provider)
        entry_module = _module(self, "entry_points")
        if entry_module is not None and hasattr(entry_module, "ENTRY_POINTS"):
            for entry in entry_module.ENTRY_POINTS:
                entry_points.register(entry)


def domain_apps() -> list[DomainConfig]:
    return [a for a in apps.get_app_configs() if isinstance(a, DomainConfig)]


def url_modules() -> list[str]:
    """The ``urls`` modules of every domain app, in INSTALLED_APPS order (for config/urls.py)."""
    return [f"{a.name}.urls" for a in domain_apps() if importlib.util.find_spec(f"{a.name}.urls") is not None]
