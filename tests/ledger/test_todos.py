"""Staff land on their to-dos: reports due and overdue for their units, reviews waiting and late
units for coordinators — never another unit's or another region's items."""

from __future__ import annotations

import datetime as dt

import pytest

from youthcity.core import todos as core_todos
from youthcity.ledger import services, todos
from youthcity.ledger.models import Measure, ProgressReport, Responsibility
from youthcity.ledger.views import chart_label

pytestmark = pytest.mark.django_db


def _lead_measures(unit_code: str) -> int:
    return Measure.objects.filter(responsibilities__unit__code=unit_code,
                                  responsibilities__role=Responsibility.Role.LEAD).count()


def test_unit_staff_see_reports_due_for_their_own_units(users, published, today):
    items = todos.unit_todos(users["hrss_staff"], today)
    assert items and all(t.kind == "due" for t in items)
    reported_now = ProgressReport.objects.filter(unit__code="ly-hrss", period__starts_on__lte=today,
                                                 period__due_on__gte=today).exclude(review__decision="returned") \
        .values("measure").distinct().count()
    assert sum(t.count for t in items) == _lead_measures("ly-hrss") - reported_now
    assert all(t.url == "/work/ledger/mine/" and t.detail for t in items)
    # A coordinator has no unit of their own to report for; a young person has nothing at all.
    assert todos.unit_todos(users["coordinator"], today) == []
    assert core_todos.for_user(users["youth"], today) == []


def test_a_missed_period_becomes_overdue_and_the_coordinator_sees_the_late_units(users, published, today):
    later = max(p.due_on for p in published.periods.filter(starts_on__lte=today)) + dt.timedelta(days=1)
    staff = todos.unit_todos(users["hrss_staff"], later)
    assert any(t.kind == "overdue" for t in staff)
    overdue = [t for t in staff if t.kind == "overdue"]
    assert "逾期" in overdue[0].title or "overdue" in overdue[0].title
    coordinator = todos.coordinator_todos(users["coordinator"], later)
    late = [t for t in coordinator if t.kind == "overdue"]
    assert late and late[0].url == f"/work/ledger/plans/{published.pk}/" or any(
        t.url == f"/work/ledger/plans/{published.pk}/" for t in late)
    # 洛龙区's coordinator never hears about the city's plan.
    assert all(t.detail != published.title for t in todos.coordinator_todos(users["luolong_coordinator"], later))


def test_reviews_waiting_are_a_coordinators_todo(users, published, today):
    measure = Measure.objects.filter(project__plan=published, responsibilities__unit__code="ly-hrss").first()
    services.progress_report_submit(user=users["hrss_staff"], measure=measure, unit=measure.units.get(code="ly-hrss"),
                                    narrative="本季度推进顺利。", values={})
    waiting = [t for t in todos.coordinator_todos(users["coordinator"], today) if t.kind == "review"]
    assert waiting and waiting[0].count == ProgressReport.objects.filter(
        review__isnull=True, measure__project__plan__region__path__startswith=published.region.path).count()
    assert not [t for t in todos.coordinator_todos(users["luolong_coordinator"], today) if t.kind == "review"
                and t.count >= waiting[0].count]


def test_the_landing_page_lists_todos_before_units(client, users, published):
    client.force_login(users["hrss_staff"])
    page = client.get("/work/").content.decode()
    assert page.index('data-testid="todos"') < page.index('data-testid="units"')
    assert "我的待办" in page and "需报送进展" in page
    client.force_login(users["youth"])
    assert client.get("/work/").status_code == 403


def test_todos_come_overdue_first():
    items = [core_todos.Todo(kind="review", title="a", url="/"), core_todos.Todo(kind="due", title="b", url="/",
             due_on=dt.date(2026, 1, 10)), core_todos.Todo(kind="overdue", title="c", url="/")]
    core_todos.register("zz-test", lambda user, day: items)
    try:
        assert [t.kind for t in core_todos.for_user(None, dt.date(2026, 1, 1)) if t.title in "abc"] == \
            ["overdue", "due", "review"]
    finally:
        core_todos._providers.pop("zz-test")


@pytest.mark.parametrize("label,short", [
    ("（一）、开展引才聚才行动，打造青年活力洛龙", "开展引才聚才行动"),
    ("(二)优化育才成才行动", "优化育才成才行动"),
    ("一、实施青年发展友好型城市建设的十大重点工程", "实施青年发展友…"),
    ("市人社局", "市人社局"),
    ("", ""),
])
def test_chart_labels_fit_a_phone(label, short):
    assert chart_label(label) == short
    assert len(chart_label(label)) <= 8
