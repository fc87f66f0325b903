"""Orchestration: text → documents → (notices, paragraphs, outline, metadata) → :class:`Plan`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .deadlines import plan_period
from .errors import PlanParseError
from .model import Plan
from .news import looks_like_news, reported_plan
from .notices import Notice, extract_notices, parse_date_line
from .outline import Block, build_outline, classify, classify_document, is_plan_title
from .reflow import unflatten
from .tables import TaskTable, apply_tables, extract_tables
from .textprep import (
    STRUCTURAL,
    ends_sentence,
    is_cjk_text,
    join_broken_lines,
    join_split_numbers,
    normalize_text,
    split_lines,
)
from .webpage import extract_metadata

MAX_CHARS = 10 * 1024 * 1024

_ORG_SECTION = re.compile(
    r"组织(?:保障|实施|领导|机制)|保障措施|保障机制|工作要求|实施保障|有关要求|organi[sz]ational|safeguard", re.IGNORECASE
)
_LEVEL1 = re.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})\s*[、.．]")
_MEASURE_LINE = re.compile(r"^(?:\d{1,3}\s*[.．、](?!\d)|[（(]\s*\d{1,3}\s*[)）])\s*\S")
_CN_ORDER = "一二三四五六七八九十"
_EN_DATE = re.compile(
    r"^(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)\s+"
    r"(?P<day>\d{1,2}),?\s+(?P<year>\d{4})$",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"^(?P<year>\d{4})[-./](?P<month>\d{1,2})[-./](?P<day>\d{1,2})$")
_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), start=1
)}
_ORG_SUFFIX = re.compile(r"(?:办公室|办公厅|人民政府|政府|委员会|党委|委|局|厅|部|团委|中心|联合会|管委会)$")
_BOOK_PLAN = re.compile(r"《([^《》]{2,80}(?:方案|规划|计划|要点|意见|办法))》")


@dataclass(frozen=True, slots=True)
class _Segment:
    start: int
    lines: list[str]


def _cn_value(numeral: str) -> int:
    return _CN_ORDER.index(numeral[-1]) + 1 + (10 if len(numeral) > 1 else 0)


def _is_headline(line: str) -> bool:
    if not line or ends_sentence(line) or STRUCTURAL.match(line):
        return False
    if re.search(r"[。；;！!？?]", line):
        return False
    return len(line) <= 40 if is_cjk_text(line) else len(line.split()) <= 15


def _is_signature(line: str) -> bool:
    """Issuing office, date or attachment marker closing a plan — not a new document."""
    return bool(
        _ORG_SUFFIX.search(line)
        or parse_date_line(line)
        or _EN_DATE.match(line)
        or _ISO_DATE.match(line)
        or re.match(r"^(?:附件|抄送|印发|联系人|\(此件|（此件)", line)
    )


_BYLINE = re.compile(r"记者|通讯员|责任编辑|来源[:：]|Reporter|Editor", re.IGNORECASE)


@dataclass(slots=True)
class _DocumentState:
    """What the splitter knows about the document being read (see docs/plan-format.md §2.3)."""

    seen_measure: bool = False
    sentences: int = 0
    in_org: bool = False
    org_paragraphs: int = 0
    last_level1: int = 0

    def substantial(self) -> bool:
        return self.seen_measure or self.sentences >= 2

    def starts_new_document(self, line: str, block: Block, previous: str) -> bool:
        """Does ``line`` open a new document after what has been read so far?"""
        level1 = _LEVEL1.match(line)
        headline = _is_headline(line) and not _is_signature(line)
        plan_title = (
            is_plan_title(line)
            and block.kind == "body"
            and not line.startswith(("《", "“"))
            and not re.search(r"[。；;！!？?]", line)
            and len(line.split()) <= 40
            and not ends_sentence(line)
        )
        finished = ends_sentence(previous)
        if self.in_org and self.org_paragraphs >= 1 and finished and (headline or plan_title):
            return True
        if self.seen_measure and level1 and _cn_value(level1.group("num")) == 1 and self.last_level1 >= 2:
            return True
        if self.substantial() and plan_title and _is_headline(line) and finished:
            return True
        # A news article ended with its byline.
        return headline and bool(_BYLINE.search(previous)) and not re.search(r"[。！？!?]", previous) and self.substantial()

    def read(self, line: str, block: Block) -> None:
        level1 = _LEVEL1.match(line)
        if level1:
            self.last_level1 = _cn_value(level1.group("num"))
        if block.kind == "heading" and block.level == 1:
            self.in_org = bool(_ORG_SECTION.search(line))
        elif block.kind == "heading" and _ORG_SECTION.search(line) and len(line) <= 60:
            self.in_org = True
        elif self.in_org:
            self.org_paragraphs += 1
        if _MEASURE_LINE.match(line) and not self.in_org:
            self.seen_measure = True
        if ends_sentence(line):
            self.sentences += 1


def _split_lines_into_documents(lines: list[str], notice_starts: frozenset[int] = frozenset()) -> list[_Segment]:
    """Find where one document ends and the next begins (see docs/plan-format.md §2.3)."""
    segments: list[_Segment] = []
    start = 0
    state = _DocumentState()
    previous = ""
    for index, line in enumerate(lines):
        block = classify(line) if line else None
        if index in notice_starts:
            # A covering notice after a finished document opens the next one; one that
            # interrupts a sentence (the Luoyang seed) does not.
            boundary = index > start and state.substantial() and ends_sentence(previous)
        elif block is None:
            continue
        else:
            boundary = state.starts_new_document(line, block, previous)
        if boundary:
            segments.append(_Segment(start, lines[start:index]))
            start = index
            state = _DocumentState()
        if block is None:
            continue
        state.read(line, block)
        previous = line
    segments.append(_Segment(start, lines[start:]))
    return [s for s in segments if any(s.lines)]


@dataclass(frozen=True, slots=True)
class _Prepared:
    segments: list[_Segment]
    notices: list[Notice]
    metadata: list[tuple[str, str]]
    tables: list[TaskTable]

    def tables_of(self, index: int) -> list[TaskTable]:
        """Tables inside segment ``index`` (an appendix belongs to the document above it)."""
        starts = [segment.start for segment in self.segments]

        def owner(line: int) -> int:
            return max((i for i, start in enumerate(starts) if start <= line), default=0)

        return [t for t in self.tables if owner(t.line) == index]


def _prepare(text: str) -> _Prepared:
    if len(text) > MAX_CHARS:
        raise PlanParseError("too_large")
    text = normalize_text(text)
    if not text.strip():
        raise PlanParseError("empty")
    lines = join_split_numbers(split_lines(text))
    lines, metadata = extract_metadata(lines)
    lines = unflatten(lines)
    lines, tables = extract_tables(lines)
    lines, notices = extract_notices(lines)
    # A workbook holding only a task list leaves no text once its table is taken out.
    segments = _split_lines_into_documents(lines, frozenset(n.line for n in notices)) or [_Segment(0, [])]
    return _Prepared(segments, notices, metadata, tables)


def split_documents(text: str) -> list[str]:
    """Split a text holding several plans (a plan followed by a news report…) into one text each.

    Embedded covering notices are removed. A new document starts after an organisation
    section when an unpunctuated headline appears, when top-level numbering restarts at 一、,
    or when a new plan title line follows measures.
    """
    return ["\n".join(segment.lines).strip() for segment in _prepare(text).segments]


def _document_date(paragraphs: list[str]) -> date | None:
    for paragraph in paragraphs[:8] + paragraphs[-8:]:
        found = parse_date_line(paragraph)
        if found:
            return found
        match = _EN_DATE.match(paragraph) or _ISO_DATE.match(paragraph)
        if match:
            month = match.group("month")
            month_number = int(month) if month.isdigit() else _MONTHS[month.lower()]
            try:
                return date(int(match.group("year")), month_number, int(match.group("day")))
            except ValueError:
                continue
    return None


_ISSUED_BY = re.compile(r"^(?:Issued by|Issuer:|发文机关[:：]|印发单位[:：])\s*(?:the\s+)?(?P<org>.+?)\.?$", re.IGNORECASE)


def _signature_issuer(paragraphs: list[str]) -> str | None:
    for paragraph in paragraphs[:8]:
        issued = _ISSUED_BY.match(paragraph)
        if issued:
            return issued.group("org").strip()
    for index, paragraph in enumerate(paragraphs):
        if parse_date_line(paragraph) and index > 0:
            orgs: list[str] = []
            k = index - 1
            while k >= 0 and len(paragraphs[k]) <= 40 and _ORG_SUFFIX.search(paragraphs[k]) and not re.search(
                r"[，,。；;]", paragraphs[k]
            ):
                orgs.insert(0, paragraphs[k])
                k -= 1
            if orgs:
                return "、".join(orgs)
    return None


def _choose_title(title_lines: list[str], notice: Notice | None, text: str, meta_title: str | None) -> str | None:
    if looks_like_news(text.split("\n")):
        # A report's headline is not the plan's title; the plan it reports is quoted in it.
        reported = reported_plan(text)
        if reported:
            return reported
    named = [line for line in title_lines if is_plan_title(line)]
    if named:
        title = named[-1]
        position = title_lines.index(title)
        if len(title) <= 10 and position > 0 and not is_plan_title(title_lines[position - 1]):
            # 金沙区…试点工作 / 实施方案: a title broken over two lines.
            title = title_lines[position - 1] + title
        if position + 1 < len(title_lines) and re.fullmatch(r"[（(][^()（）]*\d{4}[^()（）]*[)）]", title_lines[position + 1]):
            title += title_lines[position + 1]
        return title
    if notice and notice.plan_title:
        return notice.plan_title
    if meta_title:
        return meta_title
    quoted = _BOOK_PLAN.search(text)
    if quoted:
        return quoted.group(1)
    return title_lines[0] if title_lines else None


_META_ISSUER = ("发布机构", "发文机关", "发文机构", "发文单位", "所属机构")
_META_DATE = ("成文日期", "成文时间", "印发日期", "发布日期", "发布时间")
_META_TITLE = ("标题", "文件名称", "名称")


def _meta(metadata: list[tuple[str, str]], keys: tuple[str, ...]) -> str | None:
    found = dict(metadata)
    return next((found[k] for k in keys if found.get(k)), None)


def _meta_date(metadata: list[tuple[str, str]]) -> date | None:
    raw = _meta(metadata, _META_DATE)
    if not raw:
        return None
    match = re.match(r"(\d{4})\D{1,2}(\d{1,2})\D{1,2}(\d{1,2})", raw)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _meta_title(metadata: list[tuple[str, str]]) -> str | None:
    raw = _meta(metadata, _META_TITLE)
    if not raw:
        return None
    book = re.search(r"《([^《》]{2,80})》", raw)
    if book:
        return book.group(1)
    notice = re.search(r"关于印发(.{2,100}?)的通知", raw)
    return notice.group(1) if notice else raw


def _parse_segment(
    segment: _Segment, notices: list[Notice], metadata: list[tuple[str, str]], tables: list[TaskTable]
) -> Plan:
    paragraphs = join_broken_lines(segment.lines)
    notice = notices[0] if notices else None
    plan_date = (notice.date if notice and notice.date else None) or _document_date(paragraphs) or _meta_date(metadata)
    issuer = (notice.issuer if notice and notice.issuer else None) or _signature_issuer(paragraphs) or _meta(
        metadata, _META_ISSUER
    )
    blocks = classify_document(paragraphs)
    text = "\n".join(paragraphs)
    caption = next((t.caption for t in tables if t.caption), None)
    title = _choose_title([b.text for b in blocks if b.kind == "title"], notice, text, _meta_title(metadata)) or caption
    period = plan_period(title) or plan_period(notice.plan_title if notice else None)
    year = plan_date.year if plan_date else (int(period.start[:4]) if period else None)
    outline = build_outline(blocks, plan_date, year)
    projects, unmatched = apply_tables(outline.projects, tables, plan_date, year)
    title = _choose_title(outline.title_lines, notice, text, _meta_title(metadata)) or caption
    return Plan(
        title, issuer, plan_date.isoformat() if plan_date else None, tuple(projects), period,
        tuple(metadata), notice.text if notice else None, tuple(unmatched), tuple(outline.goals),
    )


def _notices_for(segments: list[_Segment], notices: list[Notice]) -> list[list[Notice]]:
    per_segment: list[list[Notice]] = [[] for _ in segments]
    for notice in notices:
        chosen = 0
        for i, segment in enumerate(segments):
            if segment.start <= notice.resumes_at:
                chosen = i
        if per_segment:
            per_segment[chosen].append(notice)
    return per_segment


def parse_all(text: str) -> list[Plan]:
    """Every plan in ``text`` that has at least one measure, in document order.

    Raises :class:`PlanParseError` (``empty``, ``too_large`` or ``no_structure``).
    """
    prepared = _prepare(text)
    segments = prepared.segments
    plans = [
        plan
        for index, (segment, own) in enumerate(zip(segments, _notices_for(segments, prepared.notices), strict=True))
        for plan in [_parse_segment(segment, own, prepared.metadata if index == 0 else [], prepared.tables_of(index))]
        if any(True for _ in plan.measures())
    ]
    if not plans:
        raise PlanParseError("no_structure")
    return plans


def parse_text(text: str) -> Plan:
    """The main plan in ``text``: the first document that has measures.

    Use :func:`parse_all` to get every plan when a file holds several (e.g. a plan
    followed by a news report on a district's plan).
    """
    return parse_all(text)[0]
