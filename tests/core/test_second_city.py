"""A city is data: a second, minimal city pack loads from its folder with no code change."""

from __future__ import annotations

from pathlib import Path

import pytest

from youthcity.accounts.models import Membership, Role, User
from youthcity.accounts.permissions import scope_units
from youthcity.benefits import adapters
from youthcity.benefits import selectors as benefit_selectors
from youthcity.benefits.registry import registry
from youthcity.core.city_pack import CITIES_DIR, load_city_pack
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

MINICITY = Path(__file__).resolve().parent.parent / "fixtures" / "cities" / "minicity"


@pytest.fixture
def minicity(city, settings):
    report = load_city_pack(MINICITY, demo=True)
    settings.YOUTHCITY_CITY_PACK = str(MINICITY)
    yield report
    registry.reload(CITIES_DIR / "luoyang" / "policies")  # the one registry goes back to the demo city's


def test_a_second_city_loads_from_its_folder(minicity):
    city = Region.objects.get(code="990000")
    assert sorted(r.name for r in city.children.all()) == ["东区", "西县"]
    assert Region.objects.get(name="东一社区").district().name == "东区"
    # units, including every district's own department from the template, with its local short name
    assert Unit.objects.get(code="990001-hrss").short_name == "东区人社局"
    assert Unit.objects.get(code="990002-hrss").short_name == "西县人社局"
    # demo people with their roles, scoped to the new city only
    coordinator = User.objects.get(username="sample_coordinator")
    assert Membership.objects.get(user=coordinator).role == Role.COORDINATOR
    assert set(scope_units(coordinator).values_list("code", flat=True)) == {
        "sc-hrss", "sc-stats", "990001-hrss", "990002-hrss"}
    assert User.objects.get(username="sample_youth").youth_profile.current_region.name == "东区"
    # its policies are the one registry's now, and the finder offers its cities and districts
    assert list(registry.get().policies) == ["sample_allowance"]
    assert [code for code, _ in adapters.city_names()] == ["sample", "zhengzhou", "other"]
    assert adapters.city_code("样例市") == "sample"
    assert benefit_selectors.city_districts() == [("east", "东区"), ("west", "西县")]


def test_a_second_city_loads_twice_without_change(minicity):
    assert minicity.changed
    assert not load_city_pack(MINICITY, demo=True).changed


def test_a_real_city_loads_without_demo_people(city):
    load_city_pack(MINICITY, demo=False)
    assert Region.objects.filter(code="990000").exists() and Unit.objects.filter(code="sc-hrss").exists()
    assert not User.objects.filter(username__startswith="sample_").exists()
    registry.reload(CITIES_DIR / "luoyang" / "policies")
