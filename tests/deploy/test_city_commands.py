"""A real city without demo accounts: load_city, create_admin, and demo refusing production mode."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from youthcity.accounts.models import Membership, Role, User


@pytest.fixture(autouse=True)
def empty_database(db):
    """A server before its first city: the suite's demo city is removed inside the test's transaction
    (rolled back afterwards); content types stay, as after `migrate`."""
    from django.core.management.color import no_style
    from django.db import connection

    keep = {"django_content_type", "auth_permission", "django_migrations"}
    tables = [t for t in connection.introspection.django_table_names(only_existing=True) if t not in keep]
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=False):
            cursor.execute(sql)

DEMO_USERNAMES = {"coordinator", "leader", "hrss_staff", "youth", "station_staff", "stats_staff", "applicant_zheng"}
STRONG = "Luoyang-Peony-2026!"


def _run(name, *args, **kwargs) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, **kwargs)
    return out.getvalue()


def test_create_admin_takes_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("YOUTHCITY_ADMIN_PASSWORD", STRONG)
    _run("create_admin", "--username", "city_admin")
    user = User.objects.get(username="city_admin")
    assert user.is_superuser and user.is_staff and user.check_password(STRONG)


@pytest.mark.parametrize("weak", ["12345678", "password", "city_admin1", "short"])
def test_create_admin_refuses_a_weak_password_and_writes_nothing(monkeypatch, weak):
    monkeypatch.setenv("YOUTHCITY_ADMIN_PASSWORD", weak)
    with pytest.raises(CommandError, match="refused"):
        _run("create_admin", "--username", "city_admin")
    assert not User.objects.filter(username="city_admin").exists()


def test_create_admin_needs_a_password_without_a_terminal(monkeypatch):
    monkeypatch.delenv("YOUTHCITY_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="YOUTHCITY_ADMIN_PASSWORD"):
        _run("create_admin")


def test_create_admin_does_not_overwrite_an_existing_user_unless_asked(monkeypatch):
    monkeypatch.setenv("YOUTHCITY_ADMIN_PASSWORD", STRONG)
    _run("create_admin")
    monkeypatch.setenv("YOUTHCITY_ADMIN_PASSWORD", STRONG + "x")
    with pytest.raises(CommandError, match="already exists"):
        _run("create_admin")
    assert User.objects.get(username="admin").check_password(STRONG)
    _run("create_admin", "--reset-password")
    assert User.objects.get(username="admin").check_password(STRONG + "x")


def test_load_city_loads_the_structure_without_demo_accounts(monkeypatch):
    from youthcity.ledger.models import Plan, ProgressReport
    from youthcity.monitoring.models import FrameworkVersion, IndexRun, Submission
    from youthcity.organizations.models import Unit
    from youthcity.regions.models import Region
    from youthcity.stations.models import Bed, Booking

    monkeypatch.setenv("YOUTHCITY_ADMIN_PASSWORD", STRONG)
    _run("create_admin")
    out = _run("load_city", "luoyang")
    assert "structure only" in out
    assert Region.objects.count() > 10 and Unit.objects.count() > 10
    assert Plan.objects.exists() and FrameworkVersion.objects.exists() and Bed.objects.exists()
    assert set(User.objects.values_list("username", flat=True)) == {"admin"}
    assert not Booking.objects.exists() and not ProgressReport.objects.exists()
    assert not Submission.objects.exists() and not IndexRun.objects.exists()
    assert "nothing changed" in _run("load_city", "luoyang")


def test_an_administrator_created_after_the_city_is_its_admin(monkeypatch):
    _run("load_city", "luoyang")
    monkeypatch.setenv("YOUTHCITY_ADMIN_PASSWORD", STRONG)
    _run("create_admin")
    membership = Membership.objects.get(user__username="admin")
    assert (membership.role, membership.region.code) == (Role.ADMIN, "410300")


def test_load_city_without_an_administrator_skips_the_plans_and_says_so():
    from youthcity.ledger.models import Plan

    out = _run("load_city", "luoyang")
    assert "create_admin" in out
    assert not Plan.objects.exists() and not User.objects.exists()


def test_load_city_refuses_an_unknown_city():
    with pytest.raises(CommandError, match="atlantis"):
        _run("load_city", "atlantis")


@override_settings(DEBUG=False)
def test_demo_refuses_production_mode():
    with pytest.raises(CommandError, match="DEBUG=1"):
        _run("demo", "--no-serve")
    assert not User.objects.filter(username__in=DEMO_USERNAMES).exists()
