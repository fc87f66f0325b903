"""Offers declined after the draw pass down the order (docs §7.4)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from youthcity.engines.lottery import (
    Applicant,
    Home,
    LotteryError,
    Policy,
    ReserveRule,
    draw,
    freeze_round,
    line_for,
    next_in_line,
)

from .helpers import COMMITMENT, SECRET, SOURCE, RoundSpec, acceptable, round_specs, simple_round


def test_an_open_home_goes_to_the_first_on_the_waitlist() -> None:
    result = draw(simple_round(n_homes=3, n_applicants=8), SECRET, "1")
    first = result.assignments[0]
    assert next_in_line(result, first.home, excluded={first.applicant}) == result.waitlist[0]
    assert list(line_for(result, first.home, excluded={first.applicant})) == list(result.waitlist)
    # Declines pile up: each next one skips those who declined before.
    assert next_in_line(result, first.home, excluded={first.applicant, result.waitlist[0]}) == result.waitlist[1]
    assert next_in_line(result, first.home, excluded={first.applicant, *result.waitlist}) is None


def test_a_reserved_home_goes_to_its_category_first_then_everyone_if_the_round_reverts() -> None:
    # 4 homes, 50% for graduates; 3 graduates: two win the reserve, the third waits.
    for unfilled in ("revert_to_open", "leave_vacant"):
        frozen = simple_round(n_homes=4, n_applicants=12, graduates=3, share="0.5", unfilled=unfilled)
        result = draw(frozen, SECRET, "5")
        reserved = next(a for a in result.assignments if result.phases[a.phase].kind == "reserve")
        graduates = {"P000", "P001", "P002"}
        waiting_graduates = [a for a in result.waitlist if a in graduates]
        line = list(line_for(result, reserved.home, excluded={reserved.applicant}))
        assert line[: len(waiting_graduates)] == waiting_graduates
        others = [a for a in result.waitlist if a not in graduates]
        assert line[len(waiting_graduates) :] == (others if unfilled == "revert_to_open" else [])


def test_a_home_set_aside_and_left_vacant_is_offered_to_its_category() -> None:
    frozen = freeze_round(
        round_id="R",
        commitment=COMMITMENT,
        public_source=SOURCE,
        homes=[Home("T-1", "一室", 38, "technician"), Home("G-1", "一室", 45)],
        applicants=[Applicant("A"), Applicant("B"), Applicant("C", ["technician"], preferences=["G-1"])],
        policy=Policy(reserves=[ReserveRule("technician", count=1)], unfilled="leave_vacant"),
    )
    result = draw(frozen, SECRET, "9")
    assert "T-1" in result.vacant  # C only accepts G-1
    assert next_in_line(result, "T-1") is None  # no technician accepts it; others may not have it
    assert list(line_for(result, "T-1", excluded=())) == []


def test_applicants_who_would_not_accept_the_home_are_skipped() -> None:
    frozen = freeze_round(
        round_id="R",
        commitment=COMMITMENT,
        public_source=SOURCE,
        homes=[Home("H1", "一室", 45), Home("H2", "两室", 60)],
        applicants=[
            Applicant("A"),
            Applicant("B", layouts=["两室"]),
            Applicant("C", preferences=["H2"]),
            Applicant("D"),
        ],
        policy=Policy(),
    )
    result = draw(frozen, SECRET, "2")
    for a in result.assignments:
        line = list(line_for(result, a.home, excluded={a.applicant}))
        assert all(acceptable(frozen, person, a.home) for person in line)
        assert set(line) == {p for p in result.waitlist if acceptable(frozen, p, a.home)}


def test_unknown_home_is_refused() -> None:
    result = draw(simple_round(), SECRET, "1")
    with pytest.raises(LotteryError) as info:
        next_in_line(result, "nope")
    assert info.value.code == "unknown_home_in_result"


@settings(max_examples=100, deadline=None)
@given(spec=round_specs(), data=st.data())
def test_the_line_follows_turn_order_and_never_offers_twice(spec: RoundSpec, data: st.DataObject) -> None:
    frozen = spec.freeze()
    result = draw(frozen, SECRET, "3")
    home = data.draw(st.sampled_from(frozen.home_ids))
    excluded = set(data.draw(st.lists(st.sampled_from(frozen.applicant_ids), max_size=3)))
    line = list(line_for(result, home, excluded))
    assert len(set(line)) == len(line)
    housed = {a.applicant for a in result.assignments}
    assert not set(line) & (housed | excluded)
    assert all(acceptable(frozen, person, home) for person in line)
    turn = {a: i for i, a in enumerate(result.order)}
    # Within each pass (category first, then everyone) the line follows the turn order.
    positions = [turn[a] for a in line]
    breaks = sum(1 for x, y in zip(positions, positions[1:], strict=False) if y < x)
    assert breaks <= 1
    assert next_in_line(result, home, excluded) == (line[0] if line else None)
