import datetime as dt

from tests.conftest import bearer
from youthcity.stations.models import BedNight, Booking, PersonNight

from .conftest import assert_ledger_consistent, make_station, make_youth

D = dt.timedelta


def post(client, user, station, check_in, check_out, key=None):
    headers = bearer(user)
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post("/api/v1/stations/bookings", {"station": station.pk, "check_in": str(check_in),
                                                     "check_out": str(check_out)},
                       content_type="application/json", **headers)


def test_list_with_availability(client, station, youth, today):
    r = client.get(f"/api/v1/stations?check_in={today}&check_out={today + D(2)}")
    assert r.status_code == 200
    row = next(s for s in r.json() if s["id"] == station.pk)
    assert row["beds"] == 2 and row["free_beds"] == 2
    post(client, youth, station, today, today + D(2))
    row = next(s for s in client.get(f"/api/v1/stations?check_in={today}&check_out={today + D(2)}").json()
               if s["id"] == station.pk)
    assert row["free_beds"] == 1
    r = client.get(f"/api/v1/stations?check_in={today}&check_out={today}")
    assert r.status_code == 422 and r.json()["error"]["code"] == "check_out_before_check_in"
    cal = client.get(f"/api/v1/stations/{station.pk}/calendar?days=3").json()
    assert [d["free"] for d in cal] == [1, 1, 2]


def test_book_201_then_409_for_the_last_bed(client, city, today):
    station = make_station("api", rooms=(("F", "female", 1),))
    a, b = make_youth(), make_youth()
    r = post(client, a, station, today + D(1), today + D(4), key="abc")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["nights"] == 3 and body["status"] == "booked" and body["replayed"] is False
    again = post(client, a, station, today + D(1), today + D(4), key="abc")
    assert again.status_code == 201 and again.json()["id"] == body["id"] and again.json()["replayed"] is True
    r = post(client, b, station, today + D(2), today + D(3))
    assert r.status_code == 409 and r.json()["error"]["code"] == "no_bed_available"
    assert not Booking.objects.filter(person=b).exists()
    assert_ledger_consistent()


def test_refusals_are_clear_and_write_nothing(client, station, today):
    youth = make_youth()
    cases = [
        ((today + D(3), today + D(1)), 422, "check_out_before_check_in"),
        ((today - D(2), today), 422, "date_in_past"),
        ((today, today + D(16)), 422, "over_stay_limit"),
    ]
    for (ci, co), status, code in cases:
        r = post(client, youth, station, ci, co)
        assert r.status_code == status and r.json()["error"]["code"] == code, r.content
        assert r.json()["error"]["message"]
    r = client.post("/api/v1/stations/bookings", {"station": 999999, "check_in": str(today),
                                                  "check_out": str(today + D(1))},
                    content_type="application/json", **bearer(youth))
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_station"
    r = client.post("/api/v1/stations/bookings", {"station": station.pk, "check_in": "2026-13-40",
                                                  "check_out": str(today)},
                    content_type="application/json", **bearer(youth))
    assert r.status_code == 422 and "check_in" in r.json()["error"]["fields"]
    r = client.post("/api/v1/stations/bookings", {"station": station.pk, "bed": 999999, "check_in": str(today),
                                                  "check_out": str(today + D(1))},
                    content_type="application/json", **bearer(youth))
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_bed" and "bed" in r.json()["error"]["fields"]
    local = make_youth(hukou="洛阳市")
    r = post(client, local, station, today, today + D(1))
    err = r.json()["error"]
    assert r.status_code == 403 and err["code"] == "not_eligible" and err["fields"]["eligibility"]
    assert not Booking.objects.filter(person__in=[youth, local]).exists()
    assert not PersonNight.objects.filter(person__in=[youth, local]).exists()
    assert client.post("/api/v1/stations/bookings", {}, content_type="application/json").status_code == 401


