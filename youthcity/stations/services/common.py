"""What every stations service needs: today, locking one person, staff checks, eligibility."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from youthcity.accounts.permissions import can_manage_unit
from youthcity.core.errors import ServiceError

from .. import adapters
from ..models import Station


def today_of(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now) if now else timezone.localdate()


def lock_person(person) -> None:
    """On PostgreSQL this row lock serialises one person's concurrent requests (cap, overlap,
    idempotency); on SQLite the IMMEDIATE transaction already does. The same query reads the
    person's youth profile (eligibility and room gender need it), so locking costs no extra trip."""
    locked = (get_user_model().objects.select_for_update(no_key=True, of=("self",))
              .select_related("youth_profile").filter(pk=person.pk).first())
    if locked is not None:
        try:
            person.youth_profile = locked.youth_profile  # a fresh read under the lock
        except ObjectDoesNotExist:
            pass


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


