"""Hypothesis properties of the matching engine (docs/algorithms/matching.md, "Properties")."""

from __future__ import annotations

import itertools
import random
from collections import Counter

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from youthcity.engines.matching import (
    OPEN,
    REVERTED,
    Applicant,
    MatchingRound,
    Position,
    match,
)

from .helpers import (
    assignment,
    blocking_pairs,
    choose,
    classic_blocking_pairs,
    peer_matching,
    reference_da,
    rounds,
    strict_order,
    with_ranking,
)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(rounds(reserves=False, max_applicants=8, max_positions=4))
def test_no_classic_blocking_pair_without_reserves(round_: MatchingRound) -> None:
    result = match(round_)
    assert classic_blocking_pairs(round_, assignment(result)) == []


@SETTINGS
@given(rounds(reserves=True, ties=True, max_applicants=8, max_positions=4))
def test_no_blocking_pair_under_the_choice_rule(round_: MatchingRound) -> None:
    result = match(round_)
    assert blocking_pairs(round_, result) == []
    # Individually rational: every position would keep everyone it admitted.
    members: dict[str, set[str]] = {}
    for a in result.assignments:
        members.setdefault(a.position_id, set()).add(a.applicant_id)
    positions = {p.id: p for p in round_.positions}
    for pid, admitted in members.items():
        assert set(choose(round_, positions[pid], admitted)) == admitted


@SETTINGS
@given(rounds(reserves=True, ties=True, max_applicants=9, max_positions=4))
def test_capacities_reserves_and_eligibility_hold(round_: MatchingRound) -> None:
    result = match(round_)
    applicants = {a.id: a for a in round_.applicants}
    positions = {p.id: p for p in round_.positions}
    # Each applicant at most once, matched or unmatched, never both.
    ids = [a.applicant_id for a in result.assignments]
    assert len(ids) == len(set(ids))
    assert set(ids).isdisjoint(result.unmatched)
    assert set(ids) | set(result.unmatched) == set(applicants)
    by_position: Counter[tuple[str, str]] = Counter()
    for a in result.assignments:
        applicant, position = applicants[a.applicant_id], positions[a.position_id]
        # Only ranked, screened-in pairs; the reported choice number is right.
        assert a.position_id in applicant.ranking and a.applicant_id in strict_order(round_, position)
        assert applicant.ranking[a.choice - 1] == a.position_id
        # A reserved seat only to someone eligible for it.
        assert a.seat in (OPEN, REVERTED) or a.seat in applicant.categories
        by_position[(a.position_id, a.seat)] += 1
    for fill in result.positions:
        position = positions[fill.position_id]
        assert fill.filled <= position.capacity == fill.capacity
        reserved = {c: s for c, s in position.reserved.items() if s > 0}
        open_seats = position.capacity - sum(reserved.values())
        for seat in fill.seats:
            assert seat.filled == by_position[(fill.position_id, seat.category)]
            assert 0 <= seat.filled <= seat.seats
            if seat.category == OPEN:
                assert seat.seats == open_seats
            elif seat.category == REVERTED:
                assert round_.unfilled_reserved_seats == "revert"
                # Only seats that reserved categories left empty revert.
                left = sum(s.seats - s.filled for s in fill.seats if s.category in reserved)
                assert seat.seats == left
            else:
                assert seat.seats == reserved[seat.category]
        assert sum(s.seats for s in fill.seats if s.category != REVERTED) == position.capacity


@SETTINGS
@given(rounds(reserves=True, ties=True, max_applicants=8, max_positions=4))
def test_equals_the_plain_round_based_transcription_of_the_docs(round_: MatchingRound) -> None:
    result = match(round_)
    assert assignment(result) == reference_da(round_)
    # And the seat labels are the choice rule's labels for each position's final admits.
    positions = {p.id: p for p in round_.positions}
    members: dict[str, set[str]] = {}
    for a in result.assignments:
        members.setdefault(a.position_id, set()).add(a.applicant_id)
    for a in result.assignments:
        assert choose(round_, positions[a.position_id], members[a.position_id])[a.applicant_id] == a.seat


@settings(max_examples=200, deadline=None)
@given(rounds(reserves=False, max_applicants=9, max_positions=4))
def test_agrees_with_pypi_matching_on_reserve_free_rounds(round_: MatchingRound) -> None:
    assert assignment(match(round_)) == peer_matching(round_)


@settings(max_examples=200, deadline=None)
@given(rounds(reserves=False, max_applicants=9, max_positions=4))
def test_rural_hospitals_the_employer_optimal_matching_places_the_same_people(round_: MatchingRound) -> None:
    """Roth (1986): every stable matching matches the same applicants and fills each position
    equally; checked against the peer's employer-optimal matching (itself stable)."""
    ours = assignment(match(round_))
    theirs = peer_matching(round_, optimal="hospital")
    assert set(ours) == set(theirs)
    assert Counter(ours.values()) == Counter(theirs.values())
    assert classic_blocking_pairs(round_, theirs) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds(reserves=True, max_applicants=4, max_positions=3), st.data())
