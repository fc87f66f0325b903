import datetime as dt

import pytest
from django.utils import timezone

from youthcity.core.errors import ServiceError
from youthcity.core.models import Notification
from youthcity.stations import adapters, services
from youthcity.stations.models import BedNight, Booking, BookingStatus, FollowUp, PersonNight, WaitlistEntry
from youthcity.stations.rules import youth_station_rules

from .conftest import assert_ledger_consistent, make_station, make_youth

D = dt.timedelta


def book(person, station, start, nights=3, **kw):
    return services.booking_create(person=person, station=station, check_in=start, check_out=start + D(nights), **kw)[0]


def refused(code, fn, *args, **kw):
    with pytest.raises(ServiceError) as exc:
        fn(*args, **kw)
    assert exc.value.code == code, exc.value.message
    return exc.value


def test_booking_writes_one_ledger_row_per_night(station, youth, today):
    b = book(youth, station, today + D(1), 4)
    assert b.status == BookingStatus.BOOKED and b.nights == 4
    assert BedNight.objects.filter(booking=b).count() == 4 == PersonNight.objects.filter(booking=b).count()
    assert_ledger_consistent()


def test_last_bed_goes_once_then_409_with_nothing_written(station, today):
    a, b, c = make_youth(), make_youth(), make_youth()
    book(a, station, today, 3)
    book(b, station, today + D(1), 2)  # second bed
    before = (Booking.objects.count(), BedNight.objects.count())
    exc = refused("no_bed_available", book, c, station, today + D(2), 2)
    assert exc.status == 409
    assert (Booking.objects.count(), BedNight.objects.count()) == before
    # half-open stays: back-to-back on the same bed is fine
    assert book(c, station, today + D(3), 2).bed_id in station.beds.values_list("pk", flat=True)
    assert_ledger_consistent()


def test_gender_arrangement_is_respected(city, today):
    station = make_station("g", rooms=(("M", "male", 1), ("F", "female", 1)))
    man, woman, unknown = make_youth(gender="male"), make_youth(gender="female"), make_youth(gender="")
    assert book(man, station, today).bed.room.gender == "male"
    refused("no_bed_available", book, make_youth(gender="male"), station, today)
    assert book(woman, station, today).bed.room.gender == "female"
    refused("no_bed_available", book, unknown, station, today + D(5))  # no mixed room here


def test_idempotency_key_books_once(station, youth, today):
    first = services.booking_create(person=youth, station=station, check_in=today, check_out=today + D(2),
                                    idempotency_key="k-1")
    again = services.booking_create(person=youth, station=station, check_in=today, check_out=today + D(2),
                                    idempotency_key="k-1")
    assert first[1] is True and again[1] is False and first[0].pk == again[0].pk
    assert Booking.objects.filter(person=youth).count() == 1


def test_one_person_never_holds_two_stays(city, youth, today):
    s1, s2 = make_station("a"), make_station("b")
    book(youth, s1, today, 3)
    exc = refused("overlapping_stay", book, youth, s2, today + D(2), 2)
    assert exc.status == 409
    book(youth, s2, today + D(3), 2)  # the day they leave is free


@pytest.mark.parametrize("start,nights,code", [
    (-1, 2, "date_in_past"),
    (0, 16, "over_stay_limit"),
    (200, 2, "too_far_ahead"),
])
def test_invalid_dates_are_refused_with_422(station, youth, today, start, nights, code):
    exc = refused(code, book, youth, station, today + D(start), nights)
    assert exc.status == 422
    assert not Booking.objects.filter(person=youth).exists() and not PersonNight.objects.filter(person=youth).exists()


def test_check_out_before_check_in(station, youth, today):
    exc = refused("check_out_before_check_in", services.booking_create, person=youth, station=station,
                  check_in=today + D(3), check_out=today + D(1))
    assert exc.status == 422 and "check_out" in exc.fields


def test_cumulative_cap_from_policy_is_strict(station, youth, today):
    book(youth, station, today, 10)
    exc = refused("over_cumulative_cap", book, youth, station, today + D(12), 6)  # 10 + 6 > 15
    assert "5" in exc.message
    book(youth, station, today + D(12), 5)  # exactly the cap
    refused("over_cumulative_cap", book, youth, station, today + D(20), 1)


def test_limits_come_from_policy_parameters(station, youth, today):
    """Another city's numbers (Shanghai: 3 per stay, 15 a year) change behaviour without code changes."""
    ps = adapters.policy_set()
    shanghai = {"youth_station.max_nights_per_stay": 3, "youth_station.cumulative_window": "calendar_year",
                "youth_station.min_booking_lead_days": 2, "youth_station.max_stays": 1}
    rules = youth_station_rules(ps, today, shanghai)
    refused("over_stay_limit", book, youth, station, today + D(3), 4, rules=rules)
    refused("too_late_to_book", book, youth, station, today + D(1), 2, rules=rules)
    book(youth, station, today + D(3), 3, rules=rules)
    refused("too_many_stays", book, youth, station, today + D(10), 2, rules=rules)


