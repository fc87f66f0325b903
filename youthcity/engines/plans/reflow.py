"""Plans copied from a web page as one long line (or a few): put the line breaks back.

A flattened plan keeps its numbering inline — ``…制定本方案。一、总体要求（一）指导思想。…
二、重点任务（一）青年就业工程1.扩大就业。…责任单位：市人社局2.支持创业。…`` — so the
breaks can be restored where the markers are. A marker inside a sentence is not a break:
``统一、规范``, ``第1、2批``, ``1.5万``, ``一、二线城市``. A candidate is accepted when it continues
its numbering (``2.`` after ``1.``), or restarts it right after a higher-level marker
(``（一）…1.``), or repeats the last number right after a unit list (the district seed numbers
two measures ``2``). Text after a sentence end or a space is a stronger cue than text glued
to a word. Labels (``责任单位：``, ``完成时限：``) open a line unless they sit in brackets.
A covering notice run into the text (``…关于印发《…》的通知各成员单位：现将…印发给你们…
XX办公室2023年5月12日``) is cut into its header, title, addressees, body, signature and
date lines; the plan's title is cut from the text that follows it. Lines already broken stay
as they are: a document with line breaks reads exactly as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numerals import parse_chinese
from .textprep import is_cjk_text, is_table_line
from .units import DEADLINE_LABELS

_CN = "一二三四五六七八九十"
_UNIT_LABELS = r"牵头单位|责任单位|牵头部门|责任部门|配合单位|配合部门|参与单位|协办单位|主责单位"
_MARK = re.compile(
    # The lookahead lets the scan skip, at C speed, every position no marker can start at.
    rf"(?=[{_CN}（(\d①-⑳牵责配参协主完时进D])"
    rf"(?:(?P<l1>[{_CN}]{{1,3}})\s*[、．.](?![{_CN}\d])"
    rf"|(?P<l2>[（(]\s*[{_CN}]{{1,3}}\s*[)）])"
    r"|(?P<p>[（(]\s*\d{1,2}\s*[)）])"
    r"|(?<![\d.．,])(?P<a>\d{1,3})\s*[.．、](?![\d.．、%])"
    r"|(?P<c>[①-⑳])"
    rf"|(?P<e>[{_CN}]{{1,2}})是(?=[^，,。；;、])"
    rf"|(?P<label>(?:{_UNIT_LABELS}|{DEADLINE_LABELS})\s*[:：]))"
)
_MARKER_END = re.compile(
    rf"(?:^|[^\d.．])(?:\d{{1,3}}\s*[.．、]|[（(]\s*(?:\d{{1,2}}|[{_CN}]{{1,3}})\s*[)）]|[{_CN}]{{1,3}}\s*[、．.]|[①-⑳])$"
)
_LABEL_AT = rf"(?:{_UNIT_LABELS}|{DEADLINE_LABELS})\s*[:：]"
_SPACE_OR_LABEL = re.compile(rf"\s+|(?=[牵责配参协主完时进D]){_LABEL_AT}")
_LABEL_START = re.compile(_LABEL_AT)
_ORDER = ("l1", "l2", "a", "p", "c", "e")
_STRONG_BEFORE = "。；;！!？?：:"
_CLOSERS = "”’\"'》）)】」』"
_NOT_BEFORE_NUMBER = "第前后共约近超达逾至每满年月日号批期届级个"
_SECTION_WORDS = re.compile(
    r"^(?:总体要求|指导思想|基本原则|工作原则|主要目标|工作目标|总体目标|预期目标|发展目标|建设目标|目标任务|"
    r"重点任务|主要任务|工作任务|重点工作|主要措施|具体措施|重点举措|保障措施|组织保障|组织实施|实施步骤|"
    r"工作步骤|进度安排|工作要求|有关要求|保障机制|工作机制|实施范围|建设内容|工作内容|任务分工)"
)
_PROJECT_TAIL = re.compile(r"^[^。；;！!？?，,：:、]{2,22}?(?:工程|行动)(?![计方中的等和与及，,。、])")
_PLAN_WORD_END = re.compile(
    r"(?:方案|规划|计划|要点|意见|办法|清单)(?:\s*[（(]\s*\d{4}\s*[—\-–－~～至到]+\s*\d{4}\s*年?\s*[)）])?"
)
_SENTENCE_OPENER = re.compile(r"^(?:为了?|根据|按照|依据|近日|日前|今年|在|对|经|由|现|各|关于)")
_TITLE_STOP = re.compile(r"[，,。；;：:《“\"!！?？]")
_NOTICE_ANCHOR = re.compile(r"印发给你们|现予印发|印发给各")
_NOTICE_TITLE = re.compile(r"关于印发.{2,100}?的通知")
_ADDRESSEE = re.compile(r"各[^，,。；;：:]{1,80}?[：:]")
_DATE = re.compile(r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
                   r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")
_TRAILER = re.compile(r"\s*[（(]此件[^（）()]{0,20}[)）]")
_NEWS_HEADING = re.compile(r"[。！？!?](?=[^。！？!?，,；;：:、\s]{2,16}(?:工程|行动)[。：:])")
_NOT_A_HEADING_START = re.compile(
    r"^(?:实施|开展|打造|建设|推进|推动|启动|组织|举办|加快|加强|深入|持续|全面|积极|着力|大力|进一步|完善|健全)"
)
_SPACED_SENTENCES = re.compile(r"[。；！？!?]\s+[^\s（(]")
#: A line at least this long (in characters) may be a flattened plan.
LONG = 120


@dataclass(slots=True)
class _Numbering:
    """The last accepted number of each numbering style, and which may restart at 1."""

    last: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_ORDER, 0))
    restart: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(_ORDER, True))

    def accept(self, style: str, value: int) -> None:
        self.last[style] = value
        self.restart[style] = False
        for lower in _ORDER[_ORDER.index(style) + 1:]:
            self.restart[lower] = True
        if style == "l1":
            self.last["l2"] = 0

    def fits(self, style: str, value: int, strong: bool, duplicate_ok: bool) -> bool:
        last = self.last[style]
        if value == last + 1:
            # A first 一、 glued to a word is 统一、/唯一、, not a heading.
            return strong or last > 0 or style not in ("l1",)
        if value == 1:
            return self.restart[style] or strong
        return value == last and duplicate_ok


def _value(match: re.Match[str]) -> tuple[str, int] | None:
    style = match.lastgroup
    if style is None or style == "label":
        return None
    raw = re.sub(r"[（()）\s、．.是]", "", match.group(style))
    if style == "c":
        return style, ord(raw) - ord("①") + 1
    if raw.isdigit():
        return style, int(raw)
    value = parse_chinese(raw)
    return (style, value) if value else None


def _context(text: str, pos: int) -> tuple[bool, str]:
    """Is the text before ``pos`` a strong break (sentence end, space, line start)? And the
    character right before."""
    if pos == 0:
        return True, ""
    before = text[max(0, pos - 8):pos]  # a window: slicing the whole prefix would be quadratic
    stripped = before.rstrip()
    if not stripped and pos > 8:
        return True, " "
    if not stripped:
        return True, ""
    if len(stripped) < len(before):
        return True, stripped[-1]
    last = stripped[-1]
    if last in _STRONG_BEFORE:
        return True, last
    if last in _CLOSERS and len(stripped) >= 2 and stripped.rstrip(_CLOSERS)[-1:] in _STRONG_BEFORE:
        return True, last
    return False, last


def _depth(text: str) -> int:
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


def _cuts_at_markers(text: str, numbering: _Numbering) -> list[int]:
    """Positions where a marker or label opens a new line in ``text`` (updates ``numbering``)."""
    cuts: list[int] = []
    after_label = False
    depth = 0  # brackets open since the last cut, counted as the scan moves on
    scanned = 0
    for match in _MARK.finditer(text):
        pos = match.start()
        if pos == 0:
            found = _value(match)
            if found:
                numbering.accept(*found)
            after_label = match.lastgroup == "label"
            continue
        depth += _depth(text[scanned:pos])
        scanned = pos
        if depth > 0:
            continue  # inside （牵头单位：…） or a bracketed aside
        strong, before = _context(text, pos)
        if match.lastgroup == "label":
            cuts.append(pos)
            depth, after_label = 0, True
            continue
        found = _value(match)
        if found is None:
            continue
        style, value = found
        if style == "e":
            # 一是…二是… stay in their paragraph; only a 一是 glued to a heading opens a line.
            if value == 1 and not strong and "\u4e00" <= before <= "\u9fff":
                cuts.append(pos)
                depth = 0
            continue
        if style == "a" and before in _NOT_BEFORE_NUMBER:
            continue
        if style == "l1" and (before == "第" or before in _CN):
            continue  # 第二、三产业
        if before.isascii() and before.isalnum() and match.group(0).rstrip()[-1:] in ".．":
            continue  # G1. / 2.0: codes and decimals
        if numbering.fits(style, value, strong, duplicate_ok=strong or after_label):
            numbering.accept(style, value)
            cuts.append(pos)
            depth, after_label = 0, False
    return cuts


def _cuts_at_spaces(text: str) -> list[int]:
    """Chinese prose has no spaces: in a long Chinese line a space is where a line ended.
    Inside a unit list (责任单位：市人社局 市财政局) only a marker or label after it counts."""
    cuts: list[int] = []
    if " " not in text and "\t" not in text:
        return cuts
    in_units = False
    depth = 0
    last = 0
    for match in _SPACE_OR_LABEL.finditer(text):
        depth += _open_brackets(text[last:match.start()])
        last = match.start()
        if not match.group(0).isspace():
            in_units = True
            continue
        end = match.end()
        if match.start() == 0 or end >= len(text) or depth > 0:
            continue  # 《汇聚创新人才 集聚青年人才》, （记者 王晓）
        before, after = text[match.start() - 1], text[end]
        if after in "、.．)），,。；;：:":
            continue  # 1 、健全…: a number split from its mark
        if _MARKER_END.search(text, max(0, match.start() - 6), match.start()):
            continue  # 1. 壮大…: the space after a number
        if _MARK.match(text, end) or before in _STRONG_BEFORE:
            cuts.append(end)
            in_units = bool(_LABEL_START.match(text, end))
        elif not in_units and not (before.isascii() and after.isascii()):
            cuts.append(end)  # but not in "OTA platform" or "5G network"
    return cuts


def _open_brackets(text: str) -> int:
    opened = sum(text.count(ch) for ch in "（(《“「【")
    closed = sum(text.count(ch) for ch in "）)》”」】")
    return opened - closed


def _slice(text: str, cuts: list[int]) -> list[str]:
    points = sorted({c for c in cuts if 0 < c < len(text)})
    pieces = [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]
    return [p.strip() for p in pieces if p.strip()]


def split_title_head(text: str) -> list[str]:
    """``XX市…实施方案（2023—2025年）为深入贯彻…`` → the title, then the text (a title may be
    repeated, as web pages do)."""
    pieces: list[str] = []
    rest = text
    if _SENTENCE_OPENER.match(text):
        return [text]  # 为贯彻落实…规划部署，… is a sentence, not a title
    for _ in range(4):
        stop = _TITLE_STOP.search(rest)
        head = rest[: stop.start()] if stop else rest
        ends = [m.end() for m in _PLAN_WORD_END.finditer(head) if m.end() >= 6]
        if not ends or ends[-1] >= len(rest) or len(rest[: ends[-1]]) > 60:
            break
        # The longest title that a copy of itself or the text follows; a repeated title
        # (XX方案XX方案为…) shows as a head that starts the rest again.
        end = ends[-1]
        for candidate in ends:
            if rest[candidate:].startswith(rest[:candidate]):
                end = candidate
                break
        pieces.append(rest[:end].strip())
        rest = rest[end:].strip()
    return [*pieces, rest] if pieces else [text]


@dataclass(frozen=True, slots=True)
class _NoticeCut:
    before: str
    notice: list[str]
    after: str


def _cut_notice(text: str) -> _NoticeCut | None:
    """A covering notice inside a long line: the text before it, its lines, the text after."""
    anchor = _NOTICE_ANCHOR.search(text)
    if anchor is None:
        return None
    window_start = max(0, anchor.start() - 400)
    titles = list(_NOTICE_TITLE.finditer(text, window_start, anchor.start()))
    addressees = list(_ADDRESSEE.finditer(text, window_start, anchor.start()))
    date = _DATE.search(text, anchor.end(), anchor.end() + 300)
    if date is None or not (titles or addressees):
        return None
    cuts: list[int] = []
    if titles:
        title = titles[-1]
        start = _header_start(text, title.start())
        cuts += [title.start(), title.end()]
        after_title = [a for a in addressees if a.start() >= title.end()]
        if after_title:
            cuts += [after_title[0].start(), after_title[0].end()]
    else:
        start = addressees[-1].start()
        cuts.append(addressees[-1].end())
    signature = max(text.rfind(ch, anchor.end(), date.start()) for ch in "。；;!！")
    if signature > 0:
        cuts.append(signature + 1)
    cuts.append(date.start())
    end = date.end()
    trailer = _TRAILER.match(text, end)
    if trailer:
        cuts.append(end)
        end = trailer.end()
    notice = text[start:end]
    return _NoticeCut(text[:start].strip(), _slice(notice, [c - start for c in cuts]), text[end:].strip())


def _header_start(text: str, title_start: int) -> int:
    """Where the issuing offices above ``关于印发…`` begin (they may be glued to the text before)."""
    window = text[max(0, title_start - 50):title_start]
    offset = title_start - len(window)
    party = window.rfind("中共")
    if party >= 0:
        return offset + party
    breaks = [window.rfind(ch) for ch in "。；;！!？?：: \t"] + [
        i for i, ch in enumerate(window) if ch.isdigit() or ch in _CLOSERS
    ]
    start = max(breaks) + 1 if breaks else 0
    return offset + start


def _section_head(piece: str) -> list[str]:
    """``一、工作目标把建设…`` → ``一、工作目标`` + ``把建设…``; ``（一）青年就业工程围绕…`` likewise."""
    match = re.match(rf"^(?:[{_CN}]{{1,3}}\s*[、．.]|[（(]\s*[{_CN}]{{1,3}}\s*[)）])\s*", piece)
    if not match:
        return [piece]
    rest = piece[match.end():]
    section = _SECTION_WORDS.match(rest) or _PROJECT_TAIL.match(rest)
    if section is None or section.end() >= len(rest):
        return [piece]
    following = rest[section.end()]
    if following in "。；;，,：:、（(”\"" or following.isspace():
        return [piece]
    cut = match.end() + section.end()
    return [piece[:cut], piece[cut:]]


def _news_headings(piece: str) -> list[str]:
    """``…集聚。就业创业助力工程。实施…`` in a flattened news report: the project names."""
    if "工程" not in piece and "行动" not in piece:
        return [piece]
    cuts = [m.end() for m in _NEWS_HEADING.finditer(piece) if not _NOT_A_HEADING_START.match(piece, m.end())]
    return _slice(piece, cuts) if len(cuts) >= 2 else [piece]


def unflatten(lines: list[str]) -> list[str]:
    """Restore the line breaks of a flattened plan; lines of a plan with breaks are kept."""
    numbering = _Numbering()
    out: list[str] = []
    first = True
    for line in lines:
        if not line:
            out.append(line)
            continue
        if is_table_line(line):
            out.append(line)  # a table row: its cells are read by ``tables``
            continue
        long = _flattened(line)
        if not long:
            _note_line_start(line, numbering)
            out.extend(split_title_head(line) if first and is_cjk_text(line) else [line])
            first = False
            continue
        for piece in _cut_long_line(line, first):
            cuts = _cuts_at_markers(piece, numbering)
            for part in _slice(piece, cuts) if cuts else [piece]:
                for section in _section_head(part):
                    out.extend(_news_headings(section))
        first = False
    return out


def _flattened(line: str) -> bool:
    """A long Chinese line, or one where a sentence end is followed by a space (paragraphs run
    together), or one holding a whole covering notice."""
    if len(line) >= LONG or _SPACED_SENTENCES.search(line):
        return is_cjk_text(line)
    return bool(_NOTICE_ANCHOR.search(line) and _DATE.search(line)) and is_cjk_text(line)


def _note_line_start(line: str, numbering: _Numbering) -> None:
    """A line already broken: only its own number counts for the sequence."""
    match = _MARK.match(line)
    if match:
        found = _value(match)
        if found:
            numbering.accept(*found)


def _cut_long_line(line: str, first: bool) -> list[str]:
    """Notice, spaces and the title of one long line; markers are cut afterwards."""
    notice = _cut_notice(line)
    if notice is None:
        return _spaced(line, first)
    # The plan's title follows its covering notice.
    return [*_spaced(notice.before, first), *notice.notice, *_spaced(notice.after, True)]


def _spaced(text: str, title_first: bool) -> list[str]:
    if not text:
        return []
    spaced = _slice(text, _cuts_at_spaces(text))
    if title_first and spaced:
        spaced = [*split_title_head(spaced[0]), *spaced[1:]]
    return spaced
