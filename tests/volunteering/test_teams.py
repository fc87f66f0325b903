"""Volunteer teams (志愿服务队): joining, approval by the leader or the host's staff, refusals, and
the team summary (year and all-time rows) staying equal to the ledger through corrections."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.volunteering.conftest import day_at, make_person, make_shift
from youthcity.core.errors import ServiceError
from youthcity.volunteering import selectors, services, totals
from youthcity.volunteering.models import HoursTotal, MemberTotal, ShiftSignUp, TeamMembership, TotalScope

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(city, lead):
    from youthcity.organizations.models import Unit
    from youthcity.regions.models import Region

    return services.team_create(
        actor=lead,
        code="t-team",
        name="测试志愿服务队",
        host=Unit.objects.get(code="410311-league"),
        district=Region.objects.get(code="410311"),
        leader=make_person("team_leader"),
        brand="青春洛龙",
    )


def _serve(lead, shift, person, start, minutes):
    ShiftSignUp.objects.get_or_create(shift=shift, person=person)
    entry = services.check_in(actor=lead, shift=shift, person=person, at=start)
    return services.check_out(actor=lead, entry=entry, at=start + dt.timedelta(minutes=minutes))


def test_join_then_leader_approves_and_the_leader_is_the_first_member(team):
    v = make_person()
    m = services.team_join(person=v, team=team)
    assert m.status == TeamMembership.Status.REQUESTED
    assert selectors.team_summary(team, 2026)["members"] == 1  # the leader
    services.team_decide(actor=team.leader, membership=m, approve=True)
    m.refresh_from_db()
    assert (m.status, m.decided_by_id) == (TeamMembership.Status.ACTIVE, team.leader.pk)
    assert selectors.team_summary(team, 2026)["members"] == 2
    assert [x.team_id for x in selectors.my_teams(v)] == [team.pk]


def test_joining_twice_is_refused(team):
    v = make_person()
    m = services.team_join(person=v, team=team)
    with pytest.raises(ServiceError) as exc:
        services.team_join(person=v, team=team)
    assert exc.value.code == "already_requested"
    services.team_decide(actor=team.leader, membership=m, approve=True)
    with pytest.raises(ServiceError) as exc:
        services.team_join(person=v, team=team)
    assert exc.value.code == "already_member"
    assert TeamMembership.objects.filter(team=team, person=v).count() == 1


def test_a_non_leader_cannot_approve_nor_can_a_member_approve_themselves(team):
    v, other = make_person(), make_person()
    m = services.team_join(person=v, team=team)
    for actor in (other, v):
        with pytest.raises(ServiceError) as exc:
            services.team_decide(actor=actor, membership=m, approve=True)
        assert exc.value.code == "not_found"
    m.refresh_from_db()
    assert m.status == TeamMembership.Status.REQUESTED


def test_a_leader_does_not_decide_their_own_case(team, lead):
    # the host's staff member asks to join a team whose host they manage: refused as their own case
    m = services.team_join(person=lead, team=team)
    with pytest.raises(ServiceError) as exc:
        services.team_decide(actor=lead, membership=m, approve=True)
    assert exc.value.code == "own_case"
    services.team_decide(actor=team.leader, membership=m, approve=True)


def test_host_staff_approve_but_another_districts_staff_cannot(team, lead):
    from tests.factories import region_role, staff
    from youthcity.accounts.models import Role
    from youthcity.organizations.models import Unit
    from youthcity.regions.models import Region

    jianxi_staff = staff(Unit.objects.get(code="410305-league"), username="jianxi_staff")
    jianxi_admin = region_role(Region.objects.get(code="410305"), Role.ADMIN, username="jianxi_admin")
    m = services.team_join(person=make_person(), team=team)
    for actor in (jianxi_staff, jianxi_admin):
        with pytest.raises(ServiceError) as exc:
            services.team_decide(actor=actor, membership=m, approve=True)
        assert exc.value.code == "not_found"
        assert not selectors.decidable_teams(actor).filter(pk=team.pk).exists()
    services.team_decide(actor=lead, membership=m, approve=True)  # staff of the host unit
    assert selectors.decidable_teams(lead).filter(pk=team.pk).exists()


def test_a_refusal_needs_a_reason_and_a_decided_request_is_not_decided_again(team):
    m = services.team_join(person=make_person(), team=team)
    with pytest.raises(ServiceError) as exc:
        services.team_decide(actor=team.leader, membership=m, approve=False)
    assert exc.value.code == "invalid"
    services.team_decide(actor=team.leader, membership=m, approve=False, reason="名额已满")
    with pytest.raises(ServiceError) as exc:
        services.team_decide(actor=team.leader, membership=m, approve=True)
    assert exc.value.code == "already_decided"


def test_leave_and_join_again_and_the_leader_cannot_leave(team):
    v = make_person()
    m = services.team_join(person=v, team=team)
    services.team_decide(actor=team.leader, membership=m, approve=True)
    services.team_leave(person=v, team=team)
    with pytest.raises(ServiceError) as exc:
        services.team_leave(person=v, team=team)
    assert exc.value.code == "not_member"
    services.team_join(person=v, team=team)
    with pytest.raises(ServiceError) as exc:
        services.team_leave(person=team.leader, team=team)
    assert exc.value.code == "leader_cannot_leave"


def test_only_the_hosts_staff_create_a_team(city):
    from youthcity.organizations.models import Unit
    from youthcity.regions.models import Region

    with pytest.raises(ServiceError) as exc:
        services.team_create(
            actor=make_person(),
            code="x",
            name="x",
            host=Unit.objects.get(code="410311-league"),
            district=Region.objects.get(code="410311"),
            leader=make_person(),
        )
    assert exc.value.code == "not_found"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    plan=st.lists(
        st.tuples(st.integers(0, 2), st.booleans(), st.integers(0, 200), st.integers(-1, 200), st.booleans()),
        min_size=1,
        max_size=6,
    )
)
def test_team_totals_equal_the_members_hours_credited_to_the_team(project, lead, team, plan):
    """For any check-outs, corrections and voids (in this year and the last), a team's yearly and
    all-time summary rows equal the sum of the effective hours on the team's projects, per member
    and in all; a rebuild reproduces them."""
    other_project = type(project).objects.filter(code="t-proj-team").first()
    if other_project is None:
        other_project = type(project).objects.create(
            code="t-proj-team", title="队伍项目", unit=project.unit, region=project.region, lead=lead, team=team
        )
    people = [make_person() for _ in range(3)]
    for i, (who, in_team, minutes, fix, last_year) in enumerate(plan):
        start = day_at(8) - dt.timedelta(days=2 * i + (400 if last_year else 0))
        shift = make_shift(other_project if in_team else project, start, hours=4)
        entry = _serve(lead, shift, people[who], start, minutes)
        if fix >= 0:
            try:
                services.entry_correct(
                    actor=lead, entry=entry, reason="核对签到表", void=fix == 0,
                    check_out=start + dt.timedelta(minutes=fix),
                )
            except ServiceError:
                pass
    assert totals.check() == []
    ledger = selectors.effective_entries().filter(void=False, shift__project__team=team)
    for p in people:
        credited = sum(ledger.filter(person=p).values_list("credited_minutes", flat=True))
        stored = MemberTotal.objects.filter(scope=TotalScope.TEAM, key=team.pk, year=0, person=p).first()
        assert (stored.minutes if stored else 0) == credited
    all_time = HoursTotal.objects.filter(scope=TotalScope.TEAM, key=team.pk, year=0).first()
    assert (all_time.minutes if all_time else 0) == sum(ledger.values_list("credited_minutes", flat=True))
    yearly = HoursTotal.objects.filter(scope=TotalScope.TEAM, key=team.pk).exclude(year=0)
    assert sum(r.minutes for r in yearly) == (all_time.minutes if all_time else 0)
    assert all(r.parent == team.district_id for r in [*yearly, *([all_time] if all_time else [])])
    before = sorted(HoursTotal.objects.filter(minutes__gt=0).values_list("scope", "key", "year", "minutes", "parent"))
    totals.rebuild()
    after = sorted(HoursTotal.objects.values_list("scope", "key", "year", "minutes", "parent"))
    assert before == after


def test_team_leaderboard_by_year_all_time_and_district(project, lead, team):
    from youthcity.organizations.models import Unit
    from youthcity.regions.models import Region

    project.team = team
    project.save()
    v = make_person()
    _serve(lead, make_shift(project, day_at(9)), v, day_at(9), 120)
    year = day_at(9).year
    def mine(rows):
        return [(r["name"], r["minutes"], r["people"]) for r in rows if r["key"] == team.pk]

    assert mine(selectors.team_leaderboard(year)) == [("测试志愿服务队", 120, 1)]  # beside the demo team
    assert mine(selectors.team_leaderboard(0)) == [("测试志愿服务队", 120, 1)]
    assert mine(selectors.team_leaderboard(year, district_id=team.district_id)) == [("测试志愿服务队", 120, 1)]
    jianxi = Region.objects.get(code="410305")
    assert mine(selectors.team_leaderboard(year, district_id=jianxi.pk)) == []
    assert mine(selectors.leaderboard(year)["teams"]) == [("测试志愿服务队", 120, 1)]
    assert Unit.objects.exists()
