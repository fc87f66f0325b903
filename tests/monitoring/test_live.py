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
