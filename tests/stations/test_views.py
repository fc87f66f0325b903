import datetime as dt

from youthcity.stations import services
from youthcity.stations.models import Booking, BookingStatus, FollowUp, IdentityCheck

from .conftest import make_youth

D = dt.timedelta


def test_youth_books_on_the_web_and_sees_the_stay(client, station, today):
    youth = make_youth()
    client.force_login(youth)
    page = client.get("/stations/").content.decode()
    assert station.name in page
    r = client.post(f"/stations/{station.pk}/", {"check_in": today, "check_out": today + D(2),
                                                  "idempotency_key": "form-1"})
    assert r.status_code == 302
    client.post(f"/stations/{station.pk}/", {"check_in": today, "check_out": today + D(2), "idempotency_key": "form-1"})
    assert Booking.objects.filter(person=youth).count() == 1  # a double-clicked form books once
    page = client.get("/stations/my/").content.decode()
    assert station.name in page and "已预订" in page


def test_refused_booking_shows_the_reason_in_chinese(client, station, today):
    local = make_youth(hukou="洛阳市")
    client.force_login(local)
    page = client.post(f"/stations/{station.pk}/", {"check_in": today, "check_out": today + D(2)}).content.decode()
    assert "您的户籍或家在洛阳" in page
    assert not Booking.objects.filter(person=local).exists()
    page = client.post(f"/stations/{station.pk}/", {"check_in": today + D(2), "check_out": today}).content.decode()
    assert "离店日期必须晚于入住日期" in page


def test_staff_pages_are_scoped(client, station, users, today):
    youth = make_youth(hukou="郑州市")
    youth.id_number = "41030020020518101X"
    youth.save()
    b, _ = services.booking_create(person=youth, station=station, check_in=today, check_out=today + D(3))
    client.force_login(users["hrss_staff"])
    assert client.get(f"/work/stations/{station.pk}/").status_code == 404
    assert client.get(f"/work/stations/bookings/{b.pk}/check-in/").status_code == 404
    assert client.post(f"/work/stations/bookings/{b.pk}/check-out/").status_code == 404
    client.force_login(youth)
    assert client.get(f"/work/stations/{station.pk}/").status_code == 403
    client.force_login(users["station_staff"])
    page = client.get(f"/work/stations/bookings/{b.pk}/check-in/").content.decode()
    assert "41030020020518101X" not in page and "4103**********101X" in page  # masked until asked
    assert not IdentityCheck.objects.exists()  # a GET writes nothing
    page = client.post(f"/work/stations/bookings/{b.pk}/check-in/", {"action": "reveal"}).content.decode()
    assert "41030020020518101X" in page
    assert IdentityCheck.objects.filter(booking=b, staff=users["station_staff"]).count() == 1
    r = client.post(f"/work/stations/bookings/{b.pk}/check-in/", {"identity_confirmed": "on"})
    assert r.status_code == 302
    b.refresh_from_db()
    assert b.status == BookingStatus.CHECKED_IN
    client.post(f"/work/stations/bookings/{b.pk}/check-out/")
    fu = FollowUp.objects.get(booking=b, days_after=7)
    r = client.post(f"/work/stations/follow-ups/{fu.pk}/", {"reached": "yes", "found_work": "yes",
                                                             "employer": "洛阳轴承", "staying_in_city": "no"})
    assert r.status_code == 302
    fu.refresh_from_db()
    assert fu.status == "done" and fu.staying_in_city is False
    # after check-out the full number can no longer be revealed, and nothing is logged
    page = client.post(f"/work/stations/bookings/{b.pk}/check-in/", {"action": "reveal"}).content.decode()
    assert "41030020020518101X" not in page
    assert IdentityCheck.objects.filter(booking=b).count() == 1


def test_dashboards_render_for_leaders_and_staff(client, users):
    client.force_login(users["leader"])
    page = client.get("/dashboard/stations/").content.decode()
    assert "炎黄" in page and "occ-data" in page
    client.force_login(users["station_staff"])
    page = client.get("/work/stations/").content.decode()
    assert "炎黄" in page and "涧西" not in page
    client.force_login(users["youth"])
    assert client.get("/dashboard/stations/").status_code == 403


def test_full_station_offers_the_waitlist_and_a_freed_bed_reaches_it(client, city, today):
    from .conftest import make_station

    station = make_station("wv", rooms=(("F", "female", 1),))
    holder, waiting = make_youth(), make_youth()
    b, _ = services.booking_create(person=holder, station=station, check_in=today, check_out=today + D(2))
    client.force_login(waiting)
    page = client.post(f"/stations/{station.pk}/", {"check_in": today, "check_out": today + D(2)}).content.decode()
    assert 'data-testid="waitlist"' in page
    client.post(f"/stations/{station.pk}/waitlist/", {"check_in": today, "check_out": today + D(2)})
    client.force_login(holder)
    client.post(f"/stations/my/{b.pk}/cancel/")
    client.force_login(waiting)
    offer = Booking.objects.get(person=waiting)
    assert offer.status == BookingStatus.OFFERED
    assert "确认入住" in client.get("/stations/my/").content.decode()
    client.post(f"/stations/my/{offer.pk}/accept/")
    offer.refresh_from_db()
    assert offer.status == BookingStatus.BOOKED
