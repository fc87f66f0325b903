"""docs/algorithms/housing-lottery.md and the engine cannot drift apart.

Every test vector of the document is recomputed and compared value by value; the worked
example's frozen list and audit file must be the engine's bytes; and the document's reference
implementation (Appendix A, standard library only) must produce the engine's audit file for
generated rounds.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from youthcity.engines.lottery import commit, draw, load_round, next_in_line, order_key

from .helpers import SECRET, RoundSpec, round_specs

DOC = Path(__file__).resolve().parents[3] / "docs" / "algorithms" / "housing-lottery.md"
TEXT = DOC.read_text(encoding="utf-8")


def block(label: str) -> str:
    """The fenced block right after ``<!-- label -->``."""
    match = re.search(rf"<!-- {re.escape(label)} -->\n```[a-z]*\n(.*?)\n```", TEXT, re.S)
    assert match, f"no block {label!r} in {DOC.name}"
    return match.group(1)


VECTORS = sorted({int(n) for n in re.findall(r"<!-- vector (\d+) round -->", TEXT)})


def reference() -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(block("reference implementation"), "housing-lottery.md#appendix-a", "exec"), namespace)
    return namespace


def test_the_document_has_the_vectors_it_promises() -> None:
    assert VECTORS == [1, 2, 3]


@pytest.mark.parametrize("number", VECTORS)
def test_vector(number: int) -> None:
    frozen = load_round(block(f"vector {number} round"))
    given_ = json.loads(block(f"vector {number} draw"))
    expected = json.loads(block(f"vector {number} expected"))
    assert commit(given_["secret"]) == expected["commitment"] == frozen.commitment
    result = draw(frozen, given_["secret"], given_["public_value"])
    assert frozen.list_hash == expected["list_hash"]
    assert result.public_value == expected["public_value"]
    assert result.seed == expected["seed"]
    seed = bytes.fromhex(result.seed)
    assert {a: order_key(seed, a).hex() for a in frozen.applicant_ids} == expected["keys"]
    assert list(result.order) == expected["order"]
    assert [[p.kind, p.category, p.capacity, p.filled] for p in result.phases] == expected["phases"]
    assert [[a.applicant, a.home, a.phase, a.turn] for a in result.assignments] == expected["assignments"]
    assert list(result.waitlist) == expected["waitlist"]
    assert list(result.vacant) == expected["vacant"]
    assert result.audit_hash == expected["audit_sha256"]
    # The reference implementation of Appendix A agrees byte for byte.
    assert reference()["audit"](frozen.to_dict(), given_["secret"], given_["public_value"]) == result.audit_bytes


def test_worked_example_bytes() -> None:
    frozen = load_round(block("vector 1 round"))
    assert block("vector 1 frozen").encode("utf-8") == frozen.canonical_bytes
    given_ = json.loads(block("vector 1 draw"))
    result = draw(frozen, given_["secret"], given_["public_value"])
    assert block("vector 1 audit").encode("utf-8") == result.audit_bytes
    # The 106 bytes shown for the seed, and the LP example of §2.
    hex_text = ""
    for line in block("vector 1 seed input").splitlines():
        for token in line.split():
            if not re.fullmatch(r"[0-9a-f]+", token):
                break
            hex_text += token
    data = bytes.fromhex(hex_text)
    assert len(data) == 106 and hashlib.sha256(data).hexdigest() == result.seed
    assert "`LP(\"3.8.5.\")` = `00000006 332e382e352e`" in TEXT
    # The decline example of §10.
    assert next_in_line(result, "A-101", excluded={"LY-0005"}) == "LY-0009"


def test_the_default_choice_stated_in_the_document_is_the_engine_default() -> None:
    from youthcity.engines.lottery import Policy

    assert "**The platform's default is `reserve_first` with `revert_to_open`**" in TEXT
    assert (Policy().order, Policy().unfilled) == ("reserve_first", "revert_to_open")


@settings(max_examples=200, deadline=None)
@given(spec=round_specs(), value=st.integers(0, 999).map(str))
def test_reference_implementation_matches_the_engine(spec: RoundSpec, value: str) -> None:
    frozen = spec.freeze()
    assert reference_audit(frozen.to_dict(), SECRET, value) == draw(frozen, SECRET, value).audit_bytes


_REFERENCE = reference()


def reference_audit(doc: dict[str, Any], secret: str, value: str) -> bytes:
    return bytes(_REFERENCE["audit"](doc, secret, value))
