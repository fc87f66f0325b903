"""English targets (translations of Chinese plans and plans written in English)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Final

from .benefits import en_benefit
from .clauses import (
    add_years,
    end_of,
    english_clause_bounds,
    english_sentence_bounds,
    inside,
    protected_spans,
)
from .model import Benefit, Comparator, Per, Target
from .numerals import EN_MAGNITUDES, parse_arabic

# ---------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------

_EN_NUMBER = re.compile(
    r"(?<![\w.\-/])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<mag>thousand|million|billion|hundred)\b)?"
)
_EN_UNITS: Final[dict[str, str]] = {
    "%": "percent", "percent": "percent", "per cent": "percent", "percentage points": "percent",
    "yuan": "money", "rmb": "money", "cny": "money",
    "square kilometers": "area", "square kilometres": "area", "square meters": "area", "square metres": "area",
    "sq m": "area", "sqm": "area", "hectares": "area", "mu": "area",
    "kilometers": "distance", "kilometres": "distance", "km": "distance", "meters": "distance", "metres": "distance",
    "person-times": "count", "person times": "count", "sets": "count", "units": "count",
    "working days": "time", "minutes": "time", "minute": "time", "hours": "time", "hour": "time", "days": "time",
    "day": "time", "weeks": "time", "week": "time", "months": "time", "month": "time", "years old": "age",
    "years": "time", "year": "time",
}
_EN_UNIT_RE = re.compile(
    r"\s*(?:-\s*)?(" + "|".join(re.escape(u) for u in sorted(_EN_UNITS, key=len, reverse=True)) + r")(?![a-z])",
    re.IGNORECASE,
)
_EN_PREFIX: Final[tuple[tuple[str, Comparator], ...]] = (
    ("no less than", ">="), ("not less than", ">="), ("no fewer than", ">="), ("not fewer than", ">="),
    ("at least", ">="), ("a minimum of", ">="), ("more than", ">="), ("over", ">="), ("above", ">="),
    ("exceeding", ">="), ("exceed", ">="), ("reach", ">="), ("no more than", "<="), ("not more than", "<="),
    ("not exceeding", "<="), ("up to", "<="), ("at most", "<="), ("a maximum of", "<="), ("less than", "<="),
    ("fewer than", "<="), ("under", "<="), ("below", "<="), ("within", "<="), ("reduced to", "<="),
    ("shortened to", "<="), ("compressed to", "<="), ("cut to", "<="), ("about", "="), ("around", "="),
    ("approximately", "="), ("nearly", "="), ("some", "="),
)
_EN_PREFIX_RE = re.compile(
    r"\b(" + "|".join(re.escape(w) for w, _ in sorted(_EN_PREFIX, key=lambda p: -len(p[0]))) + r")\s*$",
    re.IGNORECASE,
)
_EN_PREFIX_MAP: Final = {w: c for w, c in _EN_PREFIX}
_EN_COMPRESSION = ("reduced to", "shortened to", "compressed to", "cut to")
_EN_SUFFIX = re.compile(r"\s+(or more|and above|or above|and more|or less|or below|and below)\b", re.IGNORECASE)
_EN_PER_YEAR_BEFORE = re.compile(r"\b(annual|annually|each year|every year|per year|yearly|per annum)\b", re.IGNORECASE)
_EN_PER_YEAR_AFTER = re.compile(r"\b(each year|every year|per year|a year|annually|per annum)\b", re.IGNORECASE)
_EN_RELATIVE = re.compile(
    r"(?:\bwithin|\bin the next|\bover the next)\s+(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s+years?\b",
    re.IGNORECASE,
)
_EN_ABSOLUTE = re.compile(r"\b(?:by|before|until|in|through)\s+(?:the\s+end\s+of\s+)?(?P<y>20\d{2})\b", re.IGNORECASE)
_EN_WORD_NUMBERS: Final = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
_EN_STOPWORDS: Final = frozenset(
    "into to in at for from with by each every per a an the and or of that which who will shall is are be was were "
    "stay staying more than less as on than their its our this these those being have has been annually yearly "
    "within about around".split()
)
_EN_LEADING_VERBS: Final = frozenset(
    "issue issued provide provided build built create created open opened offer offered retain release released "
    "establish set recruit train hold organise organize invest allocate arrange give grant support".split()
)
_EN_SKIP_LEADING = re.compile(r"^\s*(?:(?:sets|units|pieces|places)\s+)?(?:of\s+|for\s+)?(?:(?:various|all|different)\s+(?:types|kinds|sorts)\s+of\s+)?(?:the\s+)?", re.IGNORECASE)


def _en_phrase(text: str, pos: int, max_words: int = 5) -> tuple[str, int]:
    """The noun phrase starting at ``pos``: words up to a stop word or punctuation."""
    rest = text[pos:]
    lead = _EN_SKIP_LEADING.match(rest)
    offset = lead.end() if lead else 0
    words: list[str] = []
    for word_match in re.finditer(r"\s*([A-Za-z][A-Za-z'\-]*)|\s*(\S)", rest[offset:]):
        word = word_match.group(1)
        if word is None or word.lower() in _EN_STOPWORDS or len(words) >= max_words:
            break
        words.append(word)
    return " ".join(words), pos + offset


def _en_is_year(text: str, match: re.Match[str]) -> bool:
    """2025 on its own is a year, not a quantity (2025 sets is a quantity)."""
    if match.group("mag") or not re.fullmatch(r"(19|20)\d{2}", match.group("num")):
        return False
    nxt = text[match.end():match.end() + 12].lower()
    counted = re.match(r"\s*(?:-?\s*)?(?:%|yuan|sets|units|people|persons|[a-z]+s\b)", nxt)
    return not counted or bool(re.match(r"\s*(?:years?)\b", nxt))


def _en_unit(text: str, match: re.Match[str]) -> tuple[str, str, int] | None:
    """Unit, kind and where reading continues after the number (None: nothing counted)."""
    pos = match.end()
    before_num = text[max(0, match.start() - 6):match.start()].lower()
    if re.search(r"\b(?:rmb|cny)\s*$|¥\s*$", before_num):
        return "元", "money", pos
    unit_match = _EN_UNIT_RE.match(text, pos)
    if unit_match:
        unit_word = unit_match.group(1).lower()
        kind = _EN_UNITS[unit_word]
        unit = {"money": "元", "percent": "%"}.get(kind, unit_word)
        if kind == "time" and text[unit_match.start():unit_match.start() + 2].lstrip().startswith("-"):
            kind = "qualifier"  # a 15-minute circle
        return unit, kind, unit_match.end()
    phrase, _ = _en_phrase(text, pos)
    if not phrase:
        return None
    unit = phrase.split()[-1].lower()
    return ("元" if unit == "yuan" else unit), "count", pos


_EN_RANGE = re.compile(
    r"\s*(?:-|–|~|to)\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(thousand|million|billion))?", re.IGNORECASE
)
_MEASURED_KINDS: Final = ("money", "percent", "area", "distance", "time")


def _en_range(text: str, pos: int, unit: str, kind: str) -> tuple[Decimal | None, str, str, int]:
    """``… to 200,000 yuan`` after a number: the upper bound, and the unit/kind/position after it."""
    range_match = _EN_RANGE.match(text, pos)
    if range_match is None:
        return None, unit, kind, pos
    upper = parse_arabic(range_match.group(1))
    if upper is None:
        return None, unit, kind, pos
    if range_match.group(2):
        upper *= EN_MAGNITUDES[range_match.group(2).lower()]
    after = range_match.end()
    if kind not in _MEASURED_KINDS and not range_match.group(2):
        unit_match = _EN_UNIT_RE.match(text, after)
        if unit_match:
            kind = _EN_UNITS[unit_match.group(1).lower()]
            unit = {"money": "元", "percent": "%"}.get(kind, unit_match.group(1).lower())
            after = unit_match.end()
    if kind in _MEASURED_KINDS:
        repeated = _EN_UNIT_RE.match(text, after)
        if repeated and _EN_UNITS[repeated.group(1).lower()] == kind:
            after = repeated.end()
    return upper, unit, kind, after


def _en_is_target(text: str, kind: str, prefix_word: str | None, prefix_cmp: Comparator | None,
                  clause_start: int, number_start: int) -> bool:
    if kind in ("age", "qualifier"):
        return False
    if kind == "time":
        return prefix_word in _EN_COMPRESSION
    if kind in ("area", "distance"):
        before_words = text[max(clause_start, number_start - 25):number_start].lower()
        limit = re.search(r"\bof\s*(?:less than|under|up to|no more than)?\s*$", before_words)
        return not (prefix_cmp == "<=" or limit)
    return True


def extract_targets_en(text: str, plan_date: date | None = None) -> list[Target]:
    """All targets of an English measure text, in order of appearance (benefit clauses left out)."""
    return extract_commitments_en(text, plan_date)[0]


_EN_COVERAGE = re.compile(
    r"\b(?:achieve|realize|realise|ensure|reach)\s+(?P<span>[^,;.]{0,60}?)\s*\b(?:full\s+)?coverage\b"
    r"|\b(?:full|complete)\s+coverage\s+of\s+(?:all\s+|every\s+)?(?P<scope2>[A-Za-z\- ]{3,30}?)(?=[,;.]|$)"
    r"|\bcover(?:ing|s)?\s+(?:all|every)\s+(?P<scope3>[A-Za-z\- ]{3,30}?)(?=[,;.]|$)",
    re.IGNORECASE,
)


def _en_coverage(text: str, spans: list[tuple[int, int]], plan_date: date | None) -> list[tuple[int, Target]]:
    """``achieve "youth home" township coverage`` → 100 % of the townships."""
    found: list[tuple[int, Target]] = []
    for match in _EN_COVERAGE.finditer(text):
        clause_start, clause_end = english_clause_bounds(text, match.start())
        span = (match.group("span") or "").strip()
        quoted = re.search(r"[\"“]([^\"”]{2,40})[\"”]", span)
        subject = quoted.group(1) if quoted else ""
        scope = (match.group("scope2") or match.group("scope3") or "").strip()
        if not scope:
            rest = (span[: quoted.start()] + span[quoted.end():]) if quoted else span
            scope = re.sub(r"^(?:the|full|complete)\s+", "", rest.strip(), flags=re.IGNORECASE).strip()
        if not (subject or scope):
            continue
        sent_start, sent_end = english_sentence_bounds(text, match.start())
        deadline = _en_deadline(text[sent_start:sent_end], match.start() - sent_start, clause_end - sent_start,
                                plan_date)
        label = " ".join(part for part in (subject, scope, "coverage") if part)
        found.append((match.start(), Target(text[clause_start:clause_end].strip(), label, Decimal(100), "%", ">=",
                                            None, deadline, "coverage", scope or None, match.group(0).strip())))
    return found


def extract_commitments_en(text: str, plan_date: date | None = None) -> tuple[list[Target], list[Benefit]]:
    """Targets and benefit clauses of an English measure text, each in order of appearance."""
    spans = protected_spans(text)
    found: list[tuple[int, Target | Benefit]] = []
    consumed_until = -1
    for match in _EN_NUMBER.finditer(text):
        if match.start() < consumed_until or inside(match.start(), spans):
            continue
        value = parse_arabic(match.group("num"))
        if value is None or value <= 0 or _en_is_year(text, match):
            continue
        if match.group("mag"):
            value *= EN_MAGNITUDES[match.group("mag").lower()]
        if text[match.start() - 4:match.start()].lower().endswith(("no. ", "no.")):
            continue
        read = _en_unit(text, match)
        if read is None:
            continue
        unit, kind, pos = read
        upper_value, unit, kind, pos = _en_range(text, pos, unit, kind)
        consumed_until = pos
        found.extend((match.start(), item) for item in
                     _en_make_targets(text, match, value, upper_value, unit, kind, pos, plan_date))
    ordered = [(start, t) for start, t in found if isinstance(t, Target)] + _en_coverage(text, spans, plan_date)
    ordered.sort(key=lambda pair: pair[0])
    return [t for _, t in ordered], [b for _, b in found if isinstance(b, Benefit)]


def _en_make_targets(text: str, match: re.Match[str], value: Decimal, upper_value: Decimal | None, unit: str,
                     kind: str, pos: int, plan_date: date | None) -> list[Target | Benefit]:
    suffix_cmp: Comparator | None = None
    suffix_match = _EN_SUFFIX.match(text, pos)
    if suffix_match:
        suffix_cmp = ">=" if suffix_match.group(1).lower() in ("or more", "and above", "or above", "and more") else "<="
    clause_start, clause_end = english_clause_bounds(text, match.start())
    sent_start, sent_end = english_sentence_bounds(text, match.start())
    window = text[max(clause_start, match.start() - 30):match.start()]
    prefix = _EN_PREFIX_RE.search(window)
    prefix_word = prefix.group(1).lower() if prefix else None
    prefix_cmp = _EN_PREFIX_MAP.get(prefix_word) if prefix_word else None
    written = text[match.start():pos].strip()
    benefit = en_benefit(text, clause_start, clause_end, match.start(), kind)
    if benefit is not None:
        low, high = (value, upper_value) if upper_value is not None else {
            ">=": (value, None), ">": (value, None), "<=": (None, value)
        }.get(suffix_cmp or prefix_cmp or "=", (value, value))
        return [Benefit(benefit.kind, text[clause_start:clause_end].strip(), unit, low, high, benefit.basis, None,
                        written)]
    if not _en_is_target(text, kind, prefix_word, prefix_cmp, clause_start, match.start()):
        return []
    comparator: Comparator = "<=" if kind == "time" else (suffix_cmp or prefix_cmp or ">=")
    per: Per | None = None
    if _EN_PER_YEAR_BEFORE.search(text[sent_start:match.start()]) or _EN_PER_YEAR_AFTER.search(text[pos:clause_end]):
        per = "year"
    deadline = _en_deadline(text[sent_start:sent_end], match.start() - sent_start, clause_end - sent_start, plan_date)
    subject = _en_subject(text, pos, kind, unit, clause_start, match.start())
    clause_text = text[clause_start:clause_end].strip()
    if upper_value is not None:
        return [
            Target(clause_text, subject, value, unit, ">=", per, deadline, written=written),
            Target(clause_text, subject, upper_value, unit, "<=", per, deadline, written=written),
        ]
    return [Target(clause_text, subject, value, unit, comparator, per, deadline, written=written)]


def _en_subject(text: str, pos: int, kind: str, unit: str, clause_start: int, number_start: int) -> str:
    phrase, _ = _en_phrase(text, pos, max_words=6)
    if phrase and kind in ("money",) and phrase.lower().startswith(("to ", "of ")):
        phrase = ""
    if phrase:
        return phrase
    before = text[clause_start:number_start]
    before = _EN_PREFIX_RE.sub("", before).strip()
    words = re.findall(r"[A-Za-z][A-Za-z'\-]*", before)
    while words and words[0].lower() in _EN_LEADING_VERBS:
        words = words[1:]
    tail: list[str] = []
    for word in reversed(words):
        if word.lower() in _EN_STOPWORDS and tail:
            break
        if word.lower() not in _EN_STOPWORDS:
            tail.insert(0, word)
        if len(tail) >= 4:
            break
    return " ".join(tail) or unit


def _en_deadline(sentence: str, rel_pos: int, clause_end_rel: int, plan_date: date | None) -> str | None:
    """The deadline marker after the number in its clause, else the nearest one before it."""
    markers: list[tuple[int, date | None]] = []
    for m in _EN_RELATIVE.finditer(sentence):
        if m.start() <= rel_pos < m.end():
            continue  # the number itself ("5 years of …")
        raw = m.group("n").lower()
        n = int(raw) if raw.isdigit() else _EN_WORD_NUMBERS.get(raw)
        markers.append((m.start(), add_years(plan_date, n) if n and plan_date else None))
    for m in _EN_ABSOLUTE.finditer(sentence):
        markers.append((m.start(), end_of(int(m.group("y")))))
    after = [(pos, value) for pos, value in markers if rel_pos < pos < clause_end_rel]
    if after:
        chosen = min(after, key=lambda marker: marker[0])[1]
        return chosen.isoformat() if chosen else None
    before = [(pos, value) for pos, value in markers if pos < rel_pos]
    if before:
        chosen = max(before, key=lambda marker: marker[0])[1]
        return chosen.isoformat() if chosen else None
    # "5 years of new preparations for … 50,000 sets": a sentence-initial duration.
    lead = re.match(r"^\s*(?P<n>\d{1,2})\s+years?\b", sentence)
    if lead and plan_date and lead.end() <= rel_pos:
        return add_years(plan_date, int(lead.group("n"))).isoformat()
    return None
