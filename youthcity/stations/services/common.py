"""What every stations service needs: today, locking one person, staff checks, eligibility."""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from youthcity.accounts.models import YouthProfile
from youthcity.accounts.permissions import can_manage_unit
from youthcity.core import sql
from youthcity.core.errors import ServiceError

from .. import adapters
from ..models import Station


def today_of(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now) if now else timezone.localdate()


def lock_person(person) -> None:
    """On PostgreSQL this row lock serialises one person's concurrent requests (cap, overlap,
    idempotency); on SQLite the IMMEDIATE transaction already does. The same statement reads the
    person's youth profile (eligibility and room gender need it), so locking costs no extra trip;
    it is hand-written (:mod:`youthcity.core.sql`) because every booking runs it."""
    profile = next(iter(sql.instances(YouthProfile, _lock_sql(), [person.pk])), None)
    if profile is None:  # no such person
        return
    person.youth_profile = profile if profile.pk is not None else None  # a fresh read under the lock


@functools.cache
def _lock_sql() -> str:
    user_id = sql.column(get_user_model(), "id")
    return (f"SELECT p.* FROM {sql.table(get_user_model())} u LEFT JOIN {sql.table(YouthProfile)} p "
            f"ON p.{sql.column(YouthProfile, 'user')} = u.{user_id} WHERE u.{user_id} = %s"
            f"{sql.for_update(no_key=True, of='u')}")


def require_staff(staff, station: Station) -> None:
    if not can_manage_unit(staff, station.unit):
        raise ServiceError(403, "forbidden", _("You cannot manage this station."))


def check_eligible(person, today: dt.date) -> None:
    result = adapters.eligibility(person, today)
    if result.eligible:
        return
    if result.eligible is None:
        msg = _("Please complete your profile first: %(reason)s") % {"reason": result.reason}
        raise ServiceError(403, "profile_incomplete", msg, _eligibility_fields(result, msg))
    raise ServiceError(403, "not_eligible", result.reason, _eligibility_fields(result, result.reason))


def _eligibility_fields(result, message: str) -> dict[str, list[str]]:
    """The API lists the conditions that did not pass (failed or unknown) under ``eligibility``."""
    return {"eligibility": [c["reason"] for c in result.conditions if c["outcome"] != "pass"] or [message]}


