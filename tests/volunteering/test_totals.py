"""The hours summary (HoursTotal, MemberTotal) stays equal to the ledger through check-outs and
corrections, is rebuilt identically from the ledger, and serves the leaderboards."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.volunteering.conftest import day_at, make_person, make_shift
from youthcity.core.errors import ServiceError
from youthcity.volunteering import selectors, services, totals
from youthcity.volunteering.models import HoursTotal, MemberTotal, Project, ShiftSignUp, TotalScope

pytestmark = pytest.mark.django_db


def _second_project(project):
    from youthcity.organizations.models import Unit
    from youthcity.regions.models import Region

    district = project.region.district()
    other_region = Region.objects.filter(level="township").exclude(path__startswith=district.path).first()
    return Project.objects.create(
        code="t-proj-2",
        title="另一个项目",
        unit=Unit.objects.exclude(pk=project.unit_id).first(),
        region=other_region,
        lead=project.lead,
        increment_minutes=15,
    )


def _serve(lead, shift, person, start, minutes):
    ShiftSignUp.objects.get_or_create(shift=shift, person=person)
    entry = services.check_in(actor=lead, shift=shift, person=person, at=start)
    return services.check_out(actor=lead, entry=entry, at=start + dt.timedelta(minutes=minutes))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    plan=st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 1), st.integers(0, 200), st.integers(-1, 200)),
        min_size=1,
        max_size=6,
    )
)
def test_summary_equals_the_ledger_after_any_check_outs_and_corrections(project, lead, plan):
    projects = [project, Project.objects.filter(code="t-proj-2").first() or _second_project(project)]
    people = [make_person() for _ in range(3)]
    for i, (who, which, minutes, fix) in enumerate(plan):
        start = day_at(8) - dt.timedelta(days=2 * i)
        shift = make_shift(projects[which], start, hours=4)
        entry = _serve(lead, shift, people[who], start, minutes)
        if fix >= 0:
            try:
                services.entry_correct(
                    actor=lead,
                    entry=entry,
                    reason="核对签到表",
                    void=fix == 0,
                    check_out=start + dt.timedelta(minutes=fix),
                )
            except ServiceError:
                pass
    assert totals.check() == []
    for p in people:
        assert totals.person_total(p.pk) == selectors.person_minutes(p)
    before = sorted(
        HoursTotal.objects.filter(minutes__gt=0).values_list("scope", "key", "year", "minutes", "volunteers")
    )
    totals.rebuild()
    after = sorted(HoursTotal.objects.values_list("scope", "key", "year", "minutes", "volunteers"))
    assert before == after


def test_group_counts_volunteers_once_and_drops_them_at_zero(project, lead):
    shift = make_shift(project, day_at(9))
    a, b = make_person(), make_person()
    e1 = _serve(lead, shift, a, day_at(9), 60)
    shift2 = make_shift(project, day_at(9, days=-4))
    _serve(lead, shift2, a, day_at(9, days=-4), 30)
    _serve(lead, shift, b, day_at(9), 120)
    district = totals.district_of(project)
    year = totals.year_of(day_at(9))
    row = HoursTotal.objects.get(scope=TotalScope.DISTRICT, key=district, year=year)
    before_minutes, before_people = row.minutes, row.volunteers
    assert before_minutes >= 210 and before_people >= 2
    services.entry_correct(actor=lead, entry=e1, reason="未到岗", void=True)
    row.refresh_from_db()
    assert totals.check() == []
    assert row.minutes == before_minutes - 60 and row.volunteers == before_people  # a still has 30 min
    mine = dict(
        MemberTotal.objects.filter(scope="district", key=district, year=year).values_list(
            "person_id", "minutes"
        )
    )
    assert (mine[a.pk], mine[b.pk]) == (30, 120)
    board = [r["minutes"] for r in selectors.district_volunteers(district, year, limit=100)]
    assert board == sorted(board, reverse=True) and 120 in board and 30 in board


def test_management_command_reports_drift_and_rebuilds(project, lead):
    from django.core.management import CommandError, call_command

    _serve(lead, make_shift(project, day_at(9)), make_person(), day_at(9), 90)
    call_command("volunteering_totals")
    HoursTotal.objects.filter(scope=TotalScope.PERSON).update(minutes=1)
    with pytest.raises(CommandError):
        call_command("volunteering_totals")
    call_command("volunteering_totals", "--rebuild")
    call_command("volunteering_totals")


def test_hours_of_a_paired_project_count_for_the_university_on_the_leaderboard(client, project, lead):
    from youthcity.organizations.models import Unit
    from youthcity.volunteering.models import Pairing

    haust = Unit.objects.get(code="ly-haust")
    pairing = Pairing.objects.create(
        code="t-pair", kind="university_community", brand="校地结对·测试", university=haust, region=project.region
    )
    project.pairing = pairing
    project.save()
    shift = make_shift(project, day_at(9))
    person = make_person()
    _serve(lead, shift, person, day_at(9), 120)
    year = totals.year_of(day_at(9))
    row = HoursTotal.objects.get(scope=TotalScope.UNIVERSITY, key=haust.pk, year=year)
    assert row.minutes >= 120 and row.volunteers >= 1
    assert totals.check() == []
    board = selectors.leaderboard(year)
    assert "河南科技大学" in [r["name"] for r in board["universities"]]
    page = client.get("/volunteering/leaderboard/").content.decode()
    if year == __import__("django.utils.timezone", fromlist=["x"]).localdate().year:
        assert "按高校" in page and "河南科技大学" in page
    detail = client.get(f"/volunteering/{project.pk}/").content.decode()
    assert "校地结对·测试" in detail and "河南科技大学" in detail
