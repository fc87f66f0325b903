"""Supervision rule (督导亮灯): the status of a target or measure from progress against time.

Pure functions, no Django. The rule is documented in docs/ledger-supervision.md:

- progress ``p`` = share of the way from baseline to target reached (0…1, capped), or the
  unit's self-assessed completion for measures without quantitative targets;
- expected ``e`` = elapsed share of the time from start to deadline (0…1);
- done      when the comparator is satisfied (achieved >= / > / <= target; "=" counts as >=);
- overdue   when the deadline has passed and it is not done;
- not_started when nothing has been reported (and accepted) yet and ``e`` <= tolerance;
- at_risk   when ``p < e - tolerance``;
- on_track  otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

ON_TRACK = "on_track"
AT_RISK = "at_risk"
OVERDUE = "overdue"
DONE = "done"
NOT_STARTED = "not_started"

#: Worst first: a measure takes the worst status of its targets.
SEVERITY = {OVERDUE: 0, AT_RISK: 1, NOT_STARTED: 2, ON_TRACK: 3, DONE: 4}

DEFAULT_TOLERANCE = Decimal("0.10")


@dataclass(frozen=True)
class Assessment:
    status: str
    progress: Decimal  # 0…1
    expected: Decimal  # 0…1


def satisfied(achieved: Decimal, target: Decimal, comparator: str) -> bool:
    if comparator == ">":
        return achieved > target
    # "=" (e.g. 5000套左右) counts as reached once the value is reached, so the rule stays monotone.
    if comparator == "<=":
        return achieved <= target
    return achieved >= target


def progress_share(achieved: Decimal | None, baseline: Decimal, target: Decimal, comparator: str) -> Decimal:
    """How far from baseline to target, 0…1. ``<=`` targets count a fall from the baseline."""
    if achieved is None:
        return Decimal(0)
    if satisfied(achieved, target, comparator):
        return Decimal(1)
    if comparator == "<=":
        span = baseline - target
        gained = baseline - achieved
    else:
        span = target - baseline
        gained = achieved - baseline
    if span <= 0:
        return Decimal(0)
    share = gained / span
    return max(Decimal(0), min(Decimal(1), share))


def elapsed_share(start: dt.date, deadline: dt.date, today: dt.date) -> Decimal:
    if deadline <= start:
        return Decimal(1) if today >= deadline else Decimal(0)
    share = Decimal((today - start).days) / Decimal((deadline - start).days)
    return max(Decimal(0), min(Decimal(1), share))


def classify(*, progress: Decimal, done: bool, reported: bool, start: dt.date, deadline: dt.date,
             today: dt.date, tolerance: Decimal = DEFAULT_TOLERANCE) -> Assessment:
    expected = elapsed_share(start, deadline, today)
    if done:
        status = DONE
    elif today > deadline:
        status = OVERDUE
    elif not reported and expected <= tolerance:
        status = NOT_STARTED
    elif progress < expected - tolerance:
        status = AT_RISK
    else:
        status = ON_TRACK
    return Assessment(status=status, progress=progress, expected=expected)


def target_status(*, achieved: Decimal | None, baseline: Decimal, target: Decimal, comparator: str,
                  start: dt.date, deadline: dt.date, today: dt.date,
                  tolerance: Decimal = DEFAULT_TOLERANCE) -> Assessment:
    """Status of one quantitative target given the latest accepted achieved value (or None)."""
    progress = progress_share(achieved, baseline, target, comparator)
    done = achieved is not None and satisfied(achieved, target, comparator)
    return classify(progress=progress, done=done, reported=achieved is not None, start=start, deadline=deadline,
                    today=today, tolerance=tolerance)


def percent_status(*, percent: int | None, start: dt.date, deadline: dt.date, today: dt.date,
                   tolerance: Decimal = DEFAULT_TOLERANCE) -> Assessment:
    """Status of a measure without targets from the unit's self-assessed completion (0–100)."""
    progress = Decimal(0) if percent is None else Decimal(min(max(percent, 0), 100)) / 100
    return classify(progress=progress, done=percent is not None and percent >= 100, reported=percent is not None,
                    start=start, deadline=deadline, today=today, tolerance=tolerance)


def combine(assessments: list[Assessment]) -> Assessment | None:
    """A measure: the worst status of its targets; progress is their mean."""
    if not assessments:
        return None
    worst = min(assessments, key=lambda a: SEVERITY[a.status])
    progress = sum((a.progress for a in assessments), Decimal(0)) / len(assessments)
    return Assessment(status=worst.status, progress=progress, expected=worst.expected)
