"""Checking a round and turning it into the indexed arrays the solver runs on.

Two paths that must agree. :func:`validate` walks the round in plain Python and reports every
problem with a precise message. :func:`prepare` is the fast path used by ``match``: it maps ids
to integers in C-level loops and finds problems with vectorised NumPy checks; whenever it sees
anything wrong it hands over to :func:`validate` for the report. A test holds the two to the same
verdict on random, often broken, rounds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain
from operator import attrgetter

import numpy as np

from . import errors
from .errors import Issue, MatchingInputError
from .model import OPEN, REVERTED, Applicant, MatchingRound, Position, RankEntry

__all__ = ["Instance", "Step", "validate", "find_issues", "prepare", "tie_break_key", "expand_ranking"]

#: A seat category at one position: (name, eligibility bit (0 = everyone), seats).
Step = tuple[str, int, int]


@dataclass(slots=True)
class Instance:
    """A valid round as flat integer lists (the solver's input).

    All rank lists are laid end to end, each closed by a sentinel: applicant ``i``'s choices,
    best first, are the slots ``k`` in ``range(start[i], start[i + 1] - 1)``, and slot
    ``start[i + 1] - 1`` has ``choice_position == -1``. For a slot, ``choice_value[k]`` is
    ``key * slots + k``, where ``key`` is the applicant's place in the concatenation of all
    employers' rankings (lower = ranked higher *by that position*), or ``unranked`` (larger than
    every value) if the employer did not rank them (the choice is skipped). A position orders its admits by this one integer and
    also reads from it the slot, hence the applicant and their next choice, without lookups.
    ``choice_mask[k]``: the eligibility bits of the slot's applicant. ``steps[p]`` is ``None``
    for a position without reserved seats, else its seat categories in precedence order.
    """

    applicant_ids: list[str]
    position_ids: list[str]
    capacity: list[int]
    steps: list[list[Step] | None]
    start: list[int]
    slots: int
    unranked: int
    choice_position: list[int]
    choice_value: list[int]
    choice_mask: list[int]
    revert: bool


# --- ties -------------------------------------------------------------------------------------------


def tie_break_key(seed: str, applicant_id: str) -> bytes:
    """The seeded lottery number of an applicant: SHA-256(UTF-8(seed) ‖ 0x00 ‖ UTF-8(id)).

    One order for every employer (single tie-breaking); anyone can recompute it.
    """
    return hashlib.sha256(seed.encode("utf-8") + b"\x00" + applicant_id.encode("utf-8")).digest()


def expand_ranking(ranking: Sequence[RankEntry], seed: str | None) -> list[str]:
    """An employer's ranking with every tie group put in seeded lottery order (strict)."""
    out: list[str] = []
    for entry in ranking:
        if isinstance(entry, str):
            out.append(entry)
        elif len(entry) == 1:
            out.append(entry[0])
        else:
            if seed is None or not entry:
                raise ValueError("a tie needs a seed; a group needs members")
            out.extend(sorted(entry, key=lambda a: (tie_break_key(seed, a), a)))
    return out


# --- the detailed validator ---------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_precedence(
    precedence: Sequence[str], required: list[str], known: set[str], where: str, where_zh: str
) -> list[Issue]:
    issues: list[Issue] = []
    seen: set[str] = set()
    for name in precedence:
        if name in seen:
            issues.append(errors.precedence_repeated(where, where_zh, name))
        elif name != OPEN and name not in known:
            issues.append(errors.unknown_precedence_category(where, where_zh, name))
        seen.add(name)
    for name in required:
        if name not in seen:
            issues.append(errors.precedence_missing(where, where_zh, name))
    return issues


