"""Benefit clauses of a parsed plan → draft policy files.

A clause is drafted when it names a benefit (补贴, 奖励, 贷款, 租金减免, 免租期, 免费住宿…) and
either an amount (money, range, percentage of a basis, duration) or a verb that grants it to
someone (给予, 发放, 提供, 享受…).  Aggregate sums the city commits (不少于1.5亿元, 专项资金) and
benefits named only as a means (通过…政府补贴等方式) are not.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from youthcity.engines.plans import Measure, Plan, parse_text

from .amounts import Amount, find_amounts
from .conditions import Context, DraftCondition, Param, read_conditions
from .english import GRANT as _GRANT_EN
from .english import MEANS as _MEANS_EN
from .english import TRIGGER as _TRIGGER_EN
from .english import audience_en, find_amounts_en, is_english, read_conditions_en

_TRIGGER = re.compile(
    r"(?P<subsidy>补贴|补助|津贴|安家费|生活费|资助)|(?P<reward>奖励|奖补|奖金)|(?P<loan>贷款|贴息)"
    r"|(?P<rent>租金减免|减免租金|房租减免|免租期|免租|减租)|(?P<stay>免费住宿|免费入住)|(?P<relief>减免|免费|免收|优惠购买)"
)
_KIND = {"subsidy": "cash", "reward": "cash", "loan": "service", "rent": "waiver", "stay": "in_kind", "relief": "waiver"}
_KIND_EN = {"subsidy": "subsidy", "reward": "reward", "loan": "loan", "rent": "rent waiver", "stay": "free stay", "relief": "waiver"}
_GRANT = re.compile(r"给予|发放|提供|享受|可申请|可享|落实|兑现|补贴|奖励|(?:贷款|补贴)(?:政策)?(?:支持|扶持)")
_MEANS = re.compile(r"^[^，。；]{0,4}(?:等方式|等形式|资金|基金|专项|机制|体系)")
_AGGREGATE = re.compile(r"不少于|累计|总计|共计|总额|专项资金|规模达")
_EMPLOYER = r"民营企业|企业|用人单位|见习单位|见习基地|实习基地|市场主体|主体单位"
_YOUTH = r"高校毕业生|大学毕业生|大学生|毕业生|青年|人才|创业者|见习人员|学生|求职者"
_QUALIFIER = re.compile(r"视(?P<by>[\u4e00-\u9fff]{1,8}?)(?:给予|确定|而定)|(?P<q>优秀|知名|重点|符合条件的?|经认定的?|择优)")
_SENTENCE = re.compile(r"[^。；;！!？?]+[。；;！!？?]?")
_SUBCLAUSE = re.compile(r"[^，,]+[，,]?")
_SENTENCE_EN = re.compile(r"[^.;]+(?:[.;](?!\d)|$)")
_SUBCLAUSE_EN = re.compile(r"(?:[^,]|,(?=\d{3}))+,?")
_QUALIFIER_EN = re.compile(r"depending on (?:the )?(?P<by>[a-z ]{3,30}?)(?= of|,|\.|$)|(?P<q>famous|key|outstanding|eligible)\b")


@dataclass(frozen=True, slots=True)
class Why:
    """One drafted field and the words of the clause that produced it."""

    field: str
    value: str
    words: str


@dataclass(frozen=True, slots=True)
class OpenPart:
    """Something the clause does not settle: the city sets it (``to_be_set_by_city``)."""

    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class Draft:
    """A policy drafted from one benefit clause of a plan."""

    id: str
    label: str  # the measure's number as the plan writes it, e.g. （二）4
    clause: str  # the sentence(s) quoted verbatim
    own: str  # the part of the sentence that names the benefit (and its amount)
    measure_text: str
    document: str
    benefit: str  # subsidy | reward | loan | rent | stay | relief
    name: str
    audience: str  # youth | employer
    kind: str  # cash | in_kind | waiver | service
    amount: Amount | None
    period: str  # once | month | year | stay
    conditions: tuple[DraftCondition, ...]
    open_parts: tuple[OpenPart, ...]
    why: tuple[Why, ...]
    responsible_unit: str
    effective_from: str | None
    params: tuple[Param, ...] = field(default=())
    validity: tuple[str, str] | None = None  # the plan's period in its words and its last day
    yaml_text: str = ""

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready summary (the YAML itself is ``yaml_text``)."""
        amount = None
        if self.amount is not None:
            amount = {"low": _num(self.amount.low), "high": _num(self.amount.high), "unit": self.amount.unit,
                      "bound": self.amount.bound, "basis": self.amount.basis, "written": self.amount.written}
        return {
            "id": self.id, "label": self.label, "clause": self.clause, "document": self.document,
            "name": self.name, "audience": self.audience, "kind": self.kind, "benefit": self.benefit,
            "amount": amount, "period": self.period,
            "conditions": [{"id": c.id, "expression": c.expression.replace("{pid}", self.id), "words": c.words,
                            "why": c.why} for c in self.conditions],
            "to_be_set_by_city": [p.zh for p in self.open_parts],
            "why": [{"field": w.field, "value": w.value, "words": w.words} for w in self.why],
            "yaml": self.yaml_text,
        }


