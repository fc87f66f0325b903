"""The ledger's part of the staff's to-dos (:mod:`youthcity.core.todos`).

- Unit staff: progress reports their units owe — for the open period (due) and for the latest
  period whose due date has passed (overdue) — one line per plan, with the number of measures.
- Coordinators: reports waiting for their review, and per plan the lead units late with reports
  for the latest past-due period.

A fixed number of queries whatever the number of plans, measures or units.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import ngettext

from youthcity.accounts.permissions import member_unit_ids
from youthcity.core.todos import DUE, OVERDUE, REVIEW, Todo

from . import selectors
from .models import ProgressReport, ReportingPeriod, ReportReview, Responsibility


def _periods(plan_ids, day: dt.date) -> tuple[dict[int, ReportingPeriod], dict[int, ReportingPeriod]]:
    """Per plan: the open period (earliest not yet due) and the latest period already past due."""
    open_, past = {}, {}
    for period in ReportingPeriod.objects.filter(plan_id__in=plan_ids, starts_on__lte=day).order_by("starts_on"):
        if period.due_on >= day:
            open_.setdefault(period.plan_id, period)
        else:
            past[period.plan_id] = period
    return open_, past


def _reported(periods, unit_ids=None) -> set[tuple[int, int, int]]:
    qs = ProgressReport.objects.filter(period__in=periods).exclude(review__decision=ReportReview.Decision.RETURNED)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return set(qs.values_list("period_id", "measure_id", "unit_id"))


def _period_label(period: ReportingPeriod) -> str:
    return f"{period.starts_on:%Y-%m-%d} – {period.ends_on:%Y-%m-%d}"


def unit_todos(user, day: dt.date) -> list[Todo]:
    units = member_unit_ids(user)
    if not units:
        return []
    lead = list(Responsibility.objects.filter(unit_id__in=units, role=Responsibility.Role.LEAD)
                .values_list("measure_id", "unit_id", "measure__project__plan_id", "measure__project__plan__title"))
    if not lead:
        return []
    titles = {plan_id: title for _m, _u, plan_id, title in lead}
    open_, past = _periods(titles, day)
    reported = _reported(list(open_.values()) + list(past.values()), units)
    missing: dict[tuple[str, int], int] = defaultdict(int)
    for measure_id, unit_id, plan_id, _title in lead:
        for kind, periods in ((DUE, open_), (OVERDUE, past)):
            period = periods.get(plan_id)
            if period is not None and (period.pk, measure_id, unit_id) not in reported:
                missing[(kind, plan_id)] += 1
    url = reverse("ledger:my-ledger")
    items = []
    for (kind, plan_id), n in missing.items():
        period = (open_ if kind == DUE else past)[plan_id]
        if kind == DUE:
            title = ngettext("%(n)d measure needs a progress report for %(period)s by %(date)s",
                             "%(n)d measures need a progress report for %(period)s by %(date)s", n)
        else:
            title = ngettext("%(n)d progress report for %(period)s is overdue since %(date)s",
                             "%(n)d progress reports for %(period)s are overdue since %(date)s", n)
        items.append(Todo(kind=kind, url=url, count=n, due_on=period.due_on, detail=titles[plan_id],
                          title=title % {"n": n, "period": _period_label(period), "date": f"{period.due_on:%Y-%m-%d}"}))
    return items


def coordinator_todos(user, day: dt.date) -> list[Todo]:
    regions = selectors.coordinated_regions(user)
    if not regions.exists():
        return []
    items = []
    waiting = selectors.pending_reviews(user).count()
    if waiting:
        items.append(Todo(kind=REVIEW, url=reverse("ledger:home") + "#pending-h", count=waiting,
                          title=ngettext("%(n)d progress report awaits your review",
                                         "%(n)d progress reports await your review", waiting) % {"n": waiting}))
    lead = list(Responsibility.objects.filter(role=Responsibility.Role.LEAD, measure__project__plan__region__in=regions)
                .values_list("measure_id", "unit_id", "measure__project__plan_id", "measure__project__plan__title"))
    titles = {plan_id: title for _m, _u, plan_id, title in lead}
    _open, past = _periods(titles, day)
    reported = _reported(list(past.values()))
    late: dict[int, set[int]] = defaultdict(set)
    for measure_id, unit_id, plan_id, _title in lead:
        period = past.get(plan_id)
        if period is not None and (period.pk, measure_id, unit_id) not in reported:
            late[plan_id].add(unit_id)
    for plan_id, unit_ids in late.items():
        n, period = len(unit_ids), past[plan_id]
        items.append(Todo(kind=OVERDUE, url=reverse("ledger:plan", args=[plan_id]), count=n, due_on=period.due_on,
                          detail=titles[plan_id],
                          title=ngettext("%(n)d unit is late with progress reports for %(period)s",
                                         "%(n)d units are late with progress reports for %(period)s", n)
                          % {"n": n, "period": _period_label(period)}))
    return items


TODOS = [unit_todos, coordinator_todos]
