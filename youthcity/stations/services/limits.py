"""The city's limits on youth-station stays: dates, lead time, stays and nights per window.

Each way of counting ("in total", "per calendar year", "in any 365 days", "within N years of
graduating") is a :class:`CountingWindow` strategy, chosen by the policy's
``youth_station.cumulative_window`` parameter. :func:`check_limits` takes the
:class:`~youthcity.stations.rules.StationRules` to apply, so callers (and tests) pass another
city's rules instead of patching anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from youthcity.core import sql
from youthcity.core.errors import ServiceError
from youthcity.core.workdays import working_days_between

from ..models import ACTIVE_STATUSES, Booking, BookingStatus, PersonNight
from ..rules import StationRules
from ..selectors import nights_of

# How far ahead a stay may start: a platform limit (beds are planned weeks ahead), not a city rule.
BOOKING_HORIZON_DAYS: int = int(getattr(settings, "STATIONS_BOOKING_HORIZON_DAYS", 90))
ROLLING_DAYS = 365

Bounds = tuple[dt.date | None, dt.date | None]


@dataclass(frozen=True)
class NightCount:
    total: int  # nights in the fullest counting period touched by the new stay, the new ones included
    used: int  # of those, nights already used before this stay


class CountingWindow:
    """How stays and nights are counted against the caps: everything ever (this base class)."""

    name = "total"

    def bounds(self, rules: StationRules, person, check_in: dt.date, check_out: dt.date) -> Bounds:
        """The period a stay must fall in and whose nights count (None = unbounded)."""
        return None, None

    def nights(self, used: list[dt.date], new: list[dt.date]) -> NightCount:
        """Count against the cap. ``used``: the person's other nights inside :meth:`bounds`."""
        return NightCount(len(used) + len(new), len(used))

    def stays(self, earlier: list[tuple[dt.date, dt.date]], check_in: dt.date, check_out: dt.date) -> int:
        """How many earlier stays count against the number of stays allowed."""
        return len(earlier)


class CalendarYear(CountingWindow):
    """Per calendar year: a stay over New Year counts in both years; the fuller one decides."""

    name = "calendar_year"

    def nights(self, used: list[dt.date], new: list[dt.date]) -> NightCount:
        worst = NightCount(0, 0)
        for year in sorted({d.year for d in new}):
            before = sum(1 for d in used if d.year == year)
            count = NightCount(before + sum(1 for d in new if d.year == year), before)
            worst = max(worst, count, key=lambda c: c.total)
        return worst


class RollingYear(CountingWindow):
    """In any 365 consecutive days: the fullest such window holding a night of the new stay decides."""

    name = "rolling_year"

    def bounds(self, rules: StationRules, person, check_in: dt.date, check_out: dt.date) -> Bounds:
        # Nights that can share a 365-day window with a night of this stay.
        span = dt.timedelta(days=ROLLING_DAYS - 1)
        return check_in - span, check_out + span

    def nights(self, used: list[dt.date], new: list[dt.date]) -> NightCount:
        return self.fullest(used, new)

    @staticmethod
    def fullest(used: list[dt.date], new: list[dt.date]) -> NightCount:
        """The fullest 365-day window that holds a night of the new stay. A window can always be
        slid to start on a night without losing any, so only windows starting on a night are examined."""
        nights = sorted([*used, *new])
        fresh = set(new)
        worst = NightCount(0, 0)
        j = 0
        for i, start in enumerate(nights):
            j = max(j, i)
            while j < len(nights) and (nights[j] - start).days < ROLLING_DAYS:
                j += 1
            inside = nights[i:j]
            n_new = sum(1 for d in inside if d in fresh)
            if n_new and len(inside) > worst.total:
                worst = NightCount(len(inside), len(inside) - n_new)
        return worst

    def stays(self, earlier: list[tuple[dt.date, dt.date]], check_in: dt.date, check_out: dt.date) -> int:
        """The most earlier stays sharing one 365-day window with a night of the new stay.

        A window [s, s + 364] holds a night of the stay [a, b) exactly when a − 364 ≤ s ≤ b − 1, so
        each stay covers an interval of window starts; the answer is the deepest overlap of those
        intervals inside the new stay's own interval, found by one sweep over their ends."""
        span = dt.timedelta(days=ROLLING_DAYS - 1)
        lo, hi = check_in - span, check_out - dt.timedelta(days=1)
        events: list[tuple[dt.date, int]] = []
        for a, b in earlier:
            start, end = max(a - span, lo), min(b - dt.timedelta(days=1), hi)
            if start <= end:
                events += [(start, 1), (end + dt.timedelta(days=1), -1)]
        depth = most = 0
        for _day, step in sorted(events, key=lambda e: (e[0], e[1])):  # ends before starts on a day
            depth += step
            most = max(most, depth)
        return most


