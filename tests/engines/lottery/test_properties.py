"""Hypothesis properties of the draw (issue 12): one home per applicant and applicant per home,
reserves respected, serial choice honoured, row order irrelevant, the seed matters."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from youthcity.engines.lottery import Applicant, canonical_public_value, commit, draw, order_key

from .helpers import SECRET, RoundSpec, acceptable, pool_homes, round_specs

values = st.integers(0, 10**6).map(str)


@settings(max_examples=150, deadline=None)
@given(spec=round_specs(), value=values)
def test_allocation_is_a_matching_and_the_lists_add_up(spec: RoundSpec, value: str) -> None:
    frozen = spec.freeze()
    result = draw(frozen, SECRET, value)
    assert sorted(result.order) == sorted(frozen.applicant_ids)
    homes = [a.home for a in result.assignments]
    people = [a.applicant for a in result.assignments]
    assert len(set(homes)) == len(homes), "a home went to two applicants"
    assert len(set(people)) == len(people), "an applicant got two homes"
    assert set(homes) <= set(frozen.home_ids)
    assert result.waitlist == tuple(a for a in result.order if a not in set(people))
    assert result.vacant == tuple(h for h in frozen.home_ids if h not in set(homes))
    for a in result.assignments:
        assert result.order[a.turn - 1] == a.applicant
        assert acceptable(frozen, a.applicant, a.home)
    assert sum(p.filled for p in result.phases) == len(result.assignments)
    for index, phase in enumerate(result.phases):
        picks = [a for a in result.assignments if a.phase == index]
        assert len(picks) == phase.filled <= phase.capacity
        turns = [a.turn for a in picks]
        assert turns == sorted(turns), "within a pool, homes are taken in turn order"


@settings(max_examples=150, deadline=None)
@given(spec=round_specs(), value=values)
def test_reserves_and_homes_set_aside_are_respected(spec: RoundSpec, value: str) -> None:
    frozen = spec.freeze()
    result = draw(frozen, SECRET, value)
    category_of = dict(zip(frozen.applicant_ids, frozen.applicant_categories, strict=True))
    mark_of = dict(zip(frozen.home_ids, frozen.home_marks, strict=True))
    sizes = dict(zip((r.category for r in frozen.policy.reserves), frozen.reserve_sizes, strict=True))
    for a in result.assignments:
        phase = result.phases[a.phase]
        assert a.home in pool_homes(frozen, result, a.phase)
        if phase.kind == "reserve":
            assert phase.category in category_of[a.applicant]
            assert phase.capacity == sizes[phase.category]
        mark = mark_of[a.home]
        if mark is not None and frozen.policy.unfilled == "leave_vacant":
            assert mark in category_of[a.applicant], "a home set aside went to another category"
    reserved = sum(frozen.reserve_sizes)
    for index, phase in enumerate(result.phases):
        if phase.kind == "open" and pool_homes(frozen, result, index) != list(frozen.home_ids):
            assert phase.capacity == len(frozen.home_ids) - reserved


@settings(max_examples=150, deadline=None)
@given(spec=round_specs(), value=values)
def test_each_pick_is_the_applicants_best_free_home_and_no_pool_wastes_a_home(spec: RoundSpec, value: str) -> None:
    """Replay the draw pool by pool: every pick follows docs §7.1, and a pool that stopped short
    of its capacity left no free home of its list that a waiting eligible applicant accepts."""
    frozen = spec.freeze()
    result = draw(frozen, SECRET, value)
    index_of = {a: i for i, a in enumerate(frozen.applicant_ids)}
    layout_of = dict(zip(frozen.home_ids, frozen.home_layouts, strict=True))
    taken: set[str] = set()
    housed: set[str] = set()
    for phase_index, phase in enumerate(result.phases):
        offered = pool_homes(frozen, result, phase_index)
        for a in (x for x in result.assignments if x.phase == phase_index):
            free = [h for h in offered if h not in taken]
            i = index_of[a.applicant]
            prefs, layouts = frozen.applicant_preferences[i], frozen.applicant_layouts[i]
            if prefs:
                better = prefs[: prefs.index(a.home)]
                assert not [h for h in better if h in free and (not layouts or layout_of[h] in layouts)]
            elif layouts:
                for layout in layouts[: layouts.index(layout_of[a.home])]:
                    assert not [h for h in free if layout_of[h] == layout]
                assert a.home == next(h for h in free if layout_of[h] == layout_of[a.home])
            else:
                assert a.home == free[0]
            taken.add(a.home)
            housed.add(a.applicant)
        if phase.filled < phase.capacity:
            free = [h for h in offered if h not in taken]
            for person in result.order:
                eligible = phase.kind == "open" or phase.category in frozen.applicant_categories[index_of[person]]
                if eligible and person not in housed:
                    assert not [h for h in free if acceptable(frozen, person, h)], (person, free)


@settings(max_examples=150, deadline=None)
@given(spec=round_specs(), value=values, shuffle_seed=st.integers(0, 2**32))
def test_row_order_does_not_matter(spec: RoundSpec, value: str, shuffle_seed: int) -> None:
    rng = random.Random(shuffle_seed)  # test data shuffling only
    shuffled = RoundSpec(
        homes=rng.sample(spec.homes, len(spec.homes)),
        applicants=[
            Applicant(a.id, rng.sample(list(a.categories), len(a.categories)), a.score, a.preferences, a.layouts)
            for a in rng.sample(spec.applicants, len(spec.applicants))
        ],
        policy=spec.policy,
    )
    first, second = spec.freeze(), shuffled.freeze()
    assert first.canonical_bytes == second.canonical_bytes
    assert first.list_hash == second.list_hash
    assert draw(first, SECRET, value).audit_bytes == draw(second, SECRET, value).audit_bytes


@settings(max_examples=150, deadline=None)
@given(spec=round_specs(min_applicants=12, choices=False, ranking="lottery"), a=values, b=values)
def test_a_different_public_value_gives_a_different_order(spec: RoundSpec, a: str, b: str) -> None:
    # 12 applicants: the same order by chance has probability 1/12! ≈ 2·10⁻⁹ per example.
    frozen = spec.freeze()
    first, second = draw(frozen, SECRET, a), draw(frozen, SECRET, b)
    assert (first.order == second.order) == (a == b)
    assert (first.seed == second.seed) == (a == b)


@settings(max_examples=100, deadline=None)
@given(
    spec=round_specs(min_applicants=12, choices=False, ranking="lottery"),
    suffix=st.text(alphabet="ab字0😀 ", min_size=1, max_size=4),
)
def test_a_different_secret_gives_a_different_order(spec: RoundSpec, suffix: str) -> None:
    other_secret = SECRET + suffix
    other = RoundSpec(spec.homes, spec.applicants, spec.policy, commitment=commit(other_secret))
    assert draw(spec.freeze(), SECRET, "1").order != draw(other.freeze(), other_secret, "1").order


@settings(max_examples=100, deadline=None)
@given(spec=round_specs(ranking="score"), value=values)
def test_score_rounds_sort_by_score_then_key(spec: RoundSpec, value: str) -> None:
    from decimal import Decimal

    frozen = spec.freeze()
    result = draw(frozen, SECRET, value)
    seed = bytes.fromhex(result.seed)
    score = {a: Decimal(str(s)) for a, s in zip(frozen.applicant_ids, frozen.applicant_scores, strict=True)}
    ranks = [(-score[a], order_key(seed, a)) for a in result.order]
    assert ranks == sorted(ranks)


def test_lottery_order_is_ascending_key() -> None:
    from .helpers import simple_round

    frozen = simple_round(n_applicants=50)
    result = draw(frozen, SECRET, "3 8 5")
    seed = bytes.fromhex(result.seed)
    keys = [order_key(seed, a) for a in result.order]
    assert keys == sorted(keys)
    assert canonical_public_value("lottery", "3 8 5") == result.public_value == "3.8.5."


def test_reserve_first_guarantees_the_reserve_when_nobody_restricts_choice() -> None:
    """40% of 10 homes = 4: with 5 graduates among 30, at least 4 graduates win, whatever the seed."""
    from .helpers import simple_round

    for order in ("reserve_first", "open_first"):
        frozen = simple_round(n_homes=10, n_applicants=30, graduates=5, share="0.4", order=order)
        for k in range(40):
            result = draw(frozen, SECRET, str(k))
            winners = {a.applicant for a in result.assignments}
            assert len(winners) == 10
            assert len([w for w in winners if w < "P005"]) >= 4
