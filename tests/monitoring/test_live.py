"""Live indicators from the platform and the provider registry other apps plug into."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from youthcity.accounts.live import registered_youths
from youthcity.core import measures
from youthcity.core.measures import LiveMeasure
from youthcity.monitoring import services
from youthcity.regions.models import Region


def test_registered_youths_counts_profiles_in_the_district_by_year_end(city, users):
    luolong = Region.objects.get(code="410311")
    now = registered_youths(luolong, "2026")
    assert now >= 1  # the demo youth lives in 洛龙区
    assert registered_youths(luolong, "2000") == 0  # nobody had registered yet
    assert measures.value("registered_youths", luolong, "2026") == Decimal(now)
    assert measures.value("no_such_indicator", luolong, "2026") is None


@pytest.fixture
def youth_beds_provider():
    measures.register(LiveMeasure("youth_beds", lambda region, period: 42 if period == "2025" else None,
                                  label="beds", unit="beds", provider="tests"))
    yield
    measures.unregister("youth_beds")


def test_a_plugged_in_provider_feeds_a_submission_for_approval(fw, users, stats, youth_beds_provider):
    with pytest.raises(PermissionDenied):
        services.live_submission_create(user=users["hrss_staff"], framework=fw, period="2025")
    subs = services.live_submission_create(user=stats, framework=fw, period="2025")
    assert len(subs) == 1 and subs[0].source == "platform" and subs[0].status == "pending"
    assert subs[0].unit.code == "ly-league"  # filed under the supplying unit (团市委)
    assert subs[0].values.count() == 14 and {v.value for v in subs[0].values.all()} == {Decimal("42")}
    assert subs[0].submitted_by == stats


def test_the_framework_maps_indicators_to_live_measures(fw):
    mapped = {i.code: i.live_measure for i in fw.indicators.exclude(live_measure="")}
    assert mapped == {"youth_home_coverage": "youth_home_coverage"}
    assert fw.indicators.get(code="youth_home_coverage").live.code == "youth_home_coverage"


def test_the_current_round_proposes_the_mapped_platform_figures(fw, stats):
    from django.utils import timezone

    from youthcity.monitoring import selectors

    year = str(timezone.localdate().year)
    expected = {d.code: measures.value("youth_home_coverage", d, year) for d in selectors.districts_of(fw)}
    subs = services.live_submission_create(user=stats, framework=fw, period=year)
    values = {(v.indicator.code, v.region.code): v.value for s in subs for v in s.values.select_related(
        "indicator", "region")}
    coverage = {d: v for (code, d), v in values.items() if code == "youth_home_coverage"}
    assert coverage == {d: v for d, v in expected.items() if v is not None} and coverage
    assert all(s.status == "pending" and s.source == "platform" for s in subs)  # the office approves or corrects


@pytest.fixture
def stays_provider():
    measures.register(LiveMeasure("test_station_places", lambda region, period: 7 if period == "2025" else None,
                                  label="places", unit="beds", provider="tests"))
    yield
    measures.unregister("test_station_places")


def _with_mapping(text: str, indicator: str, code: str) -> str:
    marker = f"  - code: {indicator}\n"
    assert marker in text
    return text.replace(marker, f"{marker}    live_measure: {{code: {code}, aggregation: test}}\n")


def test_an_indicator_mapped_to_a_measure_of_another_code_reads_it(city, fw, stats, stays_provider):
    version, created = services.framework_register(
        city=city, source_text=_with_mapping(fw.source_text, "youth_beds", "test_station_places"),
        approver_unit=fw.approver_unit)
    assert created and version.indicators.get(code="youth_beds").live_measure == "test_station_places"
    subs = services.live_submission_create(user=stats, framework=version, period="2025")
    values = [v for s in subs for v in s.values.select_related("indicator")]
    assert values and {v.indicator.code for v in values} == {"youth_beds"}
    assert {v.value for v in values} == {Decimal("7")}


def test_a_mapping_to_an_unknown_measure_is_refused(city, fw):
    from youthcity.core.errors import ServiceError

    with pytest.raises(ServiceError) as exc:
        services.framework_register(city=city, source_text=_with_mapping(fw.source_text, "youth_beds", "no_such"),
                                    approver_unit=fw.approver_unit)
    assert "no_such" in exc.value.message
