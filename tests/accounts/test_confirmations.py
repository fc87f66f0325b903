"""Confirmation messages in the inbox when someone applies or books; the unread count on a phone;
a staff reveal of an ID number appears on the person's "who looked at my data"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from youthcity.accounts.models import AccessLog


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()


def test_applying_for_a_benefit_puts_a_confirmation_in_the_inbox(city):
    from tests.benefits.conftest import INTERVIEW, interview_documents, make_youth
    from youthcity.benefits import services

    person = make_youth("confirm_apply")
    application = services.application_submit(applicant=person, policy_id=INTERVIEW,
                                               documents=interview_documents(),
                                               stated_facts={"has_interview_invitation": True})
    note = person.notifications.get(kind="benefits.submitted")
    assert "已收到" in note.title and str(application.pk) in note.url


def test_booking_a_bed_puts_a_confirmation_in_the_inbox_and_the_badge_shows_on_a_phone(client, city):
    from tests.stations.conftest import make_station, make_youth
    from youthcity.stations import services

    station = make_station("confirm")
    person = make_youth("confirm_book")
    today = timezone.localdate()
    services.booking_create(person=person, station=station, check_in=today, check_out=today + dt.timedelta(days=2))
    note = person.notifications.get(kind="stations.booked")
    assert station.name in note.title and "预订已确认" in note.title
    client.force_login(person)
    page = client.get("/").content.decode()
    # outside the collapsed menu: visible on a phone without opening it
    before_menu = page.split('id="nav"')[0]
    assert 'data-testid="unread-count-phone"' in before_menu


def test_revealing_an_id_number_at_check_in_is_logged_for_the_person(city, users):
    from tests.stations.conftest import make_station, make_youth
    from youthcity.stations import services

    station = make_station("reveal")
    person = make_youth("reveal_me")
    person.id_number = "410302199901011230"
    person.save()
    today = timezone.localdate()
    booking, _ = services.booking_create(person=person, station=station, check_in=today,
                                         check_out=today + dt.timedelta(days=1))
    services.identity_reveal(booking=booking, staff=users["station_staff"])
    entry = AccessLog.objects.get(subject=person)
    assert entry.viewer == users["station_staff"] and entry.fields == ["id_number"]
    assert station.name in entry.purpose
