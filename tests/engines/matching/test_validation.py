"""Bad input is refused as a whole, with every problem named in Chinese and English."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from youthcity.engines.matching import (
    OPEN,
    Applicant,
    MatchingInputError,
    MatchingRound,
    Position,
    match,
    validate,
)
from youthcity.engines.matching.validation import find_issues, prepare

from .helpers import rounds


def base(**changes: object) -> MatchingRound:
    """A small valid round: two applicants, two positions, one out-of-town reserve."""
    fields: dict[str, object] = {
        "applicants": (
            Applicant("A1", ("P1", "P2"), frozenset({"out_of_town"})),
            Applicant("A2", ("P1",)),
        ),
        "positions": (
            Position("P1", 2, ("A2", "A1"), {"out_of_town": 1}),
            Position("P2", 1, ("A1",)),
        ),
        "categories": ("out_of_town",),
    }
    fields.update(changes)
    return MatchingRound(**fields)  # type: ignore[arg-type]


def refused(round_: MatchingRound) -> MatchingInputError:
    with pytest.raises(MatchingInputError) as info:
        match(round_)
    return info.value


def test_the_base_round_is_valid() -> None:
    validate(base())
    assert len(match(base()).assignments) == 2


CASES = [
    ("unknown_position", {"applicants": (Applicant("A1", ("P1", "P9")), Applicant("A2", ("P1",)))},
     "P9", "不存在的岗位「P9」"),
    ("duplicate_choice", {"applicants": (Applicant("A1", ("P1", "P2", "P1")), Applicant("A2", ("P1",)))},
     "P1", "出现了不止一次"),
    ("negative_capacity", {"positions": (Position("P1", -1, ("A2",)), Position("P2", 1, ("A1",)))},
     "-1", "不能为负数"),
    ("negative_reserve", {"positions": (Position("P1", 2, ("A2", "A1"), {"out_of_town": -1}), Position("P2", 1))},
     "-1", "不能为负数"),
    ("reserves_exceed_capacity", {"positions": (Position("P1", 2, ("A2", "A1"), {"out_of_town": 3}),
                                                Position("P2", 1, ("A1",)))},
     "3", "超过了招收人数2个"),
    ("ranked_non_applicant", {"positions": (Position("P1", 2, ("A2", "A1")), Position("P2", 1, ("A1", "A2")))},
     "A2", "没有填报这个岗位"),
    ("unknown_applicant", {"positions": (Position("P1", 2, ("A2", "A1", "A7")), Position("P2", 1, ("A1",)))},
     "A7", "不存在的申请人「A7」"),
    ("duplicate_ranking", {"positions": (Position("P1", 2, ("A2", "A1", "A2")), Position("P2", 1, ("A1",)))},
     "A2", "出现了不止一次"),
    ("unknown_category", {"applicants": (Applicant("A1", ("P1",), frozenset({"rural"})), Applicant("A2", ("P1",)))},
     "rural", "不在本轮声明的类别中"),
    ("unknown_category", {"positions": (Position("P1", 2, ("A2", "A1"), {"rural": 1}), Position("P2", 1, ("A1",)))},
     "rural", "没有声明该类别"),
    ("duplicate_applicant", {"applicants": (Applicant("A1", ("P1",)), Applicant("A1", ("P2",)))},
     "A1", "出现了不止一次"),
    ("duplicate_position", {"positions": (Position("P1", 2, ("A2", "A1")), Position("P1", 1))},
     "P1", "出现了不止一次"),
    ("duplicate_category", {"categories": ("out_of_town", "out_of_town")}, "out_of_town", "声明了不止一次"),
    ("reserved_name", {"categories": ("out_of_town", "open")}, "open", "系统保留"),
    ("too_many_choices", {"max_choices": 1}, "2", "超过本轮上限1个"),
    ("bad_max_choices", {"max_choices": 0}, "0", "正整数"),
    ("bad_rule", {"unfilled_reserved_seats": "drop"}, "drop", "revert"),
    ("bad_precedence", {"precedence": ("out_of_town",)}, "open", "缺少「open」"),
    ("bad_precedence", {"positions": (Position("P1", 2, ("A2", "A1"), {"out_of_town": 1}, (OPEN, OPEN, "out_of_town")),
                                      Position("P2", 1, ("A1",)))},
     "open", "出现了不止一次"),
    ("tie_without_seed", {"positions": (Position("P1", 2, (("A2", "A1"),)), Position("P2", 1, ("A1",)))},
     "P1", "随机种子"),
    ("empty_tie_group", {"positions": (Position("P1", 2, ((),)), Position("P2", 1, ("A1",))),
                         "tie_break_seed": "s"},
     "P1", "空的并列组"),
    ("empty_id", {"applicants": (Applicant("", ("P1",)), Applicant("A2", ("P1",)))}, "1", "编号为空"),
]


@pytest.mark.parametrize(("code", "changes", "named", "zh"), CASES, ids=[c[0] for c in CASES])
def test_each_problem_is_refused_with_its_code_and_both_messages(
    code: str, changes: dict[str, object], named: str, zh: str
) -> None:
    error = refused(base(**changes))
    issue = next(i for i in error.issues if i.code == code)
    assert named in issue.message_en and named in issue.message_zh
    assert zh in issue.message_zh
    # Chinese messages use full-width punctuation and end with a full stop.
    assert issue.message_zh.endswith("。") and not re.search(r"[,;:()](?![a-z_])", issue.message_zh)
    assert issue.message_en.endswith(".")
    assert error.code == error.issues[0].code and str(error).startswith(f"[{error.code}]")


def test_every_problem_is_reported_at_once() -> None:
    round_ = MatchingRound(
        applicants=(Applicant("A1", ("P1", "P9", "P1")), Applicant("A1", ("P2",), frozenset({"x"}))),
        positions=(Position("P1", -2, ("A1", "A5")), Position("P2", 1, ("A1",), {"y": 3})),
    )
    codes = [i.code for i in refused(round_).issues]
    assert codes.count("unknown_category") == 2
    for code in ("negative_capacity", "reserves_exceed_capacity", "duplicate_applicant", "unknown_position",
                 "duplicate_choice", "unknown_applicant"):
        assert code in codes, code


def test_an_employer_ranking_someone_who_did_not_apply_is_refused_not_ignored() -> None:
    round_ = base(positions=(Position("P1", 2, ("A2", "A1")), Position("P2", 1, ("A2", "A1"))))
    error = refused(round_)
    assert [i.code for i in error.issues] == ["ranked_non_applicant"]
    assert error.issues[0].where == "position P2"
    assert "A2" in error.message_en and "P2" in error.message_en


def test_unranked_applicants_are_not_acceptable_and_that_is_valid() -> None:
    round_ = base(positions=(Position("P1", 2, ("A2",)), Position("P2", 1, ())))
    result = match(round_)
    assert result.unmatched == ("A1",)


def test_a_group_of_one_is_no_tie_and_needs_no_seed() -> None:
    round_ = base(positions=(Position("P1", 2, (("A2",), "A1")), Position("P2", 1, ("A1",))))
    assert match(round_) == match(base(positions=(Position("P1", 2, ("A2", "A1")), Position("P2", 1, ("A1",)))))


def test_from_dict_names_each_wrongly_typed_field() -> None:
    with pytest.raises(MatchingInputError) as info:
        MatchingRound.from_dict({
            "applicants": [{"id": "A1", "ranking": "P1"}, {"id": 7}],
            "positions": [{"id": "P1", "capacity": "3", "ranking": [1]}, {"id": "P2"}],
            "colour": "red",
        })
    paths = [i.message_en for i in info.value.issues]
    assert all(i.code == "bad_format" for i in info.value.issues)
    for fragment in ("applicants[0].ranking must be a list of strings", "applicants[1].id must be a string",
                     "positions[0].capacity must be a whole number", "positions[0].ranking[0] must be",
                     "positions[1].capacity is missing", "round.colour is not a known field"):
        assert any(fragment in p for p in paths), fragment
    with pytest.raises(MatchingInputError):
        MatchingRound.from_dict([1, 2])


def test_round_file_shape_round_trips() -> None:
    round_ = base(tie_break_seed="2025", max_choices=5, unfilled_reserved_seats="hold")
    again = MatchingRound.from_dict(round_.to_dict())
    assert again.to_dict() == round_.to_dict()
    assert match(again) == match(round_)


# --- the fast path and the validator agree on random, often broken, rounds ----------------------------


def _outsider_ranked(p: Position, applicants: list[Applicant]) -> Position:
    outsider = [a.id for a in applicants if p.id not in a.ranking]
    return Position(p.id, p.capacity, (*p.ranking, outsider[0]), p.reserved, p.precedence) if outsider else p


# Each way of breaking a round: an applicant edited, a position edited, or a round field changed.
APPLICANT_BREAKS: dict[str, Callable[[Applicant], Applicant]] = {
    "unknown_position": lambda a: Applicant(a.id, (*a.ranking, "nowhere"), a.categories),
    "duplicate_choice": lambda a: Applicant(a.id, (*a.ranking, a.ranking[0]), a.categories) if a.ranking else a,
    "unknown_category": lambda a: Applicant(a.id, a.ranking, frozenset({"martian"})),
}
POSITION_BREAKS: dict[str, Callable[[Position, list[Applicant]], Position]] = {
    "negative_capacity": lambda p, _: Position(p.id, -1, p.ranking, {}, None),
    "too_many_reserved": lambda p, _: Position(p.id, p.capacity, p.ranking, {"c1": p.capacity + 1}, None),
    "non_applicant": _outsider_ranked,
    "unknown_applicant": lambda p, _: Position(p.id, p.capacity, (*p.ranking, "ghost"), p.reserved, p.precedence),
    "duplicate_ranking": lambda p, _: (Position(p.id, p.capacity, (*p.ranking, p.ranking[0]), p.reserved,
                                                p.precedence) if p.ranking else p),
    "empty_group": lambda p, _: Position(p.id, p.capacity, (*p.ranking, ()), p.reserved, p.precedence),
    "zero_capacity": lambda p, _: Position(p.id, 0, p.ranking, {}, None),
}
FIELD_BREAKS: dict[str, Callable[[st.DrawFn], dict[str, object]]] = {
    "no_seed": lambda draw: {"tie_break_seed": None},
    "max_choices": lambda draw: {"max_choices": draw(st.integers(0, 2))},
    "precedence": lambda draw: {"precedence": draw(st.sampled_from([(OPEN,), ("c1", "c2"), (OPEN, "c1", "c2", "c1")]))},
}
BREAKS = [*APPLICANT_BREAKS, "duplicate_applicant", *POSITION_BREAKS, "duplicate_position", *FIELD_BREAKS]


@st.composite
def broken_rounds(draw: st.DrawFn) -> MatchingRound:
    round_ = draw(rounds(reserves=True, ties=True, max_applicants=6, max_positions=3))
    applicants = list(round_.applicants)
    positions = list(round_.positions)
    fields: dict[str, object] = {}
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(BREAKS))
        if kind in APPLICANT_BREAKS or kind == "duplicate_applicant":
            if not applicants:
                continue
            k = draw(st.integers(0, len(applicants) - 1))
            if kind == "duplicate_applicant":
                applicants.append(Applicant(applicants[k].id, (), frozenset()))
            else:
                applicants[k] = APPLICANT_BREAKS[kind](applicants[k])
        elif positions:
            k = draw(st.integers(0, len(positions) - 1))
            if kind == "duplicate_position":
                positions.append(Position(positions[k].id, 1))
            elif kind in POSITION_BREAKS:
                positions[k] = POSITION_BREAKS[kind](positions[k], applicants)
            else:
                fields.update(FIELD_BREAKS[kind](draw))
    return MatchingRound(
        tuple(applicants), tuple(positions), round_.categories,
        fields.get("precedence", round_.precedence),  # type: ignore[arg-type]
        round_.unfilled_reserved_seats,
        fields.get("max_choices", round_.max_choices),  # type: ignore[arg-type]
        fields.get("tie_break_seed", round_.tie_break_seed),  # type: ignore[arg-type]
    )


@settings(max_examples=600, deadline=None)
@given(broken_rounds())
def test_fast_path_and_validator_agree(round_: MatchingRound) -> None:
    issues = find_issues(round_)
    if issues:
        with pytest.raises(MatchingInputError) as info:
            prepare(round_)
        assert list(info.value.issues) == issues
    else:
        prepare(round_)
