"""Numbers as plans write them: ``1.3万``, ``1,000``, ``一百二十``, ``两千``, ``1 million``.

Everything is exact (``Decimal``) so that ``1.3万`` is 13000 and not 13000.000000000002.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final

CN_DIGITS: Final[dict[str, int]] = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
CN_SMALL_UNITS: Final[dict[str, int]] = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS: Final[dict[str, int]] = {"万": 10_000, "亿": 100_000_000}

#: Magnitude suffixes after Arabic digits, longest first so 千万 wins over 千.
MAGNITUDES: Final[dict[str, Decimal]] = {
    "万亿": Decimal(10) ** 12,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
    "百": Decimal(10) ** 2,
}
EN_MAGNITUDES: Final[dict[str, Decimal]] = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "hundred": Decimal(10) ** 2,
}

CN_NUMERAL_CHARS: Final = "〇零一二两三四五六七八九十百千万亿"
_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")
_ARABIC_WITH_MAG = re.compile(r"\s*(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|千万|百万|亿|万|千|百)?\s*")


def parse_arabic(text: str) -> Decimal | None:
    """``"10,000"`` → 10000, ``"1.3"`` → 1.3; None if ``text`` is not a plain number."""
    if not _ARABIC.fullmatch(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - guarded by the regex
        return None


def parse_chinese(text: str) -> int | None:
    """Chinese numerals to an integer: ``一百二十`` → 120, ``两千`` → 2000, ``一亿两千万`` → 120000000.

    Returns None for strings that are not a well-formed numeral (e.g. ``十四五``, which is a
    plan-period name, or plain digit strings such as ``二〇二一``).
    """
    if not text or any(ch not in CN_NUMERAL_CHARS for ch in text):
        return None
    total = 0
    section = 0
    number: int | None = None
    last_was_digit = False
    for ch in text:
        if ch in CN_DIGITS:
            # Two digits in a row are only legal as 零X (一百零五).
            if last_was_digit and number not in (None, 0):
                return None
            number = CN_DIGITS[ch]
            last_was_digit = True
        elif ch in CN_SMALL_UNITS:
            section += (1 if number is None else number) * CN_SMALL_UNITS[ch]
            number = None
            last_was_digit = False
        else:  # 万 / 亿
            section += number or 0
            number = None
            last_was_digit = False
            if ch == "亿":
                total = (total + section) * CN_BIG_UNITS[ch]
            else:
                if section == 0 and total == 0:
                    section = 1  # bare 万 means ten thousand
                total += section * CN_BIG_UNITS[ch]
            section = 0
    return total + section + (number or 0)


def parse_number(text: str) -> Decimal | None:
    """Parse one written quantity without its unit.

    Accepts Arabic digits with optional thousands separators and a Chinese magnitude
    (``5万`` → 50000, ``1.3万`` → 13000, ``1000万`` → 10000000, ``1亿`` → 100000000),
    Chinese numerals (``一百二十`` → 120, ``两千`` → 2000) and English magnitudes
    (``1.5 million`` → 1500000). Returns None when ``text`` is not a number.
    """
    stripped = text.strip()
    if not stripped:
        return None
    match = _ARABIC_WITH_MAG.fullmatch(stripped)
    if match:
        value = parse_arabic(match.group(1))
        if value is None:
            return None
        mag = match.group(2)
        return value * MAGNITUDES[mag] if mag else value
    parts = stripped.split()
    if len(parts) == 2 and parts[1].lower() in EN_MAGNITUDES:
        value = parse_arabic(parts[0])
        return None if value is None else value * EN_MAGNITUDES[parts[1].lower()]
    cn = parse_chinese(stripped)
    return None if cn is None else Decimal(cn)
