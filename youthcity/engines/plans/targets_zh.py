"""Chinese targets: numbers with units of count, money, percentage, area, distance or
person-times in a measure's text (rules in ``docs/plan-format.md`` §3)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Final

from .benefits import zh_benefit
from .clauses import (
    CLAUSE_BREAK,
    SENTENCE_BREAK,
    Quantity,
    add_years,
    bounds,
    end_of,
    inside,
    json_date,
    protected_spans,
)
from .coverage import find_coverage, ratio_scope
from .model import Benefit, Comparator, Per, Target, TargetKind
from .numerals import MAGNITUDES, parse_arabic, parse_chinese

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
    "届": "count", "级": "ordinal", "期": "ordinal", "星": "ordinal", "倍": "ordinal",
    "号": "ordinal", "层": "ordinal", "楼": "ordinal",
    "人次": "count", "场次": "count", "万人次": "count", "门次": "count", "班次": "count", "批次": "count",
    "课时": "count", "学时": "count",
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
    r"新筹建|筹建|改扩建|扩建|改建|新建|建设|建成|打造|发布|培育|引进|引育|招聘|招录|吸引|提供|设立|开展|举办|组织|培训|完成|实现|"
    r"新增|增加|扶持|支持|发放|建立|开发|储备|认定|选派|推出|改造|扩大|开设|配建|吸纳|帮助|资助|奖励|培养|"
    r"覆盖|服务|带动|解决|达到|达|累计|共|投用|投入|落地|推动|筹集|提升|招引|创建|评选|举行|安排|给予|惠及"
)
_ZH_LEADING_NOISE = re.compile(
    r"^(?:一次性|各类|各种|各级|一批|一定数量的|等|共|累计|全市|全区|全县|总计|每年|全年|其中|面向|以|的|了|及|和|或|为|对|并)+"
)
_ZH_GENERIC_NOUNS = ("比例", "比重", "份额", "标准", "规模")
_ZH_PHRASE_STOP = re.compile(r"[，,。；;：:！!？?（(）)\n]")
_ZH_SUBJECT_MAX = 20
_QUOTED = re.compile(r"“[^“”]*”|《[^《》]*》")


def _zh_unit_at(text: str, pos: int) -> tuple[str, str] | None:
    match = _ZH_UNIT_RE.match(text, pos)
    if not match:
        return None
    if _ZH_NOT_UNIT.match(text, pos) and match.group(0) not in ("人次",):
        return None
    unit = match.group(0)
    return unit, _ZH_UNITS[unit]


def _zh_percent_words(match: re.Match[str]) -> Quantity | None:
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
    return Quantity(match.start(), match.end(), value, "%", "percent", None, False)


def _zh_number_value(
    text: str, match: re.Match[str], allow_small: bool = False
) -> tuple[Decimal, int, bool, bool] | None:
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
        if not has_mag and cn_value < 3 and not allow_small:
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


def _zh_scan_quantity(text: str, match: re.Match[str], allow_small: bool = False) -> Quantity | None:
    """Read number, magnitude, 余/多, unit and comparator suffix starting at ``match``.

    ``allow_small`` reads 一/两 as numbers (每个社区配备一名…), not as idioms (一批).
    """
    if match.group("pct"):
        return _zh_percent_words(match)
    number = _zh_number_value(text, match, allow_small)
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
    return Quantity(match.start(), pos, value, unit, kind, suffix, approx_more)


def _zh_prefix_comparator(text: str, clause_start: int, number_start: int) -> tuple[str, Comparator] | None:
    """The comparator word closest before the number within its clause (max 14 chars back)."""
    window_start = max(clause_start, number_start - 14)
    window = text[window_start:number_start]
    found: tuple[str, Comparator] | None = None
    for m in _ZH_PREFIX_RE.finditer(window):
        found = (m.group(0), _ZH_PREFIX_MAP[m.group(0)])
    return found


_ZH_THIS_YEAR = re.compile(r"(?<![\d一二两三四五六七八九十])年内|年底前|本年度|今年底|今年年底")


def _zh_deadline(
    text: str, sent_start: int, sent_end: int, number_start: int, plan_date: date | None, clause_end: int,
    year: int | None = None,
) -> date | None:
    found = _zh_dated(text, sent_start, sent_end, number_start, plan_date, clause_end, year)
    if found is None and year is not None and _ZH_THIS_YEAR.search(text, sent_start, number_start):
        return end_of(year)  # 年内建成…: the end of the plan's own year
    return found


def _zh_dated(
    text: str, sent_start: int, sent_end: int, number_start: int, plan_date: date | None, clause_end: int,
    year: int | None = None,
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
            if n and year is not None:
                return end_of(year + n - 1)  # 三年内 in an undated 2024—2026 plan: by the end of 2026
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
        head, tail = phrase.rsplit("的", 1)
        if tail in _ZH_GENERIC_NOUNS and head:
            # 面向新就业大学生、青年人的比例: a bare 比例 says nothing; keep whose share it is.
            phrase = _ZH_LEADING_NOISE.sub("", head)[-12:] + tail
        elif len(tail) >= 2:
            phrase = tail
    # A following year or quantity starts a new thought: 重点项目2022年完成投资.
    phrase = re.split(r"\d", phrase, maxsplit=1)[0]
    phrase = _ZH_LEADING_NOISE.sub("", phrase)
    phrase = re.sub(r"(?:稳定在|保持在|控制在|提高到|提高至|达到|占|达|为|是|约|共|总量)$", "", phrase)
    phrase = re.sub(r"[“”\"「」『』]", "", phrase)
    return phrase[:_ZH_SUBJECT_MAX].strip(" 、《》")


def _carries_per_year(text: str, sent_start: int, q: Quantity) -> bool:
    markers = list(_ZH_PER_YEAR.finditer(text, sent_start, q.start))
    if not markers:
        return False
    marker_start, marker_end = bounds(text, markers[-1].start(), CLAUSE_BREAK)
    same_unit = re.compile(r"[\d〇零一二两三四五六七八九十百千万亿][万千百亿]?(?:余|多)?" + re.escape(q.unit))
    return bool(same_unit.search(text, marker_start, marker_end))


def _zh_subject(
    text: str, q: Quantity, clause_start: int, clause_end: int, prefix_word: str | None, after_previous: int = 0
) -> str:
    """What is counted: the noun phrase after the quantity, else the one before it (after the
    last verb, and after the previous quantity of the clause: 体育公园15个、健身步道200公里)."""
    after = _zh_phrase_after(text, q.end, clause_end)
    after = after.lstrip("的")
    after_clean = re.sub(r"^(?:和|与|及|并|用于|给予|进行|等)", "", after)
    listed = after.startswith(("、", "和", "及", "与"))
    if after_clean and after_clean == after and not listed and not _ZH_VERBS.match(after_clean):
        subject = _trim_subject(after_clean)
        if subject in _ZH_GENERIC_NOUNS or subject.startswith(_ZH_GENERIC_NOUNS):
            nxt_start = min(clause_end + 1, len(text))
            nxt_end = bounds(text, nxt_start, CLAUSE_BREAK)[1] if nxt_start < len(text) else nxt_start
            following = _trim_subject(text[nxt_start:nxt_end])
            if following and text[clause_end:clause_end + 1] in ",，":
                return (following + subject)[: _ZH_SUBJECT_MAX + 4]
        if subject:
            return subject
    before = text[max(clause_start, after_previous):q.start].lstrip("、和及与")
    if prefix_word and before.endswith(prefix_word):
        before = before[: -len(prefix_word)]
    else:
        before = _ZH_PREFIX_RE.sub("", before)
    before = re.sub(r"(?:每年|年均|全年|力争|争取|总量|共|累计|全市|以)+$", "", before)
    before = re.sub(r"[（(][^（()）]{0,6}[)）]", "", before)  # 招录（聘）: an aside, not the subject
    # Verbs inside quotes are names (“民营企业招聘周”), not the action of the clause.
    masked = _QUOTED.sub(lambda m: "□" * len(m.group(0)), before)
    verbs = list(_ZH_VERBS.finditer(masked))
    if verbs and len(before) - verbs[-1].end() > 2:
        before = before[verbs[-1].end():]
    elif verbs and len(verbs) == 1 and verbs[-1].start() >= 4:
        # 机关事业单位面向高校毕业生招录不少于1200名: the noun stands before the only verb.
        before = before[: verbs[-1].start()]
    elif verbs:
        # 开展职业技能培训 / 组织招聘活动 / 完成投资: the noun alone is too short.
        if len(verbs) >= 2 and verbs[-1].end() - verbs[-2].end() <= 10:
            before = before[verbs[-2].end():]
        else:
            before = before[verbs[-1].start():]
    before = re.sub(r"\d{4}年(?:\d{1,2}月)?(?:底|前|末)?", "", before)
    subject = _trim_subject(before)
    if not subject and clause_start > 0 and text[clause_start - 1] in ",，":
        # 每季度举办青年联谊活动，全年不少于4场: what is counted was named in the clause before.
        previous_start = bounds(text, clause_start - 1, CLAUSE_BREAK)[0]
        verbs_before = list(_ZH_VERBS.finditer(text, previous_start, clause_start - 1))
        if verbs_before:
            subject = _trim_subject(text[verbs_before[-1].end():clause_start - 1])
    # When the text names nothing countable, the unit itself is the best subject.
    return subject or q.unit


def _zh_money_context(text: str, clause_start: int, pos: int) -> bool:
    return bool(re.search(r"投资|资金|产值|营收|收入|经费|补贴|奖励|融资|贷款|基金", text[clause_start:pos + 6]))


def extract_targets_zh(text: str, plan_date: date | None = None, year: int | None = None) -> list[Target]:
    """All targets of a Chinese measure text, in order of appearance (benefit clauses left out)."""
    return extract_commitments_zh(text, plan_date, year)[0]


def extract_commitments_zh(
    text: str, plan_date: date | None = None, year: int | None = None
) -> tuple[list[Target], list[Benefit]]:
    """Targets and benefit clauses of a Chinese measure text, each in order of appearance.

    ``year`` is the plan's own year, for 年内/年底前 deadlines.
    """
    reader = _ZhReader(text, plan_date, year)
    reader.read_quantities()
    reader.read_coverage()
    reader.targets.sort(key=lambda pair: pair[0])
    return [t for _, t in reader.targets], reader.benefits


class _ZhReader:
    """One pass over a measure's text: quantities (targets or benefits), then coverage."""

    def __init__(self, text: str, plan_date: date | None, year: int | None) -> None:
        self.text = text
        self.plan_date = plan_date
        self.year = year
        self.spans = protected_spans(text)
        self.targets: list[tuple[int, Target]] = []
        self.benefits: list[Benefit] = []
        self.last_end = 0  # where the previous quantity ended

    def read_quantities(self) -> None:
        text = self.text
        consumed_until = -1
        for match in _ZH_NUMBER.finditer(text):
            if match.start() < consumed_until or inside(match.start(), self.spans):
                continue
            before_char = text[match.start() - 1] if match.start() > 0 else ""
            if (before_char and before_char in "第前") or (before_char.isascii() and before_char.isalpha()):
                continue
            found = self._quantity(match)
            if found is None:
                continue
            quantity, upper = found
            if upper is None and _glued_to_latin(text, quantity):
                continue
            self._commit(quantity, upper)
            consumed_until = upper.end if upper else quantity.end
            self.last_end = consumed_until

    def _quantity(self, match: re.Match[str]) -> tuple[Quantity, Quantity | None] | None:
        text = self.text
        quantity = _zh_scan_quantity(text, match)
        if quantity is None and match.group("cn") and ratio_scope(text, match.start()) is not None:
            quantity = _zh_scan_quantity(text, match, allow_small=True)  # 每个社区配备一名
        if quantity is None and match.group("arabic"):
            # 10—20万元: the lower bound borrows unit and magnitude from the upper one.
            borrowed = _zh_bare_lower_bound(text, match)
            if borrowed is not None:
                return borrowed
            # 200亿 without 元 is still money when the clause talks about money.
            quantity = _zh_money_without_unit(text, match)
        if quantity is None:
            return None
        range_end = _ZH_RANGE.match(text, quantity.end)
        upper: Quantity | None = None
        if range_end:
            second = _ZH_NUMBER.match(text, range_end.end())
            if second:
                upper = _zh_scan_quantity(text, second)
            if upper is not None and upper.unit != quantity.unit:
                upper = None  # 100个至2025年: not a range
        return quantity, upper

    def _commit(self, q: Quantity, upper: Quantity | None) -> None:
        """A target (two for a range), a benefit clause, or nothing (a qualifier)."""
        text = self.text
        clause_start, clause_end = bounds(text, q.start, CLAUSE_BREAK)
        prefix = _zh_prefix_comparator(text, clause_start, q.start)
        prefix_word, prefix_cmp = prefix if prefix else (None, None)
        last = upper or q
        written = text[q.start:last.end]
        benefit = zh_benefit(text, clause_start, clause_end, q.start, last.end, q.kind)
        if benefit is not None:
            comparator = q.suffix_comparator or prefix_cmp
            low, high = _benefit_bounds(q.value, upper.value if upper else None, comparator)
            self.benefits.append(Benefit(
                benefit.kind, text[clause_start:clause_end].strip(), _unit_name(last), low, high,
                benefit.basis, None, written,
            ))
            return
        for target in _zh_make_targets(self, q, upper, clause_start, clause_end, prefix_word, prefix_cmp):
            self.targets.append((q.start, target))

    def read_coverage(self) -> None:
        """实现…全覆盖 / 覆盖所有… / …均建有…: 100 % of a scope."""
        for found in find_coverage(self.text, self.spans):
            sent_start, sent_end = bounds(self.text, found.start, SENTENCE_BREAK)
            _, clause_end = bounds(self.text, found.start, CLAUSE_BREAK)
            subject = found.subject or self._subject_before(found.start)
            deadline = json_date(
                _zh_deadline(self.text, sent_start, sent_end, found.start, self.plan_date, clause_end, self.year)
            )
            self.targets.append((found.start, Target(
                found.clause, f"{found.scope}{subject}覆盖率", Decimal(100), "%", ">=", None, deadline,
                "coverage", found.scope, found.written,
            )))

    def _subject_before(self, pos: int) -> str:
        """建成“青年之家”20个,实现乡镇全覆盖: the thing covered is the last one counted."""
        earlier = [t for start, t in self.targets if start < pos and t.kind == "quantity"]
        if earlier:
            return earlier[-1].subject
        quoted = [m for m in re.finditer(r"“([^“”]{2,20})”", self.text[:pos])]
        return quoted[-1].group(1) if quoted else ""


