"""The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters, the last a
check character computed from the first 17 (weights 3^i mod 31 over a 31-character alphabet
without I, O, Z, S, V)."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """The GB 32100 check character of the first 17 characters (ValueError on a bad character)."""
    if len(first17) != 17:
        raise ValueError("17 characters expected")
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalise(code: str) -> str:
    return (code or "").strip().upper().replace(" ", "")


def problem(code: str) -> str | None:
    """None when ``code`` is a valid unified social credit code, else a short reason key:
    ``length``, ``character`` or ``check``."""
    code = normalise(code)
    if len(code) != 18:
        return "length"
    if any(c not in ALPHABET for c in code):
        return "character"
    if not code[2:8].isdigit():  # the registering authority's administrative division code
        return "character"
    return None if check_character(code[:17]) == code[17] else "check"
