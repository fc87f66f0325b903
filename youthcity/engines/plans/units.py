"""Accountable organisations: ``责任单位`` lists and lead statements (市人社局牵头负责就业创业).

Unit names are returned as written; mapping them to organisation records (aliases,
unresolved names) is the ledger app's job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_UNIT_LABELS = (
    r"牵头单位|责任单位|牵头部门|责任部门|配合单位|配合部门|参与单位|协办单位|主责单位|责任主体|"
    r"Responsible units?|Lead units?|Responsible departments?|Lead departments?"
)
#: 完成时限 sits next to the units in tables and unit lines; it is a deadline, never a unit.
DEADLINE_LABELS = r"完成时限|完成时间|完成期限|时间节点|时限要求|时间要求|进度安排|Deadline|Due"
_ANY_LABEL = rf"(?:{_UNIT_LABELS}|{DEADLINE_LABELS})"
UNIT_LINE = re.compile(
    rf"^[（(]?\s*(?P<label>{_ANY_LABEL})\s*[:：]\s*(?P<units>.*?)\s*$",
    re.IGNORECASE,
)
#: (牵头单位：市人社局；责任单位：市财政局) at the end of a measure.
INLINE_UNITS = re.compile(
    rf"[（(]\s*(?P<body>(?:{_ANY_LABEL})\s*[:：](?:[^（()）]|[（(][^（()）]{{0,20}}[)）]){{1,200}})[)）]\s*[。.]?\s*$",
    re.IGNORECASE,
)
_LABEL_SPLIT = re.compile(rf"({_ANY_LABEL})\s*[:：]", re.IGNORECASE)
_DEADLINE_LABEL = re.compile(rf"^(?:{DEADLINE_LABELS})$", re.IGNORECASE)
_LEAD_LABEL = re.compile(r"牵头|主责|lead", re.IGNORECASE)
_SEPARATORS = re.compile(r"[、，,;；/]+")
_TRAILING_ETC = re.compile(r"(?:等(?:相关)?(?:单位|部门)?|and others|etc\.?)$", re.IGNORECASE)


def _split_outside_brackets(raw: str, separators: re.Pattern[str]) -> list[str]:
    """Split on ``separators`` except inside brackets: 各县（市、区）人民政府 is one name."""
    parts: list[str] = []
    depth = 0
    start = 0
    for index, ch in enumerate(raw):
        if ch in "（([【":
            depth += 1
        elif ch in "）)]】":
            depth = max(0, depth - 1)
        elif depth == 0 and separators.fullmatch(ch):
            parts.append(raw[start:index])
            start = index + 1
    parts.append(raw[start:])
    return parts


def _strip_name(part: str) -> str:
    name = part.strip(" \t[]【】")
    # Unbalanced brackets at the ends are leftovers of an annotation, not part of the name.
    while name[:1] in "（(" and _balance(name) > 0:
        name = name[1:]
    while name[-1:] in "）)" and _balance(name) < 0:
        name = name[:-1]
    return _TRAILING_ETC.sub("", name).strip()


def _balance(text: str) -> int:
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


def split_units(raw: str) -> list[str]:
    """``区人社局、区财政局、团区委等`` → ``["区人社局", "区财政局", "团区委"]``;
    ``各县（市、区）人民政府`` stays one name."""
    raw = raw.strip().rstrip("。.")
    separators = re.compile(r"[、，,;；/]") if re.search(r"[A-Za-z]", raw) else re.compile(r"[、，,;；/\s]")
    units: list[str] = []
    for part in _split_outside_brackets(raw, separators):
        name = _strip_name(part)
        if len(name) >= 2 and name not in units:
            units.append(name)
    return units


@dataclass(frozen=True, slots=True)
class Fields:
    """Labelled fields after a measure: units (lead labels first) and a 完成时限 as written."""

    label: str
    units: list[str]
    deadline: str | None


def _read_fields(body: str) -> Fields:
    """``牵头单位：A；责任单位：B、C；完成时限：每年12月底前`` → units [A, B, C], deadline text."""
    pieces = _LABEL_SPLIT.split(body)
    # pieces: [before, label, value, label, value, ...]
    labelled = [(pieces[k].strip(), pieces[k + 1].strip(" ；;，,")) for k in range(1, len(pieces) - 1, 2)]
    leads = [v for label, v in labelled if _LEAD_LABEL.search(label) and not _DEADLINE_LABEL.match(label)]
    others = [v for label, v in labelled if not _LEAD_LABEL.search(label) and not _DEADLINE_LABEL.match(label)]
    units: list[str] = []
    for value in [*leads, *others]:
        units.extend(u for u in split_units(value) if u not in units)
    deadlines = [v for label, v in labelled if _DEADLINE_LABEL.match(label) and v]
    return Fields(labelled[0][0] if labelled else "", units, deadlines[0] if deadlines else None)


def parse_field_line(line: str) -> Fields | None:
    """A line of labelled fields (责任单位：…, 完成时限：…), or None if the line is not one."""
    match = UNIT_LINE.match(line)
    if not match:
        return None
    body = line.strip()
    if body[:1] in "（(" and body[-1:] in "）)":
        body = body[1:-1]  # （责任单位：…） — but 各乡镇（街道） keeps its bracket
    return _read_fields(body)


def parse_unit_line(line: str) -> tuple[str, list[str]] | None:
    """``责任单位：区委组织部、团区委`` → ``("责任单位", [...])``; None if not a unit line."""
    fields = parse_field_line(line)
    if fields is None:
        return None
    return fields.label, fields.units


#: …。责任单位：市住建局、市财政局 — the same without brackets, after the last sentence.
TRAILING_UNITS = re.compile(
    rf"(?:(?<=[。.；;！!？?])|^)\s*(?P<body>(?:{_ANY_LABEL})\s*[:：][^。()（）\n]{{1,200}})[。.]?\s*$", re.IGNORECASE
)


#: （市人社局、市财政局按职责分工负责） / （市人社局牵头，市财政局配合） / （团市委负责）
UNLABELLED_UNITS = re.compile(
    r"[（(](?P<body>(?:[^（()）]|[（(][^（()）]{0,20}[)）]){2,150}?(?:按职责分工负责|按职责分工|分别负责|共同负责|负责|配合|参与))"
    r"[)）]\s*[。.]?\s*$"
)
_ORG_NAME = re.compile(
    r"(?:局|委|办|部|厅|会|院|行|府|团|中心|公司|室|处|站|所|队|联|社|馆|校|区|县|市|镇|乡|街道|集团|单位|政府|法院|检察院|分局|支队)$"
)


def _unlabelled_units(body: str) -> list[str] | None:
    """``市人社局牵头，市财政局、团市委配合`` → lead first; None unless every name is an office."""
    body = re.sub(r"(?:按职责分工负责|按职责分工|分别负责|共同负责|牵头负责|负责)$", "", body)
    lead, _, rest = body.partition("牵头")
    if not rest and not body.endswith("牵头"):
        lead, rest = "", body
    rest = re.sub(r"^[，,、；;]|(?:配合|参与)$", "", rest.strip())
    units = [u for part in (lead, rest) for u in split_units(part)]
    if not units or not all(_ORG_NAME.search(u) for u in units):
        return None  # （以下简称…）, （2023—2025年）: an aside, not an annotation
    return list(dict.fromkeys(units))


def strip_inline_fields(text: str) -> tuple[str, Fields | None]:
    """Remove trailing annotations from a measure: ``（牵头单位：…；责任单位：…；完成时限：…）``,
    a bare ``责任单位：…`` after the last sentence, or an unlabelled ``（市人社局牵头，市财政局配合）``
    / ``（…按职责分工负责）``. Lead units come first."""
    match = INLINE_UNITS.search(text) or TRAILING_UNITS.search(text)
    if match:
        return text[: match.start()].rstrip(), _read_fields(match.group("body"))
    unlabelled = UNLABELLED_UNITS.search(text)
    units = _unlabelled_units(unlabelled.group("body")) if unlabelled else None
    if unlabelled is None or units is None:
        return text, None
    return text[: unlabelled.start()].rstrip(), Fields("", units, None)


def strip_inline_units(text: str) -> tuple[str, list[str]]:
    """:func:`strip_inline_fields` for the units only."""
    stripped, fields = strip_inline_fields(text)
    return stripped, (fields.units if fields else [])


_ZH_LEAD = re.compile(r"(?P<unit>[^，,。；;、：:\s]{2,30}?)(?P<lead>牵头)?负责(?P<area>[^，,。；;]{2,30})")
#: 青年就业创业工程由市人社局牵头(负责)
_ZH_LEAD_PASSIVE = re.compile(r"(?P<area>[^，,。；;、：:\s]{2,30}?)(?:工作)?由(?P<unit>[^，,。；;、：:\s]{2,30}?)牵头")
_EN_LEAD = re.compile(
    r"^(?:and\s+)?(?:the\s+)?(?P<unit>[A-Z][^,;.]{2,100}?)\s+(?:is|are)\s+(?:responsible|in charge)\s+(?:for|of)\s+"
    r"(?P<area>[^,;.]+)|^(?:and\s+)?(?:the\s+)?(?P<unit2>[A-Z][^,;.]{2,100}?)\s+(?:takes?|taking)\s+the\s+lead\s+"
    r"(?:in|on|for)\s+(?P<area2>[^,;.]+)|^(?:and\s+)?(?:the\s+)?(?P<unit3>[A-Z][^,;.]{2,100}?)\s+leads\s+(?P<area3>[^,;.]+)",
    re.IGNORECASE,
)
_EN_STOP = frozenset(
    "the of and for to a an in on lead work project projects youth city is responsible promotion construction "
    "build building".split()
)
_ZH_GENERIC = re.compile(r"工程|行动|计划|青年|城市|建设|打造|开展")


def _bigrams(text: str) -> set[str]:
    pieces = _ZH_GENERIC.split(text)
    grams: set[str] = set()
    for piece in pieces:
        piece = re.sub(r"[^\u4e00-\u9fff]", "", piece)
        grams.update(piece[i:i + 2] for i in range(len(piece) - 1))
    return grams


def _words(text: str) -> set[str]:
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in _EN_STOP and len(w) > 2}


def _best_project(area: str, title_keys: Sequence[tuple[set[str], set[str]] | None], chinese: bool) -> int | None:
    area_keys = _bigrams(area) if chinese else _words(area)
    if not area_keys:
        return None
    best_index: int | None = None
    best_score = 0.0
    tie = False
    for index, keys in enumerate(title_keys):
        if keys is None:
            continue
        title_keys_ = keys[0] if chinese else keys[1]
        overlap = len(area_keys & title_keys_)
        score = overlap / len(area_keys)
        if score > best_score:
            best_index, best_score, tie = index, score, False
        elif score == best_score and score > 0:
            tie = True
    if best_index is None or best_score < 0.5 or tie:
        return None
    return best_index


def lead_statements(text: str, titles: Sequence[str | None]) -> dict[int, list[str]]:
    """Match lead statements to projects by keyword overlap with their titles.

    ``市人社局牵头负责就业创业`` → the project whose title shares the most character pairs
    with 就业创业 (青年就业创业工程) gets 市人社局 as lead unit. English statements
    (``X is responsible for …`` / ``X takes the lead in …``) are matched on words.
    Returns ``{project index: [unit, ...]}``; statements matching no title are ignored.
    """
    result: dict[int, list[str]] = {}
    if not text.strip():
        return result
    keys = [(_bigrams(t), _words(t)) if t else None for t in titles]
    for clause in re.split(r"[，,。；;\n]|(?<=[a-z])\.\s", text):
        clause = clause.strip()
        if not clause:
            continue
        passive = _ZH_LEAD_PASSIVE.search(clause)
        zh = _ZH_LEAD.search(clause)
        if passive:
            unit = passive.group("unit")
            index = _best_project(passive.group("area"), keys, chinese=True)
        elif zh:
            unit = re.sub(r"^(?:由|并|且|和|及|其中)", "", zh.group("unit"))
            index = _best_project(zh.group("area"), keys, chinese=True)
        else:
            en = _EN_LEAD.search(clause)
            if not en:
                continue
            unit = (en.group("unit") or en.group("unit2") or en.group("unit3") or "").strip()
            area = en.group("area") or en.group("area2") or en.group("area3") or ""
            index = _best_project(area, keys, chinese=False)
        if index is not None and unit:
            bucket = result.setdefault(index, [])
            if unit not in bucket:
                bucket.append(unit)
    return result
