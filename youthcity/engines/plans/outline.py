"""From paragraphs to projects and measures.

Each paragraph is classified (heading of level 1/2/3, numbered measure, unit line, body),
then walked with a heading stack: a measure belongs to the innermost heading above it.
Sections that are not tasks — guiding ideas and goals before the tasks, organisation and
safeguards after them — never yield measures; the organisation section is read for lead
statements instead. Documents without numbered measures fall back to one measure per
substantive paragraph, introduction excluded; without headings either, such prose counts only
with two or more measures and at least one quantitative target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .deadlines import deadline_in_text, parse_deadline
from .model import Benefit, Measure, Project, Target
from .news import aspect, is_aside, looks_like_news
from .numerals import parse_chinese
from .targets import extract_commitments
from .textprep import ends_sentence, is_cjk_text, is_table_line
from .units import lead_statements, parse_field_line, strip_inline_fields

BlockKind = Literal["title", "heading", "measure", "units", "body", "table"]

_CN_NUM = "一二三四五六七八九十"
_LEVEL1_ZH = re.compile(rf"^(?P<num>[{_CN_NUM}]{{1,3}})\s*[、.．]\s*(?P<rest>.*)$")
_LEVEL1_ZH_CHAPTER = re.compile(rf"^第(?P<num>[{_CN_NUM}]{{1,3}})(?:章|部分|篇)\s*(?P<rest>.*)$")
_LEVEL2_ZH_SECTION = re.compile(rf"^第(?P<num>[{_CN_NUM}]{{1,3}})节\s*(?P<rest>.*)$")
_LEVEL2_ZH = re.compile(rf"^[（(]\s*(?P<num>[{_CN_NUM}]{{1,3}})\s*[)）]\s*[、.．,，]?\s*(?P<rest>.*)$")
_EN_NUMBER_WORDS = "One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten"
_LEVEL1_EN = re.compile(rf"^(?P<num>{_EN_NUMBER_WORDS})\b[\s,.:、\-]+(?P<rest>.+)$")
_LEVEL1_EN_PART = re.compile(
    rf"^(?:Part|Chapter|Section)\s+(?P<num>[IVX]+|\d+|{_EN_NUMBER_WORDS})\b[.:,\s\-–]*(?P<rest>.*)$", re.IGNORECASE
)
_LEVEL1_ROMAN = re.compile(r"^(?P<num>[IVX]{1,4})\.\s+(?P<rest>.+)$")
_MEASURE_STYLES: dict[str, re.Pattern[str]] = {
    "dot": re.compile(r"^(?P<num>\d{1,3})\s*[.．、](?!\d)\s*(?P<rest>.*)$"),
    "paren": re.compile(r"^[（(]\s*(?P<num>\d{1,3})\s*[)）]\s*[、.．]?\s*(?P<rest>.*)$"),
    "half": re.compile(r"^(?P<num>\d{1,3})[)）]\s*(?P<rest>.*)$"),
    "circled": re.compile(r"^(?P<num>[①-⑳])\s*(?P<rest>.*)$"),
}
_PROJECT_ZH = re.compile(r"^(?P<title>[^。；;！!？?，,：:]{2,30}?(?:工程|行动))$")
_PROJECT_ZH_INLINE = re.compile(r"^(?P<title>[^。；;！!？?，,：:]{2,24}?(?:工程|行动))[。：:]\s*(?P<rest>.+)$")
_PROJECT_EN = re.compile(r"^(?P<title>[^.;:!?]{3,90}?\b(?:project|action|programme|initiative))$", re.IGNORECASE)
_PROJECT_EN_NUMBERED = re.compile(
    rf"^(?:Project|Action)\s+(?:\d+|{_EN_NUMBER_WORDS})\s*[:.\-–]\s*(?P<title>.+)$", re.IGNORECASE
)
_SECTION_WORDS = re.compile(
    r"目标|任务|保障|措施|思想|原则|要求|组织|实施|背景|意义|机制|"
    r"objectives?|goals?|tasks?|safeguards?|security|implementation|organi[sz]ation|guiding|principles?|measures",
    re.IGNORECASE,
)
_PREAMBLE = re.compile(
    r"^(?:指导思想|总体要求|基本原则|工作原则|总体思路|(?:工作|预期|发展|主要|总体|建设|具体)目标|背景|重要意义|目标任务)"
    r"|^(?:objectives?|goals?|guiding|general requirements|basic principles)",
    re.IGNORECASE,
)
_ORGANISATION = re.compile(
    r"组织(?:保障|实施|领导|机制)|保障措施|保障机制|工作要求|实施保障|有关要求|工作保障|监督考核|推进机制|"
    r"organi[sz]ational|safeguard|implementation guarantee|support measures",
    re.IGNORECASE,
)
_GOALS = re.compile(r"目标|objectives?|goals?", re.IGNORECASE)
_GENERIC_TASKS = re.compile(
    r"^(?:主要任务|重点任务|工作任务|主要措施|重点工作|具体措施|主要内容|工作重点|重点举措|主要举措|任务措施)$|"
    r"^(?:main|key|major|principal)\s+(?:tasks|measures)$|^tasks$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"记者|通讯员|责任编辑|来源[:：]|编辑[:：]|摄影|供图|Reporter|Editor", re.IGNORECASE)
_PLAN_WORDS = re.compile(r"方案|规划|计划|要点|意见|办法|\bplan\b|\bprogram(?:me)?\b", re.IGNORECASE)


@dataclass(slots=True)
class Block:
    """One classified paragraph."""

    kind: BlockKind
    text: str
    level: int = 0
    number: str | None = None
    title: str | None = None
    body: str = ""
    style: str | None = None
    unit_label: str | None = None
    units: list[str] = field(default_factory=list)
    deadline: str | None = None


def _split_title(rest: str) -> tuple[str, str]:
    """``健全工作机制。在市委…`` → (``健全工作机制``, ``在市委…``)."""
    match = re.match(r"^(?P<title>[^。！？!?；;]{1,40}?)[。！？!?；;]\s*(?P<body>.+)$", rest)
    if match:
        return match.group("title").strip(), match.group("body").strip()
    en = re.match(r"^(?P<title>[^.!?;]{1,120}?)\.\s+(?P<body>[A-Z].+)$", rest)
    if en and not is_cjk_text(rest):
        return en.group("title").strip(), en.group("body").strip()
    return rest.strip().rstrip("。."), ""


def _short_plain(text: str) -> bool:
    if re.search(r"[。！？!?；;，,]", text):
        return False
    if is_cjk_text(text):
        return len(text) <= 20
    return len(text.split()) <= 8 and not text.endswith(".")


def classify(paragraph: str) -> Block:
    """Classify one paragraph (already cleaned and joined)."""
    if is_table_line(paragraph):
        return Block("table", paragraph)  # a table that is not a task table: never measure text
    fields = parse_field_line(paragraph)
    if fields is not None:
        return Block("units", paragraph, unit_label=fields.label, units=fields.units, deadline=fields.deadline)
    return _numbered_block(paragraph) or _unnumbered_heading(paragraph) or Block("body", paragraph)


def _numbered_block(paragraph: str) -> Block | None:
    """一、/第一章 (level 1), （一）/第一节 (level 2), or a numbered measure (1. （1） ①)."""
    for pattern in (_LEVEL1_ZH, _LEVEL1_ZH_CHAPTER):
        match = pattern.match(paragraph)
        if match:
            title, body = _split_title(match.group("rest"))
            return Block("heading", paragraph, level=1, number=match.group("num"), title=title, body=body)
    match = _LEVEL2_ZH.match(paragraph) or _LEVEL2_ZH_SECTION.match(paragraph)
    if match:
        title, body = _split_title(match.group("rest"))
        return Block("heading", paragraph, level=2, number=match.group("num"), title=title, body=body)
    for style, pattern in _MEASURE_STYLES.items():
        match = pattern.match(paragraph)
        if match and match.group("rest").strip():
            num = match.group("num")
            if style == "circled":
                num = str(ord(num) - ord("①") + 1)
            return Block("measure", paragraph, number=num, body=match.group("rest").strip(), style=style)
    return None


def _unnumbered_heading(paragraph: str) -> Block | None:
    """English numbered headings, project headings (…工程, …行动, … project) and section titles."""
    for pattern in (_LEVEL1_EN, _LEVEL1_EN_PART, _LEVEL1_ROMAN):
        match = pattern.match(paragraph)
        if match and len(paragraph.split()) <= 12 and not ends_sentence(paragraph):
            return Block("heading", paragraph, level=1, number=match.group("num"), title=match.group("rest").strip())
    match = _PROJECT_EN_NUMBERED.match(paragraph)
    if match and len(paragraph.split()) <= 14:
        return Block("heading", paragraph, level=3, title=match.group("title").strip().rstrip("."))
    for pattern in (_PROJECT_ZH, _PROJECT_EN):
        match = pattern.match(paragraph)
        if match and (is_cjk_text(paragraph) or len(paragraph.split()) <= 10):
            return Block("heading", paragraph, level=3, title=match.group("title").strip())
    match = _PROJECT_ZH_INLINE.match(paragraph)
    if match:
        return Block("heading", paragraph, level=3, title=match.group("title"), body=match.group("rest").strip())
    if _short_plain(paragraph) and _SECTION_WORDS.search(paragraph):
        return Block("heading", paragraph, level=1, title=paragraph)
    return None


def _is_title_candidate(paragraph: str) -> bool:
    """A short line that could be the plan's title."""
    if is_cjk_text(paragraph):
        return len(paragraph) <= 80
    return len(paragraph.split()) <= 30


