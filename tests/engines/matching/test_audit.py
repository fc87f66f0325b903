"""Audit files: canonical, recomputable, and no edited byte goes unnoticed."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given, settings

from youthcity.engines.matching import (
    ALGORITHM_VERSION,
    Applicant,
    MatchingRound,
    Position,
    canonical_json,
    make_audit,
    match,
    verify,
)

from .helpers import rounds


def example() -> MatchingRound:
    return MatchingRound(
        applicants=(
            Applicant("A", ("P1", "P2")),
            Applicant("B", ("P1",), frozenset({"out_of_town"})),
            Applicant("C", ("P1", "P3"), frozenset({"out_of_town"})),
            Applicant("D", ("P1", "P3")),
            Applicant("E", ("P3", "P2")),
        ),
        positions=(
            Position("P1", 2, ("B", "A", "C", "D"), {"out_of_town": 1}),
            Position("P2", 1, ("E", "A")),
            Position("P3", 2, ("D", "E"), {"out_of_town": 1}),
        ),
        categories=("out_of_town",),
        round_id="示例 2025",
    )


def test_audit_file_is_canonical_json_with_hashes() -> None:
    round_ = example()
    audit = make_audit(round_)
    doc = json.loads(audit)
    assert audit == canonical_json(doc)
    assert audit.endswith(b"}\n") and b"\n" not in audit[:-1] and b": " not in audit
    assert "示例 2025".encode() in audit  # UTF-8, not \u escapes
    assert doc["algorithm_version"] == ALGORITHM_VERSION
    inputs = json.dumps(doc["inputs"], sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert doc["input_sha256"] == hashlib.sha256(inputs.encode()).hexdigest()
    assert doc["inputs"] == round_.to_dict()
    assert doc["result"] == match(round_).to_dict()
    verdict = verify(audit)
    assert verdict.ok and verdict.audit_sha256 == hashlib.sha256(audit).hexdigest()
    assert verdict.input_sha256 == doc["input_sha256"] and verdict.result_sha256 == doc["result_sha256"]


def test_every_single_byte_edit_is_caught() -> None:
    audit = make_audit(example())
    for offset in range(len(audit)):
        original = audit[offset]
        # Two edits per byte: a neighbouring character, and a digit/letter swap that stays valid JSON.
        for replacement in {original ^ 1, ord("0") if original != ord("0") else ord("1")}:
            edited = audit[:offset] + bytes([replacement]) + audit[offset + 1 :]
            verdict = verify(edited)
            assert not verdict.ok, (offset, chr(original), chr(replacement))
    # Deleting or inserting a byte anywhere is caught as well.
    for offset in range(0, len(audit), 7):
        assert not verify(audit[:offset] + audit[offset + 1 :]).ok
        assert not verify(audit[:offset] + b" " + audit[offset:]).ok


@settings(max_examples=60, deadline=None)
@given(rounds(reserves=True, ties=True, max_applicants=6, max_positions=3))
def test_random_rounds_verify_and_tampered_results_do_not(round_: MatchingRound) -> None:
    audit = make_audit(round_)
    assert verify(audit).ok
    assert make_audit(MatchingRound.from_dict(json.loads(audit)["inputs"])) == audit


def _tamper(audit: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    doc = json.loads(audit)
    change(doc)
    return canonical_json(doc)


def test_first_difference_is_named() -> None:
    audit = make_audit(example())

    def move_c(doc: dict) -> None:  # type: ignore[type-arg]
        doc["result"]["assignments"][2]["position"] = "P3"

    verdict = verify(_tamper(audit, move_c))
    assert verdict.code == "result" and verdict.path == "result.assignments[2].position"
    assert "P3" in verdict.message_en and "P1" in verdict.message_en and "重新计算" in verdict.message_zh

    def drop_unmatched(doc: dict) -> None:  # type: ignore[type-arg]
        doc["inputs"]["positions"][0]["capacity"] = 3
        doc["input_sha256"] = hashlib.sha256(canonical_json(doc["inputs"])).hexdigest()

    verdict = verify(_tamper(audit, drop_unmatched))
    assert verdict.code == "result"  # inputs and their hash rewritten together: the result no longer fits

    def old_version(doc: dict) -> None:  # type: ignore[type-arg]
        doc["algorithm_version"] = "0.9.0"

    assert verify(_tamper(audit, old_version)).code == "algorithm_version"
    pretty = json.dumps(json.loads(audit), indent=2, ensure_ascii=False).encode()
    assert verify(pretty).code == "not_canonical"
    assert verify(b"\xff" + audit).code == "not_utf8"
    assert verify(b"{").code == "not_json"
    assert verify(b"[]").code == "bad_structure"


def test_published_sha256_is_checked_when_given() -> None:
    audit = make_audit(example())
    digest = hashlib.sha256(audit).hexdigest()
    assert verify(audit, expected_sha256=digest.upper()).ok
    wrong = verify(audit, expected_sha256="0" * 64)
    assert not wrong.ok and wrong.code == "expected_sha256"


def test_invalid_inputs_inside_an_audit_are_reported() -> None:
    audit = make_audit(example())

    def break_inputs(doc: dict) -> None:  # type: ignore[type-arg]
        doc["inputs"]["positions"][1]["capacity"] = -1
        doc["input_sha256"] = hashlib.sha256(canonical_json(doc["inputs"])).hexdigest()

    verdict = verify(_tamper(audit, break_inputs))
    assert verdict.code == "invalid_inputs" and "-1" in verdict.message_en


@pytest.mark.parametrize("rule", ["revert", "hold"])
def test_same_inputs_give_byte_identical_audits(rule: str) -> None:
    r = example()
    r = MatchingRound(r.applicants, r.positions, r.categories, unfilled_reserved_seats=rule)  # type: ignore[arg-type]
    reordered = MatchingRound(tuple(reversed(r.applicants)), tuple(reversed(r.positions)), r.categories,
                              unfilled_reserved_seats=rule)  # type: ignore[arg-type]
    assert make_audit(r) == make_audit(r) == make_audit(reordered)