def find_issues(round_: MatchingRound) -> list[Issue]:
    """Every problem in the round, in input order (round, positions, applicants, rankings)."""
    issues: list[Issue] = []
    if round_.unfilled_reserved_seats not in ("revert", "hold"):
        issues.append(errors.bad_rule(round_.unfilled_reserved_seats))
    max_choices = round_.max_choices
    if max_choices is not None and (not _is_int(max_choices) or max_choices < 1):
        issues.append(errors.bad_max_choices(max_choices))
        max_choices = None
    known: set[str] = set()
    for index, category in enumerate(round_.categories):
        if not isinstance(category, str) or not category:
            issues.append(errors.bad_format(f"categories[{index}]", "应为非空字符串", "must be a non-empty string"))
        elif category in (OPEN, REVERTED):
            issues.append(errors.reserved_name(category))
        elif category in known:
            issues.append(errors.duplicate_category(category))
        known.add(category)
    known.discard(OPEN)
    known.discard(REVERTED)
    if round_.precedence is not None:
        issues += _check_precedence(round_.precedence, [OPEN, *sorted(known)], known, "the round", "本轮")

    position_ids: set[str] = set()
    for index, position in enumerate(round_.positions):
        issues += _position_issues(position, index, position_ids, known, round_)

    applied: set[tuple[str, str]] = set()
    applicant_ids: set[str] = set()
    for index, applicant in enumerate(round_.applicants):
        issues += _applicant_issues(applicant, index, applicant_ids, known, position_ids, max_choices)
        applied.update((applicant.id, p) for p in applicant.ranking)

    for position in round_.positions:
        issues += _ranking_issues(position, applicant_ids, applied, round_.tie_break_seed)
    return issues


def _position_issues(
    position: Position, index: int, seen: set[str], known: set[str], round_: MatchingRound
) -> list[Issue]:
    issues: list[Issue] = []
    pid = position.id
    if not isinstance(pid, str) or not pid:
        return [errors.empty_id("岗位", "position", index)]
    if pid in seen:
        issues.append(errors.duplicate_position(pid))
    seen.add(pid)
    if not _is_int(position.capacity):
        issues.append(errors.bad_format(f"position {pid}: capacity", "应为整数", "must be a whole number"))
        return issues
    if position.capacity < 0:
        issues.append(errors.negative_capacity(pid, position.capacity))
    total = 0
    reserving: list[str] = []
    for category, seats in position.reserved.items():
        if category not in known:
            issues.append(errors.unknown_reserve_category(pid, category))
        if not _is_int(seats):
            issues.append(errors.bad_format(f"position {pid}: reserved.{category}", "应为整数", "must be a whole number"))
            continue
        if seats < 0:
            issues.append(errors.negative_reserve(pid, category, seats))
            continue
        total += seats
        if seats > 0 and category in known:
            reserving.append(category)
    if total > position.capacity >= 0:
        issues.append(errors.reserves_exceed_capacity(pid, total, position.capacity))
    if position.precedence is not None:
        issues += _check_precedence(position.precedence, [OPEN, *reserving], known, f"position {pid}", f"岗位「{pid}」")
    return issues


def _applicant_issues(
    applicant: Applicant,
    index: int,
    seen: set[str],
    known: set[str],
    positions: set[str],
    max_choices: int | None,
) -> list[Issue]:
    issues: list[Issue] = []
    aid = applicant.id
    if not isinstance(aid, str) or not aid:
        return [errors.empty_id("申请人", "applicant", index)]
    if aid in seen:
        issues.append(errors.duplicate_applicant(aid))
    seen.add(aid)
    for category in sorted(applicant.categories):
        if category not in known:
            issues.append(errors.unknown_applicant_category(aid, category))
    if max_choices is not None and len(applicant.ranking) > max_choices:
        issues.append(errors.too_many_choices(aid, len(applicant.ranking), max_choices))
    named: set[str] = set()
    for pid in applicant.ranking:
        if pid not in positions:
            issues.append(errors.unknown_position(aid, pid))
        elif pid in named:
            issues.append(errors.duplicate_choice(aid, pid))
        named.add(pid)
    return issues


