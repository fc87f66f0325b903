"""The English counterparts of the Chinese readers, for translated plans (seed 000): amounts
(``100,000 yuan to 200,000 yuan``, ``no less than 80% of the local minimum wage``, ``up to 3
years``, ``one to three months``, ``15 days or less``), benefit nouns and the common conditions.
Fewer phrasings than the Chinese readers: a translation is read to give the coordinator a start."""

from __future__ import annotations

import re
from decimal import Decimal

from .amounts import Amount
from .conditions import GRADUATE_LEVELS, Context, DraftCondition, Param

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30}
_N = r"(?:\d[\d,]*(?:\.\d+)?|" + "|".join(_WORDS) + ")"
_MONEY = re.compile(rf"(?P<pre>up to|no more than|at most|no less than|at least)?\s*(?P<a>{_N})\s*(?:yuan\s*)?"
                    rf"(?:(?:to|-|–)\s*(?P<b>{_N})\s*)?(?P<mag>thousand|million)?\s*yuan", re.IGNORECASE)
_PERCENT = re.compile(rf"(?P<pre>no less than|at least|up to)?\s*(?P<a>{_N})\s*%\s+of\s+(?:the\s+)?"
                      r"(?P<basis>[a-z ]{0,30}?(?:minimum wage|wage|rent|salary))", re.IGNORECASE)
_TIME = re.compile(rf"(?P<pre>up to|no more than|at most|a maximum of)?\s*(?P<a>{_N})\s*(?:(?:to|-|–)\s*(?P<b>{_N})\s*)?"
                   r"(?P<unit>years?|months?|days?|nights?)(?P<post>\s+or\s+(?:less|fewer)|\s+at most)?", re.IGNORECASE)
TRIGGER = re.compile(
    r"(?P<subsidy>subsid\w*|allowances?|grants?)|(?P<reward>rewards?|bonus\w*)|(?P<loan>loans?)"
    r"|(?P<rent>rent[- ]free(?: period)?|rent reduction(?: and exemption)?|rent waiver|rent exemption)"
    r"|(?P<stay>free accommodation|free stay)",
    re.IGNORECASE,
)
GRANT = re.compile(r"\b(?:give\w*|grant\w*|provid\w*|issu\w*|enjoy\w*|offer\w*|support)\b", re.IGNORECASE)
MEANS = re.compile(r"^\W*(?:and other (?:ways|means)|funds?|pools?|policies)", re.IGNORECASE)
EMPLOYER = re.compile(r"\b(?:support|encourage|reward)\w*\b[^.;]{0,60}?\b(?:enterprises?|employers?|companies)\b",
                      re.IGNORECASE)
YOUTH = re.compile(r"\b(?:college|university) (?:students?|graduates?)|\bgraduates?\b|\byoung\b|\byouth\b(?! station)"
                   r"|\bstudents?\b|\bentrepreneurs?\b", re.IGNORECASE)


