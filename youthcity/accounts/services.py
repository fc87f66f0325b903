"""Writes for accounts: registration, profile edits, API tokens. One home for these writes."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ApiToken, Membership, User, YouthProfile


@transaction.atomic
def youth_register(*, username: str, password: str, phone: str | None = None, display_name: str = "",
                   email: str = "", preferred_language: str = "zh-hans") -> User:
    """Create a young person's account with an empty profile (validated by the caller's form)."""
    user = User(username=username, phone=phone or None, display_name=display_name, email=email,
                preferred_language=preferred_language)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    YouthProfile.objects.create(user=user)
    return user


@transaction.atomic
def youth_profile_create(*, user: User) -> YouthProfile:
    """Give an existing account (e.g. a staff member who is also a young person) a youth profile,
    on their explicit request. Nothing else changes: they review nothing of their own."""
    profile, _created = YouthProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def youth_profile_update(*, profile: YouthProfile, data: dict) -> YouthProfile:
    """Apply validated profile fields. The audit log records the change (django-auditlog)."""
    for field, value in data.items():
        setattr(profile, field, value)
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def membership_grant(*, user: User, role: str, unit=None, region=None) -> Membership:
    membership, _ = Membership.objects.get_or_create(user=user, role=role, unit=unit, region=region)
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    return membership


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, user: User, ttl_days: int | None = None) -> tuple[ApiToken, str]:
    """Issue a bearer token. The clear token is returned once and never stored."""
    raw = "yc_" + secrets.token_urlsafe(32)
    ttl = dt.timedelta(days=ttl_days or settings.API_TOKEN_TTL_DAYS)
    token = ApiToken.objects.create(user=user, key_hash=_hash(raw), prefix=raw[3:11], expires_at=timezone.now() + ttl)
    return token, raw


def api_token_user(raw: str) -> User | None:
    """The active user owning a valid, unexpired, unrevoked token, else None."""
    if not raw or not raw.startswith("yc_"):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(raw), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def api_token_revoke(*, user: User, raw: str) -> bool:
    return bool(ApiToken.objects.filter(user=user, key_hash=_hash(raw), revoked_at__isnull=True)
                .update(revoked_at=timezone.now()))