def _ranking_issues(
    position: Position, applicants: set[str], applied: set[tuple[str, str]], seed: str | None
) -> list[Issue]:
    issues: list[Issue] = []
    pid = position.id
    seen: set[str] = set()
    tie_reported = False
    for entry in position.ranking:
        group: Sequence[str] = (entry,) if isinstance(entry, str) else entry
        if not group:
            issues.append(errors.empty_tie_group(pid))
            continue
        if len(group) > 1 and seed is None and not tie_reported:
            issues.append(errors.tie_without_seed(pid))
            tie_reported = True
        for aid in group:
            if aid in seen:
                issues.append(errors.duplicate_ranking(pid, aid))
            elif aid not in applicants:
                issues.append(errors.unknown_applicant(pid, aid))
            elif (aid, pid) not in applied:
                issues.append(errors.ranked_non_applicant(pid, aid))
            seen.add(aid)
    return issues


def validate(round_: MatchingRound) -> None:
    """Raise :class:`MatchingInputError` listing every problem, or return if the round is valid."""
    issues = find_issues(round_)
    if issues:
        raise MatchingInputError(issues)


# --- the fast path ------------------------------------------------------------------------------------


class _Invalid(Exception):
    """Something is wrong; :func:`validate` will say what."""


def _refuse(round_: MatchingRound) -> MatchingInputError:
    issues = find_issues(round_)
    if not issues:  # pragma: no cover - the two paths disagree: a bug, never a silent result
        raise AssertionError("the fast path refused a round the validator accepts")
    return MatchingInputError(issues)


def prepare(round_: MatchingRound) -> Instance:
    """Check ``round_`` and index it for the solver; raises :class:`MatchingInputError`."""
    try:
        return _prepare(round_)
    except (_Invalid, KeyError, TypeError, ValueError, AttributeError):
        raise _refuse(round_) from None


def _round_categories(round_: MatchingRound) -> tuple[set[str], dict[str, int], tuple[str, ...]]:
    """Round-level checks; the known categories, their bits and the round's precedence."""
    if round_.unfilled_reserved_seats not in ("revert", "hold"):
        raise _Invalid
    max_choices = round_.max_choices
    if max_choices is not None and (not _is_int(max_choices) or max_choices < 1):
        raise _Invalid
    categories = list(round_.categories)
    if len(set(categories)) != len(categories) or OPEN in categories or REVERTED in categories:
        raise _Invalid
    if not all(isinstance(c, str) and c for c in categories):
        raise _Invalid
    known = set(categories)
    bit_of = {c: 1 << k for k, c in enumerate(categories)}
    round_precedence = round_.effective_precedence()
    if round_.precedence is not None and _check_precedence(round_precedence, [OPEN, *categories], known, "", ""):
        raise _Invalid
    return known, bit_of, tuple(round_precedence)


def _position_steps(round_: MatchingRound, known: set[str], bit_of: dict[str, int],
                    round_precedence: tuple[str, ...]) -> tuple[list[str], dict[str, int], list[int],
                                                                list[list[Step] | None]]:
    """Per-position checks; ids, index by id, capacities and each reserve position's seat groups."""
    positions = round_.positions
    position_ids = [p.id for p in positions]
    pidx = dict(zip(position_ids, range(len(position_ids)), strict=True))
    if len(pidx) != len(position_ids):
        raise _Invalid
    capacity: list[int] = []
    steps: list[list[Step] | None] = []
    seen_positions: set[str] = set()
    for index, position in enumerate(positions):
        if _position_issues(position, index, seen_positions, known, round_):
            raise _Invalid
        capacity.append(position.capacity)
        reserved = {c: s for c, s in position.reserved.items() if s > 0}
        if not reserved:
            steps.append(None)
            continue
        seats = dict(reserved)
        seats[OPEN] = position.capacity - sum(reserved.values())
        order = position.precedence if position.precedence is not None else round_precedence
        steps.append([(name, 0 if name == OPEN else bit_of[name], seats[name]) for name in order if seats.get(name)])
    return position_ids, pidx, capacity, steps


