"""Benefits' part of the staff's to-dos (:mod:`youthcity.core.todos`): applications waiting for a
decision in the reviewer's queue (one query)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import ngettext

from youthcity.core.todos import REVIEW, Todo

from .workflow import workflow


def review_todos(user, day: dt.date) -> list[Todo]:
    n = workflow.waiting_count(user)
    if not n:
        return []
    title = ngettext("%(n)d benefit application waiting for your decision",
                     "%(n)d benefit applications waiting for your decision", n) % {"n": n}
    return [Todo(REVIEW, title, reverse("benefits:queue"), count=n)]


TODOS = [review_todos]