def _in_title_region(paragraph: str, block: Block) -> bool:
    if ends_sentence(paragraph) or re.search(r"[。；;！!？?]", paragraph):
        return False
    if block.kind == "body":
        return True
    # XX区青年发展型城市建设试点实施方案 or 江滨区发布青年友好措施 look like section
    # headings (实施, 措施) but, at the top of a document, name it.
    if block.kind != "heading" or block.number is not None or block.level != 1:
        return False
    title = block.title or ""
    return bool(_PLAN_WORDS.search(paragraph)) or not (
        _PREAMBLE.search(title) or _ORGANISATION.search(title) or _GENERIC_TASKS.match(title)
    )


def classify_document(paragraphs: list[str]) -> list[Block]:
    """Classify all paragraphs; the leading unpunctuated lines are the title region."""
    blocks: list[Block] = []
    in_title = True
    for paragraph in paragraphs:
        block = classify(paragraph)
        if in_title and _in_title_region(paragraph, block):
            blocks.append(Block("title", paragraph))
            continue
        in_title = False
        blocks.append(block)
    _promote_numbered_headings(blocks)
    return blocks


def _heading_like(text: str) -> bool:
    return len(text) <= 30 and not re.search(r"[。；;，,：:！!？?]", text)


def _promote_numbered_headings(blocks: list[Block]) -> None:
    """``1.青年就业创业行动`` over ``（1）…`` items: numbered lines that are all short titles
    with items of another numbering under them are project headings, not measures."""
    styles = [b.style for b in blocks if b.kind == "measure" and b.style]
    if not styles:
        return
    first = styles[0]
    numbered = [b for b in blocks if b.kind == "measure" and b.style == first]
    others = [b.style for b in blocks[blocks.index(numbered[0]):] if b.kind == "measure" and b.style != first]
    if not others or not all(_heading_like(b.body) for b in numbered):
        return
    for block in numbered:
        block.kind, block.level, block.title, block.body = "heading", 3, block.body, ""


