"""Every community page renders in Chinese on the demo city."""

import pytest

from youthcity.community.models import Event, YouthHome

pytestmark = pytest.mark.django_db


def test_public_pages_render(client, city):
    assert YouthHome.objects.count() == 26
    for url in ("/events/", "/youth-homes/", "/volunteering/", "/volunteering/verify/"):
        r = client.get(url)
        assert r.status_code == 200, url
    page = client.get("/youth-homes/").content.decode()
    assert "26" in page and "45" in page
    event = Event.objects.filter(code="demo-night-school").get()
    assert client.get(f"/events/{event.pk}/").status_code == 200
