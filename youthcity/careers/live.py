"""Live measures from jobs and internships (registered by the app, see core.measures): the
ledger's "10,000 positions" and "10,000 graduates stay" targets and the index read these.

The index dashboard asks every measure for every district; so the year's accepted placements
and published positions are read once (one query) and kept in the shared cache, keyed by a
version that the services bump whenever a placement is accepted or a position published
(:func:`invalidate`). A change made elsewhere (the admin) shows within five minutes.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from youthcity.core.measures import LiveMeasure, year_of

from .models import FairBooth, FairSignUp, JobApplication, Position, ServiceBooking

GRADUATE_LEVELS = ("associate", "bachelor", "master", "doctorate")
_VERSION = "careers:live:version"
TTL = 300


def _bump() -> None:
    try:
        cache.incr(_VERSION)
    except ValueError:
        cache.set(_VERSION, 2, None)


def invalidate() -> None:
    """Forget the cached figures now and again once the transaction commits."""
    _bump()
    transaction.on_commit(_bump)


def _year_rows(year: int) -> dict:
    version = cache.get_or_set(_VERSION, 1, None)
    key = f"careers:live:{version}:{year}"
    rows = cache.get(key)
    if rows is None:
        # One query: placements as (district path, person, 1 if a graduate else 0), positions as
        # (district path, places, -1).
        graduate = Case(When(profile__education_level__in=GRADUATE_LEVELS, then=Value(1)), default=Value(0),
                        output_field=IntegerField())
        accepted = (JobApplication.objects.filter(status=JobApplication.Status.ACCEPTED, accepted_at__year=year)
                    .annotate(tag=graduate).order_by().values_list("position__district__path", "applicant_id", "tag"))
        published = (Position.objects.filter(published_at__year=year,
                                             status__in=[Position.Status.PUBLISHED, Position.Status.CLOSED])
                     .annotate(tag=Value(-1, output_field=IntegerField()))
                     .order_by().values_list("district__path", "capacity", "tag"))
        # Fairs held in the year (not cancelled): sign-ups (-2 signed up, -3 attended) and booths
        # (-4); service-centre bookings attended in the year (-5).
        fair_tag = Case(When(status=FairSignUp.Status.ATTENDED, then=Value(-3)), default=Value(-2),
                        output_field=IntegerField())
        signups = (FairSignUp.objects.filter(fair__starts_at__year=year, fair__status="published",
                                             status__in=[FairSignUp.Status.SIGNED_UP, FairSignUp.Status.ATTENDED])
                   .annotate(tag=fair_tag).order_by().values_list("fair__district__path", "person_id", "tag"))
        booths = (FairBooth.objects.filter(fair__starts_at__year=year, fair__status="published")
                  .annotate(tag=Value(-4, output_field=IntegerField())).order_by()
                  .values_list("fair__district__path", "employer_id", "tag"))
        served = (ServiceBooking.objects.filter(slot__starts_at__year=year, status=ServiceBooking.Status.ATTENDED)
                  .annotate(tag=Value(-5, output_field=IntegerField())).order_by()
                  .values_list("slot__service__centre__district__path", "person_id", "tag"))
        # Applications resulting from those fairs (-6) and offers made on them (-7).
        offer_tag = Case(When(offered_at__isnull=False, then=Value(-7)), default=Value(-6),
                         output_field=IntegerField())
        from_fairs = (JobApplication.objects.filter(fair__starts_at__year=year, fair__status="published")
                      .annotate(tag=offer_tag).order_by().values_list("fair__district__path", "applicant_id", "tag"))
        rows = {"placements": [], "positions": [], "fair_signups": [], "fair_attended": [], "booths": [], "served": [],
                "fair_applications": [], "fair_offers": []}
        named = {-1: "positions", -2: "fair_signups", -3: "fair_attended", -4: "booths", -5: "served",
                 -6: "fair_applications", -7: "fair_offers"}
        for path, number, tag in accepted.union(published, signups, booths, served, from_fairs, all=True):
            if tag < 0:
                rows[named[tag]].append((path, number))
            else:
                rows["placements"].append((path, number, bool(tag)))
        cache.set(key, rows, TTL)
    return rows


def placements_accepted(region, period: str) -> int | None:
    """Offers accepted in the year for positions in ``region`` (internships, jobs, campus)."""
    year = year_of(period)
    if year is None:
        return None
    return sum(1 for path, _p, _g in _year_rows(year)["placements"] if path.startswith(region.path))


def positions_published(region, period: str) -> int | None:
    """Places (capacity) of positions published in the year in ``region``."""
    year = year_of(period)
    if year is None:
        return None
    return sum(capacity for path, capacity in _year_rows(year)["positions"] if path.startswith(region.path))


def graduates_staying(region, period: str) -> int | None:
    """Distinct university graduates (junior college or higher, as they applied) who accepted a
    position in ``region`` in the year: the platform's count of graduates staying to work."""
    year = year_of(period)
    if year is None:
        return None
    return len({person for path, person, graduate in _year_rows(year)["placements"]
                if graduate and path.startswith(region.path)})