class SinceGraduation(CountingWindow):
    """Within N years of graduating (``cumulative_window_years``): stays outside it are refused."""

    name = "since_graduation"

    def bounds(self, rules: StationRules, person, check_in: dt.date, check_out: dt.date) -> Bounds:
        profile = getattr(person, "youth_profile", None)
        grad = getattr(profile, "graduation_date", None)
        if not grad or not rules.cumulative_window_years:
            return None, None
        try:
            end = grad.replace(year=grad.year + rules.cumulative_window_years)
        except ValueError:  # 29 February
            end = grad.replace(year=grad.year + rules.cumulative_window_years, day=28)
        return grad, end


WINDOWS: dict[str, CountingWindow] = {w.name: w for w in (CountingWindow(), CalendarYear(), RollingYear(),
                                                          SinceGraduation())}


def _check_dates(check_in: dt.date, check_out: dt.date, today: dt.date, extension: bool) -> None:
    if check_out <= check_in:
        raise ServiceError(422, "check_out_before_check_in", _("The check-out date must be after the check-in date."),
                           {"check_out": [_("Must be after the check-in date.")]})
    if extension:
        return
    if check_in < today:
        raise ServiceError(422, "date_in_past", _("The check-in date is in the past."),
                           {"check_in": [_("Choose today or a later date.")]})
    if (check_in - today).days > BOOKING_HORIZON_DAYS:
        raise ServiceError(422, "too_far_ahead",
                           _("Stays can be booked at most %(days)d days ahead.") % {"days": BOOKING_HORIZON_DAYS},
                           {"check_in": [_("Too far ahead.")]})


def _check_length_and_lead(rules: StationRules, check_in: dt.date, check_out: dt.date, today: dt.date,
                           extension: bool) -> None:
    if rules.max_nights_per_stay and (check_out - check_in).days > rules.max_nights_per_stay:
        msg = ngettext("A stay may last at most %(n)d night.", "A stay may last at most %(n)d nights.",
                       rules.max_nights_per_stay) % {"n": rules.max_nights_per_stay}
        raise ServiceError(422, "over_stay_limit", msg, {"check_out": [msg]})
    if extension or not rules.min_booking_lead_days:
        return
    n = rules.min_booking_lead_days
    if rules.lead_time_in_working_days:
        if working_days_between(today, check_in) < n:
            msg = ngettext("Book at least %(n)d working day ahead.", "Book at least %(n)d working days ahead.",
                           n) % {"n": n}
            raise ServiceError(422, "too_late_to_book", msg, {"check_in": [msg]})
    elif (check_in - today).days < n:
        msg = ngettext("Book at least %(n)d day ahead.", "Book at least %(n)d days ahead.", n) % {"n": n}
        raise ServiceError(422, "too_late_to_book", msg, {"check_in": [msg]})


def _check_stays(rules: StationRules, window: CountingWindow, person, check_in: dt.date, check_out: dt.date,
                 bounds: Bounds, exclude_booking_id: int | None) -> None:
    start, end = bounds
    where = [f"{_B_PERSON} = %s", f"{_B_STATUS} IN ({', '.join(['%s'] * len(_COUNTED))})", f"{_B_ID} <> %s"]
    params: list = [person.pk, *_COUNTED, exclude_booking_id or 0]
    _within(where, params, (f"{_B_OUT} >", start), (f"{_B_IN} <", end))
    earlier = [(sql.to_date(a), sql.to_date(b)) for a, b in
               sql.rows(f"SELECT {_B_IN}, {_B_OUT} FROM {sql.table(Booking)} WHERE {' AND '.join(where)}", params)]
    if window.stays(earlier, check_in, check_out) >= rules.max_stays:
        msg = ngettext("You may stay at most %(n)d time.", "You may stay at most %(n)d times.",
                       rules.max_stays) % {"n": rules.max_stays}
        raise ServiceError(422, "too_many_stays", msg)


