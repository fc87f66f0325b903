from __future__ import annotations

import pytest


@pytest.fixture
def fw(city):
    from youthcity.monitoring.selectors import current_framework

    return current_framework("luoyang_ydi")


@pytest.fixture
def stats(city):
    from youthcity.accounts.models import User

    return User.objects.get(username="stats_staff")