def test_cancel_own_booking_only(client, station, users, today):
    a, b = make_youth(), make_youth()
    booking_id = post(client, a, station, today, today + D(2)).json()["id"]
    r = client.delete(f"/api/v1/stations/bookings/{booking_id}", **bearer(b))
    assert r.status_code == 404
    r = client.delete(f"/api/v1/stations/bookings/{booking_id}", **bearer(users["hrss_staff"]))
    assert r.status_code == 404  # another unit's staff do not even learn it exists
    r = client.delete(f"/api/v1/stations/bookings/{booking_id}", **bearer(a))
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert not BedNight.objects.filter(booking_id=booking_id).exists()
    r = client.delete(f"/api/v1/stations/bookings/{booking_id}", **bearer(a))
    assert r.status_code == 409
    mine = client.get("/api/v1/stations/bookings", **bearer(a)).json()
    assert [m["id"] for m in mine] == [booking_id]


def test_station_staff_may_cancel_at_their_station(client, station, users, today):
    a = make_youth()
    booking_id = post(client, a, station, today, today + D(2)).json()["id"]
    r = client.delete(f"/api/v1/stations/bookings/{booking_id}", **bearer(users["station_staff"]))
    assert r.status_code == 200


def test_book_a_named_bed(client, station, today):
    youth = make_youth()
    bed = station.beds.order_by("-label").first()
    r = client.post("/api/v1/stations/bookings", {"station": station.pk, "bed": bed.pk, "check_in": str(today),
                                                  "check_out": str(today + D(1))},
                    content_type="application/json", **bearer(youth))
    assert r.status_code == 201 and r.json()["bed"] == bed.label
    r = client.post("/api/v1/stations/bookings", {"station": station.pk, "bed": bed.pk, "check_in": str(today),
                                                  "check_out": str(today + D(1))},
                    content_type="application/json", **bearer(make_youth()))
    assert r.status_code == 409


def test_station_staff_check_guests_in_and_out_over_the_api(client, station, users, today):
    guest = make_youth()
    guest.phone = "13912345678"
    guest.save(update_fields=["phone"])
    booking_id = post(client, guest, station, today, today + D(3)).json()["id"]
    staff = bearer(users["station_staff"])
    sheet = client.get(f"/api/v1/stations/{station.pk}/day", **staff).json()
    arrival = next(a for a in sheet["arrivals"] if a["booking"] == booking_id)
    assert arrival["phone"] != "13912345678" and arrival["phone"].startswith("139")  # masked
    url = f"/api/v1/stations/bookings/{booking_id}"
    # Refused: no ID check ticked, the guest themself, another unit's staff (not even found).
    r = client.post(f"{url}/check-in", {}, content_type="application/json", **staff)
    assert r.status_code == 422 and r.json()["error"]["code"] == "identity_not_verified"
    assert client.post(f"{url}/check-in", {"identity_confirmed": True}, content_type="application/json",
                       **bearer(guest)).status_code == 404
    assert client.post(f"{url}/check-in", {"identity_confirmed": True}, content_type="application/json",
                       **bearer(users["hrss_staff"])).status_code == 404
    assert client.get(f"/api/v1/stations/{station.pk}/day", **bearer(users["hrss_staff"])).status_code == 404
    r = client.post(f"{url}/check-in", {"identity_confirmed": True}, content_type="application/json", **staff)
    assert r.status_code == 200 and r.json()["status"] == "checked_in"
    assert client.post(f"{url}/check-in", {"identity_confirmed": True}, content_type="application/json",
                       **staff).status_code == 409
    in_house = client.get(f"/api/v1/stations/{station.pk}/day", **staff).json()["in_house"]
    assert [g["booking"] for g in in_house] == [booking_id]
    r = client.post(f"{url}/check-out", **staff)
    assert r.status_code == 200 and r.json()["status"] == "checked_out"
    assert r.json()["check_out"] == str(today + D(1))  # leaving early frees the unused nights
    assert BedNight.objects.filter(booking_id=booking_id).count() == 1
    assert_ledger_consistent()
