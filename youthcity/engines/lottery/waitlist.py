"""Offers passing down the order after the draw (docs §7.4): who is next for a home."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from .draw import DrawResult
from .errors import LotteryError


def line_for(result: DrawResult, home_id: str, excluded: Collection[str] = ()) -> Iterator[str]:
    """The applicants a declined or expired home is offered to, in order.

    A home taken in a category's reserve pool (or set aside for it and left vacant) goes first
    to that category's applicants in turn order, then — if the round reverts unfilled reserved
    homes to the open pool — to everyone in turn order; any other home goes to everyone in turn
    order. Skipped: applicants who got a home in the draw, those in ``excluded`` (pass everyone
    who declined or has since accepted or been offered a home) and those for whom the home is
    not acceptable (not among their listed homes, or not of an acceptable layout).
    """
    frozen = result.round
    try:
        home_index = frozen.home_ids.index(home_id)
    except ValueError:
        raise LotteryError("unknown_home_in_result", "home", id=home_id) from None
    layout = frozen.home_layouts[home_index]
    phase_of_home = next((a.phase for a in result.assignments if a.home == home_id), None)
    category: str | None
    if phase_of_home is not None:
        category = result.phases[phase_of_home].category
    else:
        category = frozen.home_marks[home_index]
    revert = frozen.policy.unfilled == "revert_to_open"

    position = {a: i for i, a in enumerate(frozen.applicant_ids)}
    housed = {a.applicant for a in result.assignments}
    skip = housed.union(excluded)
    offered: set[str] = set()

    def acceptable(applicant: str) -> bool:
        i = position[applicant]
        wanted = frozen.applicant_preferences[i]
        layouts = frozen.applicant_layouts[i]
        if wanted:
            return home_id in wanted and (not layouts or layout in layouts)
        return not layouts or layout in layouts

    passes: list[str | None] = [category] if category is not None else []
    if category is None or revert:
        passes.append(None)
    for wanted_category in passes:
        for applicant in result.order:
            if applicant in skip or applicant in offered:
                continue
            if wanted_category is not None and wanted_category not in frozen.applicant_categories[position[applicant]]:
                continue
            if acceptable(applicant):
                offered.add(applicant)
                yield applicant


def next_in_line(result: DrawResult, home_id: str, excluded: Collection[str] = ()) -> str | None:
    """The next applicant to offer ``home_id`` to, or None when nobody is left (see :func:`line_for`)."""
    return next(line_for(result, home_id, excluded), None)
