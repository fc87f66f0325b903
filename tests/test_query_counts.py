"""SQL queries per main page: a budget per page, and the count must not grow with the rows the page
lists (10 rows and 1,000 rows give the same count). A page whose count grows has an N+1 query:
fix it with select_related / prefetch_related in its selector."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

_serial = itertools.count(1)


def _people(n: int, prefix: str):
    from youthcity.accounts.models import User, YouthProfile

    run = next(_serial)
    users = User.objects.bulk_create([User(username=f"{prefix}{run}_{i:05d}", password="!", display_name=f"青年{i}")
                                      for i in range(n)])
    YouthProfile.objects.bulk_create([YouthProfile(user=u, gender="female", hukou_city="郑州市", home_city="郑州市",
                                                   education_level="bachelor", employment_status="job_seeking")
                                      for u in users])
    return users


def _station():
    from youthcity.stations.models import Station

    return Station.objects.get(code=Station.objects.order_by("pk").values_list("code", flat=True).first())


# --- growers: add n rows of what a page lists -----------------------------------------------------------


def grow_stations(n, ids):
    from youthcity.organizations.models import Unit
    from youthcity.stations.models import Bed, Room, Station

    unit = Unit.objects.get(code="410311-station-yanhuang")
    run = next(_serial)
    stations = Station.objects.bulk_create([Station(code=f"qc{run}-{i}", name=f"驿站{i}", unit=unit, region=unit.region,
                                                    address="-") for i in range(n)])
    rooms = Room.objects.bulk_create([Room(station=s, name="F", gender="female") for s in stations])
    Bed.objects.bulk_create([Bed(room=r, station=r.station, label="1") for r in rooms])


def grow_beds(n, ids):
    from youthcity.stations.models import Bed, Room

    station = _station()
    room = Room.objects.create(station=station, name=f"QC{next(_serial)}", gender="female")
    Bed.objects.bulk_create([Bed(room=room, station=station, label=str(i)) for i in range(n)])


def _bookings(n, person_of, status, start):
    from youthcity.stations.models import Bed, Booking, Room

    station = _station()
    room = Room.objects.create(station=station, name=f"QB{next(_serial)}", gender="female")
    beds = Bed.objects.bulk_create([Bed(room=room, station=station, label=str(i)) for i in range(n)])
    Booking.objects.bulk_create([Booking(station=station, bed=beds[i], person=person_of(i), status=status,
                                         check_in=start + dt.timedelta(days=3 * i if status == "checked_out" else 0),
                                         check_out=start + dt.timedelta(days=3 * i + 1 if status == "checked_out" else 2))
                                 for i in range(n)])


def grow_my_stays(n, ids):
    from youthcity.accounts.models import User

    youth = User.objects.get(username="youth")
    _bookings(n, lambda i: youth, "checked_out", dt.date(2010, 1, 1))


def grow_station_bookings(n, ids):
    people = _people(n, "qcb")
    _bookings(n, lambda i: people[i], "booked", dt.date.today())


def grow_notifications(n, ids):
    from youthcity.accounts.models import User
    from youthcity.core.models import Notification

    youth = User.objects.get(username="youth")
    Notification.objects.bulk_create([Notification(recipient=youth, kind="test.qc", title=f"消息{i}", body="-",
                                                   url="/stations/", channels=["inbox"]) for i in range(n)])


def _applications(n, applicants):
    from youthcity.benefits.models import BenefitApplication
    from youthcity.organizations.models import Unit

    unit = Unit.objects.get(code="ly-hrss")
    BenefitApplication.objects.bulk_create([
        BenefitApplication(applicant=a, policy_id=f"qc_policy_{next(_serial)}", policy_name="面试补贴", unit=unit,
                           status="submitted", stated_facts={}) for a in applicants])


def grow_my_applications(n, ids):
    from youthcity.accounts.models import User

    youth = User.objects.get(username="youth")
    _applications(n, [youth] * n)
    grow_my_stays(n, ids)  # bookings are listed there too (issue 16: one list)


def grow_review_queue(n, ids):
    _applications(n, _people(n, "qca"))


def grow_policy_versions(n, ids):
    from youthcity.accounts.models import User
    from youthcity.benefits.models import PolicyVersion

    author = User.objects.get(username="hrss_staff")
    PolicyVersion.objects.bulk_create([
        PolicyVersion(policy_id="enterprise_university_base_subsidy", yaml_text=f"# {i}", yaml_hash="h", base_hash="b",
                      status="submitted", author=author, tests_passed=True) for i in range(n)])


def grow_measures(n, ids):
    from youthcity.ledger.models import Measure, Project, Responsibility
    from youthcity.organizations.models import Unit

    project = Project.objects.filter(plan_id=ids["plan"]).order_by("position").first()
    start = (Measure.objects.filter(project=project).order_by("-position").values_list("position", flat=True)
             .first() or 0) + 1
    measures = Measure.objects.bulk_create([Measure(project=project, position=start + i, number=f"Q{start + i}",
                                                    text=f"措施{i}") for i in range(n)])
    unit = Unit.objects.get(code="ly-hrss")
    Responsibility.objects.bulk_create([Responsibility(measure=m, unit=unit, role="lead") for m in measures])


def grow_policy_drafts(n, ids):
    from youthcity.ledger.models import PolicyDraft

    start = PolicyDraft.objects.filter(plan_id=ids["plan"]).count() + 1
    PolicyDraft.objects.bulk_create([PolicyDraft(
        plan_id=ids["plan"], position=start + i, policy_id=f"draft_qc_{start + i}", label=f"（九）{i}", name="补贴",
        audience="youth", clause="给予补贴。", yaml_text="id: x\n", open_parts=["金额"],
        why=[{"field": "kind", "value": "cash", "words": "补贴"}]) for i in range(n)])


def grow_audit(n, ids):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from youthcity.regions.models import Region

    # A page shows 50 entries: fill at least one page, so both counts read the same kind of rows
    # (the names of related records are looked up once per related model on the page).
    ct = ContentType.objects.get_for_model(Region)
    parents = [str(pk) for pk in Region.objects.values_list("pk", flat=True)[:2]]
    LogEntry.objects.bulk_create([LogEntry(content_type=ct, object_pk="1", object_id=1, object_repr=f"区域{i}",
                                           action=LogEntry.Action.UPDATE,
                                           changes={"name": ["a", "b"], "parent": parents})
                                  for i in range(max(n, 50))])


def grow_team_requests(n, ids):
    from youthcity.volunteering.models import TeamMembership

    TeamMembership.objects.bulk_create([TeamMembership(team_id=ids["team"], person=p) for p in _people(n, "qtr")])


# (who, page, grower, budget). The budget is the count measured when the test was written; lower is welcome.
PAGES = [
    (None, "/", None, 3),  # the city name (cached in production)
    (None, "/benefits/policies/", None, 16),
    (None, "/stations/", grow_stations, 3),
    (None, "/stations/{station}/", grow_beds, 3),
    (None, "/index/luoyang_ydi/2024/", None, 4),  # + the share of invented demonstration values
    ("youth", "/", grow_notifications, 6),
    ("youth", "/accounts/profile/", None, 7),
    ("youth", "/accounts/inbox/", grow_notifications, 6),
    # one query per source: benefit applications, station bookings, housing applications
    ("youth", "/benefits/applications/", grow_my_applications, 9),  # one query per source: benefits, bookings, housing, jobs
    ("youth", "/stations/my/", grow_my_stays, 7),
    # + the to-dos: ledger (responsibilities, periods, reports) and one count per review queue (benefits,
    # housing, four careers queues; the three that find the 人社局 line share one lookup: two queries)
    ("hrss_reviewer", "/work/", grow_review_queue, 19),
    ("hrss_reviewer", "/work/benefits/", grow_review_queue, 9),  # + the count for the pages
    ("hrss_reviewer", "/work/benefits/policies/", grow_policy_versions, 11),
    ("station_staff", "/work/stations/", grow_station_bookings, 13),
    ("station_staff", "/work/stations/{station}/", grow_station_bookings, 16),
    ("coordinator", "/work/ledger/", grow_measures, 21),
    ("coordinator", "/work/ledger/plans/{plan}/", grow_measures, 19),
    ("coordinator", "/work/ledger/plans/{plan}/policy-drafts/", grow_policy_drafts, 9),
    ("coordinator", "/work/monitoring/runs/", None, 15),
    ("stats_staff", "/work/monitoring/", None, 39),
    ("leader", "/dashboard/", grow_station_bookings, 13),
    ("leader", "/dashboard/ledger/", grow_measures, 16),
    ("leader", "/dashboard/ledger/assessment/", grow_measures, 15),
    # +1 each: housing and careers live measures (a query a year); +5: the five live measures of
    # community and volunteering (youth-home coverage has no value for a past year), one grouped
    # query each whatever the number of districts.
    ("leader", "/dashboard/index/luoyang_ydi/2024/", None, 103),  # + the share of invented values
    ("leader", "/dashboard/stations/", grow_station_bookings, 11),
    ("leader", "/dashboard/benefits/simulation/", None, 8),
    ("vol_team_leader", "/volunteering/teams/{team}/requests/", grow_team_requests, 7),
    ("admin", "/work/audit/", grow_audit, 9),
    ("admin", "/work/audit/", None, 24),  # the demo's own trail: one name lookup per related model shown
]


def _ids() -> dict:
    from youthcity.ledger.models import Plan
    from youthcity.volunteering.models import Team

    return {"station": _station().pk, "plan": Plan.objects.order_by("pk").values_list("pk", flat=True).first(),
            "team": Team.objects.get(code="haust-volunteers").pk}


def _count(client, who, url) -> int:
    from youthcity.accounts.models import User

    client.logout()
    if who:
        client.force_login(User.objects.get(username=who))
    client.get(url)  # warm what a running process keeps in memory (policies, navigation)
    cache.clear()  # but not the cache: count the queries of a cold page
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (who, url, response.status_code)
    return len(ctx)


@pytest.mark.parametrize(("who", "page", "grower", "budget"), PAGES,
                         ids=[f"{w or 'anonymous'}:{p}" for w, p, _, _ in PAGES])
def test_queries_per_page_stay_within_budget_and_do_not_grow_with_rows(client, city, who, page, grower, budget):
    ids = _ids()
    url = page.format(**ids)
    if grower is None:
        n = _count(client, who, url)
        assert n <= budget, f"{url} as {who or 'anonymous'}: {n} queries, budget {budget}"
        return
    grower(10, ids)
    with_10 = _count(client, who, url)
    grower(990, ids)
    with_1000 = _count(client, who, url)
    assert with_1000 == with_10, f"{url} as {who or 'anonymous'}: {with_10} queries with 10 rows, {with_1000} with 1,000"
    assert with_10 <= budget, f"{url} as {who or 'anonymous'}: {with_10} queries, budget {budget}"


@pytest.mark.parametrize("as_person", [False, True])
def test_the_station_list_counts_free_beds_like_free_beds_does(city, as_person):
    """The list counts free beds for every station in one query; it must agree with free_beds()."""
    from youthcity.accounts.models import User
    from youthcity.stations.models import BedNight, Booking
    from youthcity.stations.selectors import free_beds, stations_with_availability

    grow_station_bookings(5, _ids())
    grow_stations(3, _ids())
    BedNight.objects.bulk_create([BedNight(bed_id=b.bed_id, night=b.check_in, booking=b)
                                  for b in Booking.objects.filter(person__username__startswith="qcb")])
    person = User.objects.get(username="youth") if as_person else None
    check_in, check_out = dt.date.today(), dt.date.today() + dt.timedelta(days=3)
    rows = stations_with_availability(check_in, check_out, person)
    assert len(rows) >= 4
    for row in rows:
        assert row["free"] == free_beds(row["station"], check_in, check_out, person), row["station"].code
    assert any(row["free"] < row["beds"] for row in rows)  # the bookings above are counted
    assert all(row["free"] is None for row in stations_with_availability(None, None, person))
