"""The hand-written statements of the hot paths (youthcity/core/sql.py) behave as the ORM would,
on SQLite and on PostgreSQL: the same instances, the same rows, the same refusals."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from youthcity.accounts.models import ApiToken, User
from youthcity.core import sql
from youthcity.core.models import Notification

pytestmark = pytest.mark.django_db


def test_instances_match_the_orm_whatever_the_column_order(users):
    user = users["youth"]
    cols = [f.column for f in User._meta.concrete_fields]
    shuffled = list(reversed(cols))
    statement = (f"SELECT {', '.join(shuffled)}, 41 + 1 AS answer FROM {sql.table(User)} "
                 f"WHERE {sql.column(User, 'id')} = %s")
    (got,) = sql.instances(User, statement, [user.pk])
    expected = User.objects.get(pk=user.pk)
    for field in User._meta.concrete_fields:
        assert getattr(got, field.attname) == getattr(expected, field.attname), field.name
    assert got.is_active is True  # SQLite's 1, through the field's converter
    assert got.date_joined.tzinfo is not None  # SQLite's text, an aware datetime
    assert got.answer == 42  # a column that is no field: an attribute
    assert got._state.adding is False and got._state.db == "default"


def test_instances_of_a_partial_select_defer_the_rest(users):
    user = users["youth"]
    (got,) = sql.instances(User, f"SELECT {sql.column(User, 'id')}, {sql.column(User, 'username')} "
                                 f"FROM {sql.table(User)} WHERE {sql.column(User, 'id')} = %s", [user.pk])
    assert got.username == user.username
    assert "email" in got.get_deferred_fields()
    assert got.email == user.email  # loaded when asked for
    assert sql.instances(User, f"SELECT * FROM {sql.table(User)} WHERE {sql.column(User, 'id')} = %s", [-1]) == []


def test_insert_fills_auto_fields_and_the_key(users):
    note = Notification(recipient=users["youth"], kind="test.kind", title="标题", channels=["inbox"], dedupe_key="k1")
    assert sql.insert(note, ignore_conflicts=True) is True
    assert note.pk is not None and note._state.adding is False
    stored = Notification.objects.get(pk=note.pk)
    assert stored.title == "标题" and stored.channels == ["inbox"] and stored.delivered == {}
    assert stored.created_at is not None and abs(stored.created_at - timezone.now()) < dt.timedelta(minutes=1)


def test_a_conflict_is_skipped_only_when_asked(users):
    def note():
        return Notification(recipient=users["youth"], kind="test.kind", title="t", dedupe_key="same")

    assert sql.insert(note(), ignore_conflicts=True)
    assert sql.insert(note(), ignore_conflicts=True) is False
    assert Notification.objects.filter(dedupe_key="same").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        sql.insert(note())


def test_run_all_runs_in_order_and_stops_at_a_failure(users):
    user = users["youth"]
    now = timezone.now()

    def token(h):
        return sql.insert_statement(ApiToken(user=user, key_hash=h, prefix="p", expires_at=now))

    sql.run_all([token("a" * 64), token("b" * 64)])
    assert set(ApiToken.objects.filter(user=user).values_list("key_hash", flat=True)) >= {"a" * 64, "b" * 64}
    with pytest.raises(IntegrityError), transaction.atomic():
        sql.run_all([token("c" * 64), token("a" * 64), token("d" * 64)])
    assert not ApiToken.objects.filter(key_hash__in=["c" * 64, "d" * 64]).exists()  # rolled back, never ran


def test_dates_read_back_as_dates(users):
    assert sql.to_date("2026-12-02") == dt.date(2026, 12, 2)
    assert sql.to_date(dt.date(2026, 12, 2)) == dt.date(2026, 12, 2)
    (value,), = sql.rows(f"SELECT {sql.column(User, 'date_joined')} FROM {sql.table(User)} "
                         f"WHERE {sql.column(User, 'id')} = %s", [users["youth"].pk])
    assert value is not None