def _prepare(round_: MatchingRound) -> Instance:
    # Round-level and per-position checks are cheap (thousands of items): reuse the validator.
    known, bit_of, round_precedence = _round_categories(round_)
    max_choices = round_.max_choices
    position_ids, pidx, capacity, steps = _position_steps(round_, known, bit_of, round_precedence)
    positions = round_.positions

    # The rest touches every choice and every ranking entry (a million at city scale), so it
    # only uses C-level loops (map, zip, dict) and NumPy; an unknown id raises KeyError, and any
    # other mismatch means invalid input too.
    applicants = round_.applicants
    n = len(applicants)
    applicant_ids = list(map(attrgetter("id"), applicants))
    if set(map(type, applicant_ids)) - {str}:
        raise _Invalid
    distinct = set(applicant_ids)
    if len(distinct) != n or "" in distinct:
        raise _Invalid
    mask = _masks(list(map(attrgetter("categories"), applicants)), bit_of)
    rankings = list(map(attrgetter("ranking"), applicants))
    lengths = list(map(len, rankings))
    total = sum(lengths)
    if max_choices is not None and lengths and max(lengths) > max_choices:
        raise _Invalid
    choice_position = np.fromiter(
        map(pidx.__getitem__, chain.from_iterable(rankings)), dtype=np.int64, count=total
    )
    choice_applicant = np.repeat(np.arange(n, dtype=np.int64), lengths)

    # Rank lists laid end to end, each closed by a sentinel: choice j of applicant i is slot j + i.
    slots = total + n
    slot = np.arange(total, dtype=np.int64) + choice_applicant
    position_out = np.full(slots, -1, dtype=np.int64)
    position_out[slot] = choice_position

    # Each position's applications become a small dict (applicant id → slot), in which its
    # ranking is looked up while those strings are still in cache; pop() also catches someone
    # ranked twice. An entry's place in the concatenation of all rankings is its key (lower is
    # better within a position), so one integer both orders a position's admits and names them.
    by_position = np.argsort(choice_position, kind="stable")
    bounds = [0, *accumulate(np.bincount(choice_position, minlength=len(positions)).tolist())]
    # Gathering through an object array skips making a Python int per index.
    applied_ids = np.array(applicant_ids, dtype=object)[choice_applicant[by_position]].tolist()
    applied_slots = slot[by_position].tolist()
    seed = round_.tie_break_seed
    entry_slots: list[int] = []
    for p, position in enumerate(positions):
        lo, hi = bounds[p], bounds[p + 1]
        applied = dict(zip(applied_ids[lo:hi], applied_slots[lo:hi], strict=True))
        if len(applied) != hi - lo:
            raise _Invalid  # a position named twice in one rank list
        try:
            got = list(map(applied.pop, position.ranking))
        except (KeyError, TypeError):  # tie groups, or someone who did not apply / ranked twice
            applied = dict(zip(applied_ids[lo:hi], applied_slots[lo:hi], strict=True))
            got = list(map(applied.pop, expand_ranking(position.ranking, seed)))
        entry_slots += got
    entries = np.asarray(entry_slots, dtype=np.int64)
    unranked = slots * (slots + 1)  # above every value: one comparison rejects it
    value = np.full(slots, unranked, dtype=np.int64)
    value[entries] = np.arange(entries.size, dtype=np.int64) * slots + entries
    mask_out = np.zeros(slots, dtype=np.int64)
    if any(mask):
        mask_out[slot] = np.asarray(mask, dtype=np.int64)[choice_applicant]
    return Instance(
        applicant_ids=applicant_ids,
        position_ids=position_ids,
        capacity=capacity,
        steps=steps,
        start=list(accumulate((length + 1 for length in lengths), initial=0)),
        slots=slots,
        unranked=unranked,
        choice_position=position_out.tolist(),
        choice_value=value.tolist(),
        choice_mask=mask_out.tolist(),
        revert=round_.unfilled_reserved_seats == "revert",
    )


def _masks(categories: list[Collection[str]], bit_of: dict[str, int]) -> list[int]:
    """Each applicant's eligibility bits (KeyError: an unknown category)."""
    try:
        distinct = set(categories)
    except TypeError:  # unhashable collections (lists): one frozenset each
        categories = [frozenset(c) for c in categories]
        distinct = set(categories)
    cache: dict[Collection[str], int] = {}
    for cats in distinct:
        m = 0
        for category in cats:
            m |= bit_of[category]
        cache[cats] = m
    return list(map(cache.__getitem__, categories))
