"""Applicant-proposing deferred acceptance with each position's seat-category choice rule.

The loop is written for speed (flat integer lists, local names, heaps of negated keys) because
a round may have 100,000 applicants; the algorithm it implements is stated in
docs/algorithms/matching.md, and the tests check its output against a plain transcription of
that text and against the PyPI package ``matching``.

A position *without* reserved seats holds a max-heap of its tentative admits (worst on top).
A position *with* reserved seats holds one heap per seat category, in precedence order, plus
one for reverted seats. A proposal is offered to the categories in precedence order as a
"carry": a category with a free seat the carry is eligible for keeps it; a full category whose
worst holder ranks below an eligible carry swaps them, and the displaced holder becomes the
carry for the categories after it. Whatever is carried past the last category is rejected.
This gives exactly the set the sequential choice rule would choose from the held applicants
plus the newcomer (the proof is in the docs), at a cost of one heap operation per category.
"""

from __future__ import annotations

from dataclasses import dataclass
from heapq import heappop, heappush, heapreplace

from .model import OPEN, REVERTED, Assignment, MatchResult, PositionFill, SeatFill
from .validation import Instance

__all__ = ["State", "deferred_acceptance", "solve"]

_NONE = -1


Held = tuple[str, int, int, list[int]]  # (category, eligibility bit, seats, heap of negated keys)


@dataclass(slots=True)
class State:
    """Where deferred acceptance ended: each position's held applicants (as negated ranking
    keys) and each applicant's next choice index (one past the last proposal)."""

    simple: list[list[int] | None]
    general: list[list[Held] | None]
    unfilled: list[int]
    reverted: list[list[int]]
    next_choice: list[int]


def solve(inst: Instance) -> MatchResult:
    """Run deferred acceptance on a prepared round and build the result."""
    return _result(inst, deferred_acceptance(inst))


def deferred_acceptance(inst: Instance) -> State:
    """The proposal loop (no result objects: the bench times it alone too)."""
    n = len(inst.applicant_ids)
    positions = len(inst.position_ids)
    capacity = inst.capacity
    mask = inst.mask
    choice_position = inst.choice_position
    choice_key = inst.choice_key
    entry_applicant = inst.entry_applicant
    revert = inst.revert
    start = inst.start

    # Per position: a heap (no reserves) or a list of (category, bit, seats, heap) (reserves).
    simple: list[list[int] | None] = [None] * positions
    general: list[list[Held] | None] = [None] * positions
    unfilled = [0] * positions  # reserved seats nobody eligible holds (they revert, under "revert")
    reverted: list[list[int]] = [[] for _ in range(positions)]
    for p, steps in enumerate(inst.steps):
        if steps is None:
            # A position without seats takes nobody: an empty list of categories rejects all.
            if capacity[p] > 0:
                simple[p] = []
            else:
                general[p] = []
        else:
            general[p] = [(name, bit, seats, []) for name, bit, seats in steps]
            unfilled[p] = sum(seats for _, bit, seats in steps if bit)

    def offer(p: int, key: int) -> int:
        """Offer the applicant with ranking ``key`` to reserve position ``p``; return whom it
        rejects (possibly that applicant) or ``_NONE``."""
        steps = general[p]
        assert steps is not None
        bits = mask[entry_applicant[key]]
        for _, bit, seats, heap in steps:
            if bit and not bits & bit:
                continue
            if len(heap) < seats:
                heappush(heap, -key)
                if bit and revert:
                    # A reserved seat is taken by someone eligible: one seat fewer reverts.
                    unfilled[p] -= 1
                    spare = reverted[p]
                    if len(spare) > unfilled[p]:
                        return entry_applicant[-heappop(spare)]
                return _NONE
            worst = -heap[0]
            if key < worst:
                heapreplace(heap, -key)
                key = worst
                bits = mask[entry_applicant[key]]
        if revert:
            spare = reverted[p]
            if len(spare) < unfilled[p]:
                heappush(spare, -key)
                return _NONE
            if spare and key < -spare[0]:
                return entry_applicant[-heapreplace(spare, -key)]
        return entry_applicant[key]

    nxt = start[:-1]
    stack = list(range(n - 1, -1, -1))  # the outcome does not depend on the order of proposals
    pop = stack.pop
    push = stack.append
    while stack:
        i = pop()
        k = nxt[i]
        end = start[i + 1]
        while k < end:
            p = choice_position[k]
            key = choice_key[k]
            k += 1
            if key < 0:
                continue  # the employer did not rank this applicant
            heap = simple[p]
            if heap is not None:
                if len(heap) < capacity[p]:
                    heappush(heap, -key)
                    break
                if key < -heap[0]:
                    push(entry_applicant[-heapreplace(heap, -key)])
                    break
                continue
            rejected = offer(p, key)
            if rejected == i:
                continue
            if rejected != _NONE:
                push(rejected)
            break
        nxt[i] = k
    return State(simple, general, unfilled, reverted, nxt)


def _result(inst: Instance, state: State) -> MatchResult:
    simple, general, unfilled, reverted, nxt = (
        state.simple, state.general, state.unfilled, state.reverted, state.next_choice
    )
    entry_applicant = inst.entry_applicant
    n = len(inst.applicant_ids)
    seat: list[str | None] = [None] * n
    fills: list[PositionFill] = []
    for p, pid in enumerate(inst.position_ids):
        heap = simple[p]
        if heap is not None:
            for key in heap:
                seat[entry_applicant[-key]] = OPEN
            fills.append(PositionFill(pid, inst.capacity[p], (SeatFill(OPEN, inst.capacity[p], len(heap)),)))
            continue
        steps = general[p]
        assert steps is not None
        seat_fills = []
        for name, _, seats, held in steps:
            for key in held:
                seat[entry_applicant[-key]] = name
            seat_fills.append(SeatFill(name, seats, len(held)))
        if inst.revert and unfilled[p]:
            for key in reverted[p]:
                seat[entry_applicant[-key]] = REVERTED
            seat_fills.append(SeatFill(REVERTED, unfilled[p], len(reverted[p])))
        fills.append(PositionFill(pid, inst.capacity[p], tuple(seat_fills)))

    ids = inst.applicant_ids
    position_ids = inst.position_ids
    choice_position = inst.choice_position
    start = inst.start
    assignments: list[Assignment] = []
    unmatched: list[str] = []
    for i in sorted(range(n), key=ids.__getitem__):
        label = seat[i]
        if label is None:
            unmatched.append(ids[i])
        else:
            k = nxt[i] - 1  # a held applicant is held by the last position they proposed to
            assignments.append(Assignment(ids[i], position_ids[choice_position[k]], label, k - start[i] + 1))
    fills.sort(key=lambda f: f.position_id)
    return MatchResult(tuple(assignments), tuple(fills), tuple(unmatched))
