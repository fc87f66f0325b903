"""Reads of the youth-station domain. Staff reads are always scoped by the caller's units/regions."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from youthcity.accounts.permissions import scope_regions, scope_units
from youthcity.core import sql
from youthcity.core.entry_points import MyItem

from .models import (
    ACTIVE_STATUSES,
    Bed,
    BedNight,
    Booking,
    BookingStatus,
    FollowUp,
    GenderArrangement,
    Station,
    WaitlistEntry,
)

# --- for other domains ----------------------------------------------------------------------------


def recent_guests(today: dt.date, days: int = 30) -> dict[int, str]:
    """People staying at a youth station now or in the last ``days`` days (booked for today,
    checked in, or checked out since), each with the region path of the station's district of
    their latest stay. Read by careers' job push; no staff scope (no personal data leaves)."""
    since = today - dt.timedelta(days=days)
    stays = (Booking.objects.filter(status__in=[BookingStatus.BOOKED, BookingStatus.CHECKED_IN,
                                                BookingStatus.CHECKED_OUT],
                                    check_in__lte=today, check_out__gte=since)
             .order_by("person_id", "check_in").values_list("person_id", "station__region__path"))
    return dict(stays)  # the latest stay of each person wins


# --- public (youth) -------------------------------------------------------------------------------


def nights_of(check_in: dt.date, check_out: dt.date) -> list[dt.date]:
    """The nights of a stay [check_in, check_out)."""
    return [check_in + dt.timedelta(days=i) for i in range((check_out - check_in).days)]


def gender_rooms(person) -> list[str]:
    """Room arrangements a person may sleep in: their own gender's rooms and mixed ones."""
    profile = getattr(person, "youth_profile", None)
    gender = getattr(profile, "gender", "") if profile else ""
    if gender in (GenderArrangement.FEMALE, GenderArrangement.MALE):
        return [gender, GenderArrangement.MIXED]
    return [GenderArrangement.MIXED]


def station_by_id(pk: int) -> Station | None:
    """A station by id, open or not (the caller decides) — one hand-written statement, because
    every booking asks it (:mod:`youthcity.core.sql`)."""
    found = sql.instances(Station, f"SELECT * FROM {sql.table(Station)} WHERE {sql.column(Station, 'id')} = %s", [pk])
    return found[0] if found else None


def open_stations() -> QuerySet[Station]:
    return Station.objects.filter(is_active=True).select_related("region", "unit")


def free_beds(station: Station, check_in: dt.date, check_out: dt.date, person=None) -> int:
    """Beds free on every night of [check_in, check_out) (matching the person's gender if given)."""
    beds = Bed.objects.filter(station=station, is_active=True)
    if person is not None:
        beds = beds.filter(room__gender__in=gender_rooms(person))
    taken = BedNight.objects.filter(bed__station=station, night__gte=check_in, night__lt=check_out).values("bed_id")
    return beds.exclude(pk__in=taken).count()


def stations_with_availability(check_in: dt.date | None, check_out: dt.date | None, person=None) -> list[dict]:
    stations = open_stations().annotate(bed_count=Count("beds", filter=Q(beds__is_active=True)))
    dated = bool(check_in and check_out and check_out > check_in)
    if dated:
        # The same count as free_beds(), for every station in this one query (no query per station).
        taken = BedNight.objects.filter(night__gte=check_in, night__lt=check_out).values("bed_id")
        free = Q(beds__is_active=True) & ~Q(beds__pk__in=taken)
        if person is not None:
            free &= Q(beds__room__gender__in=gender_rooms(person))
        stations = stations.annotate(free_count=Count("beds", filter=free))
    return [{"station": s, "beds": s.bed_count, "free": s.free_count if dated else None} for s in stations]


def availability_calendar(station: Station, start: dt.date, days: int = 28, person=None) -> list[dict]:
    """Free beds per night for ``days`` nights from ``start``."""
    beds = Bed.objects.filter(station=station, is_active=True)
    if person is not None:
        beds = beds.filter(room__gender__in=gender_rooms(person))
    total = beds.count()
    end = start + dt.timedelta(days=days)
    used = Counter(BedNight.objects.filter(bed__in=beds, night__gte=start, night__lt=end)
                   .values_list("night", flat=True))
    return [{"day": d, "free": total - used.get(d, 0), "total": total} for d in nights_of(start, end)]


def my_bookings(person) -> QuerySet[Booking]:
    return (Booking.objects.filter(person=person).select_related("station", "bed__room")
            .order_by("-check_in", "-id"))


_BOOKING_TONES = {BookingStatus.OFFERED: "warning", BookingStatus.BOOKED: "success",
                  BookingStatus.CHECKED_IN: "success", BookingStatus.CHECKED_OUT: "secondary"}