def _num(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True, slots=True)
class Found:
    """A benefit clause found in a measure: where, what, and the words around it."""

    sentence: str
    own: str  # the sub-clause with the benefit (and its amount)
    before: str  # the sentence up to the sub-clause
    earlier: str  # earlier sentences of the measure
    benefit: str
    noun: str
    amount: Amount | None


def _find(text: str) -> list[Amount]:
    return find_amounts_en(text) if is_english(text) else find_amounts(text)


def _amount_of(text: str) -> Amount | None:
    """The amount of a benefit sub-clause, or None; aggregate sums are not benefits."""
    for amount in _find(text):
        before = text[max(0, amount.start - 6):amount.start]
        after = text[amount.end:amount.end + 12]
        if amount.kind == "money" and (_AGGREGATE.search(before) or re.search(r"no less than|at least|total", amount.written)
                                       or re.match(r"\s*(?:by|before|in) 20\d\d|[^，。；]{0,3}20\d\d年", after) or (amount.high or amount.low or 0) >= 10**8):
            continue
        if amount.kind == "duration" and re.match(r"[内以]", text[amount.end:amount.end + 1] or "x") is None and \
                re.search(r"(?:新|建|筹|完成)", text[amount.end:amount.end + 3]):
            continue
        return amount
    return None


def _benefit_in(own: str) -> tuple[str, str, int] | None:
    """The benefit noun of a sub-clause (the most specific one), its kind and offset."""
    best: tuple[str, str, int] | None = None
    english = is_english(own)
    for m in (_TRIGGER_EN if english else _TRIGGER).finditer(own):
        kind = m.lastgroup or "relief"
        if (_MEANS_EN if english else _MEANS).match(own[m.end():]):
            continue
        if best is None or (best[0] == "relief" and kind != "relief"):
            best = (kind, m.group(0), m.start())
    return best


def find_benefit_clauses(measure_text: str) -> list[Found]:
    """Every benefit clause of one measure's text, in order."""
    found: list[Found] = []
    english = is_english(measure_text)
    sentence_re, part_re = (_SENTENCE_EN, _SUBCLAUSE_EN) if english else (_SENTENCE, _SUBCLAUSE)
    sentences = [s.group(0) for s in sentence_re.finditer(measure_text) if s.group(0).strip()]
    for si, sentence in enumerate(sentences):
        parts = [p.group(0) for p in part_re.finditer(sentence)]
        pending: tuple[int, tuple[str, str, int]] | None = None
        for pi, part in enumerate(parts):
            benefit = _benefit_in(part)
            amount = _amount_of(part)
            if any(a.kind == "money" for a in _find(part)) and (amount is None or amount.kind != "money"):
                continue  # 累计发放贷款不少于1.5亿元: a sum the city commits, not a benefit
            if benefit is None and amount is not None and pending is not None and re.search(r"每人|每户|每月|最高|每家|一次性", part):
                # 发放租房补贴，每人每月最高800元: the amount belongs to the benefit before it.
                found[-1] = Found(found[-1].sentence, found[-1].own + part, found[-1].before, found[-1].earlier,
                                  found[-1].benefit, found[-1].noun, amount)
                pending = None
                continue
            if benefit is None:
                continue
            kind, noun, _ = benefit
            if english:
                granted = _GRANT_EN.search(part) is not None
                if amount is None and (kind in ("relief", "rent", "stay") or not granted or re.search(r"and other", part)):
                    continue
            else:
                granted = _GRANT.search(part[: benefit[2]] + noun) is not None or bool(
                    re.search(r"(?:贷款|补贴)(?:政策)?(?:支持|扶持)", part))
                if amount is None and (kind in ("relief", "rent", "stay") or not granted):
                    continue
                if amount is None and kind != "loan" and not re.search(r"给予|发放|享受|可申请|落实|兑现", part):
                    continue
            found.append(Found(sentence, part, "".join(parts[:pi]), "".join(sentences[:si]), kind, noun, amount))
            pending = (pi, benefit) if amount is None else None
    # 发放租房补贴。对……每人每月给予800元租房补贴: a heading that names the benefit the measure
    # then states with its amount is the same benefit, not another.
    return [f for f in found if f.amount is not None or not any(
        g.amount is not None and g.benefit == f.benefit and (f.noun in g.own or g.noun in f.own) for g in found)]


