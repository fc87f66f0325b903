"""The audit trail in words: who changed what, when (Beijing time), with field names, choice
labels and the names of related records instead of internal keys and ids.

Writes store foreign keys as ids (see :mod:`youthcity.core.audit`); this module looks the names
up once per page, a query per model shown, so reading the trail costs what writing it saved.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable

from auditlog.registry import auditlog
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

ACTIONS = {0: pgettext_lazy("audit action", "created"), 1: pgettext_lazy("audit action", "changed"),
           2: pgettext_lazy("audit action", "deleted"), 3: pgettext_lazy("audit action", "viewed")}
EMPTY = "—"


def _field(model, name: str):
    try:
        return model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None


def _related_names(entries: Iterable) -> dict[tuple[type, str], str]:
    """(model, pk) → its name, for every foreign key value on the page (one query per model)."""
    wanted: dict[type, set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, change in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if isinstance(field, models.ForeignKey):
                wanted[field.related_model].update(str(v) for v in change if v not in (None, "", "None"))
    names: dict[tuple[type, str], str] = {}
    for model, pks in wanted.items():
        valid = [pk for pk in pks if pk.isdigit()]
        for obj in model._default_manager.filter(pk__in=valid):
            names[(model, str(obj.pk))] = str(obj)
    return names


def _structured_size(text: str) -> int:
    """How many entries a stored JSON value holds (auditlog may keep it as JSON or as a repr)."""
    for read in (json.loads, ast.literal_eval):
        try:
            value = read(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            continue
        return len(value) if isinstance(value, list | dict) else 1
    return 1


def _value(field, raw, names) -> str:
    if raw in (None, "", "None"):
        return EMPTY
    if field is None:
        return str(raw)
    if isinstance(field, models.JSONField):  # structured data: its size, never a program's notation
        count = len(raw) if isinstance(raw, list | dict) else _structured_size(str(raw))
        return ngettext("%(n)s entry of structured data", "%(n)s entries of structured data", count) % {"n": count}
    if isinstance(field, models.ForeignKey):
        return names.get((field.related_model, str(raw)), _("#%(id)s (no longer exists)") % {"id": raw})
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(field, models.BooleanField):
        return _("yes") if str(raw).lower() in ("true", "1") else _("no")
    if isinstance(field, models.DateTimeField):
        when = parse_datetime(str(raw))
        if when is None:
            return str(raw)
        if timezone.is_naive(when):  # stored without an offset: the database's UTC
            when = timezone.make_aware(when, dt.UTC)
        return timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
    if isinstance(field, models.DateField):
        day = parse_date(str(raw)[:10])
        return day.isoformat() if isinstance(day, dt.date) else str(raw)
    text = str(raw)
    return text if len(text) <= 200 else text[:200] + "…"


def present(entries: Iterable) -> list[dict]:
    """Rows for the audit page: actor, action, record type and name, time, changes in words."""
    entries = list(entries)
    names = _related_names(entries)
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for name, change in (entry.changes_dict or {}).items():
            field = _field(model, name)
            old, new = (list(change) + [None, None])[:2]
            changes.append({"field": str(field.verbose_name) if field is not None else name,
                            "old": _value(field, old, names), "new": _value(field, new, names)})
        rows.append({
            "actor": str(entry.actor) if entry.actor else _("the system"),
            "action": str(ACTIONS.get(entry.action, ACTIONS[1])), "action_code": entry.action,
            "model": str(model._meta.verbose_name) if model else entry.content_type.model,
            "object": entry.object_repr, "pk": entry.object_pk,
            "when": timezone.localtime(entry.timestamp).strftime("%Y-%m-%d %H:%M:%S"),
            "changes": changes,
        })
    return rows


def record_types() -> list[tuple[str, str]]:
    """(model key, name in words) of every audited record type, for the filter menu."""
    return sorted(((m._meta.model_name, str(m._meta.verbose_name)) for m in auditlog.get_models()
                   if m.__module__.startswith("youthcity.") and not m._meta.auto_created), key=lambda kv: kv[1])
