"""Issue 14, teams: on a phone a volunteer asks to join a volunteer team, the team leader approves on
the requests page, the volunteer sees the team under "my teams", serves a shift of the team's
project, and after the lead's check-out the team's hours show on the team page and the team
leaderboard."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, logout, shot
from tests.volunteering.conftest import make_person, make_shift

PASSWORD = "x-Password-2026"


def test_join_team_leader_approves_hours_reach_the_team_leaderboard(page):
    from youthcity.volunteering import services
    from youthcity.volunteering.models import Project, ShiftSignUp, Team

    team = Team.objects.get(code="haust-volunteers")
    project = Project.objects.get(code="demo-community-tutoring")
    volunteer = make_person("vol_team_a")

    login(page, "vol_team_a", PASSWORD)
    page.goto(page.base + f"/volunteering/teams/{team.pk}/")
    expect(page.locator("[data-testid=team-name]")).to_contain_text("河南科技大学青年志愿者服务队")
    page.click("[data-testid=team-join]")
    expect(page.locator(".alert-success")).to_contain_text("入队申请已提交")
    expect(page.locator("[data-testid=team-requested]")).to_be_visible()
    assert_accessible(page)
    shot(page, "volunteering-team-requested")

    logout(page)
    login(page, "vol_team_leader")
    page.goto(page.base + f"/volunteering/teams/{team.pk}/")
    page.click("[data-testid=team-requests-link]")
    row = page.locator("[data-testid=team-requests] li", has_text="vol_team_a")
    assert_accessible(page)
    shot(page, "volunteering-team-requests")
    row.locator("[data-testid=team-approve]").click()
    expect(page.locator(".alert-success")).to_contain_text("已加入队伍")

    # the volunteer serves a shift of the team's project this morning; the project lead records it
    start = timezone.localtime().replace(second=0, microsecond=0) - dt.timedelta(hours=4)
    shift = make_shift(project, start, hours=3)
    ShiftSignUp.objects.create(shift=shift, person=volunteer)
    lead = project.lead
    entry = services.check_in(actor=lead, shift=shift, person=volunteer, at=start)
    services.check_out(actor=lead, entry=entry, at=start + dt.timedelta(hours=2))

    logout(page)
    login(page, "vol_team_a", PASSWORD)
    page.goto(page.base + "/volunteering/my/")
    expect(page.locator("[data-testid=my-teams]")).to_contain_text("河南科技大学青年志愿者服务队")
    expect(page.locator("[data-testid=my-teams]")).to_contain_text("队员")
    page.goto(page.base + "/volunteering/leaderboard/")
    board = page.locator("[data-testid=by-team]")
    expect(board).to_contain_text("河南科技大学青年志愿者服务队")
    page.select_option("#id_teams", "all")
    page.get_by_role("button", name="查看").click()
    expect(page.locator("[data-testid=by-team]")).to_contain_text("河南科技大学青年志愿者服务队")
    assert_accessible(page)
    shot(page, "volunteering-team-leaderboard")
    page.locator("[data-testid=by-team] a", has_text="河南科技大学青年志愿者服务队").click()
    expect(page.locator("[data-testid=team-members]")).to_contain_text("2")
    hours = float(page.locator("[data-testid=team-year-hours]").inner_text())
    assert hours >= 2.0
    assert_accessible(page)
    shot(page, "volunteering-team-page")
