"""Event and youth-home pages and API: happy paths, scoped 404s, Chinese messages, live measures."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.community.conftest import make_event, make_person
from tests.conftest import bearer
from youthcity.community import services
from youthcity.community.models import Event, SignUp, YouthHome
from youthcity.core import measures
from youthcity.regions.models import Region

pytestmark = pytest.mark.django_db


def test_filters_by_district_type_and_day(client, city):
    luolong = make_event(title="洛龙的活动")
    jianxi = make_event(title="涧西的活动", unit_code="410305-league", region_code="410305001")
    page = client.get("/events/", {"district": "410305"}).content.decode()
    assert jianxi.title in page and luolong.title not in page
    assert luolong.title not in client.get("/events/", {"kind": "sports"}).content.decode()
    day = timezone.localdate(luolong.starts_at)
    assert luolong.title in client.get("/events/", {"day": day.isoformat()}).content.decode()
    assert (
        luolong.title
        not in client.get("/events/", {"day": (day + dt.timedelta(days=9)).isoformat()}).content.decode()
    )


def test_sign_up_page_shows_the_refusal_in_chinese(client, city):
    event = make_event(starts_in=dt.timedelta(hours=2), closes_before_start=dt.timedelta(hours=3))
    client.force_login(make_person())
    response = client.post(f"/events/{event.pk}/", follow=True)
    assert "该活动报名已截止。" in response.content.decode()
    assert not SignUp.objects.filter(event=event).exists()


def test_a_get_never_writes_and_anonymous_post_goes_to_login(client, city):
    event = make_event()
    assert client.get(f"/events/{event.pk}/").status_code == 200
    response = client.post(f"/events/{event.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not SignUp.objects.filter(event=event).exists()


def test_someone_elses_sign_up_is_not_found(client, city):
    event = make_event()
    signup = services.signup_create(person=make_person(), event=event)
    client.force_login(make_person())
    assert client.post(f"/events/my/{signup.pk}/cancel/").status_code == 404
    assert client.post(f"/events/my/{signup.pk}/feedback/", {f"f{signup.pk}-rating": 5}).status_code == 404


def test_organiser_of_another_district_gets_404_on_the_event_page(client, city, users):
    event = make_event(unit_code="410305-league", region_code="410305001")
    from youthcity.accounts.models import User

    client.force_login(User.objects.get(username="luolong_league"))
    assert client.get(f"/work/events/{event.pk}/").status_code == 404
    mine = make_event()
    assert client.get(f"/work/events/{mine.pk}/").status_code == 200


def test_organiser_publishes_an_event_from_the_workbench(client, city):
    from youthcity.accounts.models import User
    from youthcity.organizations.models import Unit

    client.force_login(User.objects.get(username="luolong_league"))
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    response = client.post(
        "/work/events/new/",
        {
            "unit": Unit.objects.get(code="410311-league").pk,
            "region": Region.objects.get(code="410311002").pk,
            "title": "篮球友谊赛",
            "kind": "sports",
            "place": "古城路街道体育场",
            "capacity": 20,
            "cost": "0",
            "starts_at": (now + dt.timedelta(days=4)).strftime(fmt),
            "ends_at": (now + dt.timedelta(days=4, hours=2)).strftime(fmt),
            "registration_opens_at": now.strftime(fmt),
            "registration_closes_at": (now + dt.timedelta(days=3)).strftime(fmt),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Event.objects.filter(title="篮球友谊赛", unit__code="410311-league").exists()


def test_api_sign_up_waitlist_and_check_in(client, city):
    from youthcity.accounts.models import User

    event = make_event(capacity=1, starts_in=dt.timedelta(minutes=20))
    first, second = make_person(), make_person()
    r1 = client.post(f"/api/v1/events/{event.pk}/sign-up", **bearer(first))
    r2 = client.post(f"/api/v1/events/{event.pk}/sign-up", **bearer(second))
    assert (r1.status_code, r1.json()["status"]) == (201, "confirmed")
    assert (r2.status_code, r2.json()["status"]) == (201, "waitlisted")
    again = client.post(f"/api/v1/events/{event.pk}/sign-up", **bearer(first))
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_signed_up"
    organiser = bearer(User.objects.get(username="luolong_league"))
    done = client.post(
        f"/api/v1/events/{event.pk}/check-in",
        {"code": r1.json()["code"]},
        content_type="application/json",
        **organiser,
    )
    assert done.status_code == 200 and done.json()["checked_in_at"]
    wrong = client.post(
        f"/api/v1/events/{event.pk}/check-in",
        {"code": "0000-0000"},
        content_type="application/json",
        **organiser,
    )
    assert wrong.json()["error"]["code"] == "unknown_code"


def test_api_coverage_and_live_measures(client, city):
    body = client.get("/api/v1/youth-homes/coverage").json()
    assert (body["townships"], body["with_home"], body["full"]) == (45, 26, False)
    assert "410302003" in body["without_home"]  # 邙山街道
    assert 0 < body["young_reached_share"] < 100
    year = str(timezone.localdate().year)
    assert float(measures.get("youth_home_coverage").value(city, year)) == pytest.approx(57.8)
    luolong = Region.objects.get(code="410311")
    assert measures.get("youth_home_coverage").value(luolong, year) == 100
    assert measures.get("youth_home_coverage").value(city, "2020") is None  # homes keep no history
    salon_year = str(timezone.localtime(Event.objects.get(code="demo-past-salon").starts_at).year)
    assert measures.get("events_held").value(luolong, salon_year) >= 1
    participants = measures.get("event_participants").value(luolong, salon_year)
    assert participants >= 1  # the demo's past reading salon


def test_a_new_home_closes_a_gap(city):
    from youthcity.community import adapters
    from youthcity.organizations.models import Unit

    mangshan = Region.objects.get(code="410302003")
    before, _, _ = adapters.coverage(city)
    YouthHome.objects.create(
        code="t-home",
        name="邙山街道青年之家",
        region=mangshan,
        address="邙山",
        unit=Unit.objects.get(code="410302-league"),
    )
    after, _, _ = adapters.coverage(city)
    assert after.with_home == before.with_home + 1
    assert "410302003" not in {t.code for t in after.without_home}


def test_grouped_answers_within_a_request_equal_the_direct_ones(city):
    from youthcity.community import memo

    make_event(title="已结束", starts_in=-dt.timedelta(days=1), opens_ago=dt.timedelta(days=5))
    year = str(timezone.localdate().year)
    codes = [m.code for m in measures.all_measures() if m.provider in ("community", "volunteering")]
    assert len(codes) == 6
    regions = [city, *Region.objects.filter(level=Region.Level.DISTRICT)]
    direct = {(c, r.code): measures.get(c).value(r, year) for c in codes for r in regions}
    memo._start()
    try:
        grouped = {(c, r.code): measures.get(c).value(r, year) for c in codes for r in regions}
    finally:
        memo._end()
    assert grouped == direct
    assert direct[("events_held", "410311")] >= 1
