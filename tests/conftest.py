"""Shared fixtures. The demo city pack is loaded once per test database; tests that need
other data build it with the factories in ``tests/factories.py``."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests check behaviour, never speed (speed is measured in bench/): no per-example
# deadline, so a busy CI machine cannot fail them.
hypothesis_settings.register_profile("youthcity", deadline=None)
hypothesis_settings.load_profile("youthcity")

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def pytest_configure(config):
    from django.conf import settings

    # Argon2 is deliberately slow; tests hash with MD5 unless they check hashing itself.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    settings.SMS_BACKEND = "youthcity.core.sms.LocmemSmsBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.AXES_ENABLED = True


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    if not settings.IS_POSTGRES:
        skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://…)")
        for item in items:
            if "pg_only" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from youthcity.core.city_pack import load_city_pack

    with django_db_blocker.unblock():
        load_city_pack("luoyang", demo=True)


@pytest.fixture
def city(db):
    """The Luoyang demo city (regions, units, demo users). Reloaded if a transactional test flushed it."""
    from youthcity.core.city_pack import load_city_pack
    from youthcity.regions.models import Region

    if not Region.objects.filter(code="410300").exists():
        load_city_pack("luoyang", demo=True)
    return Region.objects.get(code="410300")


@pytest.fixture
def users(city):
    """Demo users by username."""
    from youthcity.accounts.models import User

    return {u.username: u for u in User.objects.filter(username__in=[
        "admin", "coordinator", "leader", "hrss_staff", "hrss_reviewer", "housing_staff", "league_staff",
        "station_staff", "luolong_coordinator", "youth"])}


@pytest.fixture
def api_client():
    from django.test import Client

    return Client()


def bearer(user) -> dict:
    """Headers for an API call as ``user``."""
    from youthcity.accounts.services import api_token_create

    _, raw = api_token_create(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (headline counts and policies are cached between requests)."""
    from django.core.cache import cache

    from youthcity.organizations.selectors import forget_directory_version

    cache.clear()
    forget_directory_version()
    yield
