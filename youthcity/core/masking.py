"""How personal data appears wherever it is not deliberately revealed (docs/privacy.md): pages,
the audit trail, logs. One place, so every app masks the same way."""

from __future__ import annotations


def mask_phone(phone: str | None) -> str:
    """138****1234."""
    if not phone:
        return ""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"


def mask_id_number(value: str | None) -> str:
    """4103**********1234."""
    if not value:
        return ""
    return value[:4] + "*" * (len(value) - 8) + value[-4:] if len(value) > 8 else "****"


def mask_name(name: str | None) -> str:
    """张**: the first character only, always two stars (the length would say too much)."""
    name = (name or "").strip()
    return name[0] + "**" if name else ""


def mask_for_audit(value: str) -> str:
    """django-auditlog's mask (AUDITLOG_MASK_CALLABLE) for the sensitive fields: the documented
    ``4103**********1234`` / ``138****1234`` forms; anything else is hidden entirely."""
    if value in ("", "None"):
        return value
    if len(value) == 11 and value.isdigit():
        return mask_phone(value)
    if len(value) == 18:
        return mask_id_number(value)
    return "****"
