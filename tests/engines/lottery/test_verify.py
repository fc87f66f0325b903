"""``verify``: a genuine audit file passes; any edited byte, and any tampering that keeps the
JSON valid, is caught and located."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from youthcity.engines.lottery import canonical_json, commit, draw, round_from_dict, verify

from .helpers import SECRET, RoundSpec, round_specs, simple_round


@pytest.fixture(scope="module")
def audit() -> bytes:
    frozen = simple_round(n_homes=4, n_applicants=7, graduates=3, share="0.5")
    return draw(frozen, SECRET, "3 8 5").audit_bytes


def test_a_genuine_audit_file_verifies(audit: bytes) -> None:
    outcome = verify(audit)
    assert outcome.ok and outcome.difference is None
    doc = json.loads(audit)
    assert outcome.list_hash == doc["list_hash"] and outcome.seed == doc["draw"]["seed"]
    assert verify(audit, list_hash=doc["list_hash"], commitment=commit(SECRET)).ok


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_any_edited_byte_is_caught(audit: bytes, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(audit) - 1))
    new = data.draw(st.integers(0, 255).filter(lambda b: b != audit[position]))
    edited = audit[:position] + bytes([new]) + audit[position + 1 :]
    outcome = verify(edited)
    assert not outcome.ok and outcome.difference is not None
    assert outcome.difference.path and outcome.difference.message_en and outcome.difference.message_zh


@settings(max_examples=60, deadline=None)
@given(spec=round_specs(max_applicants=10, max_homes=6), data=st.data())
def test_any_edited_byte_is_caught_in_generated_rounds(spec: RoundSpec, data: st.DataObject) -> None:
    audit = draw(spec.freeze(), SECRET, "7").audit_bytes
    assert verify(audit).ok
    position = data.draw(st.integers(0, len(audit) - 1))
    new = data.draw(st.integers(0, 255).filter(lambda b: b != audit[position]))
    assert not verify(audit[:position] + bytes([new]) + audit[position + 1 :]).ok


def _edit(audit: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    doc = json.loads(audit)
    change(doc)
    return canonical_json(doc)


def _swap(seq: list, i: int, j: int) -> None:  # type: ignore[type-arg]
    seq[i], seq[j] = seq[j], seq[i]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: _swap(d["result"]["order"], 0, 1), "result.order[0]"),
        (lambda d: _swap(d["result"]["assignments"]["home"], 0, 1), "result.assignments.home[0]"),
        (lambda d: d["result"]["waitlist"].pop(), "result.waitlist.length"),
        (lambda d: d["result"]["phases"][0].update(filled=1), "result.phases[0].filled"),
        (lambda d: d["result"]["vacant"].append("H999"), "result.vacant.length"),
        (lambda d: d["draw"].update(seed="0" * 64), "draw.seed"),
        (lambda d: d["draw"].update(public_value="3.8.6."), "draw.seed"),
        (lambda d: d["draw"].update(public_value="3 8 5"), "draw.public_value"),
        (lambda d: d["draw"].update(secret="another-secret-of-16+"), "draw.secret"),
        (lambda d: d["round"]["applicants"]["categories"].__setitem__(5, ["graduate"]), "list_hash"),
        (lambda d: d["round"]["homes"]["layout"].__setitem__(0, "三室"), "list_hash"),
        (lambda d: d["round"]["policy"].update(order="open_first"), "list_hash"),
        (lambda d: d.update(list_hash="f" * 64), "list_hash"),
        (lambda d: d.update(algorithm="youthcity-housing-lottery/2"), "algorithm"),
        (lambda d: d.update(extra=1), "extra"),
        (lambda d: d["result"].update(note="fine"), "result.note"),
        (lambda d: d["round"]["homes"]["area"].__setitem__(0, "45.0"), "round.homes.area[0]"),
        (lambda d: d["result"]["assignments"]["turn"].__setitem__(0, True), "result.assignments.turn[0]"),
    ],
)
def test_tampering_that_keeps_the_json_valid_is_located(audit: bytes, change, path: str) -> None:  # type: ignore[no-untyped-def]
    outcome = verify(_edit(audit, change))
    assert not outcome.ok and outcome.difference is not None
    assert outcome.difference.path == path, outcome.difference


@pytest.mark.parametrize(
    "mangle",
    [
        lambda b: b.replace(b'{"algorithm"', b'{ "algorithm"', 1),
        lambda b: b + b"\n",
        lambda b: b.replace(b'"algorithm":', b'"\\u0061lgorithm":', 1),
        lambda b: b.replace(b'"list_hash":', b'"algorithm":"youthcity-housing-lottery/1","list_hash":', 1),
        lambda b: b"\xef\xbb\xbf" + b,
        lambda b: b.replace(b'"turn":[', b'"turn":[1.0,', 1).replace(b'[1.0,1,', b"[1.0,", 1),
    ],
)
def test_non_canonical_bytes_with_the_same_content_are_caught(audit: bytes, mangle) -> None:  # type: ignore[no-untyped-def]
    edited = mangle(audit)
    assert edited != audit
    assert not verify(edited).ok


def test_a_fully_recomputed_forgery_passes_alone_but_not_against_the_published_hashes() -> None:
    """Whoever holds the revealed secret can recompute a consistent file for another list; the
    list hash and commitment published before the draw are what catch it."""
    frozen = simple_round(n_homes=3, n_applicants=8)
    genuine = draw(frozen, SECRET, "1 2 3")
    doc = frozen.to_dict()
    doc["applicants"]["id"][0] = "P000-friend"
    forged = draw(round_from_dict(doc), SECRET, "1 2 3").audit_bytes
    assert verify(forged).ok
    outcome = verify(forged, list_hash=frozen.list_hash)
    assert not outcome.ok and outcome.difference is not None and outcome.difference.path == "list_hash"
    other_secret = "an-operator-who-changed-the-secret"
    doc["commitment"] = commit(other_secret)
    forged = draw(round_from_dict(doc), other_secret, "1 2 3").audit_bytes
    outcome = verify(forged, commitment=frozen.commitment)
    assert not outcome.ok and outcome.difference is not None and outcome.difference.path == "round.commitment"
    assert verify(genuine.audit_bytes, list_hash=frozen.list_hash, commitment=frozen.commitment).ok


@pytest.mark.parametrize("data", [b"", b"\xff\xfe", b"[]", b"{}", b'{"algorithm": 1}', b"null", b"{" * 10])
def test_garbage_is_a_difference_not_an_exception(data: bytes) -> None:
    outcome = verify(data)
    assert not outcome.ok and outcome.difference is not None


def test_a_malformed_round_inside_an_audit_file_is_reported_with_its_path(audit: bytes) -> None:
    edited = _edit(audit, lambda d: d["round"]["applicants"]["id"].__setitem__(1, d["round"]["applicants"]["id"][0]))
    outcome = verify(edited)
    assert outcome.difference is not None
    assert outcome.difference.path == "round.applicants.id[1]"
    assert "more than once" in outcome.difference.message_en and "不止一次" in outcome.difference.message_zh


def test_true_in_place_of_1_is_located_although_python_says_true_equals_1(audit: bytes) -> None:
    doc = json.loads(audit)
    turns = doc["result"]["assignments"]["turn"]
    index = turns.index(1)
    turns[index] = True
    outcome = verify(canonical_json(doc))
    assert outcome.difference is not None
    assert outcome.difference.path == f"result.assignments.turn[{index}]"
    assert (outcome.difference.expected, outcome.difference.found) == ("1", "true")


def test_load_audit_returns_the_verified_draw_or_refuses(audit: bytes) -> None:
    from youthcity.engines.lottery import LotteryError, load_audit, next_in_line

    result = load_audit(audit)
    assert result.audit_bytes == audit
    first = next(a for a in result.assignments if result.phases[a.phase].kind == "open")
    assert next_in_line(result, first.home, {first.applicant}) == result.waitlist[0]
    with pytest.raises(LotteryError) as info:
        load_audit(_edit(audit, lambda d: _swap(d["result"]["order"], 0, 1)))
    assert info.value.code == "audit_mismatch" and info.value.path == "result.order[0]"
    assert "result.order[0]" in info.value.message_zh