def _within(where: list[str], params: list, *bounds: tuple[str, dt.date | None]) -> None:
    """Add ``column op %s`` for each bound that is set (None: unbounded on that side)."""
    for condition, value in bounds:
        if value is not None:
            where.append(f"{condition} %s")
            params.append(value)


def own_nights(person, start: dt.date | None, end: dt.date | None, exclude_booking_id: int | None) -> list[dt.date]:
    """The person's ledger nights in [start, end) (None: unbounded), but those of one booking."""
    where, params = [f"{_N_PERSON} = %s", f"{_N_BOOKING} <> %s"], [person.pk, exclude_booking_id or 0]
    _within(where, params, (f"{_N_NIGHT} >=", start), (f"{_N_NIGHT} <", end))
    return [sql.to_date(n) for n, in
            sql.rows(f"SELECT {_N_NIGHT} FROM {sql.table(PersonNight)} WHERE {' AND '.join(where)}", params)]


def _check_nights(rules: StationRules, window: CountingWindow, used: list[dt.date], check_in: dt.date,
                  check_out: dt.date) -> None:
    count = window.nights(used, nights_of(check_in, check_out))
    if count.total > rules.cumulative_nights_cap:
        cap = rules.cumulative_nights_cap
        msg = ngettext(
            "This stay would exceed your allowance of %(cap)d free night; %(left)d left.",
            "This stay would exceed your allowance of %(cap)d free nights; %(left)d left.",
            cap,
        ) % {"cap": cap, "left": max(cap - count.used, 0)}
        raise ServiceError(422, "over_cumulative_cap", msg, {"check_out": [msg]})


def check_limits(*, person, check_in: dt.date, check_out: dt.date, today: dt.date, rules: StationRules,
                 exclude_booking_id: int | None = None, extension: bool = False,
                 refuse_overlap: bool = False) -> None:
    """Validate a stay against ``rules`` (0 = no such limit); raise ServiceError on the first breach.

    Must run inside the transaction, after the person's row is locked: it counts their ledger rows.
    ``extension`` checks a longer stay on the same booking (no lead time, no new stay counted).
    ``refuse_overlap`` also refuses (409) a stay sharing a night with another of the person's stays;
    the nights read for the cap answer it, so it costs no second query.
    """
    _check_dates(check_in, check_out, today, extension)
    _check_length_and_lead(rules, check_in, check_out, today, extension)
    window = WINDOWS[rules.cumulative_window]
    bounds = window.bounds(rules, person, check_in, check_out)
    start, end = bounds
    if start is not None and check_in < start or end is not None and check_out > end:
        raise ServiceError(422, "outside_window", _("These dates are outside the period in which you may stay."))
    if rules.max_stays and not extension:
        _check_stays(rules, window, person, check_in, check_out, bounds, exclude_booking_id)
    used: list[dt.date] | None = None
    if rules.cumulative_nights_cap:
        used = own_nights(person, start, end, exclude_booking_id)  # bounds hold the stay (checked above)
        _check_nights(rules, window, used, check_in, check_out)
    if refuse_overlap:
        if used is None:
            used = own_nights(person, check_in, check_out, exclude_booking_id)
        if any(check_in <= night < check_out for night in used):
            raise ServiceError(409, "overlapping_stay", _("You already have a stay on some of these nights."))


_COUNTED = tuple(s.value for s in (*ACTIVE_STATUSES, BookingStatus.CHECKED_OUT))
_B_PERSON, _B_STATUS, _B_ID, _B_IN, _B_OUT = (sql.column(Booking, f) for f in
                                               ("person", "status", "id", "check_in", "check_out"))
_N_PERSON, _N_BOOKING, _N_NIGHT = (sql.column(PersonNight, f) for f in ("person", "booking", "night"))