def is_english(text: str) -> bool:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return cjk < max(3, len(text) // 20)


def _num(text: str) -> Decimal | None:
    t = text.lower().replace(",", "")
    if t in _WORDS:
        return Decimal(_WORDS[t])
    try:
        return Decimal(t)
    except ArithmeticError:
        return None


def _bound(pre: str, post: str = "") -> str:
    pre = pre.lower()
    if pre in ("up to", "no more than", "at most", "a maximum of") or post.strip():
        return "max"
    if pre in ("no less than", "at least"):
        return "min"
    return "exact"


def find_amounts_en(text: str) -> list[Amount]:
    """Money, percentages of a basis and durations in an English clause."""
    out: list[Amount] = []
    for m in _MONEY.finditer(text):
        a, b = _num(m.group("a")), _num(m.group("b")) if m.group("b") else None
        if a is None:
            continue
        factor = {"thousand": 1000, "million": 1_000_000}.get((m.group("mag") or "").lower(), 1)
        lo, hi = a * factor, (b * factor if b is not None else a * factor)
        bound = "range" if b is not None else _bound(m.group("pre") or "")
        out.append(Amount("money", "CNY", None if bound == "max" else lo, None if bound == "min" else hi, bound,  # type: ignore[arg-type]
                          m.group(0).strip(), m.start(), m.end(), None, f"“{m.group(0).strip()}”"))
    for m in _PERCENT.finditer(text):
        a = _num(m.group("a"))
        if a is None:
            continue
        bound = _bound(m.group("pre") or "")
        basis = m.group("basis").strip()
        out.append(Amount("percent", "percent", a if bound != "max" else None, a if bound != "min" else None, bound,  # type: ignore[arg-type]
                          m.group(0).strip(), m.start(), m.end(), "最低工资标准" if "minimum wage" in basis else basis,
                          f"“{m.group(0).strip()}”"))
    for m in _TIME.finditer(text):
        a, b = _num(m.group("a")), _num(m.group("b")) if m.group("b") else None
        if a is None or (a >= 1900 and "year" in m.group("unit").lower()):
            continue
        unit_word = m.group("unit").lower().rstrip("s")
        unit, factor = {"year": ("months", 12), "month": ("months", 1), "day": ("days", 1), "night": ("nights", 1)}[unit_word]
        bound = "range" if b is not None else _bound(m.group("pre") or "", m.group("post") or "")
        lo = a * factor
        hi = (b if b is not None else a) * factor
        out.append(Amount("duration", unit, None if bound == "max" else lo, None if bound == "min" else hi, bound,  # type: ignore[arg-type]
                          m.group(0).strip(), m.start(), m.end(), None,
                          f"“{m.group(0).strip()}”" + ("（1年按12个月计）" if unit_word == "year" else "")))
    return sorted(out, key=lambda x: x.start)


def audience_en(text: str) -> tuple[str, str]:
    emp = EMPLOYER.search(text)
    youth = YOUTH.search(text)
    if emp and (youth is None or emp.start() < youth.start()):
        return "employer", emp.group(0)
    return "youth", youth.group(0) if youth else ""


def _cond(cid: str, expr: str, words: str, zh: str, en: str, params: tuple[Param, ...] = ()) -> DraftCondition:
    return DraftCondition(cid, expr, words, f"“{words}”：{zh}", f"符合：{zh}。", f"Met: {en}.", f"该政策要求：{zh}。",
                          f"The policy requires: {en}.", params)


def read_conditions_en(ctx: Context) -> list[DraftCondition]:
    """The common conditions of a translated clause."""
    t, out = ctx.text, []
    city = "param.city.code" if "city.code" in ctx.known_params else "param.{pid}.city_code"
    cparams = () if "city.code" in ctx.known_params else (Param("city_code", "string", None, None, "本市代码", "The city's code"),)
    if ctx.audience == "employer":
        for pattern, fact, cid, zh, en in (
            (r"private enterprises?", "enterprise_is_private", "private", "民营企业", "a private enterprise"),
            (r"recruit\w*[^.;]{0,20}graduates", "enterprise_hired_graduates", "hired_graduates", "招用高校毕业生", "hired graduates"),
            (r"(?:universit\w+|colleges?)[^.;]{0,40}bases?|bases?[^.;]{0,60}universit\w+", "enterprise_has_university_base",
             "university_base", "与高校共建基地", "a base with a university"),
            (r"\bin [A-Z][a-z]+ enterprises|local enterprises|enterprises in [A-Z]", "enterprise_in_city", "in_city",
             "企业在本市注册经营", "registered in the city"),
        ):
            m = re.search(pattern, t)
            if m:
                out.append(_cond(cid, fact, m.group(0), zh, en))
        return out
    m = re.search(r"from abroad|out-of-town|from out of town|from other (?:places|cities)|outside the (?:city|province)", t, re.I)
    if m:
        out.append(_cond("out_of_town", f"hukou_city != {city} and home_city != {city}", m.group(0), "户籍和家都不在本市",
                         "neither hukou nor home in the city", cparams))
    m = re.search(r"undergraduate(?: and above)?|bachelor\W?s? degree(?: or above)?|(?:college|university) (?:students?|graduates?)"
                  r"|graduates", t, re.I)
    if m:
        levels = GRADUATE_LEVELS[1:] if re.match(r"undergraduate|bachelor", m.group(0), re.I) else GRADUATE_LEVELS
        listed = ", ".join(f"'{v}'" for v in levels)
        out.append(_cond("education", f"education_level in [{listed}]", m.group(0), "学历", "education"))
    m = re.search(r"(?:employment|work\w*)(?: and entrepreneurship)? in [A-Z][a-z]+|to [A-Z][a-z]+ for employment", t)
    if m:
        out.append(_cond("works_in_city", f"employment_status in ['employed', 'self_employed'] and current_city == {city}",
                         m.group(0), "在本市就业或创业", "working in the city", cparams))
    for pattern, fact, cid, zh, en in (
        (r"entrepreneur\w*|start-?ups?", "is_startup_founder", "founder", "正在创业", "running a start-up"),
        (r"incubat\w+", "uses_incubator", "in_incubator", "入驻孵化场所", "in an incubator"),
        (r"internship|apprenticeship", "is_intern", "interning", "正在见习（实习）", "doing an internship"),
    ):
        m = re.search(pattern, t, re.I)
        if m and not (cid == "founder" and re.search(r"employment and entrepreneurship", t, re.I)):
            out.append(_cond(cid, fact, m.group(0), zh, en))
    m = re.search(r"interview", ctx.own, re.I) or re.search(r"applying for jobs|job[- ]seek\w*|looking for (?:a )?jobs?", t, re.I)
    if m:
        interview = m.group(0).lower() == "interview"
        out.append(_cond("interview" if interview else "job_seeking", "has_interview_invitation" if interview else "is_job_seeking",
                         m.group(0), "面试邀请" if interview else "正在求职", "an interview" if interview else "looking for a job"))
    if re.search(r"\byoung\b|\byouth\b(?! station| apartment)", t, re.I):
        expr = "age <= param.youth.max_age" if "youth.max_age" in ctx.known_params else "age <= param.{pid}.max_age"
        params = () if "youth.max_age" in ctx.known_params else (
            Param("max_age", "int", None, "years", "“青年”的年龄上限（方案未写明）", "Upper age of 'youth'"),)
        out.append(_cond("youth_age", expr, "young", "青年年龄范围", "within the youth age range", params))
    return out
