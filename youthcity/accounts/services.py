"""Writes for accounts: registration, profiles, roles, API tokens, and the people a city pack
brings. Every user and membership is created here (no other app writes these tables).

More writes live beside it: :mod:`.security` (passwords, one-time codes, lockout), :mod:`.staff`
(staff accounts and roles managed in the app) and :mod:`.privacy` (notice, consent, export, closure,
access log)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from youthcity.core import sql
from youthcity.core.city_pack import LoadReport, sync
from youthcity.core.errors import ServiceError
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from . import permissions, realname
from .models import ApiToken, Membership, Role, User, YouthProfile, id_number_blind_index, id_number_validator

# The demo password of every demo person (printed by `youthcity demo`, shown in the README).
DEMO_PASSWORD = "YouthCity-demo-2026"


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
def employer_staff_register(*, username: str, password: str, unit: Unit, phone: str | None = None,
                            display_name: str = "", email: str = "", preferred_language: str = "zh-hans") -> User:
    """Create the account of an employer's HR staff member and give it the employer role at the
    employer's unit (no youth profile: an employer account applies for nothing as a young person)."""
    if unit.kind != Unit.Kind.ENTERPRISE:
        raise ServiceError(422, "not_an_employer", _("Only an enterprise can have employer accounts."))
    user = User(username=username, phone=phone or None, display_name=display_name, email=email,
                preferred_language=preferred_language)
    user.set_password(password)
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise ServiceError.from_validation(exc) from exc
    user.save()
    Membership.objects.create(user=user, role=Role.EMPLOYER, unit=unit)
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
    """Give ``user`` a staff role at a unit or over a region (reactivating an ended one)."""
    membership, _ = Membership.objects.get_or_create(user=user, role=role, unit=unit, region=region)
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    permissions.forget(user)
    return membership


@transaction.atomic
def identity_number_record(*, user: User, id_number: str) -> User:
    """Record a person's resident ID number, read from their card at a service desk (e.g. a youth
    station's check-in). Refused when it is not a valid number; never overwrites one on file."""
    number = (id_number or "").strip().upper()
    try:
        id_number_validator(number)
    except ValidationError as exc:
        raise ServiceError(422, "invalid_id_number", exc.messages[0], {"id_number": exc.messages}) from exc
    if user.id_number:
        raise ServiceError(409, "id_number_on_file", _("An ID number is already on file for this person."))
    # Equality on the encrypted column is impossible: the keyed blind index answers "already on file".
    if User.objects.filter(id_number_index=id_number_blind_index(number)).exclude(pk=user.pk).exists():
        message = _("This ID number is already on file for another account: one account per person.")
        raise ServiceError(409, "id_number_taken", message, {"id_number": [message]})
    name = (user.last_name + user.first_name).strip() or user.display_name
    try:
        verdict = realname.get_realname_backend().verify(id_number=number, name=name)
    except realname.RealNameUnavailable as exc:
        raise ServiceError(503, "realname_unavailable", _(
            "The real-name verification service is not available right now: please try again later.")) from exc
    if not verdict.ok:
        message = _("Real-name verification failed: the ID number does not match this person. "
                    "Check the ID card and enter the number again.")
        raise ServiceError(422, "realname_failed", message, {"id_number": [message]})
    user.id_number = number
    user.save(update_fields=["id_number"])
    return user


# --- People a city pack brings (demo accounts) -------------------------------------------------


def _profile_values(facts: dict) -> dict:
    values = dict(facts)
    if values.get("current_region"):
        values["current_region"] = Region.objects.get(code=str(values["current_region"]))
    for key in ("birth_date", "graduation_date", "expected_graduation_date"):
        if values.get(key):
            values[key] = dt.date.fromisoformat(str(values[key]))
    return values


