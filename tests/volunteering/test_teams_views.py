"""Team pages: the public team page, joining and leaving, the leader's requests page (404 for anyone
else, another district's staff included), my teams, and the team table of the leaderboard."""

import pytest

from tests.volunteering.conftest import make_person
from youthcity.volunteering.models import Team, TeamMembership

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(city):
    return Team.objects.get(code="haust-volunteers")


def test_public_team_page_shows_host_members_and_hours(client, team):
    page = client.get(f"/volunteering/teams/{team.pk}/").content.decode()
    assert team.name in page and "河南科技大学" in page and "队员人数" in page
    assert "登录后申请加入本队" in page
    assert "周**" in page  # the leader's name shortened on a public page


def test_join_then_the_leader_approves_on_the_requests_page(client, team):
    v = make_person()
    client.force_login(v)
    page = client.post(f"/volunteering/teams/{team.pk}/join/", follow=True).content.decode()
    assert "入队申请已提交" in page and "等待队长审核" in page
    again = client.post(f"/volunteering/teams/{team.pk}/join/", follow=True).content.decode()
    assert "您已申请加入该队伍" in again
    assert client.get(f"/volunteering/teams/{team.pk}/requests/").status_code == 404  # not the leader
    m = TeamMembership.objects.get(team=team, person=v)
    assert client.post(f"/volunteering/teams/{team.pk}/requests/", {"membership": m.pk, "decision": "approve"}).status_code == 404
    client.force_login(team.leader)
    page = client.get(f"/volunteering/teams/{team.pk}/requests/").content.decode()
    assert v.username in page and "审核通过" in page
    page = client.post(
        f"/volunteering/teams/{team.pk}/requests/", {"membership": m.pk, "decision": "approve"}, follow=True
    ).content.decode()
    assert "已加入队伍" in page
    m.refresh_from_db()
    assert m.status == "active"
    client.force_login(v)
    record = client.get("/volunteering/my/").content.decode()
    assert "我的队伍" in record and team.name in record
    page = client.post(f"/volunteering/teams/{team.pk}/leave/", follow=True).content.decode()
    assert "您已退出该队伍" in page


def test_a_refusal_without_reason_is_refused_with_a_message(client, team):
    v = make_person()
    m = TeamMembership.objects.create(team=team, person=v)
    client.force_login(team.leader)
    page = client.post(
        f"/volunteering/teams/{team.pk}/requests/", {"membership": m.pk, "decision": "refuse"}, follow=True
    ).content.decode()
    assert "请填写不通过的理由" in page
    m.refresh_from_db()
    assert m.status == "requested"


def test_host_staff_see_the_requests_page_and_another_districts_staff_do_not(client, team):
    from tests.factories import region_role, staff
    from youthcity.accounts.models import Role
    from youthcity.organizations.models import Unit
    from youthcity.regions.models import Region

    host_staff = staff(Unit.objects.get(code="ly-haust"), username="haust_staff")
    client.force_login(host_staff)
    assert client.get(f"/volunteering/teams/{team.pk}/requests/").status_code == 200
    client.force_login(region_role(Region.objects.get(code="410305"), Role.ADMIN, username="jianxi_admin2"))
    assert client.get(f"/volunteering/teams/{team.pk}/requests/").status_code == 404


def test_the_demo_team_is_on_the_leaderboard_and_filters_work(client, team):
    page = client.get("/volunteering/leaderboard/").content.decode()
    assert "按志愿服务队" in page and f'href="/volunteering/teams/{team.pk}/"' in page
    page = client.get("/volunteering/leaderboard/", {"teams": "all", "district": team.district_id}).content.decode()
    assert team.name in page
    jianxi = team.district.__class__.objects.get(code="410305")
    page = client.get("/volunteering/leaderboard/", {"district": jianxi.pk}).content.decode()
    assert f'href="/volunteering/teams/{team.pk}/"' not in page
