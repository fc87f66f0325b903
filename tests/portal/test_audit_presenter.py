"""The audit trail reads as words: names instead of ids, labels instead of keys, Beijing time."""

import pytest
from auditlog.models import LogEntry
from django.utils import translation

from tests.factories import UnitFactory, staff
from youthcity.accounts.models import Membership, Role
from youthcity.portal import audit

pytestmark = pytest.mark.django_db


def _row_for(obj):
    entries = LogEntry.objects.get_for_object(obj).order_by("-timestamp")
    return audit.present(entries)[0]


def test_a_membership_change_shows_the_units_name_and_the_roles_label():
    with translation.override("zh-hans"):
        unit = UnitFactory(name="测试人社局")
        person = staff(unit, Role.UNIT_STAFF)
        membership = Membership.objects.get(user=person)
        row = _row_for(membership)
        assert row["action"] == "新建"
        news = [c["new"] for c in row["changes"]]
        assert "测试人社局" in news and str(Role.UNIT_STAFF.label) in news
        assert all("unit_staff" not in c["new"] for c in row["changes"])


def test_a_missing_related_record_and_naive_times_are_still_readable():
    with translation.override("en"):
        field = Membership._meta.get_field("unit")
        assert "no longer exists" in audit._value(field, "999999", {})
        when = audit._value(Membership._meta.get_field("created_at"), "2026-12-01 02:00:00", {})
        assert when == "2026-12-01 10:00"  # UTC 02:00 is 10:00 in Beijing
        assert audit._value(Membership._meta.get_field("is_active"), "False", {}) == "no"
        assert audit._value(field, None, {}) == "—"


def test_record_types_are_named_in_words():
    with translation.override("zh-hans"):
        names = dict(audit.record_types())
        assert names["membership"] != "membership"
