"""Policy amounts: what a measure promises to a person or a firm, not what a unit must deliver.

``见习期内给予不低于本地最低工资标准80%的生活补贴`` and ``视规模和效益给予10万元~20万元补贴``
state the size of a benefit. Asking a unit to report "≥ 80 %" on them makes no sense; the
coordinator links the measure to the policy that pays them instead. Aggregate money the city
commits (``发放创业担保贷款不少于1.5亿元``, ``安排专项资金5000万元``) stays a target.

A quantity is a benefit when its clause names a benefit (补贴, 奖励, 贷款, 租金减免, 免费住宿…)
and, for money and percentages, also says it is granted per beneficiary (给予, 享受, 按…标准,
最高, 每人, 一次性, 单笔, 额度…). Durations (最长3年, 15天以内) never are targets; next to a
benefit noun they are benefit clauses too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ZH_NOUNS: tuple[tuple[str, str], ...] = (
    ("subsidy", "补贴|补助|津贴|安家费|生活费|资助|补偿"),
    ("reward", "奖励|奖补|奖金"),
    ("loan", "贷款|贴息"),
    ("rent", "租金|房租|免租|租赁费"),
    ("stay", "住宿"),
    ("relief", "减免|免费|免收"),
)
_ZH_NOUN = re.compile("|".join(f"(?P<{kind}>{words})" for kind, words in _ZH_NOUNS))
_ZH_GRANTED = re.compile(
    r"给予|享受|可获|可申请|可享|按照?|标准|最高|最多|最长|不超过|每人|每户|每月|每家|每个项目|一次性|单笔|比例|额度|免费"
)
_ZH_PER_HEAD = re.compile(r"每人|每户|每名|每位|每月|每家|每个项目|可申请|最高|不超过")
_ZH_BASIS_CUT = re.compile(r"给予|按照|按|为|不低于|不高于|不超过|最高|达到")
_ZH_BASIS = re.compile(r"(?:标准|工资|投资额|费用|金额|租金|保险费|社保费|收入|总额|价格|价|费)$")

_EN_NOUN = re.compile(
    r"\b(?:(?P<subsidy>subsid\w*|allowances?|grants?)|(?P<reward>rewards?|bonus(?:es)?)|(?P<loan>loans?)|"
    r"(?P<rent>rents?|rental)|(?P<stay>accommodation|stays?))\b",
    re.IGNORECASE,
)
_EN_GRANTED = re.compile(r"\b(?:give|given|grant|granted|enjoy|up to|per person|each|one-time|of no less than|depending on)\b",
                         re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class BenefitMatch:
    """What kind of benefit a quantity describes, and what a percentage is of."""

    kind: str
    basis: str | None


def _nearest_kind(pattern: re.Pattern[str], clause: str, anchor: int) -> str | None:
    """The benefit noun closest to the quantity (``anchor``, an offset in ``clause``); a bare
    减免/免费 only when nothing more specific (住宿, 租金…) is named."""
    best: tuple[bool, int, str] | None = None
    for match in pattern.finditer(clause):
        kind = match.lastgroup
        if kind is None:
            continue
        rank = (kind == "relief", min(abs(match.start() - anchor), abs(match.end() - anchor)), kind)
        if best is None or rank < best:
            best = rank
    return best[2] if best else None


def zh_benefit(text: str, clause_start: int, clause_end: int, start: int, end: int, kind: str) -> BenefitMatch | None:
    """Is the quantity ``text[start:end]`` (of kind money/percent/time/…) a benefit clause?"""
    if kind not in ("money", "percent", "time"):
        return None
    clause = text[clause_start:clause_end]
    benefit = _nearest_kind(_ZH_NOUN, clause, start - clause_start)
    if benefit is None and _ZH_PER_HEAD.search(clause):
        # 发放租房补贴，每人每月最高800元 / 发放贷款…，个人最高可申请50万元: the amount's clause
        # names whom, the one before what.
        sentence_start = max(text.rfind(ch, 0, clause_start) for ch in "。；;！!？?\n") + 1
        benefit = _nearest_kind(_ZH_NOUN, text[sentence_start:clause_start], clause_start - sentence_start)
    if benefit is None:
        return None
    if kind != "time" and not _ZH_GRANTED.search(clause):
        return None
    basis = None
    if kind == "percent":
        before = text[clause_start:start]
        cuts = list(_ZH_BASIS_CUT.finditer(before))
        before = before[cuts[-1].end():] if cuts else before
        before = before.strip().removesuffix("的")
        basis = before if 2 <= len(before) <= 16 and _ZH_BASIS.search(before) else None
    return BenefitMatch(benefit, basis)


def en_benefit(text: str, clause_start: int, clause_end: int, start: int, kind: str) -> BenefitMatch | None:
    """The English counterpart of :func:`zh_benefit` (translations of Chinese plans)."""
    if kind not in ("money", "percent", "time"):
        return None
    clause = text[clause_start:clause_end]
    benefit = _nearest_kind(_EN_NOUN, clause, start - clause_start)
    if benefit is None:
        return None
    if kind != "time" and not _EN_GRANTED.search(clause):
        return None
    basis = None
    if kind == "percent":
        found = re.search(r"%\s+of\s+(?:the\s+)?(?P<basis>[a-z ]{3,40}?(?:wage|standard|salary|cost|rent))",
                          text[start:clause_end], re.IGNORECASE)
        basis = found.group("basis") if found else None
    return BenefitMatch(benefit, basis)
