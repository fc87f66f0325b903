"""`check --deploy` warns while a production deployment still uses the console SMS or real-name back-end."""

from __future__ import annotations

from youthcity.core.checks import console_backends_in_production


def test_console_backends_warn_in_production(settings):
    settings.DEBUG = False
    settings.SMS_BACKEND = "youthcity.core.sms.ConsoleSmsBackend"
    settings.REALNAME_BACKEND = "youthcity.accounts.realname.ConsoleRealNameBackend"
    assert [m.id for m in console_backends_in_production()] == ["youthcity.W020", "youthcity.W021"]


def test_a_configured_gateway_is_not_warned_about(settings):
    settings.DEBUG = False
    settings.SMS_BACKEND = "city.sms.Gateway"
    settings.REALNAME_BACKEND = "youthcity.accounts.realname.ConsoleRealNameBackend"
    assert [m.id for m in console_backends_in_production()] == ["youthcity.W021"]


def test_development_is_not_warned(settings):
    settings.DEBUG = True
    assert console_backends_in_production() == []