def _glued_to_latin(text: str, q: Quantity) -> bool:
    """5G, 4A级: a number glued to Latin letters is a name, not a quantity."""
    following = text[q.end:q.end + 1]
    return bool(following) and following.isascii() and following.isalnum() and q.unit not in ("km",)


def _benefit_bounds(
    value: Decimal, upper: Decimal | None, comparator: Comparator | None
) -> tuple[Decimal | None, Decimal | None]:
    if upper is not None:
        return value, upper
    if comparator in (">=", ">"):
        return value, None
    if comparator == "<=":
        return None, value
    return value, value


def _zh_bare_lower_bound(text: str, match: re.Match[str]) -> tuple[Quantity, Quantity] | None:
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
    lower = Quantity(match.start(), match.end(), value * factor, upper.unit, upper.kind, None, False)
    return lower, upper


def _zh_money_without_unit(text: str, match: re.Match[str]) -> Quantity | None:
    value = parse_arabic(match.group("arabic"))
    if value is None:
        return None
    mag = _ZH_MAG.match(text, match.end())
    if not mag or mag.group(0) not in ("亿", "万", "千万", "百万", "万亿"):
        return None
    clause_start, _ = bounds(text, match.start(), CLAUSE_BREAK)
    if not _zh_money_context(text, clause_start, match.start()):
        return None
    return Quantity(match.start(), mag.end(), value * MAGNITUDES[mag.group(0)], "元", "money", None, False)


