"""Careers' part of the staff's to-dos (:mod:`youthcity.core.todos`): employer verifications,
internship positions, allowance claims and employer subsidies waiting for a decision in the
department's queues (one query each)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import ngettext

from youthcity.core.todos import REVIEW, Todo

from .workflow import claim_workflow, employer_workflow, position_workflow, subsidy_workflow


def _titles():
    return (
        (employer_workflow, lambda n: ngettext("%(n)d employer waiting for verification",
                                               "%(n)d employers waiting for verification", n)),
        (position_workflow, lambda n: ngettext("%(n)d internship position waiting for approval",
                                               "%(n)d internship positions waiting for approval", n)),
        (claim_workflow, lambda n: ngettext("%(n)d allowance claim waiting for your decision",
                                            "%(n)d allowance claims waiting for your decision", n)),
        (subsidy_workflow, lambda n: ngettext("%(n)d employer subsidy application waiting for your decision",
                                              "%(n)d employer subsidy applications waiting for your decision", n)),
    )


def review_todos(user, day: dt.date) -> list[Todo]:
    items = []
    for workflow, title in _titles():
        n = workflow.waiting_count(user)
        if n:
            items.append(Todo(REVIEW, title(n) % {"n": n}, reverse("careers:queue"), count=n))
    return items


TODOS = [review_todos]