def test_no_applicant_gains_by_reordering_or_truncating(round_: MatchingRound, data: st.DataObject) -> None:
    """Brute force: every ordered subset of an applicant's list, judged by their true list."""
    truth = assignment(match(round_))
    for applicant in round_.applicants:
        true_list = list(applicant.ranking)
        rank = {p: k for k, p in enumerate(true_list)}
        now = rank.get(truth.get(applicant.id, ""), len(true_list))
        for size in range(len(true_list) + 1):
            for lie in itertools.permutations(true_list, size):
                got = assignment(match(with_ranking(round_, applicant.id, lie))).get(applicant.id)
                assert rank.get(got or "", len(true_list)) >= now, (applicant.id, lie)


@SETTINGS
@given(rounds(reserves=True, ties=True, max_applicants=8, max_positions=4), st.randoms(use_true_random=False))
def test_input_order_does_not_matter(round_: MatchingRound, rnd: random.Random) -> None:
    applicants = list(round_.applicants)
    positions = list(round_.positions)
    rnd.shuffle(applicants)
    rnd.shuffle(positions)
    shuffled = MatchingRound(
        tuple(applicants), tuple(positions), round_.categories, round_.precedence,
        round_.unfilled_reserved_seats, round_.max_choices, round_.tie_break_seed,
    )
    assert match(shuffled) == match(round_)
    assert shuffled.to_dict() == round_.to_dict()


@SETTINGS
@given(rounds(reserves=False, ties=True, max_applicants=8, max_positions=3), st.text(min_size=1, max_size=4))
def test_seeded_tie_break_is_reproducible_and_strict_rankings_ignore_the_seed(
    round_: MatchingRound, seed: str
) -> None:
    assert match(round_) == match(round_)
    has_ties = any(not isinstance(e, str) and len(e) > 1 for p in round_.positions for e in p.ranking)
    other = MatchingRound(round_.applicants, round_.positions, tie_break_seed=seed)
    if not has_ties:
        assert match(other) == match(round_)
    # Ties broken by the seed give the stable matching of the strict rankings the seed makes.
    strict = MatchingRound(
        round_.applicants,
        tuple(Position(p.id, p.capacity, tuple(strict_order(other, p))) for p in round_.positions),
    )
    assert match(strict) == match(other)


# --- the choice rule itself (why deferred acceptance keeps its guarantees) ---------------------------


@st.composite
def position_and_pools(draw: st.DrawFn) -> tuple[MatchingRound, Position, set[str], set[str]]:
    round_ = draw(rounds(reserves=True, max_applicants=8, max_positions=1, max_capacity=5))
    position = round_.positions[0]
    order = strict_order(round_, position)
    big = set(draw(st.lists(st.sampled_from(order), unique=True))) if order else set()
    small = {a for a in big if draw(st.booleans())}
    return round_, position, small, big


@settings(max_examples=500, deadline=None)
@given(position_and_pools())
def test_choice_rule_is_substitutable_and_obeys_the_law_of_aggregate_demand(
    case: tuple[MatchingRound, Position, set[str], set[str]],
) -> None:
    round_, position, small, big = case
    from_big, from_small = set(choose(round_, position, big)), set(choose(round_, position, small))
    assert from_big & small <= from_small  # substitutes: chosen from more ⇒ chosen from fewer
    assert len(from_small) <= len(from_big)  # law of aggregate demand
    assert set(choose(round_, position, from_big)) == from_big  # irrelevance of rejected applicants
    if round_.unfilled_reserved_seats == "revert":
        assert len(from_big) == min(position.capacity, len(big))  # no seat left empty (non-wasteful)


@settings(max_examples=300, deadline=None)
@given(rounds(reserves=True, max_applicants=8, max_positions=1, max_capacity=5), st.data())
def test_reserve_later_in_the_precedence_never_admits_fewer_of_its_group(
    round_: MatchingRound, data: st.DataObject
) -> None:
    """Dur, Kominers, Pathak and Sönmez (2018): with one reserve, filling it after the open
    seats admits at least as many of its group as filling it first; so does a larger reserve."""
    position = round_.positions[0]
    assume(position.capacity >= 1)
    group = {a.id for a in round_.applicants if "c1" in a.categories}
    pool = set(strict_order(round_, position))
    seats = data.draw(st.integers(0, position.capacity - 1))

    def admitted(reserve: int, precedence: tuple[str, ...]) -> int:
        p = Position(position.id, position.capacity, position.ranking, {"c1": reserve}, precedence)
        r = MatchingRound(round_.applicants, (p,), round_.categories, None, round_.unfilled_reserved_seats)
        return len(set(choose(r, p, pool)) & group)

    first = admitted(seats, ("c1", OPEN))
    last = admitted(seats, (OPEN, "c1"))
    assert last >= first
    assert admitted(seats + 1, (OPEN, "c1")) >= last
    assert admitted(seats + 1, ("c1", OPEN)) >= first
    # And the engine's own choice agrees with the transcription on this pool.
    for precedence in [("c1", OPEN), (OPEN, "c1")]:
        p = Position(position.id, position.capacity, position.ranking, {"c1": seats}, precedence)
        applicants = tuple(
            Applicant(a.id, (position.id,) if a.id in pool else (), a.categories) for a in round_.applicants
        )
        r = MatchingRound(applicants, (p,), round_.categories, None, round_.unfilled_reserved_seats)
        assert {a.applicant_id: a.seat for a in match(r).assignments} == choose(r, p, pool)
