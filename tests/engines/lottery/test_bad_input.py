"""Bad input is refused as a whole, with a code, a path and messages in Chinese and English."""

from __future__ import annotations

import hashlib
import json
import pickle
from decimal import Decimal
from typing import Any

import pytest

from youthcity.engines.lottery import (
    Applicant,
    Home,
    LotteryError,
    Policy,
    PublicSource,
    ReserveRule,
    commit,
    draw,
    freeze_round,
    load_round,
    round_from_dict,
)

from .helpers import COMMITMENT, SECRET, SOURCE, raises_code, simple_round

HOMES = [Home("H1", "一室", 45), Home("H2", "两室", "60.5"), Home("H3", "一室", 45)]
PEOPLE = [Applicant("P1", ["graduate"]), Applicant("P2"), Applicant("P3", ["technician"])]


def freeze(**changes: Any):  # type: ignore[no-untyped-def]
    kwargs: dict[str, Any] = {
        "round_id": "R",
        "commitment": COMMITMENT,
        "public_source": SOURCE,
        "homes": HOMES,
        "applicants": PEOPLE,
        "policy": Policy(),
    }
    kwargs.update(changes)
    return freeze_round(**kwargs)


def test_a_valid_round_freezes() -> None:
    assert len(freeze().list_hash) == 64


@pytest.mark.parametrize(
    ("code", "changes", "path"),
    [
        ("no_homes", {"homes": []}, "homes"),
        ("no_applicants", {"applicants": []}, "applicants"),
        ("duplicate_home", {"homes": [*HOMES, Home("H2", "两室", 60)]}, "homes[3].id"),
        ("duplicate_applicant", {"applicants": [*PEOPLE, Applicant("P1")]}, "applicants[3].id"),
        ("bad_text", {"homes": [Home("", "一室", 45)]}, "homes[0].id"),
        ("bad_text", {"applicants": [Applicant("P\n1")]}, "applicants[0].id"),
        ("bad_text", {"applicants": [Applicant("x" * 201)]}, "applicants[0].id"),
        ("bad_text", {"applicants": [Applicant("P\ud800")]}, "applicants[0].id"),
        ("bad_text", {"applicants": [Applicant("P1", ["gra\tduate"])]}, "applicants[0].categories[0]"),
        ("bad_text", {"round_id": ""}, "round_id"),
        ("bad_number", {"homes": [Home("H1", "一室", 45.5)]}, "homes[0].area"),
        ("bad_number", {"homes": [Home("H1", "一室", "4.5e1")]}, "homes[0].area"),
        ("bad_number", {"homes": [Home("H1", "一室", Decimal("NaN"))]}, "homes[0].area"),
        ("bad_number", {"homes": [Home("H1", "一室", True)]}, "homes[0].area"),
        ("bad_area", {"homes": [Home("H1", "一室", "0.0")]}, "homes[0].area"),
        ("bad_area", {"homes": [Home("H1", "一室", -45)]}, "homes[0].area"),
        ("bad_share", {"policy": Policy(reserves=[ReserveRule("graduate", share="-0.4")])}, "policy.reserves[0].share"),
        ("bad_share", {"policy": Policy(reserves=[ReserveRule("graduate", share="1.5")])}, "policy.reserves[0].share"),
        ("bad_count", {"policy": Policy(reserves=[ReserveRule("graduate", count=-1)])}, "policy.reserves[0].count"),
        ("bad_rule", {"policy": Policy(reserves=[ReserveRule("graduate")])}, "policy.reserves[0]"),
        ("bad_rule", {"policy": Policy(reserves=[ReserveRule("graduate", share="0.4", count=1)])}, "policy.reserves[0]"),
        (
            "duplicate_rule",
            {"policy": Policy(reserves=[ReserveRule("graduate", count=1), ReserveRule("graduate", share="0.1")])},
            "policy.reserves[1]",
        ),
        ("reserve_exceeds_homes", {"policy": Policy(reserves=[ReserveRule("graduate", count=4)])}, "policy.reserves"),
        (
            "reserve_exceeds_homes",
            {"policy": Policy(reserves=[ReserveRule("graduate", share="0.5"), ReserveRule("technician", share="0.5")])},
            "policy.reserves",
        ),
        ("unknown_reserve_category", {"homes": [Home("H1", "一室", 45, "graduate")]}, "homes[0].reserved_for"),
        ("multiple_categories", {"applicants": [Applicant("P1", ["graduate", "technician"])]}, "applicants[0].categories"),
        ("unknown_home", {"applicants": [Applicant("P1", preferences=["H9"])]}, "applicants[0].preferences[0]"),
        ("duplicate_preference", {"applicants": [Applicant("P1", preferences=["H1", "H1"])]}, "applicants[0].preferences"),
        ("duplicate_layout", {"applicants": [Applicant("P1", layouts=["一室", "一室"])]}, "applicants[0].layouts"),
        ("missing_score", {"policy": Policy(ranking="score")}, "applicants[0].score"),
        ("unexpected_score", {"applicants": [Applicant("P1", score=90)]}, "applicants[0].score"),
        ("bad_policy", {"policy": Policy(order="random")}, "policy.order"),  # type: ignore[arg-type]
        ("bad_policy", {"policy": Policy(unfilled="drop")}, "policy.unfilled"),  # type: ignore[arg-type]
        ("bad_policy", {"policy": Policy(multiple_categories=1)}, "policy.multiple_categories"),  # type: ignore[arg-type]
        ("bad_commitment", {"commitment": "abc"}, "commitment"),
        ("bad_commitment", {"commitment": "g" * 64}, "commitment"),
        ("bad_public_source", {"public_source": PublicSource("dice", "x")}, "public_source.kind"),  # type: ignore[arg-type]
        ("bad_round", {"applicants": [("P1", [])]}, "applicants[0]"),
        ("bad_round", {"applicants": [Applicant("P1", "graduate")]}, "applicants[0].categories"),
    ],
)
def test_refused(code: str, changes: dict[str, Any], path: str) -> None:
    error = raises_code(code, freeze, **changes)
    assert error.path == path
    # Chinese text a person reads uses full-width punctuation; the English is a sentence.
    assert error.message_zh.endswith(("。", "）")) and "," not in error.message_zh.replace(", ", "")
    assert error.message_en[0].isupper()


