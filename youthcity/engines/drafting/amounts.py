"""Amounts as plans write them: money, ranges, shares of a basis and durations.

``10万元~20万元`` → 100000–200000 CNY; ``1.5万元`` → 15000; ``最高3年`` → at most 36 months;
``1个月到3个月`` → 1–3 months; ``不低于本地最低工资标准80%`` → at least 80 % of the named basis;
``15天以内`` → at most 15 days; ``三千元`` / ``十万元`` → 3000 / 100000.

Every amount keeps the words it was read from (``written``) so a draft can say why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from youthcity.engines.plans.numerals import parse_number

AmountKind = Literal["money", "percent", "duration"]
Bound = Literal["exact", "range", "max", "min"]

# One number: Arabic digits with an optional magnitude (1.5万, 10,000, 3千) or Chinese numerals.
_NUM = r"(?:\d+(?:,\d{3})*(?:\.\d+)?\s*(?:万亿|千万|百万|亿|万|千|百)?|[〇零一二两三四五六七八九十百千万亿]+)"
_SEP = r"\s*(?:~|～|〜|-|－|—|–|至|到)\s*"
# Units: money, durations, percentages.  个月 before 月; 周岁/岁 are ages (not amounts).
_UNIT = r"(?:元|个月|月|年|天|日|晚|%|％)"
_MAX_WORDS = r"(?:最高|最多|最长|不超过|不高于|上限为?)"
_MIN_WORDS = r"(?:不低于|不少于|最低|至少)"
_AMOUNT = re.compile(
    rf"(?P<pre>{_MAX_WORDS}|{_MIN_WORDS})?\s*(?:可?(?:享受|给予|提供|补贴|减免))?\s*"
    rf"(?P<a>{_NUM})\s*(?P<ua>{_UNIT})?(?:{_SEP}(?P<b>{_NUM})\s*(?P<ub>{_UNIT}))?"
    rf"(?P<post>以内|以下|之内|内|以上|及以上)?"
)
_MONEY_MAGNITUDE = re.compile(r"(万亿|千万|百万|亿|万|千|百)$")
_BASIS = re.compile(
    r"(?P<basis>(?:本地|当地|本市|所在地|全市|上年度)?[\u4e00-\u9fff]{0,8}?"
    r"(?:最低工资标准|最低工资|平均工资|工资标准|租金|市场租金|社保费|社会保险费|房租))的?\s*$"
)
_PERCENT_BASIS_CUT = re.compile(r"给予|按照?|为|不低于|不高于|不超过|最高|达到|享受")


@dataclass(frozen=True, slots=True)
class Amount:
    """One amount: ``low``/``high`` in ``unit`` (CNY, months, days, percent); ``bound`` says
    whether the plan gave one figure, a range, a ceiling (最高…) or a floor (不低于…).
    ``basis`` is what a percentage is of; ``written`` the words; ``start``/``end`` their place."""

    kind: AmountKind
    unit: str
    low: Decimal | None
    high: Decimal | None
    bound: Bound
    written: str
    start: int
    end: int
    basis: str | None = None
    note: str = ""


def _plain(value: Decimal | None) -> Decimal | None:
    """15000.0 → 15000 (an integral amount without a fractional exponent)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _number(text: str) -> Decimal | None:
    return parse_number(text.replace(" ", ""))


def _unit_of(unit: str) -> tuple[AmountKind, str, Decimal] | None:
    """Kind, normalised unit and factor of a written unit (years become months)."""
    table: dict[str, tuple[AmountKind, str, Decimal]] = {
        "元": ("money", "CNY", Decimal(1)),
        "个月": ("duration", "months", Decimal(1)),
        "月": ("duration", "months", Decimal(1)),
        "年": ("duration", "months", Decimal(12)),
        "天": ("duration", "days", Decimal(1)),
        "日": ("duration", "days", Decimal(1)),
        "晚": ("duration", "nights", Decimal(1)),
        "%": ("percent", "percent", Decimal(1)),
        "％": ("percent", "percent", Decimal(1)),
    }
    return table.get(unit)


def _range_first(a: str, b: str) -> Decimal | None:
    """The first number of ``10~20万``: it takes the second's magnitude when it has none."""
    value = _number(a)
    mag = _MONEY_MAGNITUDE.search(b.strip())
    if value is not None and mag and not _MONEY_MAGNITUDE.search(a.strip()) and re.fullmatch(r"[\d.,\s]+", a):
        value = _number(a.strip() + mag.group(1))
    return value


def _percent_basis(text: str, start: int) -> str | None:
    """What a percentage is of: the noun phrase before it (``本地最低工资标准80%``)."""
    before = text[max(0, start - 30):start]
    cuts = list(_PERCENT_BASIS_CUT.finditer(before))
    before = before[cuts[-1].end():] if cuts else before
    found = _BASIS.search(before)
    return found.group("basis") if found else None


def _is_date_or_count(text: str, m: re.Match[str]) -> bool:
    """``2021年`` (a year), ``5年内新筹建`` (a plan horizon), ``3个月后`` and numbers that run on
    into other words (``5万套``) are not amounts."""
    unit = m.group("ub") or m.group("ua")
    if unit == "年":
        value = _number(m.group("b") or m.group("a"))
        if value is not None and value >= 1900:
            return True
    nxt = text[m.end():m.end() + 1]
    return bool(unit in ("年", "个月", "月") and nxt in ("底", "末", "初", "起", "后"))


def _floor_before(text: str, start: int) -> bool:
    """``不低于本地最低工资标准80%``: a floor word earlier in the same phrase."""
    before = re.split(r"[，,。；;：:]", text[max(0, start - 20):start])[-1]
    return re.search(_MIN_WORDS, before) is not None and re.search(_MAX_WORDS, before) is None


def find_amounts(text: str) -> list[Amount]:
    """Every money amount, range, percentage and duration in ``text``, in order."""
    out: list[Amount] = []
    for m in _AMOUNT.finditer(text):
        ua, ub = m.group("ua"), m.group("ub")
        unit_word = ub or ua
        if unit_word is None or _is_date_or_count(text, m):
            continue
        if ua is None and m.group("b") is None:
            continue
        spec = _unit_of(unit_word)
        if spec is None:
            continue
        kind, unit, factor = spec
        pre, post = m.group("pre") or "", m.group("post") or ""
        if m.group("b") is not None:
            low = _range_first(m.group("a"), m.group("b"))
            high = _number(m.group("b"))
            if ua is not None and ua != ub:
                low_spec = _unit_of(ua)
                low = None if low is None or low_spec is None else low * low_spec[2] / factor
            if low is None or high is None:
                continue
            low, high = min(low, high) * factor, max(low, high) * factor
            bound: Bound = "range"
        else:
            value = _number(m.group("a"))
            if value is None:
                continue
            value *= factor
            if re.fullmatch(_MAX_WORDS, pre) or post in ("以内", "以下", "之内", "内"):
                low, high, bound = None, value, "max"
            elif re.fullmatch(_MIN_WORDS, pre) or post in ("以上", "及以上") or _floor_before(text, m.start()):
                low, high, bound = value, None, "min"
            else:
                low, high, bound = value, value, "exact"
        basis = _percent_basis(text, m.start("a")) if kind == "percent" else None
        start = m.start("pre") if pre else m.start("a")
        written = text[start:m.end()].strip()
        note = f"“{written}”" + ("（1年按12个月计）" if unit_word == "年" else "")
        out.append(Amount(kind, unit, _plain(low), _plain(high), bound, written, start, m.end(), basis, note))
    return out