def test_not_eligible_gets_the_engines_explanation(station, today):
    local = make_youth(hukou="洛阳市")
    exc = refused("not_eligible", book, local, station, today)
    assert exc.status == 403 and "洛阳" in exc.message
    explanation = adapters.eligibility(local, today)
    failed = [c for c in explanation.conditions if c["outcome"] == "fail"]
    assert [c["id"] for c in failed] == ["out_of_town"]
    assert exc.fields["eligibility"] == [failed[0]["reason"]]  # the API lists what did not pass
    incomplete = make_youth(employment="")
    assert refused("profile_incomplete", book, incomplete, station, today).status == 403


def test_cancel_frees_nights_and_offers_to_the_waitlist_fifo(city, today):
    station = make_station("w", rooms=(("F", "female", 1),), offer_hours=6)
    holder, first, second = make_youth(), make_youth(), make_youth()
    b = book(holder, station, today + D(1), 3)
    services.waitlist_join(person=first, station=station, check_in=today + D(1), check_out=today + D(3))
    services.waitlist_join(person=second, station=station, check_in=today + D(1), check_out=today + D(3))
    services.booking_cancel(booking=b, actor=holder)
    offer = Booking.objects.get(person=first)
    assert offer.status == BookingStatus.OFFERED and offer.offer_expires_at is not None
    assert Notification.objects.filter(recipient=first, kind="stations.waitlist_offer").exists()
    assert not Booking.objects.filter(person=second).exists()
    # the offer expires unanswered → the next person gets it
    services.stations_tick(now=offer.offer_expires_at + D(minutes=1) - D(days=0))
    offer.refresh_from_db()
    assert offer.status == BookingStatus.EXPIRED
    nxt = Booking.objects.get(person=second)
    assert nxt.status == BookingStatus.OFFERED
    services.offer_accept(booking=nxt, person=second)
    nxt.refresh_from_db()
    assert nxt.status == BookingStatus.BOOKED
    assert WaitlistEntry.objects.get(person=second).status == "accepted"
    assert_ledger_consistent()


def test_change_dates_keeps_old_booking_when_new_dates_are_full(city, today):
    station = make_station("c", rooms=(("F", "female", 1),))
    a, other = make_youth(), make_youth()
    b = book(a, station, today + D(1), 2)
    book(other, station, today + D(5), 2)
    refused("no_bed_available", services.booking_change_dates, booking=b, person=a,
            check_in=today + D(5), check_out=today + D(7))
    b.refresh_from_db()
    assert (b.check_in, b.check_out) == (today + D(1), today + D(3))
    assert BedNight.objects.filter(booking=b).count() == 2
    services.booking_change_dates(booking=b, person=a, check_in=today + D(2), check_out=today + D(5))
    b.refresh_from_db()
    assert b.nights == 3 and BedNight.objects.filter(booking=b).count() == 3
    assert_ledger_consistent()


def test_check_in_out_follow_up_and_retention(station, youth, users, today):
    from youthcity.stations import selectors

    staff = users["station_staff"]
    b = book(youth, station, today, 5)
    refused("identity_not_verified", services.booking_check_in, booking=b, staff=staff, identity_confirmed=False)
    refused("forbidden", services.booking_check_in, booking=b, staff=users["hrss_staff"], identity_confirmed=True)
    services.booking_check_in(booking=b, staff=staff, identity_confirmed=True, id_number="41030020020518101X")
    youth.refresh_from_db()
    assert youth.id_number == "41030020020518101X"
    services.booking_check_out(booking=b, staff=staff, now=timezone.now() + D(days=2))
    b.refresh_from_db()
    assert b.status == BookingStatus.CHECKED_OUT and b.check_out == today + D(2)
    assert BedNight.objects.filter(booking=b).count() == 2  # future nights freed, used ones kept
    assert sorted(FollowUp.objects.filter(booking=b).values_list("days_after", flat=True)) == [7, 30]
    stations = type(station).objects.filter(pk=station.pk)
    assert selectors.retention(stations)["followed_up"] == 0
    fu = FollowUp.objects.get(booking=b, days_after=7)
    refused("invalid", services.follow_up_record, follow_up=fu, staff=staff, found_work=True)
    services.follow_up_record(follow_up=fu, staff=staff, found_work=True, employer="中信重工", staying_in_city=True)
    r = selectors.retention(stations)
    assert (r["followed_up"], r["staying"], r["rate"]) == (1, 1, 100.0)