@dataclass(slots=True)
class _Heading:
    level: int
    title: str | None
    excluded: bool
    organisation: bool
    preamble: bool


@dataclass(slots=True)
class _DraftMeasure:
    number: str | None
    title: str | None
    parts: list[str]
    units: list[str]
    project: _Heading | None
    deadline: str | None = None
    from_heading: bool = False  # a （一）标题。正文 sub-heading used as a measure


def _measure_title(text: str) -> str | None:
    chinese = is_cjk_text(text)
    zh = re.match(r"^([^。！？!?；;]{2,30})[。！？!?；;]\s*\S", text) if chinese else None
    if zh:
        return zh.group(1).strip()
    en = None if chinese else re.match(r"^([^.!?;]{3,140}?)\.\s+\S", text)
    if en and len(en.group(1).split()) <= 15:
        return en.group(1).strip()
    return None


#: 本措施自2024年5月1日起施行 / 本方案由团市委负责解释: the closing formula, never a measure.
_BOILERPLATE = re.compile(
    r"^(?:本|此)(?:措施|方案|办法|计划|意见|通知|细则|要点|规划)[^。]{0,12}(?:起施行|起实施|负责解释|有效期|未尽事宜)"
)


def _substantive(text: str) -> bool:
    if _BYLINE.search(text) and not re.search(r"[。！？!?]", text):
        return False
    if _BOILERPLATE.match(text):
        return False
    if len(text) < 8:
        return False
    return bool(re.search(r"[。！？!?；;]|\.(?:\s|$)", text)) or len(text) >= 40


