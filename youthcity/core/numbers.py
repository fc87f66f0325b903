"""One way to write numbers a person reads: grouped digits (1,600; 1,600.5), the Chinese 万/亿 for
large counts (2.75万), fixed decimals for scores. Used by views, templates (``{% load numbers %}``),
exports and reports, so the same figure reads the same everywhere."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

Number = Decimal | float | int


def _decimal(value: Number | str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def grouped(value: Number | str | None, places: int | None = None) -> str:
    """1600 → "1,600"; 1600.5 → "1,600.5"; with ``places`` the decimals are fixed (rounded half up).
    Whole numbers never show ".00"; an unknown value is an empty string."""
    d = _decimal(value)
    if d is None:
        return ""
    if places is not None:
        return f"{d.quantize(Decimal(1).scaleb(-places)):,.{places}f}"
    if d == d.to_integral_value():
        return f"{int(d):,}"
    text = f"{d.normalize():,f}"
    return text


def plain(value: Number | str | None) -> str:
    """A number as written in a ledger cell: no grouping, no trailing zeros (350, 1.2, 0.05)."""
    d = _decimal(value)
    if d is None:
        return ""
    return format(d.normalize(), "f") if d != d.to_integral_value() else str(int(d))


def fixed(value: Number | str | None, places: int = 1) -> str:
    """A score with fixed decimals (62.3); empty when unknown."""
    d = _decimal(value)
    return "" if d is None else f"{d.quantize(Decimal(1).scaleb(-places)):.{places}f}"


def wan(value: Number | str | None) -> str:
    """Chinese reading of large counts: 27500 → "2.75万", 120000000 → "1.2亿", 9800 → "9,800"."""
    d = _decimal(value)
    if d is None:
        return ""
    for size, word in ((Decimal(100_000_000), "亿"), (Decimal(10_000), "万")):
        if abs(d) >= size:
            return f"{plain((d / size).quantize(Decimal('0.01')))}{word}"
    return grouped(d)