def _count(kind: str, region, period: str) -> int | None:
    year = year_of(period)
    if year is None:
        return None
    return sum(1 for path, _n in _year_rows(year)[kind] if path.startswith(region.path))


def fair_signups(region, period: str) -> int | None:
    """Sign-ups (signed up or checked in) to job fairs held in ``region`` in the year."""
    return None if year_of(period) is None else _count("fair_signups", region, period) + _count("fair_attended", region, period)


def fair_attendance(region, period: str) -> int | None:
    """Young people checked in at job fairs held in ``region`` in the year."""
    return _count("fair_attended", region, period)


def fair_employers(region, period: str) -> int | None:
    """Employer booths at job fairs held in ``region`` in the year."""
    return _count("booths", region, period)


def fair_applications(region, period: str) -> int | None:
    """Applications resulting from job fairs held in ``region`` in the year (made by people who
    checked in there, to positions at its booths), offers made on them included."""
    return None if year_of(period) is None else (_count("fair_applications", region, period)
                                                 + _count("fair_offers", region, period))


def fair_offers(region, period: str) -> int | None:
    """Offers made on applications resulting from job fairs held in ``region`` in the year."""
    return _count("fair_offers", region, period)


def services_attended(region, period: str) -> int | None:
    """Service-centre appointments attended in ``region`` in the year."""
    return _count("served", region, period)


MEASURES = [
    LiveMeasure("careers_placements", placements_accepted, _("Placements accepted (jobs and internships)"),
                _("placements"), aggregation=_("offers accepted in the year")),
    LiveMeasure("careers_positions", positions_published, _("Places in published positions"), _("places"),
                aggregation=_("places of positions published in the year")),
    LiveMeasure("careers_graduates_staying", graduates_staying, _("Graduates staying to work in the city"),
                _("persons"), aggregation=_("graduates who accepted a position in the year")),
    LiveMeasure("careers_fair_signups", fair_signups, _("Sign-ups to job fairs"), _("sign-ups"),
                aggregation=_("sign-ups to fairs held in the year")),
    LiveMeasure("careers_fair_attendance", fair_attendance, _("Young people at job fairs"), _("persons"),
                aggregation=_("check-ins at fairs held in the year")),
    LiveMeasure("careers_fair_employers", fair_employers, _("Employer booths at job fairs"), _("booths"),
                aggregation=_("employer booths at fairs held in the year")),
    LiveMeasure("careers_fair_applications", fair_applications, _("Applications resulting from job fairs"),
                _("applications"), aggregation=_("applications by people checked in, to positions at the fair")),
    LiveMeasure("careers_fair_offers", fair_offers, _("Offers resulting from job fairs"), pgettext_lazy("job", "offers"),
                aggregation=_("offers made on applications resulting from fairs held in the year")),
    LiveMeasure("careers_services_attended", services_attended, _("Service-centre appointments attended"),
                _("appointments"), aggregation=_("appointments attended in the year")),
]
