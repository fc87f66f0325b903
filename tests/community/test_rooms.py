"""Rooms of youth homes: booking without double booking (also under concurrency on PostgreSQL),
cancelling, and publishing a booking as an event."""

import datetime as dt
import threading
from collections import Counter

import pytest
from django.utils import timezone

from youthcity.community import services
from youthcity.community.models import Event, Room, RoomBooking, YouthHome
from youthcity.core.errors import ServiceError


def _at(hours: float, days: int = 3) -> dt.datetime:
    base = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + dt.timedelta(days=days)
    return base + dt.timedelta(hours=hours)


def _refused(expected, fn, **kwargs):
    with pytest.raises(ServiceError) as exc:
        fn(**kwargs)
    assert exc.value.code == expected, exc.value.message
    return exc.value


@pytest.fixture
def home(city):
    return YouthHome.objects.get(code="home-410311001")


@pytest.fixture
def room(home):
    return Room.objects.get(home=home, name="活动室")


@pytest.mark.django_db
def test_a_room_is_never_booked_twice_for_overlapping_times(organiser, room):
    first = services.room_book(actor=organiser, room=room, starts_at=_at(0), ends_at=_at(2), purpose="读书会")
    err = _refused(
        "room_taken",
        services.room_book,
        actor=organiser,
        room=room,
        starts_at=_at(1),
        ends_at=_at(3),
        purpose="另一场",
    )
    assert "读书会" in err.message and "已被预订" in err.message
    # touching slots are fine: [9:00, 11:00) and [11:00, 12:00)
    services.room_book(actor=organiser, room=room, starts_at=_at(2), ends_at=_at(3), purpose="接着的活动")
    services.room_booking_cancel(actor=organiser, booking=first)
    services.room_book(actor=organiser, room=room, starts_at=_at(0.5), ends_at=_at(1.5), purpose="改期")
    assert RoomBooking.objects.filter(room=room, status="booked").count() == 2


@pytest.mark.django_db
def test_bad_bookings_are_refused_with_the_field(organiser, room):
    err = _refused(
        "invalid",
        services.room_book,
        actor=organiser,
        room=room,
        starts_at=_at(2),
        ends_at=_at(1),
        purpose="x",
    )
    assert "ends_at" in err.fields
    err = _refused(
        "invalid",
        services.room_book,
        actor=organiser,
        room=room,
        starts_at=_at(-200),
        ends_at=_at(-199),
        purpose="x",
    )
    assert "starts_at" in err.fields
    err = _refused(
        "invalid",
        services.room_book,
        actor=organiser,
        room=room,
        starts_at=_at(0),
        ends_at=_at(13),
        purpose="x",
    )
    assert "ends_at" in err.fields
    err = _refused(
        "invalid",
        services.room_book,
        actor=organiser,
        room=room,
        starts_at=_at(0),
        ends_at=_at(1),
        purpose=" ",
    )
    assert "purpose" in err.fields


@pytest.mark.django_db
def test_staff_of_another_unit_cannot_book(room):
    from tests.factories import staff
    from youthcity.organizations.models import Unit

    other = staff(Unit.objects.filter(kind="university").first(), username="other_unit")
    _refused(
        "not_found", services.room_book, actor=other, room=room, starts_at=_at(0), ends_at=_at(1), purpose="x"
    )


@pytest.mark.django_db
def test_a_booking_is_published_as_an_event_in_its_room_and_times(organiser, room):
    booking = services.room_book(
        actor=organiser, room=room, starts_at=_at(10), ends_at=_at(12), purpose="青年夜校：摄影"
    )
    fields = dict(
        title="青年夜校：摄影入门",
        kind="night_school",
        capacity=30,
        registration_opens_at=timezone.now(),
        registration_closes_at=_at(9),
    )
    err = _refused("invalid", services.booking_publish, actor=organiser, booking=booking, **fields)
    assert "capacity" in err.fields  # the room has 20 seats
    event = services.booking_publish(actor=organiser, booking=booking, **{**fields, "capacity": 20})
    assert (event.home_id, event.starts_at, event.ends_at) == (
        room.home_id,
        booking.starts_at,
        booking.ends_at,
    )
    assert event.place.endswith("活动室") and event.region_id == room.home.region_id
    booking.refresh_from_db()
    assert booking.event_id == event.pk
    _refused("already_published", services.booking_publish, actor=organiser, booking=booking, **fields)
    _refused("has_event", services.room_booking_cancel, actor=organiser, booking=booking)


@pytest.mark.django_db
def test_workbench_pages_book_and_publish(client, organiser, room):
    client.force_login(organiser)
    assert "开元路街道青年之家" in client.get("/work/youth-homes/").content.decode()
    page = f"/work/youth-homes/{room.home_id}/rooms/"
    fmt = "%Y-%m-%dT%H:%M"
    r = client.post(
        page,
        {
            "action": "book",
            "book-room": room.pk,
            "book-purpose": "桌游之夜",
            "book-starts_at": _at(11).strftime(fmt),
            "book-ends_at": _at(13).strftime(fmt),
        },
    )
    booking = RoomBooking.objects.get(purpose="桌游之夜")
    assert r.status_code == 302 and r["Location"].endswith(f"/work/rooms/bookings/{booking.pk}/publish/")
    clash = client.post(
        page,
        {
            "action": "book",
            "book-room": room.pk,
            "book-purpose": "撞车",
            "book-starts_at": _at(12).strftime(fmt),
            "book-ends_at": _at(14).strftime(fmt),
        },
    )
    assert clash.status_code == 200 and "已被预订" in clash.content.decode()
    r = client.post(
        f"/work/rooms/bookings/{booking.pk}/publish/",
        {
            "title": "桌游之夜",
            "kind": "culture",
            "capacity": 20,
            "cost": "0",
            "registration_opens_at": timezone.localtime().strftime(fmt),
            "registration_closes_at": _at(10).strftime(fmt),
        },
    )
    event = Event.objects.get(title="桌游之夜")
    assert r.status_code == 302 and r["Location"].endswith(f"/work/events/{event.pk}/")
    assert client.get(f"/events/{event.pk}/").status_code == 200


@pytest.mark.django_db
def test_rooms_pages_are_404_for_a_home_outside_the_staff_units(client, city):
    from tests.factories import staff
    from youthcity.organizations.models import Unit

    home = YouthHome.objects.get(code="home-410311001")
    other_unit = Unit.objects.filter(kind="university").first()
    client.force_login(staff(other_unit, username="uni_staff_rooms"))
    assert client.get(f"/work/youth-homes/{home.pk}/rooms/").status_code == 404


@pytest.mark.pg_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_bookings_of_one_slot_give_exactly_one(city):
    from django.db import connections

    from tests.factories import staff
    from youthcity.organizations.models import Unit

    organiser = staff(Unit.objects.get(code="410311-league"), username="org_rooms_pg")
    room = Room.objects.get(home__code="home-410311001", name="活动室")
    n = 30
    barrier = threading.Barrier(n)
    out = [""] * n

    def worker(i):
        try:
            barrier.wait(timeout=60)
            services.room_book(
                actor=organiser,
                room=room,
                starts_at=_at(1 + (i % 3) * 0.25),
                ends_at=_at(3),
                purpose=f"抢订{i}",
            )
            out[i] = "booked"
        except ServiceError as exc:
            out[i] = exc.code
        except Exception as exc:  # noqa: BLE001
            out[i] = f"error {exc!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert Counter(out) == {"booked": 1, "room_taken": n - 1}, Counter(out)
    assert RoomBooking.objects.filter(room=room, status="booked").count() == 1