@transaction.atomic
def demo_person_sync(spec: dict, report: LoadReport) -> User:
    """Create or refresh one demo person of a city pack: account, then profile or role.

    ``spec``: username, display, password (default the demo password), phone, superuser, role
    (youth | unit_staff | reviewer | employer | coordinator | leader | admin), unit (code) or region (code),
    profile (youth facts). A person's password is set only when the account is created."""
    values = {"display_name": spec.get("display", ""), "phone": spec.get("phone"),
              "is_superuser": bool(spec.get("superuser")), "is_staff": bool(spec.get("superuser"))}
    user = User.objects.filter(username=spec["username"]).first()
    if user is None:
        user = User(username=spec["username"], **values)
        user.set_password(spec.get("password") or DEMO_PASSWORD)
        user.save()
        report.count("user", True)
    else:
        _, changed = sync(User, {"pk": user.pk}, values)
        report.count("user", changed)
    role = spec.get("role", Role.YOUTH)
    if role == Role.YOUTH:
        _, changed = sync(YouthProfile, {"user": user}, _profile_values(spec.get("profile") or {}))
        report.count("youth_profile", changed)
    else:
        unit = Unit.objects.get(code=spec["unit"]) if spec.get("unit") else None
        region = Region.objects.get(code=str(spec["region"])) if spec.get("region") else None
        _, changed = sync(Membership, {"user": user, "role": role, "unit": unit, "region": region}, {"is_active": True})
        report.count("membership", changed)
    return user


@transaction.atomic
def youths_bulk_create(people: list[tuple[dict, dict]], *, password: str = DEMO_PASSWORD) -> int:
    """Create many young people at once (synthetic demo populations): (account fields, profile
    facts) pairs. One password hash for all: Argon2 is slow on purpose. Existing usernames are skipped."""
    existing = set(User.objects.filter(username__in=[u["username"] for u, _ in people])
                   .values_list("username", flat=True))
    fresh = [(u, p) for u, p in people if u["username"] not in existing]
    hashed = make_password(password)
    created = User.objects.bulk_create([User(password=hashed, **u) for u, _ in fresh], batch_size=500)
    YouthProfile.objects.bulk_create([YouthProfile(user=user, **p) for user, (_, p) in zip(created, fresh, strict=True)],
                                     batch_size=500)
    return len(created)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, user: User, ttl_days: int | None = None) -> tuple[ApiToken, str]:
    """Issue a bearer token. The clear token is returned once and never stored."""
    raw = "yc_" + secrets.token_urlsafe(32)
    ttl = dt.timedelta(days=ttl_days or settings.API_TOKEN_TTL_DAYS)
    token = ApiToken.objects.create(user=user, key_hash=_hash(raw), prefix=raw[3:11], expires_at=timezone.now() + ttl)
    return token, raw


def api_token_user(raw: str) -> User | None:
    """The active user owning a valid, unexpired, unrevoked token, else None.

    Every API request runs this, so it is one hand-written statement (:mod:`youthcity.core.sql`):
    the owner, the token's id and whether its last-use stamp is older than five minutes (only then
    is the stamp written)."""
    if not raw or not raw.startswith("yc_"):
        return None
    now = timezone.now()
    user = next(iter(sql.instances(User, _token_user_sql(), [now - TOKEN_STAMP_EVERY, _hash(raw), now])), None)
    if user is None:
        return None
    if user.token_stale:
        sql.run(f"UPDATE {sql.table(ApiToken)} SET {sql.column(ApiToken, 'last_used_at')} = %s "
                f"WHERE {sql.column(ApiToken, 'id')} = %s", [now, user.token_id])
    return user


TOKEN_STAMP_EVERY = dt.timedelta(minutes=5)


@functools.cache
def _token_user_sql() -> str:
    t, u = sql.table(ApiToken), sql.table(User)
    col = functools.partial(sql.column, ApiToken)
    used = f"t.{col('last_used_at')}"
    return (f"SELECT u.*, t.{col('id')} AS token_id, ({used} IS NULL OR {used} < %s) AS token_stale "
            f"FROM {t} t JOIN {u} u ON u.{sql.column(User, 'id')} = t.{col('user')} "
            f"WHERE t.{col('key_hash')} = %s AND t.{col('revoked_at')} IS NULL AND t.{col('expires_at')} > %s "
            f"AND u.{sql.column(User, 'is_active')}")


def api_token_revoke(*, user: User, raw: str) -> bool:
    return bool(ApiToken.objects.filter(user=user, key_hash=_hash(raw), revoked_at__isnull=True)
                .update(revoked_at=timezone.now()))


@transaction.atomic
def api_token_revoke_own(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the caller's own tokens (another person's token answers 404, like a missing one)."""
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise ServiceError.not_found(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_tokens_revoke_all(*, user: User) -> int:
    """Revoke every live token of ``user`` (password change or reset, deactivation, closure)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
