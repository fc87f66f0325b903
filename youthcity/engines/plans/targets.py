"""Quantitative commitments (targets) inside a measure's text, Chinese and English.

Rules (see ``docs/plan-format.md`` for the full list and the reasons):

* a target is a number with a unit of count, money, percentage, area, distance or
  person-times; money is normalised to 元;
* numbers inside quotation marks or book-title marks (“千名大学生留洛计划”) are names;
* ordinals (第12届), years, ages (40岁以下), plan periods (十四五) and durations
  (15分钟, 最高3年, 15天以内) are not targets — durations only become targets after a
  compression verb (压缩至2小时 → ``<=``);
* an area or distance that only limits the size of the thing counted
  (70平方米以下的住房, housing of less than 70 square meters) is not a target;
* a range (10万元~20万元) yields two targets: the lower bound ``>=`` and the upper ``<=``;
* the default comparator is ``>=``: a plan's quantities are minimum commitments.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from .model import Comparator, Per, Target
from .numerals import EN_MAGNITUDES, MAGNITUDES, parse_arabic, parse_chinese

# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------

_PROTECTED = re.compile(
    r"“[^“”\n]{0,60}”|《[^《》\n]{0,80}》|「[^「」\n]{0,60}」|『[^『』\n]{0,60}』|\"[^\"\n]{0,60}\"|〈[^〈〉\n]{0,60}〉"
)
_SENTENCE_BREAK: Final = "。；;！!？?\n"
_CLAUSE_BREAK: Final = "。；;！!？?\n，,：:"


def _protected_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < pos < end for start, end in spans)


def _bounds(text: str, pos: int, breaks: str) -> tuple[int, int]:
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


def _english_clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """Clause bounds for English text (commas, semicolons, colons, sentence ends)."""
    start = pos
    while start > 0 and not _english_break(text, start - 1, ",;:\n"):
        start -= 1
    end = pos
    while end < len(text) and not _english_break(text, end, ",;:\n"):
        end += 1
    return start, end


def _english_sentence_bounds(text: str, pos: int) -> tuple[int, int]:
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


def _json_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True, slots=True)
class _Quantity:
    start: int
    end: int
    value: Decimal
    unit: str
    kind: str  # count / money / percent / area / distance / time / other
    suffix_comparator: Comparator | None
    approx_more: bool  # 100余个 / 200多家


# ---------------------------------------------------------------------------
# Chinese
# ---------------------------------------------------------------------------

#: unit → kind; matched longest first.
_ZH_UNITS: Final[dict[str, str]] = {
    "个百分点": "percent", "百分点": "percent", "%": "percent", "‰": "percent",
    "元": "money",
    "平方公里": "area", "平方千米": "area", "平方米": "area", "平米": "area", "㎡": "area",
    "公顷": "area", "亩": "area",
    "公里": "distance", "千米": "distance", "km": "distance", "米": "distance",
    "个工作日": "time", "工作日": "time", "个小时": "time", "个月": "time", "分钟": "time",
    "小时": "time", "天": "time", "日": "time", "月": "time", "年": "time", "周": "time", "星期": "time",
    "周岁": "age", "岁": "age",
    "届": "ordinal", "级": "ordinal", "期": "ordinal", "星": "ordinal", "倍": "ordinal",
    "号": "ordinal", "层": "ordinal", "楼": "ordinal",
    "人次": "count", "场次": "count", "万人次": "count",
    "人": "count", "名": "count", "位": "count", "个": "count", "套": "count", "间": "count",
    "户": "count", "家": "count", "所": "count", "座": "count", "处": "count", "条": "count",
    "项": "count", "场": "count", "次": "count", "批": "count", "支": "count", "张": "count",
    "台": "count", "部": "count", "本": "count", "册": "count", "件": "count", "份": "count",
    "篇": "count", "栋": "count", "幢": "count", "床": "count", "辆": "count", "门": "count",
    "款": "count", "种": "count", "对": "count", "支队伍": "count", "亿": "count", "片": "count",
    "块": "count", "口": "count", "棵": "count", "株": "count", "架": "count", "艘": "count",
}
_ZH_UNIT_RE = re.compile("|".join(re.escape(u) for u in sorted(_ZH_UNITS, key=len, reverse=True)))
#: A bare 万/千/百 (万名以上) is a number only before these units.
_BARE_MAGNITUDE_UNITS: Final = ("人次", "名", "人", "个", "套", "元")
#: Words starting with a unit character that are not units (一次性, 个人, 家庭...).
_ZH_NOT_UNIT = re.compile(r"次性|个人|个性|个体|人才|人员|人口|人民|人社|名单|名录|名称|名额|家庭|家长|家园|条件|项目|场景|场所|场地|台账|部门|本地|本科|件事|份额|门槛|种类|对接|对象|张力|期间|年度|年轻|年龄|年份|日常|月度")
_ZH_NUMBER = re.compile(
    r"(?P<arabic>\d+(?:,\d{3})*(?:\.\d+)?)|(?P<pct>百分之[〇零一二两三四五六七八九十百点]+)|(?P<cn>[〇零一二两三四五六七八九十百千万亿]+)"
)
_ZH_MAG = re.compile(r"万亿|千万|百万|亿|万|千|百")
_ZH_MAG_CONFLICT = re.compile(r"千米|千瓦|千克|百分")
_ZH_SUFFIX = re.compile(r"及以上|以上|及以下|以下|以内|之内|左右|上下|内")
_ZH_RANGE = re.compile(r"\s*[~～〜—–\-至到]{1,2}\s*")
_ZH_PREFIX: Final[tuple[tuple[str, Comparator], ...]] = (
    ("不少于", ">="), ("不低于", ">="), ("不小于", ">="), ("至少", ">="), ("不超过", "<="), ("不超", "<="),
    ("不高于", "<="), ("不大于", "<="), ("超过", ">="), ("突破", ">="), ("达到", ">="), ("力争", ">="),
    ("争取", ">="), ("确保", ">="), ("提高到", ">="), ("提高至", ">="), ("提升到", ">="), ("提升至", ">="),
    ("增加到", ">="), ("增至", ">="), ("多于", ">"), ("大于", ">"), ("高于", ">"), ("最高", "<="),
    ("最多", "<="), ("至多", "<="), ("最长", "<="), ("控制在", "<="), ("压缩至", "<="), ("压缩到", "<="),
    ("缩短至", "<="), ("缩短到", "<="), ("减少至", "<="), ("降至", "<="), ("降低至", "<="),
    ("降低到", "<="), ("少于", "<="), ("低于", "<="), ("超", ">="), ("达", ">="), ("约", "="), ("大约", "="),
)
_ZH_PREFIX_RE = re.compile("|".join(re.escape(w) for w, _ in sorted(_ZH_PREFIX, key=lambda p: -len(p[0]))))
_ZH_PREFIX_MAP: Final = dict(_ZH_PREFIX)
_ZH_COMPRESSION = ("压缩至", "压缩到", "缩短至", "缩短到", "控制在", "减少至", "降至", "降低至", "降低到")
_ZH_PER_YEAR = re.compile(r"每年|年均|每一年|全年|/年")
_ZH_NOT_PER_YEAR = re.compile(r"累计|总计|共计|一次性|20\d{2}年|\d+年内|到期")
_ZH_RELATIVE_DEADLINE = re.compile(
    r"(?:^|(?<=[，,。；;：:、\s]))(?:力争|计划|争取|要|在|用)?(?:未来|今后)?"
    r"(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,2})年(?:内|之内|时间内|时间|里)"
)
_ZH_ABSOLUTE_DEADLINE = re.compile(r"(?P<y>20\d{2})\s*年(?:(?P<m>\d{1,2})\s*月)?")
_ZH_PLAN_PERIOD = re.compile(r"十四五|十五五")
_ZH_VERBS = re.compile(
    r"新筹建|筹建|新建|建设|建成|打造|发布|培育|引进|引育|招聘|招录|吸引|提供|设立|开展|举办|组织|培训|完成|实现|"
    r"新增|增加|扶持|支持|发放|建立|开发|储备|认定|选派|推出|改造|扩大|开设|配建|吸纳|帮助|资助|奖励|培养|"
    r"覆盖|服务|带动|解决|达到|达|累计|共|投用|投入|落地|推动|筹集|提升|招引|创建|评选|举行|安排|给予|惠及"
)
_ZH_LEADING_NOISE = re.compile(r"^(?:一次性|各类|各种|各级|一批|一定数量的|等|共|累计|全市|全区|全县|总计|每年|以|的|了|及|和|为|对|并)+")
_ZH_GENERIC_NOUNS = ("比例", "比重", "份额", "标准", "规模")
_ZH_PHRASE_STOP = re.compile(r"[，,。；;：:！!？?（(）)\n]")
_ZH_SUBJECT_MAX = 20


def _zh_unit_at(text: str, pos: int) -> tuple[str, str] | None:
    match = _ZH_UNIT_RE.match(text, pos)
    if not match:
        return None
    if _ZH_NOT_UNIT.match(text, pos) and match.group(0) not in ("人次",):
        return None
    unit = match.group(0)
    return unit, _ZH_UNITS[unit]


def _zh_percent_words(match: re.Match[str]) -> _Quantity | None:
    """百分之三十 / 百分之二点五 → a percentage."""
    raw = match.group("pct")[3:]
    if "点" in raw:
        whole, _, frac = raw.partition("点")
        w = parse_chinese(whole)
        digits = "".join(str(parse_chinese(c)) for c in frac if parse_chinese(c) is not None)
        if w is None or not digits:
            return None
        value = Decimal(f"{w}.{digits}")
    else:
        cn = parse_chinese(raw)
        if cn is None:
            return None
        value = Decimal(cn)
    return _Quantity(match.start(), match.end(), value, "%", "percent", None, False)


def _zh_number_value(text: str, match: re.Match[str]) -> tuple[Decimal, int, bool, bool] | None:
    """The number's value with its magnitude, where reading continues, whether 余/多 followed,
    and whether it was a bare magnitude (万名). None for idioms (一批, 两个)."""
    pos = match.end()
    bare = False
    if match.group("arabic"):
        arabic = parse_arabic(match.group("arabic"))
        if arabic is None:
            return None
        value = arabic
        has_mag = False
    else:
        raw_cn = match.group("cn")
        cn_value = parse_chinese(raw_cn)
        if cn_value is None:
            return None
        value = Decimal(cn_value)
        has_mag = any(ch in raw_cn for ch in "十百千万亿")
        bare = raw_cn in ("万", "千", "百")
        if not has_mag and cn_value < 3:
            return None  # 一批, 两个, 一次: idioms rather than quantities
    approx_more = False
    if pos < len(text) and text[pos] in "余多" and not has_mag:
        approx_more, pos = True, pos + 1
    if match.group("arabic") and not _ZH_MAG_CONFLICT.match(text, pos):
        mag = _ZH_MAG.match(text, pos)
        if mag:
            value *= MAGNITUDES[mag.group(0)]
            pos = mag.end()
    if pos < len(text) and text[pos] in "余多" and not approx_more:
        approx_more, pos = True, pos + 1
    return value, pos, approx_more, bare


def _zh_suffix(text: str, pos: int, kind: str) -> tuple[Comparator | None, int]:
    """以上/以下/以内/左右… right after the unit; returns the comparator and where it ends."""
    suffix_match = _ZH_SUFFIX.match(text, pos)
    if not suffix_match:
        return None, pos
    word = suffix_match.group(0)
    suffix: Comparator | None
    if word in ("及以上", "以上"):
        suffix = ">="
    elif word in ("左右", "上下"):
        suffix = "="
    elif word == "内":
        suffix = "<=" if kind == "time" else None
    else:
        suffix = "<="
    return suffix, (suffix_match.end() if suffix is not None else pos)


def _zh_scan_quantity(text: str, match: re.Match[str]) -> _Quantity | None:
    """Read number, magnitude, 余/多, unit and comparator suffix starting at ``match``."""
    if match.group("pct"):
        return _zh_percent_words(match)
    number = _zh_number_value(text, match)
    if number is None:
        return None
    value, pos, approx_more, bare = number
    unit_match = _zh_unit_at(text, pos)
    if unit_match is None:
        return None
    unit, kind = unit_match
    if unit == "亿" or (bare and unit not in _BARE_MAGNITUDE_UNITS):
        return None
    suffix, pos = _zh_suffix(text, pos + len(unit), kind)
    return _Quantity(match.start(), pos, value, unit, kind, suffix, approx_more)


def _zh_prefix_comparator(text: str, clause_start: int, number_start: int) -> tuple[str, Comparator] | None:
    """The comparator word closest before the number within its clause (max 14 chars back)."""
    window_start = max(clause_start, number_start - 14)
    window = text[window_start:number_start]
    found: tuple[str, Comparator] | None = None
    for m in _ZH_PREFIX_RE.finditer(window):
        found = (m.group(0), _ZH_PREFIX_MAP[m.group(0)])
    return found


def _zh_deadline(
    text: str, sent_start: int, sent_end: int, number_start: int, plan_date: date | None, clause_end: int
) -> date | None:
    sentence = text[sent_start:sent_end]
    clause_end_rel = clause_end - sent_start
    rel_pos = number_start - sent_start
    for m in _ZH_RELATIVE_DEADLINE.finditer(sentence):
        if m.start() < rel_pos:
            n_raw = m.group("n")
            n = int(n_raw) if n_raw.isdigit() else parse_chinese(n_raw)
            if n and plan_date:
                return add_years(plan_date, n)
            return None
    best: date | None = None
    after: date | None = None
    for m in _ZH_ABSOLUTE_DEADLINE.finditer(sentence):
        year = int(m.group("y"))
        month = int(m.group("m")) if m.group("m") else None
        if m.start() < rel_pos:
            best = end_of(year, month)
        elif after is None and rel_pos < m.start() < clause_end_rel:
            after = end_of(year, month)
    if best or after:
        return best or after
    period = _ZH_PLAN_PERIOD.search(sentence)
    if period:
        return date(2025, 12, 31) if period.group(0) == "十四五" else date(2030, 12, 31)
    return None


def _zh_phrase_after(text: str, pos: int, clause_end: int) -> str:
    end = pos
    while end < clause_end and not _ZH_PHRASE_STOP.match(text, end):
        end += 1
    return text[pos:end]


def _trim_subject(phrase: str) -> str:
    phrase = phrase.strip(" 、的等")
    if "的" in phrase:
        tail = phrase.rsplit("的", 1)[1]
        if len(tail) >= 2:
            phrase = tail
    # A following year or quantity starts a new thought: 重点项目2022年完成投资.
    phrase = re.split(r"\d", phrase, maxsplit=1)[0]
    phrase = _ZH_LEADING_NOISE.sub("", phrase)
    phrase = re.sub(r"(?:占|达|为|是|约|共|总量)$", "", phrase)
    return phrase[:_ZH_SUBJECT_MAX].strip(" 、“”\"《》")


def _carries_per_year(text: str, sent_start: int, q: _Quantity) -> bool:
    markers = list(_ZH_PER_YEAR.finditer(text, sent_start, q.start))
    if not markers:
        return False
    marker_start, marker_end = _bounds(text, markers[-1].start(), _CLAUSE_BREAK)
    same_unit = re.compile(r"[\d〇零一二两三四五六七八九十百千万亿][万千百亿]?(?:余|多)?" + re.escape(q.unit))
    return bool(same_unit.search(text, marker_start, marker_end))


def _zh_subject(text: str, q: _Quantity, clause_start: int, clause_end: int, prefix_word: str | None) -> str:
    after = _zh_phrase_after(text, q.end, clause_end)
    after = after.lstrip("的")
    after_clean = re.sub(r"^(?:和|与|及|并|用于|给予|进行|等)", "", after)
    if after_clean and after_clean == after and not _ZH_VERBS.match(after_clean):
        subject = _trim_subject(after_clean)
        if subject in _ZH_GENERIC_NOUNS or subject.startswith(_ZH_GENERIC_NOUNS):
            nxt_start = min(clause_end + 1, len(text))
            nxt_end = _bounds(text, nxt_start, _CLAUSE_BREAK)[1] if nxt_start < len(text) else nxt_start
            following = _trim_subject(text[nxt_start:nxt_end])
            if following and text[clause_end:clause_end + 1] in ",，":
                return (following + subject)[: _ZH_SUBJECT_MAX + 4]
        if subject:
            return subject
    before_end = q.start
    before = text[clause_start:before_end]
    if prefix_word and before.endswith(prefix_word):
        before = before[: -len(prefix_word)]
    else:
        before = _ZH_PREFIX_RE.sub("", before)
    before = re.sub(r"(?:每年|年均|全年|力争|争取|总量|共|累计|全市|以)+$", "", before)
    verbs = list(_ZH_VERBS.finditer(before))
    if verbs and len(before) - verbs[-1].end() > 2:
        before = before[verbs[-1].end():]
    elif verbs:
        # 开展职业技能培训 / 组织招聘活动 / 完成投资: the noun alone is too short.
        if len(verbs) >= 2 and verbs[-1].end() - verbs[-2].end() <= 10:
            before = before[verbs[-2].end():]
        else:
            before = before[verbs[-1].start():]
    before = re.sub(r"\d{4}年(?:\d{1,2}月)?(?:底|前|末)?", "", before)
    # When the text names nothing countable, the unit itself is the best subject.
    return _trim_subject(before) or q.unit


def _zh_money_context(text: str, clause_start: int, pos: int) -> bool:
    return bool(re.search(r"投资|资金|产值|营收|收入|经费|补贴|奖励|融资|贷款|基金", text[clause_start:pos + 6]))


def extract_targets_zh(text: str, plan_date: date | None = None) -> list[Target]:
    """All targets of a Chinese measure text, in order of appearance."""
    spans = _protected_spans(text)
    targets: list[Target] = []
    consumed_until = -1
    for match in _ZH_NUMBER.finditer(text):
        if match.start() < consumed_until or _inside(match.start(), spans):
            continue
        before_char = text[match.start() - 1] if match.start() > 0 else ""
        if (before_char and before_char in "第前") or (before_char.isascii() and before_char.isalpha()):
            continue
        quantity = _zh_scan_quantity(text, match)
        if quantity is None and match.group("arabic"):
            # 10—20万元: the lower bound borrows unit and magnitude from the upper one.
            borrowed = _zh_bare_lower_bound(text, match)
            if borrowed is not None:
                lower, upper_q = borrowed
                targets.extend(_zh_make_targets(text, lower, upper_q, plan_date))
                consumed_until = upper_q.end
                continue
            # 200亿 without 元 is still money when the clause talks about money.
            quantity = _zh_money_without_unit(text, match)
        if quantity is None:
            continue
        if quantity.end < len(text) and text[quantity.end:quantity.end + 1].isascii() and text[quantity.end:quantity.end + 1].isalnum() and quantity.unit not in ("km",):
            continue
        range_end = _ZH_RANGE.match(text, quantity.end)
        upper: _Quantity | None = None
        if range_end:
            second = _ZH_NUMBER.match(text, range_end.end())
            if second:
                upper = _zh_scan_quantity(text, second)
            if upper is not None and upper.unit != quantity.unit:
                upper = None  # 100个至2025年: not a range
        targets.extend(_zh_make_targets(text, quantity, upper, plan_date))
        consumed_until = (upper.end if upper else quantity.end)
    return targets


def _zh_bare_lower_bound(text: str, match: re.Match[str]) -> tuple[_Quantity, _Quantity] | None:
    range_sep = _ZH_RANGE.match(text, match.end())
    if not range_sep:
        return None
    second = _ZH_NUMBER.match(text, range_sep.end())
    if not second or not second.group("arabic"):
        return None
    upper = _zh_scan_quantity(text, second)
    if upper is None:
        return None
    base = parse_arabic(second.group("arabic"))
    value = parse_arabic(match.group("arabic"))
    if not base or value is None:
        return None
    factor = upper.value / base
    lower = _Quantity(match.start(), match.end(), value * factor, upper.unit, upper.kind, None, False)
    return lower, upper


def _zh_money_without_unit(text: str, match: re.Match[str]) -> _Quantity | None:
    value = parse_arabic(match.group("arabic"))
    if value is None:
        return None
    mag = _ZH_MAG.match(text, match.end())
    if not mag or mag.group(0) not in ("亿", "万", "千万", "百万", "万亿"):
        return None
    clause_start, _ = _bounds(text, match.start(), _CLAUSE_BREAK)
    if not _zh_money_context(text, clause_start, match.start()):
        return None
    return _Quantity(match.start(), mag.end(), value * MAGNITUDES[mag.group(0)], "元", "money", None, False)


def _zh_make_targets(text: str, q: _Quantity, upper: _Quantity | None, plan_date: date | None) -> list[Target]:
    """Targets for one quantity, or two for a range (lower ``>=``, upper ``<=``)."""
    clause_start, clause_end = _bounds(text, q.start, _CLAUSE_BREAK)
    sent_start, sent_end = _bounds(text, q.start, _SENTENCE_BREAK)
    prefix = _zh_prefix_comparator(text, clause_start, q.start)
    prefix_word, prefix_cmp = prefix if prefix else (None, None)
    if not _zh_is_target(text, q, prefix_word, prefix_cmp):
        return []
    comparator: Comparator
    if q.suffix_comparator is not None:
        comparator = q.suffix_comparator
    elif q.approx_more:
        comparator = ">"
    elif prefix_cmp is not None:
        comparator = prefix_cmp
    else:
        comparator = ">="
    if q.kind == "time":
        comparator = "<="
    before_clause = text[clause_start:q.start]
    after_clause = text[q.end:clause_end]
    clause = text[clause_start:clause_end]
    per: Per | None = None
    if _ZH_PER_YEAR.search(before_clause) or _ZH_PER_YEAR.match(after_clause):
        per = "year"
    elif _carries_per_year(text, sent_start, q) and not _ZH_NOT_PER_YEAR.search(clause):
        # 每年招录2000名…,招聘2000名…: 每年 carries over to a following clause that counts
        # the same unit, unless that clause is cumulative (累计, 到2025年) or one-off (一次性).
        per = "year"
    deadline = _json_date(_zh_deadline(text, sent_start, sent_end, q.start, plan_date, clause_end))
    clause_text = text[clause_start:clause_end].strip()
    subject = _zh_subject(text, upper or q, clause_start, clause_end, prefix_word)
    if upper is not None and _zh_is_target(text, upper, None, None):
        return [
            Target(clause_text, subject, q.value, _unit_name(upper), ">=", per, deadline),
            Target(clause_text, subject, upper.value, _unit_name(upper), "<=", per, deadline),
        ]
    return [Target(clause_text, subject, q.value, _unit_name(q), comparator, per, deadline)]


def _unit_name(q: _Quantity) -> str:
    # Money is always reported in 元, whatever magnitude was written (万元, 亿元).
    return "元" if q.kind == "money" else q.unit


def _zh_is_target(text: str, q: _Quantity, prefix_word: str | None, prefix_cmp: Comparator | None) -> bool:
    if q.value <= 0:
        return False
    if q.kind in ("age", "ordinal"):
        return False
    if q.kind == "time":
        return prefix_word in _ZH_COMPRESSION
    followed_by_de = text[q.end:q.end + 1] == "的"
    if q.suffix_comparator is not None and followed_by_de and q.suffix_comparator != "=":
        return False  # 1000万元以上的项目: a qualifier of what is counted
    if q.kind in ("area", "distance"):
        if followed_by_de:
            return False  # 70平方米的住房
        if q.suffix_comparator == "<=" or prefix_cmp == "<=":
            return False  # 70平方米以下: a size limit, never a city's commitment
    return True


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
    """All targets of an English measure text, in order of appearance."""
    spans = _protected_spans(text)
    targets: list[Target] = []
    consumed_until = -1
    for match in _EN_NUMBER.finditer(text):
        if match.start() < consumed_until or _inside(match.start(), spans):
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
        targets.extend(_en_make_targets(text, match, value, upper_value, unit, kind, pos, plan_date))
    return targets


def _en_make_targets(text: str, match: re.Match[str], value: Decimal, upper_value: Decimal | None, unit: str,
                     kind: str, pos: int, plan_date: date | None) -> list[Target]:
    suffix_cmp: Comparator | None = None
    suffix_match = _EN_SUFFIX.match(text, pos)
    if suffix_match:
        suffix_cmp = ">=" if suffix_match.group(1).lower() in ("or more", "and above", "or above", "and more") else "<="
    clause_start, clause_end = _english_clause_bounds(text, match.start())
    sent_start, sent_end = _english_sentence_bounds(text, match.start())
    window = text[max(clause_start, match.start() - 30):match.start()]
    prefix = _EN_PREFIX_RE.search(window)
    prefix_word = prefix.group(1).lower() if prefix else None
    prefix_cmp = _EN_PREFIX_MAP.get(prefix_word) if prefix_word else None
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
            Target(clause_text, subject, value, unit, ">=", per, deadline),
            Target(clause_text, subject, upper_value, unit, "<=", per, deadline),
        ]
    return [Target(clause_text, subject, value, unit, comparator, per, deadline)]


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


_CJK = re.compile(r"[\u4e00-\u9fff]")


def is_chinese(text: str) -> bool:
    """True when CJK characters make up a fair share of the letters (judged on a sample)."""
    sample = text[:600]
    cjk = len(_CJK.findall(sample))
    latin = len(re.findall(r"[A-Za-z]", sample))
    return cjk > 0 and cjk * 3 >= latin * 0.5


def extract_targets(text: str, plan_date: date | None = None) -> list[Target]:
    """All targets in a measure's text; picks the Chinese or English rules by script."""
    if is_chinese(text):
        return extract_targets_zh(text, plan_date)
    return extract_targets_en(text, plan_date)
