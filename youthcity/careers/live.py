"""Live measures from jobs and internships (registered by the app, see core.measures): the
ledger's "10,000 positions" and "10,000 graduates stay" targets and the index read these."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from youthcity.core.measures import LiveMeasure, year_of

from .models import JobApplication, Position

GRADUATE_LEVELS = ("associate", "bachelor", "master", "doctorate")


def _accepted(region, year: int):
    return JobApplication.objects.filter(status=JobApplication.Status.ACCEPTED, accepted_at__year=year,
                                         position__district__path__startswith=region.path)


def placements_accepted(region, period: str) -> int | None:
    """Offers accepted in the year for positions in ``region`` (internships, jobs, campus)."""
    year = year_of(period)
    return None if year is None else _accepted(region, year).count()


def positions_published(region, period: str) -> int | None:
    """Places (capacity) of positions published in the year in ``region``."""
    year = year_of(period)
    if year is None:
        return None
    rows = Position.objects.filter(published_at__year=year, district__path__startswith=region.path,
                                   status__in=[Position.Status.PUBLISHED, Position.Status.CLOSED])
    return sum(rows.values_list("capacity", flat=True))


def graduates_staying(region, period: str) -> int | None:
    """Distinct university graduates (junior college or higher, as they applied) who accepted a
    position in ``region`` in the year: the platform's count of graduates staying to work."""
    year = year_of(period)
    if year is None:
        return None
    return (_accepted(region, year).filter(profile__education_level__in=GRADUATE_LEVELS)
            .values("applicant").distinct().count())


MEASURES = [
    LiveMeasure("careers_placements", placements_accepted, _("Placements accepted (jobs and internships)"),
                _("placements"), aggregation=_("offers accepted in the year")),
    LiveMeasure("careers_positions", positions_published, _("Places in published positions"), _("places"),
                aggregation=_("places of positions published in the year")),
    LiveMeasure("careers_graduates_staying", graduates_staying, _("Graduates staying to work in the city"),
                _("persons"), aggregation=_("graduates who accepted a position in the year")),
]
