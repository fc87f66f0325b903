"""Shared helpers of target and benefit extraction: clause and sentence bounds, protected
spans (quotations and document names), dates, and the scanned quantity."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from .model import Comparator

# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------

_PROTECTED = re.compile(
    r"“[^“”\n]{0,60}”|《[^《》\n]{0,80}》|「[^「」\n]{0,60}」|『[^『』\n]{0,60}』|\"[^\"\n]{0,60}\"|〈[^〈〉\n]{0,60}〉"
)
SENTENCE_BREAK: Final = "。；;！!？?\n"
CLAUSE_BREAK: Final = "。；;！!？?\n，,：:"


def protected_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < pos < end for start, end in spans)


def bounds(text: str, pos: int, breaks: str) -> tuple[int, int]:
    """Start and end of the sentence/clause around ``pos`` (C-speed rfind/find per break)."""
    start = max(text.rfind(ch, 0, pos) for ch in breaks) + 1
    ends = [i for i in (text.find(ch, pos) for ch in breaks) if i >= 0]
    return start, (min(ends) if ends else len(text))


def _english_break(text: str, index: int, breaks: str) -> bool:
    """Is ``text[index]`` a clause/sentence break? ``10,000`` and ``1.5`` are not."""
    ch = text[index]
    between_digits = 0 < index < len(text) - 1 and text[index - 1].isdigit() and text[index + 1].isdigit()
    if ch in ",." and between_digits:
        return False
    if ch == ".":
        return True
    return ch in breaks


def english_clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """Clause bounds for English text (commas, semicolons, colons, sentence ends)."""
    start = pos
    while start > 0 and not _english_break(text, start - 1, ",;:\n"):
        start -= 1
    end = pos
    while end < len(text) and not _english_break(text, end, ",;:\n"):
        end += 1
    return start, end


def english_sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = pos
    while start > 0:
        if text[start - 1] in ";\n" or (text[start - 1] == "." and (start >= len(text) or text[start] == " ")):
            break
        start -= 1
    end = pos
    while end < len(text):
        if text[end] in ";\n" or (text[end] == "." and (end + 1 >= len(text) or text[end + 1] == " ")):
            break
        end += 1
    return start, end


def add_years(base: date, years: int) -> date:
    """``base`` plus whole years; 29 February falls back to the 28th."""
    year = base.year + years
    day = min(base.day, calendar.monthrange(year, base.month)[1])
    return date(year, base.month, day)


def end_of(year: int, month: int | None = None) -> date:
    """Last day of ``year`` (or of ``month`` in ``year``)."""
    if month is None or not 1 <= month <= 12:
        return date(year, 12, 31)
    return date(year, month, calendar.monthrange(year, month)[1])


def json_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int
    end: int
    value: Decimal
    unit: str
    kind: str  # count / money / percent / area / distance / time / other
    suffix_comparator: Comparator | None
    approx_more: bool  # 100余个 / 200多家
