"""Quantitative commitments (targets) inside a measure's text, Chinese and English.

Rules (see ``docs/plan-format.md`` for the full list and the reasons):

* a target is a number with a unit of count, money, percentage, area, distance or
  person-times; money is normalised to 元;
* numbers inside quotation marks or book-title marks (“千名大学生留洛计划”) are names;
* ordinals (第12届), years, ages (40岁以下), plan periods (十四五) and durations
  (15分钟, 最高3年, 15天以内) are not targets — durations only become targets after a
  compression verb (压缩至2小时 → ``<=``);
* an area or distance that only limits the size of the thing counted
  (70平方米以下的住房, housing of less than 70 square meters) is not a target;
* a range (10万元~20万元) yields two targets: the lower bound ``>=`` and the upper ``<=``;
* the default comparator is ``>=``: a plan's quantities are minimum commitments.
"""


from __future__ import annotations

import re
from datetime import date

from .clauses import add_years, end_of
from .model import Benefit, Target
from .targets_en import extract_commitments_en, extract_targets_en
from .targets_zh import extract_commitments_zh, extract_targets_zh

__all__ = [
    "add_years", "end_of", "extract_commitments", "extract_targets", "extract_targets_en", "extract_targets_zh",
    "is_chinese",
]

_CJK = re.compile(r"[\u4e00-\u9fff]")


def is_chinese(text: str) -> bool:
    """True when CJK characters make up a fair share of the letters (judged on a sample)."""
    sample = text[:240]
    cjk = len(_CJK.findall(sample))
    latin = len(re.findall(r"[A-Za-z]", sample))
    return cjk > 0 and cjk * 3 >= latin * 0.5


def extract_targets(text: str, plan_date: date | None = None, year: int | None = None) -> list[Target]:
    """All targets in a measure's text; picks the Chinese or English rules by script."""
    return extract_commitments(text, plan_date, year)[0]


def extract_commitments(
    text: str, plan_date: date | None = None, year: int | None = None
) -> tuple[list[Target], list[Benefit]]:
    """Targets and benefit clauses of a measure's text (Chinese or English rules by script).

    ``year`` is the plan's own year (its date's, else its period's first), for 年内 deadlines.
    """
    if is_chinese(text):
        return extract_commitments_zh(text, plan_date, year)
    return extract_commitments_en(text, plan_date)
