"""Whom a benefit clause means and on what conditions, read from its words.

Each reader looks for a generic phrase (``外地来X``, ``35周岁以下``, ``毕业2年内``, ``本科及以上``,
``在X就业``, ``民营企业``…) and returns a condition in the rules engine's expression language
with the words that produced it.  A phrase the readers do not know stays in the quoted clause
for the coordinator; nothing is guessed beyond the table in ``docs/policy-drafting.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from decimal import Decimal

from youthcity.engines.plans.numerals import parse_number

GRADUATE_LEVELS = ("associate", "bachelor", "master", "doctorate")
_LEVELS_FROM = {
    "associate": GRADUATE_LEVELS,
    "bachelor": GRADUATE_LEVELS[1:],
    "master": GRADUATE_LEVELS[2:],
    "doctorate": GRADUATE_LEVELS[3:],
}
_NUM = r"(?:\d+|[一二两三四五六七八九十]+)"


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter the draft declares: ``value`` None means ``to_be_set_by_city``."""

    name: str  # without the policy-id prefix
    type: str  # number | int | bool
    value: Decimal | int | bool | None
    unit: str | None
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class DraftCondition:
    """One drafted eligibility condition and the words that produced it."""

    id: str
    expression: str  # may contain ``{pid}``, replaced by the policy id
    words: str
    why: str
    pass_zh: str
    pass_en: str
    fail_zh: str
    fail_en: str
    params: tuple[Param, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Context:
    """What the readers look at: the whole context (sentence up to the benefit, or earlier
    sentences of the measure when it names nobody) and the benefit's own sub-clause."""

    text: str
    own: str
    audience: str  # youth | employer
    known_params: Collection[str]


def _count(text: str) -> int | None:
    value = parse_number(text)
    return None if value is None else int(value)


def _city_ref(ctx: Context) -> tuple[str, tuple[Param, ...]]:
    if "city.code" in ctx.known_params:
        return "param.city.code", ()
    return "param.{pid}.city_code", (
        Param("city_code", "string", None, None, "本市代码（与户籍地、常住地等信息中的城市代码一致）",
              "The city's code in hukou_city, home_city and current_city"),
    )


def _out_of_town(ctx: Context) -> DraftCondition | None:
    m = re.search(r"外地(?:来[\u4e00-\u9fff])?|外省|省外|市外|异地|非本地户籍|非本市户籍", ctx.text)
    if not m or ctx.audience != "youth":
        return None
    ref, params = _city_ref(ctx)
    return DraftCondition(
        "out_of_town", f"hukou_city != {ref} and home_city != {ref}", m.group(0),
        f"“{m.group(0)}”：户籍和家都不在本市", "您的户籍和家都不在本市。", "Neither your hukou nor your home is in the city.",
        "该政策面向外地来本市的人员。", "The policy is for people from out of town.", params,
    )


def _hukou(ctx: Context) -> DraftCondition | None:
    m = re.search(r"(?:本市|本地|本区|具有[\u4e00-\u9fff]{1,3})户籍", ctx.text)
    if not m or ctx.audience != "youth" or "非" + m.group(0) in ctx.text:
        return None
    ref, params = _city_ref(ctx)
    return DraftCondition(
        "local_hukou", f"hukou_city == {ref}", m.group(0), f"“{m.group(0)}”：户籍在本市",
        "您的户籍在本市。", "Your hukou is in the city.", "该政策面向本市户籍人员。", "The policy is for people with a hukou here.",
        params,
    )


def _education(ctx: Context) -> DraftCondition | None:
    if ctx.audience != "youth":
        return None
    found: tuple[str, str] | None = None
    for pattern, level in (
        (r"博士(?:研究生)?(?:学历)?(?:及以上)?", "doctorate"),
        (r"(?:硕士|研究生)(?:学历|学位)?(?:及以上|以上)", "master"),
        (r"本科(?:学历)?(?:及以上|以上)", "bachelor"),
        (r"(?:大专|专科)(?:学历)?(?:及以上|以上)", "associate"),
        (r"高校毕业生|大学毕业生|大学生|毕业生|高校学生", "associate"),
    ):
        m = re.search(pattern, ctx.text)
        if m:
            found = (m.group(0), level)
            break
    if found is None:
        return None
    words, level = found
    levels = list(_LEVELS_FROM[level])
    tech = re.search(r"技工院校|预备技师|技师", ctx.text)
    if tech:
        levels = ["preparatory_technician", "technician", *levels]
        words = f"{words}、{tech.group(0)}"
    listed = ", ".join(f"'{v}'" for v in levels)
    interp = "（“大学生/毕业生”按大专及以上理解）" if level == "associate" and "及以上" not in words else ""
    return DraftCondition(
        "education", f"education_level in [{listed}]", words, f"“{words}”：学历{interp}",
        "您的学历符合要求。", "Your education meets the requirement.",
        f"该政策面向{words}。", "The policy is for people with the education the plan names.",
    )


def _age(ctx: Context) -> DraftCondition | None:
    if ctx.audience != "youth":
        return None
    m = re.search(rf"(?:不超过|未满|不满)?(?P<n>{_NUM})周?岁(?:（含）|\(含\))?(?P<post>以下|以内|及以下)?", ctx.text)
    if m and (m.group("post") or m.group(0).startswith(("不超过", "未满", "不满"))):
        n = _count(m.group("n"))
        if n is not None and 14 <= n <= 60:
            strict = m.group(0).startswith(("未满", "不满"))
            return DraftCondition(
                "age", f"age {'<' if strict else '<='} param.{{pid}}.max_age", m.group(0), f"“{m.group(0)}”：年龄上限{n}岁",
                f"您的年龄在{n}周岁以内。", f"You are {n} or younger.", f"该政策面向{n}周岁以下的人员。",
                f"The policy is for people aged {n} or younger.",
                (Param("max_age", "int", n, "years", "年龄上限（周岁）", "Upper age limit (years)"),),
            )
    y = re.search(r"青年(?!驿站|公寓|之家|人才公寓|创业之家)", ctx.text)
    if not y:
        return None
    params: tuple[Param, ...] = ()
    if "youth.max_age" in ctx.known_params:
        expr = "age <= param.youth.max_age"
    else:
        expr = "age <= param.{pid}.max_age"
        params = (Param("max_age", "int", None, "years", "“青年”的年龄上限（方案未写明）", "Upper age of 'youth' (not in the plan)"),)
    return DraftCondition(
        "youth_age", expr, "青年", "“青年”：按本市青年年龄上限（《中长期青年发展规划》为35周岁）",
        "您的年龄在青年年龄范围内。", "You are within the youth age range.", "该政策面向青年。", "The policy is for young people.",
        params,
    )


def _graduation_window(ctx: Context) -> DraftCondition | None:
    if ctx.audience != "youth":
        return None
    m = re.search(rf"(?:毕业|离校)(?:后)?(?P<n>{_NUM})(?P<u>年|个月)(?:以内|内|之内)", ctx.text)
    if not m:
        return None
    n = _count(m.group("n"))
    if n is None:
        return None
    months = n * 12 if m.group("u") == "年" else n
    return DraftCondition(
        "graduation_window", "months_between(graduation_date, today) < param.{pid}.months_since_graduation",
        m.group(0), f"“{m.group(0)}”：毕业（离校）{months}个月内",
        f"您毕业（离校）未满{months}个月。", f"You graduated less than {months} months ago.",
        f"该政策面向毕业（离校）{months}个月内的人员。", f"The policy is for people who graduated within {months} months.",
        (Param("months_since_graduation", "int", months, "months", "毕业（离校）后期限（月）", "Window after graduation (months)"),),
    )


def _unemployed(ctx: Context) -> DraftCondition | None:
    m = re.search(r"未就业|失业|待业", ctx.text)
    if not m or ctx.audience != "youth":
        return None
    return DraftCondition(
        "unemployed", "employment_status == 'unemployed'", m.group(0), f"“{m.group(0)}”：目前未就业",
        "您目前未就业。", "You are not employed.", "该政策面向未就业人员。", "The policy is for people who are not employed.",
    )


def _works_in_city(ctx: Context) -> DraftCondition | None:
    m = re.search(r"(?:来|在|留)(?:本市|本地|本区|[\u4e00-\u9fff])(?:就业|工作)(?:创业)?", ctx.text)
    if not m or ctx.audience != "youth":
        return None
    ref, params = _city_ref(ctx)
    return DraftCondition(
        "works_in_city", f"employment_status in ['employed', 'self_employed'] and current_city == {ref}", m.group(0),
        f"“{m.group(0)}”：在本市就业或创业", "您在本市就业或创业。", "You work or run a business in the city.",
        "该政策面向在本市就业或创业的人员。", "The policy is for people who work or run a business in the city.", params,
    )


def _founder(ctx: Context) -> DraftCondition | None:
    m = re.search(r"(?<!就业)创(?:新创)?业(?!就业)|创业者", ctx.text.replace("就业创业", "就业"))
    if not m or ctx.audience != "youth":
        return None
    return DraftCondition(
        "founder", "is_startup_founder", m.group(0), f"“{m.group(0)}”：正在创业",
        "您正在创业。", "You are running a start-up.", "该政策面向创业人员。", "The policy is for people starting a business.",
    )


def _flag(fact: str, pattern: str, cid: str, zh: str, en: str, youth: bool = True) -> Callable[[Context], DraftCondition | None]:
    def read(ctx: Context) -> DraftCondition | None:
        if (ctx.audience == "youth") != youth:
            return None
        m = re.search(pattern, ctx.text)
        if not m:
            return None
        return DraftCondition(
            cid, fact, m.group(0), f"“{m.group(0)}”：{zh}", f"符合：{zh}。", f"Met: {en}.", f"该政策要求：{zh}。",
            f"The policy requires: {en}.",
        )

    return read


def _interview_or_job_seeking(ctx: Context) -> DraftCondition | None:
    if ctx.audience != "youth":
        return None
    m = re.search(r"面试", ctx.own)
    if m:
        return _flag("has_interview_invitation", r"面试", "interview", "已获得本市用人单位面试邀请",
                     "invited to a job interview in the city")(ctx)
    return _flag("is_job_seeking", r"应聘|求职|找工作", "job_seeking", "正在求职", "looking for a job")(ctx)


READERS: tuple[Callable[[Context], DraftCondition | None], ...] = (
    _out_of_town,
    _hukou,
    _education,
    _works_in_city,
    _graduation_window,
    _unemployed,
    _founder,
    _flag("uses_incubator", r"孵化", "in_incubator", "入驻孵化场所", "housed in an incubator"),
    _flag("is_intern", r"见习期|实习期|见习人员|见习生|实习生", "interning", "正在见习（实习）", "doing an internship"),
    _flag("is_student", r"在校生|在校大学生|在读", "student", "在校学生", "a student"),
    _interview_or_job_seeking,
    _flag("rents_guaranteed_housing", r"承租保障性租赁住房", "tenant", "承租保障性租赁住房", "renting guaranteed housing"),
    _age,
    _flag("enterprise_in_city", r"在[\u4e00-\u9fff]企业|本[市地区]企业|辖区(?:内)?企业|在本[市区]注册", "in_city",
          "企业在本市注册经营", "the enterprise is registered in the city", youth=False),
    _flag("enterprise_is_private", r"民营企业|民营", "private", "民营企业", "a private enterprise", youth=False),
    _flag("enterprise_hired_graduates", r"(?:招聘|招用|吸纳|录用|聘用)[^，。；]{0,12}(?:高校毕业生|大学生|毕业生)",
          "hired_graduates", "招用高校毕业生", "the enterprise hired college graduates", youth=False),
    _flag("enterprise_has_university_base", r"(?:高校|院校|大学)[^，。；]{0,16}(?:基地|平台)", "university_base",
          "与高校共建基地", "the enterprise set up a base with a university", youth=False),
)


def read_conditions(ctx: Context) -> list[DraftCondition]:
    """Every condition the readers find in the context, in reading order, one per id."""
    out: list[DraftCondition] = []
    for reader in READERS:
        cond = reader(ctx)
        if cond is not None and cond.id not in {c.id for c in out}:
            out.append(cond)
    return out
