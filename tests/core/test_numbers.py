"""One formatter for numbers people read."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from youthcity.core.numbers import fixed, grouped, plain, wan


def test_grouped_digits():
    assert grouped(1600) == "1,600" and grouped(Decimal("1600.00")) == "1,600"
    assert grouped(Decimal("1600.5")) == "1,600.5" and grouped(1234567.891, 2) == "1,234,567.89"
    assert grouped(None) == "" and grouped("abc") == "" and grouped(float("nan")) == ""


def test_plain_and_fixed():
    assert plain(Decimal("350.00")) == "350" and plain(Decimal("1.20")) == "1.2" and plain(Decimal("0.05")) == "0.05"
    assert fixed(62.345, 1) == "62.3" and fixed(None) == ""


def test_wan_reads_large_counts_the_chinese_way():
    assert wan(27500) == "2.75万" and wan(120_000_000) == "1.2亿" and wan(9800) == "9,800" and wan(10_000) == "1万"


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_grouped_round_trips_integers(n):
    assert int(grouped(n).replace(",", "")) == n
