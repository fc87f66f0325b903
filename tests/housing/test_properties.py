"""Hypothesis properties of the app's path into the lottery engine (adapters → freeze → draw →
verify), with the housing app's own policy: one reserve for one category, single-category
applicants. The engine's own properties live in tests/engines/lottery/."""

from __future__ import annotations

import random
from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from youthcity.engines.lottery import commit, draw, verify
from youthcity.housing import adapters

SECRET = "8d2f4a6b0c1e3f5a7b9c0d1e2f3a4b5c"
CATEGORIES = ("young_graduate", "bachelor_plus", "technician", "other")


def _round(share):
    return SimpleNamespace(
        round_code="T-R1",
        commitment=commit(SECRET),
        public_source_kind="lottery",
        public_source_name="福彩3D",
        reserved_share=share,
        reserved_count=None,
        reserve_category="young_graduate",
    )


def _homes(n):
    return [
        SimpleNamespace(
            code=f"1号楼-{100 + i}",
            layout=("一室", "两室", "三室")[i % 3],
            area=Decimal(("45.00", "60.00", "90.00")[i % 3]),
        )
        for i in range(n)
    ]


rounds = st.tuples(
    st.integers(min_value=1, max_value=25),  # homes
    st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=60),  # applicants' categories
    st.sampled_from([None, Decimal("0.4"), Decimal("0.25"), Decimal("1")]),
    st.text(alphabet="0123456789 ", min_size=1, max_size=12).filter(lambda s: any(c.isdigit() for c in s)),
)


def _draw(n_homes, cats, share, value, order=None):
    entries = [(f"H{i:07d}", c) for i, c in enumerate(cats)]
    homes = _homes(n_homes)
    if order is not None:
        random.Random(order).shuffle(entries)
        random.Random(order + 1).shuffle(homes)
    return draw(adapters.freeze(_round(share), homes, entries), SECRET, value)


@settings(max_examples=60)
@given(rounds)
def test_each_home_to_at_most_one_applicant_and_each_applicant_at_most_one_home(spec):
    result = _draw(*spec)
    homes = [a.home for a in result.assignments]
    people = [a.applicant for a in result.assignments]
    assert len(homes) == len(set(homes)) and len(people) == len(set(people))
    assert len(homes) == min(spec[0], len(spec[1]))  # nobody restricts choice here: no home wasted


@settings(max_examples=60)
@given(rounds)
def test_the_reserve_for_young_graduates_is_respected(spec):
    n_homes, cats, share, value = spec
    result = _draw(*spec)
    if share is None:
        return
    from fractions import Fraction

    f = Fraction(share)
    reserved = -((-f.numerator * n_homes) // f.denominator)
    graduates = cats.count("young_graduate")
    category = dict((f"H{i:07d}", c) for i, c in enumerate(cats))
    won = sum(1 for a in result.assignments if category[a.applicant] == "young_graduate")
    assert won >= min(reserved, graduates)


@settings(max_examples=40)
@given(rounds, st.integers(min_value=0, max_value=10_000))
def test_the_result_does_not_depend_on_the_order_rows_come_from_the_database(spec, order):
    assert _draw(*spec).audit_bytes == _draw(*spec, order=order).audit_bytes


@settings(max_examples=30)
@given(rounds, st.data())
def test_verify_catches_any_edited_byte_of_the_apps_audit_file(spec, data):
    audit = bytearray(_draw(*spec).audit_bytes)
    assert verify(bytes(audit)).ok
    position = data.draw(st.integers(min_value=0, max_value=len(audit) - 1))
    replacement = data.draw(st.integers(min_value=0, max_value=255).filter(lambda b: b != audit[position]))
    audit[position] = replacement
    assert not verify(bytes(audit)).ok