@dataclass(slots=True)
class Outline:
    """The structure of one document before metadata is attached."""

    projects: list[Project]
    title_lines: list[str]
    organisation_text: str
    goals: list[Target] = field(default_factory=list)


class _Walker:
    """Walks classified blocks with a heading stack and collects draft measures.

    One method per block kind keeps each decision small; the state they share is the
    heading stack, the measure being filled and the paragraph measures that stay
    provisional until numbered measures show up under the same heading.
    """

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        # Which numbering style marks measures: the first one met inside a task section.
        self.style = _measure_style(blocks)
        self.paragraph_mode = self.style is None
        self.has_headings = _has_headings(blocks)
        self.news = looks_like_news([b.text for b in blocks])
        self.intro_cut = _intro_cut(blocks) if self.paragraph_mode else -1
        self.stack: list[_Heading] = []
        self.drafts: list[_DraftMeasure] = []
        self.project_leads: dict[int, list[str]] = {}
        self.organisation_parts: list[str] = []
        self.goal_parts: list[str] = []  # text of 工作目标/主要目标 sections: the plan's own figures
        self.current: _DraftMeasure | None = None
        self.seen_heading = False
        self.all_headings: list[_Heading] = []  # keeps ids in project_leads valid
        # Paragraph measures of project headings that may still turn out to have numbered ones.
        self.provisional: dict[int, list[_DraftMeasure]] = {}

    def _in_goals(self) -> bool:
        return any(h.preamble and _GOALS.search(h.title or "") for h in self.stack)

    def project_of(self) -> _Heading | None:
        for heading in reversed(self.stack):
            if heading.level >= 1:
                return heading
        return None

    def _new_draft(self, number: str | None, title: str | None, text: str, owner: _Heading | None) -> _DraftMeasure:
        draft = _DraftMeasure(number, title, [text], [], owner)
        self.drafts.append(draft)
        self.current = draft
        return draft

    def walk(self) -> None:
        for index, block in enumerate(self.blocks):
            if block.kind in ("title", "table"):
                continue
            if block.kind == "heading":
                self.heading(block)
                continue
            if any(h.organisation for h in self.stack):
                self.organisation_parts.append(block.text)
            elif self._in_goals():
                self.goal_parts.append(block.text)
            elif block.kind == "units":
                self.units(block)
            elif any(h.excluded for h in self.stack):
                continue
            elif block.kind == "measure" and block.style == self.style:
                self.measure(block)
            elif not self.paragraph_mode:
                self.numbered_body(block)
            else:
                self.paragraph_body(block, index)

    def heading(self, block: Block) -> None:
        stack = self.stack
        while stack and stack[-1].level >= block.level:
            stack.pop()
        title = block.title or ""
        organisation = (
            block.level <= 2
            and bool(_ORGANISATION.search(title))
            and block.level == min([h.level for h in stack] + [block.level])
        )
        preamble = block.level <= 2 and bool(_PREAMBLE.search(title)) and not stack
        heading = _Heading(
            level=block.level,
            title=title or None,
            excluded=any(h.excluded for h in stack) or organisation or preamble,
            organisation=organisation or any(h.organisation for h in stack),
            preamble=preamble,
        )
        stack.append(heading)
        self.all_headings.append(heading)
        self.seen_heading = True
        self.current = None
        if heading.organisation:
            self.organisation_parts.append(block.text)
            return
        if block.body and self._in_goals():
            self.goal_parts.append(block.body)
        if not block.body or heading.excluded or block.level < 2:
            return
        if not self.paragraph_mode:
            # Text right after a project heading: its introduction if numbered measures
            # follow, else the project's only (paragraph) measure.
            draft = self._new_draft(None, None, block.body, heading)
            self.provisional.setdefault(id(heading), []).append(draft)
        elif block.level == 3:
            # 产业平台聚才工程。… in an unnumbered document.
            self._new_draft(None, None, block.body, heading)
        else:
            # （一）促进青年就业。… in an unnumbered document: a measure titled by its heading.
            stack.pop()
            draft = self._new_draft(_arabic(block.number), title or None, block.body, self.project_of())
            draft.from_heading = True
            stack.append(heading)

    def units(self, block: Block) -> None:
        if self.current is not None:
            self.current.units.extend(u for u in block.units if u not in self.current.units)
            if block.deadline and not self.current.deadline:
                self.current.deadline = block.deadline
        elif self.stack and not any(h.excluded for h in self.stack):
            leads = self.project_leads.setdefault(id(self.stack[-1]), [])
            leads.extend(u for u in block.units if u not in leads)

    def measure(self, block: Block) -> None:
        owner = self.project_of()
        for intro in self.provisional.pop(id(owner), []):
            self.drafts.remove(intro)
            leads = self.project_leads.setdefault(id(owner), [])
            leads.extend(u for u in intro.units if u not in leads)
        self._new_draft(block.number, None, block.body, owner)

    def numbered_body(self, block: Block) -> None:
        """Body text (or a measure-like line of another numbering style) in a numbered plan."""
        if self.current is not None:
            self.current.parts.append(block.text)
        elif self.stack and self.stack[-1].level >= 2 and _substantive(block.text):
            draft = self._new_draft(None, None, block.text, self.stack[-1])
            self.provisional.setdefault(id(self.stack[-1]), []).append(draft)

    def paragraph_body(self, block: Block, index: int) -> None:
        """One measure per substantive paragraph (or per 一是/二是 item) in an unnumbered plan."""
        if index <= self.intro_cut or (not self.seen_heading and self.intro_cut < 0 and self.has_headings):
            return
        text = block.text
        if not _substantive(text) or (self.news and is_aside(text)):
            return
        if self.current is not None and self.current.from_heading and self.stack and self.stack[-1].level == 2:
            # （六）加强青年婚恋服务。… followed by a paragraph: the measure goes on.
            self.current.parts.append(text)
            return
        grouped = aspect(text)
        if grouped is not None:
            # 在青年就业方面，… / 【就业创业】…: a project heading run into its paragraph.
            while self.stack and self.stack[-1].level >= 3:
                self.stack.pop()
            heading = _Heading(3, grouped[0], excluded=False, organisation=False, preamble=False)
            self.stack.append(heading)
            self.all_headings.append(heading)
            if text.startswith("【"):
                text = grouped[1]
        items = split_enumeration(text)
        if not items:
            self._new_draft(None, None, text, self.project_of())
            return
        for number, item in items:
            self._new_draft(number, None, item, self.project_of())


