import datetime as dt

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from youthcity.accounts.models import EducationLevel, EmploymentStatus, YouthProfile
from youthcity.benefits import adapters
from youthcity.benefits.registry import pack_city_profile, policy_set
from youthcity.regions.models import Region


def test_blank_profile_gives_no_facts_and_never_false(db):
    assert adapters.profile_facts(YouthProfile()) == {}
    assert adapters.profile_facts(None) == {}


def test_profile_maps_to_engine_facts():
    profile = YouthProfile(birth_date=dt.date(2002, 5, 18), education_level="bachelor", is_full_time=True,
                           graduation_date=dt.date(2026, 6, 30), hukou_city="郑州市", home_city="郑州",
                           current_city="洛阳市", employment_status="job_seeking")
    facts = adapters.profile_facts(profile)
    assert facts == {"birth_date": "2002-05-18", "education_level": "bachelor", "is_full_time": True,
                     "graduation_date": "2026-06-30", "hukou_city": "zhengzhou", "home_city": "zhengzhou",
                     "current_city": "luoyang", "employment_status": "unemployed", "is_job_seeking": True}


def test_employed_profile_leaves_job_seeking_unknown():
    facts = adapters.profile_facts(YouthProfile(employment_status="employed"))
    assert facts == {"employment_status": "employed"}  # an employed person may still be looking


@pytest.mark.parametrize("name,code", [("洛阳市", "luoyang"), ("洛阳", "luoyang"), ("Zhengzhou", "zhengzhou"),
                                       ("平顶山市", "平顶山市"), ("", "")])
def test_city_code(name, code):
    assert adapters.city_code(name) == code


profiles = st.builds(
    YouthProfile,
    birth_date=st.one_of(st.none(), st.dates(dt.date(1960, 1, 1), dt.date(2012, 1, 1))),
    education_level=st.sampled_from([""] + list(EducationLevel.values)),
    is_full_time=st.sampled_from([None, True, False]),
    hukou_city=st.sampled_from(["", "洛阳市", "郑州市", "武汉市", "zhengzhou"]),
    home_city=st.sampled_from(["", "洛阳市", "开封"]),
    employment_status=st.sampled_from([""] + list(EmploymentStatus.values)),
)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profile=profiles)
def test_every_profile_gives_valid_facts_without_blanks(city, profile):
    facts = adapters.profile_facts(profile)
    assert all(v not in (None, "") for v in facts.values())
    policy_set().validate_facts(facts, dt.date(2026, 11, 21))  # never raises


def test_every_district_maps_to_an_engine_district(city):
    regions = Region.objects.filter(level=Region.Level.DISTRICT)
    codes = {r.name: adapters.district_code(r) for r in regions}
    assert len(codes) == 14 and set(codes.values()) == set(pack_city_profile().districts)
    assert codes["洛龙区"] == "luolong" and codes["嵩县"] == "songxian"  # the districts' keys in city.yaml


def test_responsible_units_resolve_to_units(city):
    assert adapters.resolve_policy_unit("市人社局（会同市科技局）").unit.code == "ly-hrss"
    assert adapters.resolve_policy_unit("市住建局").unit.code == "ly-housing"
    assert adapters.resolve_policy_unit("洛龙区住建局（洛龙区委组织部）").unit.code == "410311-housing"
    ambiguous = adapters.resolve_policy_unit("区人社局（区财政局、团区委）")
    assert ambiguous.unit is None and len(ambiguous.candidates) > 1  # a district pilot: never guessed


def test_a_remembered_resolution_follows_the_unit_directory(city, django_assert_num_queries):
    from youthcity.organizations.models import Unit, UnitAlias

    assert adapters.resolve_policy_unit("市青年发展促进中心").unit is None
    with django_assert_num_queries(0):  # remembered: no query the second time
        assert adapters.resolve_policy_unit("市青年发展促进中心").unit is None
    hrss = Unit.objects.get(code="ly-hrss")
    alias = UnitAlias.objects.create(unit=hrss, alias="市青年发展促进中心")  # a save anywhere renews the version
    assert adapters.resolve_policy_unit("市青年发展促进中心").unit == hrss
    hrss.short_name = "市人力资源社会保障局"
    hrss.save()
    alias.delete()
    assert adapters.resolve_policy_unit("市青年发展促进中心").unit is None
    assert adapters.resolve_policy_unit("市人力资源社会保障局").unit == hrss


def test_every_city_policy_names_a_real_unit(city):
    """Each Luoyang policy's lead unit is a unit of the city, except the district pilot's, which
    names no district (its '区人社局' is one of 14 and is left for the city to choose)."""
    unresolved = {
        p.id for p in policy_set().policies.values() if adapters.resolve_policy_unit(p.responsible_unit).unit is None
    }
    assert unresolved == {"pilot_internship_placement", "pilot_startup_support"}
    schooling = policy_set().policies["luolong_children_schooling"]
    assert adapters.resolve_policy_unit(schooling.responsible_unit).unit.code == "410311-edusport"


def test_amount_texts(settings):
    from django.utils import translation

    with translation.override("en"):
        assert adapters.amount_text(100000, 200000, "CNY") == "100,000–200,000 yuan"
        assert adapters.amount_text(15, None, "nights") == "up to 15 nights free"
        assert adapters.amount_text(None, None, "CNY") == ""
    with translation.override("zh-hans"):
        assert adapters.amount_text(1600, None, "CNY") == "1,600元"