def _audience(text: str) -> tuple[str, str]:
    """youth or employer, and the words that say so: an employer the clause supports (支持/鼓励/
    对/给予 + 企业…) before any young person it names."""
    if is_english(text):
        return audience_en(text)
    emp = re.search(rf"(?:支持|鼓励|(?<![针相])对(?![接标照])|给予|奖励|引导)[^，。；]{{0,6}}?(?P<w>{_EMPLOYER})", text)
    youth = re.search(_YOUTH, text)
    if emp and (youth is None or emp.start("w") < youth.start()):
        return "employer", emp.group(0)
    return "youth", youth.group(0) if youth else ""


def _noun_phrase(own: str, noun: str, amount: Amount | None) -> str:
    """The benefit's name as written: 生活补贴, 一次性面试(路费)补贴, 租金减免, 免租期."""
    end = own.find(noun) + len(noun)
    start = amount.end if amount is not None and amount.end <= own.find(noun) else 0
    head = own[start:end]
    cut = list(re.finditer(r"给予|发放|提供|享受|可申请|可享受|并|的|，|,|、|为", head))
    phrase = head[cut[-1].end():] if cut else head
    phrase = re.sub(r"^(?:一定|相应|适当)(?:的)?", "", phrase.strip())
    return phrase if 2 <= len(phrase) <= 14 else noun


def _period(found: Found) -> tuple[str, str]:
    own = found.own
    if found.benefit == "stay":
        return "stay", "住宿按每次入住计"
    if re.search(r"每月|按月|月最低工资|最低工资|per month|monthly|minimum wage", own, re.IGNORECASE):
        return "month", "“每月/最低工资标准”按月计"
    if re.search(r"每年|按年|年度", own):
        return "year", "“每年”按年计"
    return "once", "未写周期，按一次性计"


def _open_parts(found: Found, amount: Amount | None, known_params: Collection[str]) -> list[OpenPart]:
    parts: list[OpenPart] = []
    if amount is None:
        parts.append(OpenPart("金额或期限（条文未写明具体数额）", "the amount or duration (the clause names no figure)"))
    text = found.before + found.own
    for m in (_QUALIFIER_EN if is_english(text) else _QUALIFIER).finditer(text):
        if m.group("by"):
            parts.append(OpenPart(f"按“{m.group('by')}”确定具体金额的办法", f"how the amount follows '{m.group('by')}'"))
        else:
            parts.append(OpenPart(f"“{m.group('q')}”的认定标准", f"what counts as '{m.group('q')}'"))
    if amount is not None and amount.kind == "percent" and not (
        amount.basis and "最低工资" in amount.basis and "minimum_wage.monthly" in known_params
    ):
        parts.append(OpenPart(f"比例所依据的“{amount.basis or '基数'}”数额", f"the figure the percentage is of ({amount.basis or 'basis'})"))
    parts.append(OpenPart("申请方式和所需材料（条文未写明）", "how to apply and the documents (not in the clause)"))
    return parts