def test_a_score_round_orders_and_a_float_score_is_refused() -> None:
    people = [Applicant("P1", score="90"), Applicant("P2", score=Decimal("87.50")), Applicant("P3", score=1)]
    assert freeze(applicants=people, policy=Policy(ranking="score")).applicant_scores == ("90", "87.5", "1")
    raises_code("bad_number", freeze, applicants=[Applicant("P1", score=87.5)], policy=Policy(ranking="score"))


def test_two_categories_are_accepted_when_the_round_allows_them() -> None:
    frozen = freeze(
        applicants=[Applicant("P1", ["technician", "graduate", "graduate"])], policy=Policy(multiple_categories=True)
    )
    assert frozen.applicant_categories == (("graduate", "technician"),)


def test_secret_not_matching_the_commitment_is_refused_and_nothing_is_drawn() -> None:
    frozen = simple_round()
    error = raises_code("secret_mismatch", draw, frozen, "not-the-committed-secret", "1")
    assert error.details["expected"] == COMMITMENT
    assert error.details["found"] == commit("not-the-committed-secret")
    assert "承诺值" in error.message_zh and "commitment" in error.message_en
    short = simple_round(commitment=hashlib.sha256(b"short").hexdigest())
    raises_code("secret_too_short", draw, short, "short", "1")
    raises_code("bad_text", draw, frozen, SECRET + "\n", "1")


@pytest.mark.parametrize(
    ("kind", "value"),
    [("lottery", "3 8 x"), ("lottery", " , "), ("on_site", "３８５"), ("beacon", "abc"), ("beacon", "zz"), ("text", "")],
)
def test_public_value_not_fitting_its_kind_is_refused(kind: str, value: str) -> None:
    frozen = freeze(public_source=PublicSource(kind, "source"))  # type: ignore[arg-type]
    code = "bad_text" if value == "" else "bad_public_value"
    raises_code(code, draw, frozen, SECRET, value)


def test_round_documents_are_checked_field_by_field() -> None:
    doc = json.loads(freeze().canonical_bytes)
    assert round_from_dict(doc).list_hash == freeze().list_hash
    cases = [
        (lambda d: d.pop("homes"), "homes"),
        (lambda d: d.update(extra=1), "extra"),
        (lambda d: d["policy"].update(pool="x"), "policy.pool"),
        (lambda d: d["homes"].update(id=d["homes"]["id"][:2]), "homes.layout"),
        (lambda d: d["homes"]["id"].__setitem__(1, "H1"), "homes.id[1]"),
        (lambda d: d["applicants"]["categories"].__setitem__(0, "graduate"), "applicants.categories[0]"),
        (lambda d: d.update(public_source="lottery"), "public_source"),
        (lambda d: d["policy"].update(reserves=[{"category": "graduate", "share": 0.4}]), "policy.reserves[0].share"),
        (lambda d: d.update(algorithm="other/9"), "algorithm"),
    ]
    for change, path in cases:
        edited = json.loads(json.dumps(doc))
        change(edited)
        with pytest.raises(LotteryError) as info:
            round_from_dict(edited)
        assert info.value.path == path, (path, info.value)


def test_round_files_with_rows_and_json_numbers() -> None:
    text = json.dumps(
        {
            "round_id": "R",
            "commitment": COMMITMENT.upper(),
            "public_source": {"kind": "lottery", "name": "x"},
            "policy": {"reserves": [{"category": "graduate", "share": 0.4}]},
            "homes": [{"id": "H1", "layout": "一室", "area": 45.50}, {"id": "H0", "layout": "一室", "area": 45}],
            "applicants": [{"id": "P1", "categories": ["graduate"]}, {"id": "P0"}],
        }
    )
    frozen = load_round(text)
    assert frozen.commitment == COMMITMENT
    assert frozen.home_ids == ("H0", "H1") and frozen.home_areas == ("45", "45.5")
    assert frozen.policy.reserves[0].share == "0.4"
    assert raises_code("bad_round", load_round, "{not json").path == ""
    assert raises_code("bad_round", load_round, '{"homes": NaN}').code == "bad_round"
    row_error = raises_code("bad_round", load_round, text.replace('"area": 45}', '"area": 45, "rent": 1}'))
    assert row_error.path == "homes[1].rent"


def test_errors_survive_pickling() -> None:
    error = raises_code("duplicate_home", freeze, homes=[*HOMES, Home("H1", "一室", 45)])
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.path, copy.message_zh, copy.message_en) == (
        error.code,
        error.path,
        error.message_zh,
        error.message_en,
    )
