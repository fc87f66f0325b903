"""Coverage and ratio targets: ``实现“青年之家”乡（镇、街道）全覆盖`` is 100 % of the
townships, ``每个社区至少配备1名社会工作者`` is one worker per community. Both are targets a
unit reports on, although the first names no number and the second a small one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clauses import CLAUSE_BREAK, bounds, inside

#: Places a plan covers: administrative levels and the kinds of sites counted in them.
_SCOPE_WORD = (
    r"(?:城乡社区|城市社区|农村社区|行政村|开发区|产业园区|园区|镇街|街道|社区|城区|市区|城镇|中小学|中职学校|高校|学校|"
    r"企业|楼宇|商圈|"
    r"[县市区乡镇村]{1,2})(?:[（(][^（）()]{1,12}[)）])?(?:级)?"
)
_SCOPE = rf"{_SCOPE_WORD}(?:、{_SCOPE_WORD})*"
_SCOPE_AT_START = re.compile(rf"^(?:全市|全区|全县|全省|所有|全部|各)*(?P<scope>{_SCOPE})")
_SCOPE_AT_END = re.compile(rf"(?:在|于)?(?:全市|全区|全县|所有|全部|各)*(?P<scope>{_SCOPE})$")
_FULL = re.compile(r"(?<!100%)(?:全覆盖|全部覆盖|全域覆盖)")
_COVER_ALL = re.compile(
    rf"覆盖(?:到)?(?:全市|全区|全县|全省)?(?:所有|全部|每个|各个?)(?P<scope>{_SCOPE})"
)
_ALL_HAVE = re.compile(
    rf"(?:所有|全部|各)(?P<scope>{_SCOPE})(?:均|都|全部)(?:建有|设有|建立|建成|配备|成立|开设|设立)(?P<subject>[^，,。；;]{{2,16}})"
)
_LEADING = re.compile(
    r"^(?:并|且|和|同时|力争|争取|确保|努力|逐步|基本|全面|实现|做到|达到|推动|推进|促进|"
    r"到20\d{2}年(?:底|末)?|20\d{2}年(?:底|末)?前?|年内|年底前|在)+"
)
_TRAILING = re.compile(r"(?:基本|全面|逐步|实现|达到|做到|的|均)+$")
_VERBS = re.compile(r"建设|建成|打造|设立|推广|布局|开展|推进|推动|实现")
_QUOTED = re.compile(r"[“\"「『]([^“”\"「」『』]{2,20})[”\"」』]")
_RATIO = re.compile(
    r"每(?:个|所|家|座|一个|一所)?(?P<scope>[^，,。；;\d每]{1,12}?)"
    r"(?=至少|均|都|要|应|须|各|配备|配齐|建成|建设|建立|设立|打造|培育|拥有|有|组建|开展|举办|安排|不少于|不低于|"
    r"确定|选派|联系|结对|吸纳|提供|新建|\d|[一二两三四五六七八九十])"
)
_NOT_A_SCOPE = re.compile(r"^(?:年|月|周|季|天|日|学期|半年|人|户|名|位|次|期|批|届|轮|小时)")


@dataclass(frozen=True, slots=True)
class Coverage:
    """A coverage commitment found in a text: where, what is covered, and where."""

    start: int
    clause: str
    subject: str
    scope: str
    written: str


def _clean(phrase: str) -> str:
    phrase = phrase.strip(" 、，,")
    phrase = _LEADING.sub("", phrase)
    return _TRAILING.sub("", phrase).strip(" 、的")


def _split(span: str) -> tuple[str, str]:
    """``“青年之家”乡(镇、街道)`` → (青年之家, 乡(镇、街道)); ``县(市、区)青年驿站`` → (青年驿站, 县(市、区))."""
    quoted = _QUOTED.search(span)
    rest = span
    subject = ""
    if quoted:
        subject = quoted.group(1)
        rest = (span[: quoted.start()] + span[quoted.end():]).strip(" 、的在")
    at_start = _SCOPE_AT_START.match(rest)
    at_end = _SCOPE_AT_END.search(rest)
    if at_start and (subject or at_start.end() < len(rest)):
        scope = at_start.group("scope")
        remainder = rest[at_start.end():]
    elif at_end:
        scope = at_end.group("scope")
        remainder = rest[: at_end.start()]
    else:
        return subject or _after_verb(rest), ""
    return subject or _after_verb(remainder.strip(" 、的在内")), scope


def _after_verb(phrase: str) -> str:
    verbs = list(_VERBS.finditer(phrase))
    if verbs and len(phrase) - verbs[-1].end() >= 2:
        phrase = phrase[verbs[-1].end():]
    return phrase.strip(" 、的“”")[:20]


def find_coverage(text: str, spans: list[tuple[int, int]]) -> list[Coverage]:
    """Every coverage commitment in ``text`` (quoted names in ``spans`` are skipped)."""
    found: list[Coverage] = []
    if "覆盖" not in text and "均" not in text:
        return found
    for match in _FULL.finditer(text):
        if inside(match.start(), spans):
            continue
        clause_start, clause_end = bounds(text, match.start(), CLAUSE_BREAK)
        subject, scope = _split(_clean(text[clause_start:match.start()]))
        if subject or scope:
            found.append(Coverage(match.start(), text[clause_start:clause_end].strip(), subject, scope, match.group(0)))
    for match in _COVER_ALL.finditer(text):
        if inside(match.start(), spans):
            continue
        clause_start, clause_end = bounds(text, match.start(), CLAUSE_BREAK)
        subject = _after_verb(_clean(text[clause_start:match.start()]))
        found.append(Coverage(match.start(), text[clause_start:clause_end].strip(), subject, match.group("scope"),
                              match.group(0)))
    for match in _ALL_HAVE.finditer(text):
        if inside(match.start(), spans):
            continue
        clause_start, clause_end = bounds(text, match.start(), CLAUSE_BREAK)
        subject = match.group("subject").strip("“”\"")
        found.append(Coverage(match.start(), text[clause_start:clause_end].strip(), subject, match.group("scope"),
                              match.group(0)))
    return sorted(found, key=lambda c: c.start)


def ratio_scope(text: str, pos: int, clause_start: int | None = None) -> tuple[str, str] | None:
    """``每个社区至少配备1名…``: the scope of a quantity at ``pos`` as written (每个社区) and
    bare (社区), or None.

    Time (每年, 每月) and persons (每人, 每户) are not scopes: the first is a rate, the
    second a benefit.
    """
    if "每" not in text:
        return None
    if clause_start is None:
        clause_start = bounds(text, pos, CLAUSE_BREAK)[0]
    found = None
    for match in _RATIO.finditer(text, clause_start, pos):
        found = match
    if found is None:
        return None
    scope = found.group("scope").strip()
    if not scope or _NOT_A_SCOPE.match(scope) or found.end() > pos:
        return None
    # The quantity must follow the scope closely (每个社区至少配备1名), not three phrases on.
    if pos - found.end() > 8:
        return None
    return found.group(0).strip(), scope