def _amount_params(amount: Amount | None, found: Found, known: Collection[str]) -> tuple[str, str | None, tuple[Param, ...], str]:
    """Amount expression, range top, declared parameters, unit."""
    if amount is None:
        unit = "CNY" if found.benefit in ("subsidy", "reward", "loan") else "months"
        return "param.{pid}.amount", None, (Param("amount", "number", None, unit, "金额（条文未写明，待市里确定）",
                                                  "Amount (not in the clause; to be set by the city)"),), unit
    ptype = "number" if amount.kind != "duration" else "int"
    if amount.kind == "percent":
        share = (amount.low if amount.low is not None else amount.high) or Decimal(0)
        basis = "param.minimum_wage.monthly" if (amount.basis and "最低工资" in amount.basis and "minimum_wage.monthly" in known) \
            else "param.{pid}.basis"
        params = [Param("share", "number", (share / 100).normalize(), None, f"占“{amount.basis or '基数'}”的比例", "Share of the basis")]
        if basis.endswith(".basis"):
            params.append(Param("basis", "number", None, "CNY", f"“{amount.basis or '基数'}”数额（待市里确定）", "The basis figure (to be set)"))
        return f"param.{{pid}}.share * {basis}", None, tuple(params), "CNY"
    if amount.bound == "range":
        return "param.{pid}.min", "param.{pid}.max", (
            Param("min", ptype, amount.low, amount.unit, "下限", "Lower bound"),
            Param("max", ptype, amount.high, amount.unit, "上限", "Upper bound"),
        ), amount.unit
    if amount.bound == "max":
        return "param.{pid}.max_amount", None, (Param("max_amount", ptype, amount.high, amount.unit, "上限（“最高/最长/以内”）", "Upper bound"),), amount.unit
    value = amount.low
    return "param.{pid}.amount", None, (Param("amount", ptype, value, amount.unit,
                                              "下限（“不低于”）" if amount.bound == "min" else "标准", "Amount"),), amount.unit


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def draft_measure(
    measure: Measure,
    *,
    label: str,
    document: str,
    id_prefix: str,
    plan_date: str | None = None,
    known_params: Collection[str] = (),
    validity: tuple[str, str] | None = None,
) -> list[Draft]:
    """Drafts for every benefit clause of one measure (``validity``: the plan's period, its words
    and last day, when the plan names one)."""
    from .emit import render_yaml

    drafts: list[Draft] = []
    for n, found in enumerate(find_benefit_clauses(measure.text), start=1):
        context = found.before + found.own
        quoted = found.sentence.strip()
        audience, audience_words = _audience(context)
        if not audience_words:
            # 吸引优秀大学生来洛实习(见习)。见习期内给予……生活补贴: whom the sentence means is
            # named in the nearest earlier sentence that names anyone.
            sentence_re = _SENTENCE_EN if is_english(found.earlier) else _SENTENCE
            for earlier in reversed([s.group(0) for s in sentence_re.finditer(found.earlier)]):
                if _audience(earlier)[1]:
                    context = earlier + context
                    quoted = earlier.strip() + quoted
                    audience, audience_words = _audience(context)
                    break
        reader = read_conditions_en if is_english(context) else read_conditions
        conditions = reader(Context(context, found.own, audience, known_params))
        amount = found.amount
        expr, top, params, unit = _amount_params(amount, found, known_params)
        period, period_why = _period(found)
        pid = f"{id_prefix}_{n}_{found.benefit}" if len(id_prefix) else f"draft_{n}_{found.benefit}"
        name = _noun_phrase(found.own, found.noun, amount)
        why = [
            Why("kind", _KIND[found.benefit], found.noun),
            Why("audience", audience, audience_words or "（条文未点名，按个人）"),
            Why("amount", "待市里确定" if amount is None else amount.note, amount.written if amount else "—"),
            Why("amount.period", period, period_why),
            *(Why(f"eligibility.{c.id}", c.expression.replace("{pid}", pid), c.why) for c in conditions),
        ]
        draft = Draft(
            id=pid, label=label, clause=quoted, own=found.own,
            measure_text=measure.text, document=document, benefit=found.benefit, name=name, audience=audience,
            kind=_KIND[found.benefit], amount=amount, period=period, conditions=tuple(conditions),
            open_parts=tuple(_open_parts(found, amount, known_params)), why=tuple(why),
            responsible_unit="、".join(measure.responsible_units) or "待市里确定",
            effective_from=plan_date, params=params, validity=validity,
        )
        drafts.append(_with_yaml(draft, expr, top, unit, render_yaml))
    return drafts


def _with_yaml(draft: Draft, expr: str, top: str | None, unit: str, render) -> Draft:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(draft, yaml_text=render(draft, expr, top, unit))


_CN = "一二三四五六七八九十"


def _project_label(index: int, title: str | None) -> str:
    return f"（{_CN[index]}）" if index < len(_CN) else (title or f"({index + 1})")


def draft_plan(plan: Plan | str, *, known_params: Collection[str] = (), plan_tag: str = "") -> list[Draft]:
    """Drafts for every benefit clause of a plan (a parsed `Plan` or its raw text).

    ``known_params`` are the parameters the target city pack declares (``city.code``,
    ``youth.max_age``, ``minimum_wage.monthly``): a draft reads them instead of declaring open ones.
    Ids are ``draft_<plan_tag>_<project>_<measure>_<n>_<benefit>``: unique within the plan.
    """
    if isinstance(plan, str):
        plan = parse_text(plan)
    document = f"《{plan.title}》" if plan.title else "（未命名方案）"
    prefix = "draft" + (f"_{_slug(plan_tag)}" if plan_tag else "")
    validity = None
    if plan.period is not None and (plan.date is None or plan.date <= plan.period.end):
        validity = (plan.period.text or f"{plan.period.start}—{plan.period.end}", plan.period.end)
    drafts: list[Draft] = []
    for pi, project in enumerate(plan.projects):
        for mi, measure in enumerate(project.measures):
            label = f"{_project_label(pi, project.title)}{measure.number}" if measure.number else (
                project.title or _project_label(pi, None))
            drafts += draft_measure(
                measure, label=label, document=document, id_prefix=f"{prefix}_p{pi + 1}_m{mi + 1}",
                plan_date=plan.date, known_params=known_params, validity=validity,
            )
    return drafts
