import datetime as dt

import pytest
from auditlog.models import LogEntry

from youthcity.accounts.demo import synthetic_youths
from youthcity.core.city_pack import load_city_pack, open_pack
from youthcity.organizations.models import Unit
from youthcity.organizations.selectors import resolve_unit
from youthcity.regions.models import Region

LUOYANG_DISTRICTS = ["洛龙区", "西工区", "老城区", "瀍河回族区", "涧西区", "偃师区", "孟津区", "新安县", "宜阳县",
                     "洛宁县", "伊川县", "汝阳县", "嵩县", "栾川县"]


def test_region_tree_has_every_district_with_townships(city):
    districts = Region.objects.filter(level=Region.Level.DISTRICT, parent=city)
    assert sorted(d.name for d in districts) == sorted(LUOYANG_DISTRICTS)
    for d in districts:
        assert d.children.filter(level=Region.Level.TOWNSHIP).count() >= 3, d.name
    community = Region.objects.get(name="开元社区")
    assert [r.name for r in community.ancestors()] == ["洛阳市", "洛龙区", "开元路街道", "开元社区"]
    assert community.district().name == "洛龙区"
    assert city.contains(community) and not community.contains(city)


@pytest.mark.parametrize("alias,official", [
    ("市人社局", "洛阳市人力资源和社会保障局"),
    ("团市委", "共青团洛阳市委员会"),
    ("市发改委", "洛阳市发展和改革委员会"),
    ("市住房和城乡建设局", "洛阳市住房和城乡建设局"),
    ("洛阳市统计局", "洛阳市统计局"),
    (" 市委组织部 ", "中共洛阳市委组织部"),
    ("市人社局等", "洛阳市人力资源和社会保障局"),
])
def test_city_unit_aliases_resolve(city, alias, official):
    match = resolve_unit(alias)
    assert match.resolved and match.unit.name == official


def test_district_alias_resolves_within_the_plans_region_only(city):
    luolong = Region.objects.get(name="洛龙区")
    match = resolve_unit("区人社局", region=luolong)
    assert match.unit.name == "洛龙区人力资源和社会保障局"
    ambiguous = resolve_unit("区人社局")
    assert not ambiguous.resolved and len(ambiguous.candidates) == 7  # the 7 districts; counties say 县人社局
    assert not resolve_unit("两乡四办", region=luolong).resolved  # flagged, never guessed
    township = Region.objects.get(name="开元路街道")
    assert resolve_unit("团区委", region=township).unit.short_name == "洛龙区团委"


def test_loading_twice_changes_nothing(city):
    before = (Region.objects.count(), Unit.objects.count(), LogEntry.objects.count())
    report = load_city_pack("luoyang", demo=True)
    assert not report.changed, (report.created, report.updated)
    assert (Region.objects.count(), Unit.objects.count(), LogEntry.objects.count()) == before


def test_synthetic_youths_are_seeded_realistic_and_idempotent(city):
    from youthcity.accounts.models import YouthProfile

    pack = open_pack("luoyang")
    first = synthetic_youths(pack, 60, seed=7)
    assert first.created == {"synthetic_youth": 60}
    profiles = list(YouthProfile.objects.filter(user__username__startswith="youth0").order_by("user__username"))
    snapshot = [(p.user.display_name, p.birth_date, p.education_level, p.current_region_id) for p in profiles]
    assert not synthetic_youths(pack, 60, seed=7).changed
    ages = [p.age_on(dt.date(2026, 11, 1)) for p in profiles]
    assert min(ages) >= 18 and max(ages) <= 35
    for p in profiles:
        assert p.graduation_date > p.birth_date + dt.timedelta(days=17 * 365)
        assert (p.employment_status == "student") == (p.graduation_date > dt.date(2026, 11, 1))
    assert len({p.current_region_id for p in profiles}) > 5
    again = [(p.user.display_name, p.birth_date, p.education_level, p.current_region_id)
             for p in YouthProfile.objects.filter(user__username__startswith="youth0").order_by("user__username")]
    assert again == snapshot


def test_demo_command_is_idempotent(city, capsys):
    from django.core.management import call_command

    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "nothing changed" in out
    assert "coordinator" in out and "YouthCity-demo-2026" in out


def test_a_district_plan_never_resolves_to_another_districts_unit(city):
    jianxi = Region.objects.get(name="涧西区")
    match = resolve_unit("区委编办", region=jianxi)  # only 洛龙区 has one in the demo city
    assert not match.resolved and [u.region.name for u in match.candidates] == ["洛龙区"]
    assert resolve_unit("区委编办", region=Region.objects.get(name="洛龙区")).resolved
    assert resolve_unit("市人社局", region=jianxi).unit.code == "ly-hrss"  # city units are in reach
    assert resolve_unit("区委编办").resolved  # without a region, a unique name resolves
