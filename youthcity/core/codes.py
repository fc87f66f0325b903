"""The keys of the signed check-in codes (:mod:`youthcity.engines.events`): community door codes
and job-fair tickets share this helper and the QR drawing (:mod:`youthcity.core.qr`)."""

from __future__ import annotations

import hashlib

from django.conf import settings


def code_secret(label: str, setting: str = "") -> bytes:
    """The key for one kind of code: ``settings.<setting>`` if set (≥ 32 bytes), else derived
    from ``SECRET_KEY`` and ``label`` (rotating ``SECRET_KEY`` invalidates the codes issued)."""
    configured = (getattr(settings, setting, "") or "") if setting else ""
    if len(configured.encode()) >= 32:
        return configured.encode()
    return hashlib.sha256(f"{label}:".encode() + settings.SECRET_KEY.encode()).digest()