def bookings_as_applications(person) -> list:
    """The person's station bookings as rows of "my applications" (the booking is the application
    for the youth-station stay: docs/bookings.md). One query."""

    url = reverse("stations:my-bookings")
    return [
        MyItem(kind="stations.booking", title=_("Youth-station stay: %(station)s") % {"station": b.station.display_name},
               status=b.status, status_label=str(b.get_status_display()),
               tone=_BOOKING_TONES.get(b.status, "secondary"),
               detail=ngettext("%(check_in)s to %(check_out)s, %(nights)s night",
                               "%(check_in)s to %(check_out)s, %(nights)s nights", b.nights) % {
                   "check_in": b.check_in.isoformat(), "check_out": b.check_out.isoformat(), "nights": b.nights},
               url=f"{url}#booking-{b.pk}", created_at=b.created_at)
        for b in my_bookings(person)[:100]
    ]


def my_waitlist(person) -> QuerySet[WaitlistEntry]:
    return WaitlistEntry.objects.filter(person=person, status="waiting").select_related("station")


# --- staff ------------------------------------------------------------------------------------------


def stations_for(user, *, write: bool = False) -> QuerySet[Station]:
    """Stations whose operator unit the user may see (or manage)."""
    return Station.objects.filter(unit__in=scope_units(user, write=write)).select_related("region", "unit")


def stations_in_regions(user) -> QuerySet[Station]:
    """For leaders and coordinators: stations in their region subtree."""
    return Station.objects.filter(
        Q(region__in=scope_regions(user)) | Q(unit__in=scope_units(user))).select_related("region", "unit").distinct()


def station_day_sheet(station: Station, day: dt.date) -> dict:
    qs = station.bookings.select_related("person", "bed__room")
    return {
        "arrivals": list(qs.filter(status=BookingStatus.BOOKED, check_in__lte=day, check_out__gt=day)),
        "in_house": list(qs.filter(status=BookingStatus.CHECKED_IN)),
        "offers": list(qs.filter(status=BookingStatus.OFFERED)),
        "upcoming": list(qs.filter(status=BookingStatus.BOOKED, check_in__gt=day).order_by("check_in")[:30]),
    }


def follow_ups_due(stations: QuerySet[Station], day: dt.date | None) -> QuerySet[FollowUp]:
    """Follow-ups not yet recorded, due by ``day`` (all pending ones when ``day`` is None)."""
    qs = FollowUp.objects.filter(booking__station__in=stations, status=FollowUp.Status.DUE)
    if day is not None:
        qs = qs.filter(due_on__lte=day)
    return qs.select_related("booking__person", "booking__station").order_by("due_on", "id")


def retention(stations: QuerySet[Station]) -> dict:
    """Share of followed-up guests who stay in the city (latest recorded answer per stay)."""
    latest: dict[int, FollowUp] = {}
    for f in (FollowUp.objects.filter(booking__station__in=stations, status=FollowUp.Status.DONE)
              .select_related("booking__station__region").order_by("booking_id", "days_after")):
        latest[f.booking_id] = f
    per_station: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    per_district: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    staying = found = 0
    for f in latest.values():
        s = f.booking.station
        per_station[s.pk][0] += 1
        per_district[s.region.display_name][0] += 1
        if f.staying_in_city:
            staying += 1
            per_station[s.pk][1] += 1
            per_district[s.region.display_name][1] += 1
        found += bool(f.found_work)
    total = len(latest)

    def pct(n: int, d: int) -> float | None:
        return round(100 * n / d, 1) if d else None

    names = {s.pk: s for s in stations}
    return {
        "followed_up": total, "staying": staying, "found_work": found,
        "rate": pct(staying, total), "found_rate": pct(found, total),
        "by_station": [{"station": names.get(pk), "followed_up": v[0], "staying": v[1], "rate": pct(v[1], v[0])}
                       for pk, v in per_station.items() if pk in names],
        "by_district": [{"district": k, "followed_up": v[0], "staying": v[1], "rate": pct(v[1], v[0])}
                        for k, v in sorted(per_district.items())],
    }


def occupancy(stations: QuerySet[Station], start: dt.date, days: int = 14) -> dict:
    """Occupied beds per station per night (for Chart.js) and the occupancy rate over the period."""
    stations = list(stations)
    end = start + dt.timedelta(days=days)
    labels = [d.isoformat()[5:] for d in nights_of(start, end)]
    counts = Counter(BedNight.objects.filter(bed__station__in=stations, night__gte=start, night__lt=end)
                     .values_list("bed__station_id", "night"))
    beds = dict(Bed.objects.filter(station__in=stations, is_active=True).values("station_id")
                .annotate(n=Count("id")).values_list("station_id", "n"))
    datasets, rows = [], []
    for s in stations:
        values = [counts.get((s.pk, d), 0) for d in nights_of(start, end)]
        capacity = beds.get(s.pk, 0) * days
        datasets.append({"label": s.display_name, "data": values})
        rows.append({"station": s, "beds": beds.get(s.pk, 0), "nights": sum(values),
                     "rate": round(100 * sum(values) / capacity, 1) if capacity else None})
    return {"labels": labels, "datasets": datasets, "rows": rows}


def stays_per_district(stations: QuerySet[Station]) -> list[dict]:
    rows = (Booking.objects.filter(station__in=stations,
                                   status__in=[*ACTIVE_STATUSES, BookingStatus.CHECKED_OUT])
            .values("station__region__name").annotate(stays=Count("id")).order_by("station__region__name"))
    return [{"district": r["station__region__name"], "stays": r["stays"]} for r in rows]
