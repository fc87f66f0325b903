"""Numbers as plans write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from youthcity.engines.plans import parse_number
from youthcity.engines.plans.numerals import parse_chinese


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5万", 50000), ("1.3万", 13000), ("1000万", 10_000_000), ("1亿", 100_000_000), ("10万", 100000),
        ("10,000", 10000), ("2.5亿", 250_000_000), ("3千万", 30_000_000), ("一百二十", 120), ("两千", 2000),
        ("十五", 15), ("二十", 20), ("一百零五", 105), ("三万五千", 35000), ("一亿两千万", 120_000_000),
        ("万", 10000), ("1.5 million", 1_500_000), ("2 billion", 2_000_000_000),
    ],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "十四五", "二〇二一", "1.2.3", "万达"])
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_chinese_digits_only_after_zero() -> None:
    assert parse_chinese("一百零五") == 105
    assert parse_chinese("一二三") is None
