"""Applicant-proposing deferred acceptance with each position's seat-category choice rule.

The loop is written for speed (flat integer lists, local names, heaps of negated values)
because a round may have 100,000 applicants; the algorithm it implements is stated in
docs/algorithms/matching.md, and the tests check its output against a plain transcription of
that text and against the PyPI package ``matching``.

Each proposal is one integer ``value = key * slots + slot`` (see ``Instance``): comparing values
compares the employer's ranking, and ``value % slots`` is the proposer's slot, so a rejected
applicant continues at the next slot with no table lookup (the rank lists end in sentinels).
At city scale the loop is bound by memory latency, so fewer lookups is what makes it fast.

A position *without* reserved seats holds a max-heap of its tentative admits (worst on top).
A position *with* reserved seats holds one heap per seat category, in precedence order, plus
one for reverted seats, and passes each proposal through them as a "carry": a category with a
free seat the carry is eligible for keeps it; a full category whose worst holder ranks below an
eligible carry swaps them, and the displaced holder becomes the carry for the categories after
it. Whatever is carried past the last category is rejected. This gives exactly the set the
sequential choice rule chooses from the held applicants plus the newcomer (docs, §4).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from heapq import heappop, heappush, heapreplace

import numpy as np

from .model import OPEN, REVERTED, Assignment, MatchingRound, MatchResult, PositionFill, SeatFill
from .validation import Instance, prepare

__all__ = ["State", "deferred_acceptance", "match_round", "paused_gc", "solve"]

Held = tuple[str, int, int, list[int]]  # (category, eligibility bit, seats, heap of negated values)


@dataclass(slots=True)
class State:
    """Where deferred acceptance ended: each position's admits as negated proposal values,
    per seat category for positions with reserves."""

    simple: list[list[int] | None]
    general: list[list[Held] | None]
    unfilled: list[int]
    reverted: list[list[int]]


def solve(inst: Instance) -> MatchResult:
    """Run deferred acceptance on a prepared round and build the result."""
    return _result(inst, deferred_acceptance(inst))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector. A city-sized round allocates about a million objects, none in
    cycles; each allocation burst would otherwise make the collector walk the caller's whole
    heap (the round's own objects included) again, which cost a third of the run in the bench."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def match_round(round_: MatchingRound) -> MatchResult:
    """Check and run a round (``match`` in the public API)."""
    with paused_gc():
        return solve(prepare(round_))


def _initial_state(inst: Instance) -> State:
    """Empty holdings: a plain heap per position without reserves, seat groups per position with."""
    positions = len(inst.position_ids)
    simple: list[list[int] | None] = [None] * positions
    general: list[list[Held] | None] = [None] * positions
    unfilled = [0] * positions  # reserved seats nobody eligible holds (they revert, under "revert")
    reverted: list[list[int]] = [[] for _ in range(positions)]
    for p, steps in enumerate(inst.steps):
        if steps is None:
            # A position without seats takes nobody: an empty list of categories rejects all.
            if inst.capacity[p] > 0:
                simple[p] = []
            else:
                general[p] = []
        else:
            general[p] = [(name, bit, seats, []) for name, bit, seats in steps]
            unfilled[p] = sum(seats for _, bit, seats in steps if bit)
    return State(simple, general, unfilled, reverted)


def _offer(inst: Instance, state: State, p: int, value: int) -> int:
    """Offer a proposal to reserve position ``p``; return the rejected value (possibly the
    proposal itself) or -1. Seat groups are tried in precedence order; a displaced holder moves on
    to the next group; under "revert", unfilled reserved seats hold the best of the rest."""
    steps = state.general[p]
    assert steps is not None
    choice_mask, slots, unfilled = inst.choice_mask, inst.slots, state.unfilled
    bits = choice_mask[value % slots]
    for _, bit, seats, heap in steps:
        if bit and not bits & bit:
            continue
        if len(heap) < seats:
            heappush(heap, -value)
            if bit and inst.revert:
                # A reserved seat is taken by someone eligible: one seat fewer reverts.
                unfilled[p] -= 1
                spare = state.reverted[p]
                if len(spare) > unfilled[p]:
                    return -heappop(spare)
            return -1
        worst = -heap[0]
        if value < worst:
            heapreplace(heap, -value)
            value = worst
            bits = choice_mask[value % slots]
    if inst.revert:
        return _hold_in_reverted(state.reverted[p], unfilled[p], value)
    return value


def _hold_in_reverted(spare: list[int], free: int, value: int) -> int:
    """The reverted seats keep the best ``free`` proposals; return the one rejected, or -1."""
    if len(spare) < free:
        heappush(spare, -value)
        return -1
    if spare and value < -spare[0]:
        return -heapreplace(spare, -value)
    return value


def deferred_acceptance(inst: Instance) -> State:
    """The proposal loop (no result objects: the bench times it alone too)."""
    positions = len(inst.position_ids)
    capacity = inst.capacity
    slots = inst.slots
    choice_position = inst.choice_position
    choice_value = inst.choice_value
    state = _initial_state(inst)
    simple = state.simple

    # limit[p]: proposals with a larger value are rejected at once — the worst admit of a full
    # position without reserves; otherwise just below ``unranked`` (which is never acceptable).
    limit = [inst.unranked - 1] * positions
    # The stack holds the slot each free applicant proposes from next; applicants in input
    # order first (the outcome does not depend on the order of proposals).
    stack = inst.start[-2::-1]
    pop = stack.pop
    push = stack.append
    while stack:
        k = pop()
        while True:
            p = choice_position[k]
            if p < 0:
                break  # end of the list: unmatched
            value = choice_value[k]
            k += 1
            if value > limit[p]:
                continue  # not ranked by the employer, or below every admit of a full position
            heap = simple[p]
            if heap is not None:
                if len(heap) < capacity[p]:
                    heappush(heap, -value)
                    if len(heap) == capacity[p]:
                        limit[p] = -heap[0]
                else:
                    push(-heapreplace(heap, -value) % slots + 1)
                    limit[p] = -heap[0]
                break
            rejected = _offer(inst, state, p, value)
            if rejected == value:
                continue
            if rejected >= 0:
                push(rejected % slots + 1)
            break
    return state


def _result(inst: Instance, state: State) -> MatchResult:
    slots = inst.slots
    start = inst.start
    n = len(inst.applicant_ids)
    held: list[tuple[int, str]] = []  # (slot, seat label)
    fills: list[PositionFill] = []
    for p, pid in enumerate(inst.position_ids):
        heap = state.simple[p]
        if heap is not None:
            held += [(-v % slots, OPEN) for v in heap]
            fills.append(PositionFill(pid, inst.capacity[p], (SeatFill(OPEN, inst.capacity[p], len(heap)),)))
            continue
        steps = state.general[p]
        assert steps is not None
        seat_fills = []
        for name, _, seats, members in steps:
            held += [(-v % slots, name) for v in members]
            seat_fills.append(SeatFill(name, seats, len(members)))
        if inst.revert and state.unfilled[p]:
            spare = state.reverted[p]
            held += [(-v % slots, REVERTED) for v in spare]
            seat_fills.append(SeatFill(REVERTED, state.unfilled[p], len(spare)))
        fills.append(PositionFill(pid, inst.capacity[p], tuple(seat_fills)))

    ids = inst.applicant_ids
    position_ids = inst.position_ids
    choice_position = inst.choice_position
    placed: list[tuple[int, str] | None] = [None] * n
    if held:
        bounds = np.asarray(start, dtype=np.int64)
        lengths = bounds[1:] - bounds[:-1]
        owner = np.repeat(np.arange(n, dtype=np.int64), lengths)  # slot → applicant
        held_slots = np.fromiter((slot for slot, _ in held), dtype=np.int64, count=len(held))
        for i, entry in zip(owner[held_slots].tolist(), held, strict=True):
            placed[i] = entry
    assignments: list[Assignment] = []
    unmatched: list[str] = []
    for i in sorted(range(n), key=ids.__getitem__):
        got = placed[i]
        if got is None:
            unmatched.append(ids[i])
        else:
            slot, label = got
            assignments.append(Assignment(ids[i], position_ids[choice_position[slot]], label, slot - start[i] + 1))
    fills.sort(key=lambda f: f.position_id)
    return MatchResult(tuple(assignments), tuple(fills), tuple(unmatched))
