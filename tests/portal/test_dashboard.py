"""The leaders' headline counts come from one cached grouped count, never a count per request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import youth
from youthcity.accounts.selectors import youth_counts_by_region
from youthcity.regions.models import Region

pytestmark = pytest.mark.django_db


def test_counts_agree_with_the_profiles_and_are_read_from_the_cache(client, users, city):
    district = Region.objects.get(code="410311")
    before = youth_counts_by_region().get(district.pk, 0)
    client.force_login(users["leader"])
    page = client.get("/dashboard/").content.decode()
    assert f"{before:,}" in page or str(before) in page
    with CaptureQueriesContext(connection) as ctx:
        client.get("/dashboard/")
    counting = [q["sql"] for q in ctx.captured_queries if "youthprofile" in q["sql"].lower() and "count(" in q["sql"].lower()]
    assert not counting, counting


def test_a_new_profile_counts_once_the_cache_expires(city):
    from django.core.cache import cache

    district = Region.objects.get(code="410311")
    before = youth_counts_by_region().get(district.pk, 0)
    youth(current_region=district)
    assert youth_counts_by_region().get(district.pk, 0) == before  # still the cached figure
    cache.delete("accounts:youth_counts_by_region")
    assert youth_counts_by_region()[district.pk] == before + 1
