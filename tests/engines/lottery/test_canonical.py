"""Canonical forms of docs §2 and §4.2."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from youthcity.engines.lottery import LotteryError, canonical_decimal, canonical_json, canonical_public_value

from .helpers import SECRET, RoundSpec, round_specs


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("045.50", "45.5"), ("60.0", "60"), ("0.40", "0.4"), ("-0", "0"), ("-0.00", "0"), (0, "0"),
        (Decimal("1E+3"), "1000"), (Decimal("87.50"), "87.5"), ("-12.3400", "-12.34"), ("0.05", "0.05"),
        (45, "45"), ("100", "100"),
    ],
)
def test_canonical_decimal(value: object, expected: str) -> None:
    assert canonical_decimal(value, "数", "The number", "x") == expected


@pytest.mark.parametrize("value", [1.5, "1e3", "+1", " 1", "1.", ".5", "", True, None, Decimal("Infinity"), "1" * 41])
def test_refused_decimals(value: object) -> None:
    with pytest.raises(LotteryError) as info:
        canonical_decimal(value, "数", "The number", "x")
    assert info.value.code == "bad_number"


@given(st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**6, max_value=10**6))
def test_canonical_decimal_keeps_the_value_and_is_idempotent(value: Decimal) -> None:
    text = canonical_decimal(value, "数", "The number", "x")
    assert Decimal(text) == value
    assert canonical_decimal(text, "数", "The number", "x") == text


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("lottery", "3 8 5", "3.8.5."),
        ("lottery", "03，12、25", "3.12.25."),
        ("on_site", "4, 0, 2, 9, 1, 3", "4.0.2.9.1.3."),
        ("lottery", "007", "7."),
        ("beacon", "A1B2c3", "a1b2c3"),
        ("text", "现场：第 3 号球", "现场：第 3 号球"),
    ],
)
def test_public_value_forms(kind: str, value: str, expected: str) -> None:
    assert canonical_public_value(kind, value) == expected


@settings(max_examples=50, deadline=None)
@given(spec=round_specs())
def test_presorted_encoding_equals_sorted_encoding(spec: RoundSpec) -> None:
    """The engine builds documents with keys in sorted order and skips the encoder's sort."""
    from youthcity.engines.lottery import draw

    frozen = spec.freeze()
    doc = json.loads(frozen.canonical_bytes)
    assert canonical_json(doc) == frozen.canonical_bytes
    audit = draw(frozen, SECRET, "1").audit_bytes
    assert canonical_json(json.loads(audit)) == audit
    # No \u escapes: non-ASCII text is written as UTF-8 (docs §2).
    assert b"\\u" not in audit