def build_outline(blocks: list[Block], plan_date: date | None, year: int | None = None) -> Outline:
    """Walk the classified blocks and assemble projects, measures, units and targets.

    ``year`` is the plan's own year (for 年内 deadlines): its date's, else its period's first.
    """
    title_lines = [b.text for b in blocks if b.kind == "title" and _is_title_candidate(b.text)]
    walker = _Walker(blocks)
    walker.walk()
    projects = _assemble(walker.drafts, walker.project_leads, plan_date, year)
    if walker.paragraph_mode and not walker.has_headings and not _looks_like_plan(projects):
        projects = []
    organisation_text = "\n".join(walker.organisation_parts)
    statements = lead_statements(organisation_text, [p.title for p in projects])
    if statements:
        projects = [
            Project(p.title, tuple(dict.fromkeys([*p.lead_units, *statements.get(i, [])])), p.measures)
            for i, p in enumerate(projects)
        ]
    goals = extract_commitments("\n".join(walker.goal_parts), plan_date, year)[0] if walker.goal_parts else []
    return Outline(projects, title_lines, organisation_text, goals)


def _looks_like_plan(projects: list[Project]) -> bool:
    """Prose with no outline at all reads as a plan only when it looks like one: several
    measures, at least one with a quantitative target. A letter or a one-paragraph notice is
    not a plan (the caller reports ``no_structure`` rather than a one-measure ledger)."""
    measures = [m for p in projects for m in p.measures]
    return len(measures) >= 2 and any(m.targets for m in measures)


_ENUMERATION = re.compile(r"(?:^|(?<=[。；;，,：:]))\s*(?P<n>[一二三四五六七八九十]{1,2})是")


