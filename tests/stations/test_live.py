"""Station figures feed the monitoring system's live indicators (demo city: 3 past stays)."""

from django.utils import timezone

from youthcity.core.measures import all_measures as live_indicators
from youthcity.core.measures import value as live_value
from youthcity.regions.models import Region


def test_station_live_indicators_are_registered(city):
    assert {"station_stays", "station_retention", "station_beds"} <= {i.code for i in live_indicators()}


def test_station_live_values_per_district_and_city(city):
    luolong, jianxi = Region.objects.get(name="洛龙区"), Region.objects.get(name="涧西区")
    assert live_value("station_stays", luolong, "2026") == 2
    assert live_value("station_stays", city, "2026") == 3
    assert live_value("station_stays", luolong, "2025") == 0
    assert live_value("station_retention", luolong, "2026") == 50  # 王 stays, 李 leaves
    assert live_value("station_retention", jianxi, "2026") == 100
    assert float(live_value("station_retention", city, "2026")) == 66.7
    assert live_value("station_retention", city, "2025") is None  # nobody followed up: no figure, not zero
    this_year = str(timezone.localdate().year)
    assert live_value("station_beds", luolong, this_year) == 12 and live_value("station_beds", city, this_year) == 18
    assert live_value("station_beds", city, "2020") is None  # no history of beds
