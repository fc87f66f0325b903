"""The audit trail's rules that hold for every model (django-auditlog records every write).

Only a model's own columns are compared and stored: reverse relations (``booking.waitlist_entry``)
are never read while saving, and a foreign key is stored as its id, not as its text, so a write
costs no extra queries. The audit page turns ids into names when someone reads it
(:mod:`youthcity.portal.audit`), which is rare, instead of on every write, which is not.
"""

from __future__ import annotations

from auditlog.registry import auditlog


def track_own_columns_only() -> None:
    """Limit every registered model to its concrete columns (called once apps are ready)."""
    for model in auditlog.get_models():
        entry = auditlog._registry[model]
        if entry["include_fields"]:
            continue
        excluded = set(entry["exclude_fields"])
        entry["include_fields"] = [f.name for f in model._meta.concrete_fields if f.name not in excluded]