def test_extension_within_limit(station, youth, users, today):
    staff = users["station_staff"]
    b = book(youth, station, today, 10)
    services.booking_extend(booking=b, staff=staff, check_out=today + D(15))
    refused("over_stay_limit", services.booking_extend, booking=b, staff=staff, check_out=today + D(16))
    b.refresh_from_db()
    assert b.nights == 15 and PersonNight.objects.filter(booking=b).count() == 15


def test_extension_refused_when_bed_taken(city, users, today):
    station = make_station("e", rooms=(("F", "female", 1),))
    a, other = make_youth(), make_youth()
    b = book(a, station, today, 2)
    book(other, station, today + D(2), 2)
    refused("bed_taken", services.booking_extend, booking=b, staff=users["station_staff"], check_out=today + D(3))
    assert PersonNight.objects.filter(booking=b).count() == 2


def test_no_show_released_after_the_station_hour(station, youth, today):
    b = book(youth, station, today, 3)
    noon = timezone.make_aware(dt.datetime.combine(today, dt.time(12)))
    assert services.bookings_release_no_shows(now=noon) == 0
    late = timezone.make_aware(dt.datetime.combine(today, dt.time(station.no_show_release_hour, 5)))
    assert services.bookings_release_no_shows(now=late) == 1
    b.refresh_from_db()
    assert b.status == BookingStatus.NO_SHOW and not BedNight.objects.filter(booking=b).exists()


def test_job_digest_once_per_person_per_day(station, youth, users, today):
    book(youth, station, today, 3)
    services.job_notice_post(station=station, staff=users["station_staff"], title="机械设计实习", employer="中信重工",
                             kind="internship", valid_until=today + D(10))
    assert services.job_digests_send(today=today) == 1
    assert services.job_digests_send(today=today) == 0
    note = Notification.objects.get(recipient=youth, kind="stations.job_digest")
    assert "中信重工" in note.body
    refused("forbidden", services.job_notice_post, station=station, staff=users["hrss_staff"], title="x",
            employer="y", valid_until=today)


def test_stations_tick_command(station, youth, today):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("stations_tick", stdout=out)
    assert "offers_expired=0" in out.getvalue() and "digests_sent=" in out.getvalue()


def test_a_lead_time_in_working_days_skips_public_holidays(station, youth):
    """Zhengzhou's rule (book 3 working days ahead): on 29 Sep 2026, 8 Oct is only the 2nd working
    day ahead (30 Sep, then 1–7 Oct are the National Day holiday), 9 Oct the 3rd."""
    ps = adapters.policy_set()
    zhengzhou = {"youth_station.min_booking_lead_days": 3, "youth_station.lead_time_in_working_days": True}
    rules = youth_station_rules(ps, dt.date(2026, 9, 29), zhengzhou)
    today = dt.date(2026, 9, 29)
    exc = refused("too_late_to_book", services.check_limits, person=youth, check_in=dt.date(2026, 10, 8),
                  check_out=dt.date(2026, 10, 10), today=today, rules=rules)
    assert "3" in exc.message
    services.check_limits(person=youth, check_in=dt.date(2026, 10, 9), check_out=dt.date(2026, 10, 11), today=today,
                          rules=rules)


def test_rolling_year_cap_counts_the_fullest_365_day_window(station, youth, today):
    ps = adapters.policy_set()
    rolling = {"youth_station.cumulative_nights_cap": 5, "youth_station.cumulative_window": "rolling_year",
               "youth_station.max_nights_per_stay": 5}
    rules = youth_station_rules(ps, today, rolling)
    book(youth, station, today + D(1), 3, rules=rules)
    exc = refused("over_cumulative_cap", book, youth, station, today + D(10), 3, rules=rules)
    assert "2" in exc.message  # 2 of 5 nights left in that window
    book(youth, station, today + D(10), 2, rules=rules)


def test_rolling_year_window_is_exact_not_conservative():
    """5 nights in June 2025 and 5 in late June 2026 are more than 365 days apart, so no window
    holds both: a 10-night stay in December 2025 shares a window with only one group (15)."""
    june_25 = [dt.date(2025, 6, 1) + D(i) for i in range(5)]
    june_26 = [dt.date(2026, 6, 20) + D(i) for i in range(5)]
    december = [dt.date(2025, 12, 15) + D(i) for i in range(10)]
    assert services.RollingYear.fullest(june_25 + june_26, december) == services.NightCount(15, 5)
    assert services.RollingYear.fullest([], december) == services.NightCount(10, 0)


def test_rolling_year_max_stays_counts_stays_sharing_a_window(station, youth, today):
    ps = adapters.policy_set()
    rolling = {"youth_station.max_stays": 2, "youth_station.cumulative_window": "rolling_year",
               "youth_station.cumulative_nights_cap": 0}
    rules = youth_station_rules(ps, today, rolling)
    book(youth, station, today + D(1), 2, rules=rules)
    book(youth, station, today + D(10), 2, rules=rules)
    refused("too_many_stays", book, youth, station, today + D(20), 2, rules=rules)