def split_enumeration(text: str) -> list[tuple[str, str]]:
    """``一是…二是…三是…`` in one paragraph → ``[("1", "…"), ("2", "…"), ("3", "…")]``.

    Returns ``[]`` unless the markers count up from 一是 (at least two of them).
    """
    markers = list(_ENUMERATION.finditer(text))
    expected = 1
    kept: list[re.Match[str]] = []
    for marker in markers:
        if _CN_NUM.index(marker.group("n")[-1]) + 1 + (10 if len(marker.group("n")) > 1 else 0) == expected:
            kept.append(marker)
            expected += 1
    if len(kept) < 2:
        return []
    items: list[tuple[str, str]] = []
    for index, marker in enumerate(kept):
        end = kept[index + 1].start() if index + 1 < len(kept) else len(text)
        item = text[marker.end():end].strip()
        if item:
            items.append((str(index + 1), item))
    return items


def _arabic(numeral: str | None) -> str | None:
    """``三`` → ``"3"``: measure numbers are always written in Arabic digits."""
    if numeral is None:
        return None
    value = parse_chinese(numeral)
    return str(value) if value else numeral


def _has_headings(blocks: list[Block]) -> bool:
    return any(b.kind == "heading" for b in blocks)


def _intro_cut(blocks: list[Block]) -> int:
    """Index of the last introduction block in an unnumbered document (-1: none)."""
    if _has_headings(blocks):
        first = next(i for i, b in enumerate(blocks) if b.kind == "heading")
        return first - 1
    bodies = [
        i for i, b in enumerate(blocks)
        if b.kind == "body" and (_substantive(b.text) or b.text.rstrip().endswith((":", "：")))
    ]
    for i in bodies[:3]:
        text = blocks[i].text
        if text.rstrip().endswith((":", "：")) or "如下" in text or "主要内容" in text:
            return i
    return bodies[0] if len(bodies) >= 2 else -1


def _measure_style(blocks: list[Block]) -> str | None:
    stack: list[tuple[int, bool]] = []
    for block in blocks:
        if block.kind == "heading":
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            title = block.title or ""
            excluded = any(e for _, e in stack) or bool(_ORGANISATION.search(title)) or (
                not stack and bool(_PREAMBLE.search(title))
            )
            stack.append((block.level, excluded))
        elif block.kind == "measure" and not any(e for _, e in stack):
            return block.style
    return None


def _assemble(
    drafts: list[_DraftMeasure], project_leads: dict[int, list[str]], plan_date: date | None, year: int | None
) -> list[Project]:
    order: list[_Heading | None] = []
    grouped: dict[int, list[Measure]] = {}
    for draft in drafts:
        heading = draft.project
        if heading is not None and heading.title and _GENERIC_TASKS.match(heading.title.strip()):
            heading_key: _Heading | None = None
        else:
            heading_key = heading
        key = id(heading_key) if heading_key is not None else 0
        if key not in grouped:
            grouped[key] = []
            order.append(heading_key)
        grouped[key].append(_finish_measure(draft, plan_date, year))
    projects: list[Project] = []
    for heading in order:
        key = id(heading) if heading is not None else 0
        leads = tuple(project_leads.get(key, [])) if heading is not None else ()
        projects.append(Project(heading.title if heading else None, leads, tuple(grouped[key])))
    return projects


def finish_measure(
    number: str | None, title: str | None, text: str, units: list[str], deadline_text: str | None,
    plan_date: date | None, year: int | None,
) -> Measure:
    """A measure from its text: inline annotations cut, title, targets, benefits and deadline."""
    text, fields = strip_inline_fields(text)
    if fields is not None:
        units = list(dict.fromkeys([*fields.units, *units]))
        deadline_text = deadline_text or fields.deadline
    targets, benefits = extract_commitments(text, plan_date, year)
    deadline = parse_deadline(deadline_text, year) if deadline_text else deadline_in_text(text, year)
    numbered = tuple(Benefit(b.kind, b.text, b.unit, b.low, b.high, b.basis, number, b.written) for b in benefits)
    return Measure(number, title or _measure_title(text), text, tuple(units), tuple(targets), deadline, numbered)


def _finish_measure(draft: _DraftMeasure, plan_date: date | None, year: int | None) -> Measure:
    text = "\n".join(part.strip() for part in draft.parts if part.strip())
    return finish_measure(draft.number, draft.title, text, draft.units, draft.deadline, plan_date, year)


def is_plan_title(line: str) -> bool:
    """A line that names a plan (方案/规划/计划/Plan/Program …)."""
    return bool(_PLAN_WORDS.search(line))
