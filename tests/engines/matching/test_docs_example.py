"""The worked example of docs/algorithms/matching.md §6, and its two variants, as written there."""

from __future__ import annotations

from youthcity.engines.matching import OPEN, Applicant, MatchingRound, Position, match


def example(precedence: tuple[str, ...] = (OPEN, "out_of_town"), rule: str = "revert") -> MatchingRound:
    return MatchingRound(
        applicants=(
            Applicant("A", ("P1", "P2")),
            Applicant("B", ("P1",), frozenset({"out_of_town"})),
            Applicant("C", ("P1", "P3"), frozenset({"out_of_town"})),
            Applicant("D", ("P1", "P3")),
            Applicant("E", ("P3", "P2")),
        ),
        positions=(
            Position("P1", 2, ("B", "A", "C", "D"), {"out_of_town": 1}, precedence),
            Position("P2", 1, ("E", "A")),
            Position("P3", 2, ("D", "E"), {"out_of_town": 1}),
        ),
        categories=("out_of_town",),
        unfilled_reserved_seats=rule,  # type: ignore[arg-type]
    )


def table(round_: MatchingRound) -> dict[str, tuple[str, str, int]]:
    return {a.applicant_id: (a.position_id, a.seat, a.choice) for a in match(round_).assignments}


def test_the_worked_example() -> None:
    assert table(example()) == {
        "A": ("P2", "open", 2),
        "B": ("P1", "open", 1),
        "C": ("P1", "out_of_town", 1),
        "D": ("P3", "open", 2),
        "E": ("P3", "reverted", 1),
    }
    fills = {p.position_id: [(s.category, s.filled, s.seats) for s in p.seats] for p in match(example()).positions}
    assert fills["P3"] == [("open", 1, 1), ("out_of_town", 0, 1), ("reverted", 1, 1)]


def test_reserve_first_at_p1_places_one_out_of_town_graduate_fewer() -> None:
    result = match(example(precedence=("out_of_town", OPEN)))
    assert {a.applicant_id: (a.position_id, a.seat) for a in result.assignments} == {
        "A": ("P1", "open"), "B": ("P1", "out_of_town"), "D": ("P3", "open"), "E": ("P3", "reverted"),
    }
    assert result.unmatched == ("C",)
    assert next(p for p in result.positions if p.position_id == "P2").filled == 0


def test_hold_leaves_the_reserved_seat_empty() -> None:
    result = match(example(rule="hold"))
    assert {a.applicant_id: a.position_id for a in result.assignments} == {"B": "P1", "C": "P1", "D": "P3", "E": "P2"}
    assert result.unmatched == ("A",)
    p3 = next(p for p in result.positions if p.position_id == "P3")
    assert [(s.category, s.filled, s.seats) for s in p3.seats] == [("open", 1, 1), ("out_of_town", 0, 1)]
    assert p3.vacant == 1