def _zh_make_targets(
    reader: _ZhReader, q: Quantity, upper: Quantity | None, clause_start: int, clause_end: int,
    prefix_word: str | None, prefix_cmp: Comparator | None,
) -> list[Target]:
    """Targets for one quantity, or two for a range (lower ``>=``, upper ``<=``)."""
    text = reader.text
    if not _zh_is_target(text, q, prefix_word, prefix_cmp):
        return []
    sent_start, sent_end = bounds(text, q.start, SENTENCE_BREAK)
    comparator: Comparator
    if q.kind == "time":
        comparator = "<="
    elif q.suffix_comparator is not None:
        comparator = q.suffix_comparator
    elif q.approx_more:
        comparator = ">"
    else:
        comparator = prefix_cmp or ">="
    per = _zh_per(text, q, clause_start, clause_end, sent_start)
    deadline = json_date(_zh_deadline(text, sent_start, sent_end, q.start, reader.plan_date, clause_end, reader.year))
    clause_text = text[clause_start:clause_end].strip()
    subject = _zh_subject(text, upper or q, clause_start, clause_end, prefix_word, reader.last_end)
    ratio = ratio_scope(text, q.start, clause_start)
    scope = ratio[1] if ratio else None
    kind: TargetKind = "quantity"
    if ratio is not None:
        kind, subject = "ratio", f"{ratio[0]}{subject}"
    elif q.unit == "%" and q.value == 100 and "覆盖" in clause_text:
        kind = "coverage"
    written = text[q.start:(upper or q).end]
    if upper is not None and _zh_is_target(text, upper, None, None):
        unit = _unit_name(upper)
        return [
            Target(clause_text, subject, q.value, unit, ">=", per, deadline, kind, scope, written),
            Target(clause_text, subject, upper.value, unit, "<=", per, deadline, kind, scope, written),
        ]
    return [Target(clause_text, subject, q.value, _unit_name(q), comparator, per, deadline, kind, scope,
                   text[q.start:q.end])]


def _zh_per(text: str, q: Quantity, clause_start: int, clause_end: int, sent_start: int) -> Per | None:
    if _ZH_PER_YEAR.search(text[clause_start:q.start]) or _ZH_PER_YEAR.match(text[q.end:clause_end]):
        return "year"
    if _carries_per_year(text, sent_start, q) and not _ZH_NOT_PER_YEAR.search(text[clause_start:clause_end]):
        # 每年招录2000名…,招聘2000名…: 每年 carries over to a following clause that counts
        # the same unit, unless that clause is cumulative (累计, 到2025年) or one-off (一次性).
        return "year"
    return None


def _unit_name(q: Quantity) -> str:
    # Money is always reported in 元, whatever magnitude was written (万元, 亿元).
    return "元" if q.kind == "money" else q.unit


def _zh_is_target(text: str, q: Quantity, prefix_word: str | None, prefix_cmp: Comparator | None) -> bool:
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
