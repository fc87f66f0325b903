"""A shift that has started or ended shows no sign-up button (the service would refuse it anyway)."""

import datetime as dt

import pytest

from tests.volunteering.conftest import day_at, make_person, make_shift

pytestmark = pytest.mark.django_db


def test_past_and_running_shifts_show_no_sign_up_button(client, project):
    make_shift(project, day_at(9, days=-3))  # ended
    from django.utils import timezone

    make_shift(project, timezone.now() - dt.timedelta(minutes=30), hours=3)  # running
    make_shift(project, day_at(9, days=5))  # future
    client.force_login(make_person())
    html = client.get(f"/volunteering/{project.pk}/").content.decode()
    assert html.count('data-testid="shift-sign-up"') == 1
    assert html.count('data-testid="shift-ended"') == 1 and "已结束" in html
    assert html.count('data-testid="shift-closed"') == 1 and "报名已截止" in html
