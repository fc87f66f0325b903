"""ORM ↔ rules-engine types.

* `profile_facts`: a `YouthProfile` → engine person facts. A blank profile field is left out
  (unknown), never turned into zero, false or "no".
* city and district names ↔ the codes the policies compare against (``param.city.code``,
  ``param.luolong.district_code``).
* `resolve_policy_unit`: a policy's ``responsible_unit`` text → an organisation `Unit`.
* `result_view`: an engine `PolicyResult` → a plain dict for templates and the API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from youthcity.core import entry_points
from youthcity.core.city_pack import current_pack
from youthcity.core.numbers import grouped
from youthcity.engines.rules import Policy, PolicyResult, PolicySet, Status
from youthcity.organizations.selectors import directory_version, resolve_unit
from youthcity.regions.models import Region

CITY_FACTS = ("hukou_city", "home_city", "current_city")
DISTRICT_FACTS = ("work_district", "enterprise_district")


def city_names() -> tuple[tuple[str, str], ...]:
    """Cities the finder offers, as (engine code, Chinese name), from the city pack. The engine
    compares city facts with ``param.city.code``; any other code simply means "not this city"."""
    return tuple((str(c["code"]), str(c["name"])) for c in current_pack().data.get("cities") or ())


def city_code(name: str) -> str:
    """'郑州市' / '郑州' / 'zhengzhou' → 'zhengzhou'; an unknown Chinese name stays as written."""
    text = (name or "").strip()
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    by_name = {n.removesuffix("市"): code for code, n in city_names() if code != "other"}
    return by_name.get(text.removesuffix("市"), text)


def district_code(region) -> str:
    """The engine's code for a district `Region` (its ``key`` in the city pack, e.g. 'luolong')."""
    district = current_pack().district(region.code)
    return str(district.get("key") or region.code) if district else region.code


# YouthProfile.employment_status → (employment_status, is_job_seeking, is_intern)
_EMPLOYMENT = {
    "student": ("student", None, None),
    "job_seeking": ("unemployed", True, None),
    "employed": ("employed", None, None),
    "self_employed": ("self_employed", None, None),
    "intern": (None, None, True),
    "not_working": ("not_in_labour_force", False, None),
}


def profile_facts(profile) -> dict[str, Any]:
    """The engine facts a profile states; anything blank stays unknown (absent)."""
    if profile is None:
        return {}
    facts: dict[str, Any] = {}
    if profile.birth_date:
        facts["birth_date"] = profile.birth_date.isoformat()
    if profile.education_level:
        facts["education_level"] = profile.education_level
    if profile.graduation_date:
        facts["graduation_date"] = profile.graduation_date.isoformat()
    if profile.is_full_time is not None:
        facts["is_full_time"] = profile.is_full_time
    student = getattr(profile, "is_student", None)
    if student is None and profile.employment_status == "student":
        student = True
    if student is not None:
        facts["is_student"] = student
    if student and getattr(profile, "study_level", "") not in ("", "none", "junior_high"):
        facts["study_level"] = profile.study_level
    if student and getattr(profile, "expected_graduation_date", None):
        facts["expected_graduation_date"] = profile.expected_graduation_date.isoformat()
    for field in CITY_FACTS:
        code = city_code(getattr(profile, field, ""))
        if code:
            facts[field] = code
    employment, seeking, intern = _EMPLOYMENT.get(profile.employment_status or "", (None, None, None))
    if employment:
        facts["employment_status"] = employment
    if seeking is not None:
        facts["is_job_seeking"] = seeking
    if intern is not None:
        facts["is_intern"] = intern
    return facts


def lang() -> str:
    return "zh" if (get_language() or "zh-hans").startswith("zh") else "en"


# -- responsible units -------------------------------------------------------------------------

_BRACKETS = re.compile(r"[（(].*?[)）]")


@dataclass(frozen=True)
class UnitResolution:
    text: str
    unit: Any  # organizations.Unit | None
    candidates: tuple = ()


def resolve_policy_unit(text: str) -> UnitResolution:
    """'市人社局（会同市科技局）' → the unit 市人社局 (the lead unit comes first, partners in brackets).

    '洛龙区住建局' resolves as '区住建局' inside 洛龙区. An ambiguous name (a district pilot's
    '区人社局' without a district) stays unresolved with its candidates, never guessed.

    Remembered in the process until the unit directory changes anywhere
    (:func:`organizations.selectors.directory_version`): every policy list and finder page resolves
    each policy's unit, and resolving was two thirds of the policy list's CPU.
    """
    version = directory_version()
    if _resolved_under[0] != version:
        _resolved.clear()
        _resolved_under[0] = version
    hit = _resolved.get(text)
    if hit is None:
        hit = _resolved[text] = _resolve_policy_unit(text)
    return hit


_resolved: dict[str, UnitResolution] = {}
_resolved_under: list[str | None] = [None]  # the directory version the memo holds


def _resolve_policy_unit(text: str) -> UnitResolution:

    lead = _BRACKETS.sub("", text or "").strip()
    lead = re.split(r"[、，,]", lead)[0].strip()
    match = resolve_unit(lead)
    if lead[:1] in ("区", "县"):
        # '区政府办' names whichever district adopts the policy: even when the demo city has only
        # one such unit, the policy does not say it is that one.
        return UnitResolution(text, None, tuple(match.candidates) or ((match.unit,) if match.unit else ()))
    if match.resolved:
        return UnitResolution(text, match.unit)
    m = re.match(r"^(.+?[区县])(.+)$", lead)
    if m:
        region = Region.objects.filter(name=m.group(1), level=Region.Level.DISTRICT).first()
        if region is not None:
            generic = m.group(1)[-1] + m.group(2)
            sub = resolve_unit(generic, region)
            if sub.resolved:
                return UnitResolution(text, sub.unit)
    return UnitResolution(text, None, tuple(match.candidates))


# -- results -----------------------------------------------------------------------------------


def amount_text(amount: Decimal | float | None, amount_max: Decimal | float | None, unit: str | None) -> str:
    """'3,000 yuan', '100,000–200,000 yuan', '15 nights' in the current language."""
    if amount is None:
        return ""
    low = grouped(amount)
    ranged = amount_max is not None and Decimal(str(amount_max)) != Decimal(str(amount))
    high = grouped(amount_max) if ranged else ""
    if unit == "CNY":
        if ranged:
            return _("%(low)s–%(high)s yuan") % {"low": low, "high": high}
        return _("%(amount)s yuan") % {"amount": low}
    if unit == "nights":
        return _("up to %(amount)s nights free") % {"amount": low}
    if unit == "months":
        if ranged:
            return _("%(low)s–%(high)s months") % {"low": low, "high": high}
        return _("%(amount)s months") % {"amount": low}
    return f"{low} {unit or ''}".strip()


def period_text(period: str | None) -> str:
    return {
        "once": _("one-time"),
        "month": _("per month"),
        "year": _("per year"),
        "stay": _("per stay"),
    }.get(period or "", "")


def kind_text(kind: str) -> str:
    return {
        "cash": _("Cash"),
        "in_kind": _("In kind"),
        "waiver": _("Rent or fee waiver"),
        "service": _("Service"),
    }.get(kind, kind)


def fact_label(policy_set: PolicySet, name: str, language: str) -> str:
    spec = policy_set.facts.get(name)
    return spec.label.get(language) if spec else name


def district_names() -> dict[str, str]:
    """Engine district code → the district's name, from the city pack."""
    return {str(d.get("key") or d["code"]): str(d["name"]) for d in current_pack().districts}


def fact_value_text(policy_set: PolicySet, name: str, value: Any, language: str) -> str:
    """A fact's value as a person reads it: 是/否, an enum's label, a city's or district's name,
    a date as written; never an internal code."""
    spec = policy_set.facts.get(name)
    if value is None:
        return _("not given")
    if isinstance(value, bool) or (spec is not None and spec.type == "bool"):
        return _("Yes") if value else _("No")
    if spec is not None and spec.type == "enum" and value in spec.values:
        return spec.value_labels[spec.values.index(value)].get(language)
    if name in CITY_FACTS:
        return dict(city_names()).get(str(value), str(value))
    if name in DISTRICT_FACTS:
        return district_names().get(str(value), str(value))
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return grouped(value)
    text = str(value)
    # a place code read from a parameter (param.luolong.district_code) is named, never shown raw
    return district_names().get(text) or dict(city_names()).get(text) or text


def answers_view(policy_set: PolicySet, facts: dict[str, Any], language: str) -> list[dict[str, str]]:
    """The applicant's answers as the questions they were asked and the answers they gave, in
    the questionnaire's order (unknown names are left out)."""
    rows = []
    for name, value in facts.items():
        spec = policy_set.facts.get(name)
        if spec is None:
            continue
        rows.append({"name": name, "question": spec.question.get(language), "label": spec.label.get(language),
                     "answer": fact_value_text(policy_set, name, value, language), "order": spec.order})
    rows.sort(key=lambda r: r["order"])
    return rows


def values_view(policy_set: PolicySet, values: dict[str, Any], language: str) -> list[dict[str, str]]:
    """A condition's "values seen" in words: a fact by its label and answer, a parameter by its
    description and value, another policy's result by its name."""
    rows = []
    for ref, value in values.items():
        if ref.startswith("param."):
            name = ref.removeprefix("param.")
            spec = policy_set.parameters.get(name)
            if name == "city.code" or spec is None:
                continue  # the city's own code says nothing to a reader
            shown = _("to be set by the city") if value is None else fact_value_text(policy_set, name, value, language)
            rows.append({"label": parameter_label(policy_set, name, language), "value": shown})
        elif ref.startswith("policy."):
            parts = ref.split(".")
            other = policy_set.policies.get(parts[1]) if len(parts) > 1 else None
            label = other.name.get(language) if other else ref
            rows.append({"label": label, "value": fact_value_text(policy_set, "", value, language)})
        elif ref == "today":
            continue
        else:
            rows.append({"label": fact_label(policy_set, ref, language),
                         "value": fact_value_text(policy_set, ref, value, language)})
    return rows


def parameter_label(policy_set: PolicySet, name: str, language: str) -> str:
    """A parameter as staff read it: its description, and for a regional group the place
    ('河南省月最低工资标准……：宜阳县')."""
    spec = policy_set.parameters[name]
    text = spec.label.get(language) if spec.label else spec.description.get(language).split("。")[0].split(". ")[0]
    if spec.group and spec.region_values:
        places = "、".join(district_names().get(v, v) for v in spec.region_values)
        return f"{text}：{places}" if language == "zh" else f"{text}: {places}"
    return text


def _with_period(amount: str, period: str | None, unit: str | None) -> str:
    """'1,600元' + month → '每月1,600元' ('1,600 yuan per month'); months and nights granted
    once need no period word."""
    if not amount:
        return ""
    if period == "once" and unit in ("months", "nights"):
        return amount
    word = period_text(period)
    return _("%(amount)s %(period)s") % {"amount": amount, "period": word} if word else amount


def amount_words(policy: Policy, policy_set: PolicySet, on, language: str) -> str:
    """The amount as a person reads it, in numbers and words: '每月1,600元（不低于见习所在县区月
    最低工资标准的80%）', '一次性100,000–200,000元（……）', '金额待市里确定（……）' — never an
    expression.  An amount that depends on the place is given for the places the city has set
    (a range when they differ), saying where it is still open."""
    amount = policy.amount
    if amount is None:
        return ""
    basis = amount.basis.get(language) if amount.basis else ""
    regional = [p for p in amount.params if policy_set.parameters[p].regional is not None]
    open_params = [p for p in amount.params
                   if policy_set.parameters[p].to_be_set_by_city and policy_set.parameters[p].regional is None]
    text = ""
    some_open = False
    if open_params:
        text = _("Amount to be set by the city")
    elif regional:
        known: list[float] = []
        for name in regional:
            spec = policy_set.parameters[name]
            if spec.group == "unassigned" or not spec.region_values or spec.region_fact is None:
                continue
            low, _high = policy_set.amount_on(policy.id, on, {spec.region_fact: spec.region_values[0]})
            if low is None:
                some_open = True
            else:
                known.append(low)
        if known:
            lo, hi = min(known), max(known)
            text = _with_period(amount_text(lo, hi if hi != lo else None, amount.unit), amount.period, amount.unit)
        else:
            text = _("Amount to be set by the city")
    else:
        low, high = policy_set.amount_on(policy.id, on)
        text = _with_period(amount_text(low, high, amount.unit), amount.period, amount.unit)
    if basis:
        text = _("%(amount)s (%(basis)s)") % {"amount": text, "basis": basis}
    if some_open:
        text += _("; not yet set for some counties")
    return text


def document_name(text: str) -> str:
    """A plan's name for readers: the seed's anonymised district ('《XX区……》') is not shown as a
    placeholder but said to be withheld."""
    if "XX" not in text:
        return text
    return text.replace("XX区", "区级").replace("XX", "") + _(" (demo text: the district's name is withheld)")


def policy_view(policy: Policy, policy_set: PolicySet, language: str) -> dict[str, Any]:
    """A policy for listings: names, sources, unit, kind, amount (or 'to be set by the city')."""
    amount = policy.amount
    to_be_set = sorted(
        p for p in (amount.params if amount else ())
        if policy_set.parameters[p].to_be_set_by_city and policy_set.parameters[p].regional is None
    )
    return {
        "id": policy.id,
        "name": policy.name.get(language),
        "name_zh": policy.name.zh,
        "kind": policy.kind,
        "kind_label": kind_text(policy.kind),
        "audience": policy.audience,
        "responsible_unit": policy.responsible_unit,
        "sources": [{"document": document_name(s.document.get(language)), "clause": s.clause, "text": s.text}
                    for s in policy.sources],
        "amount_unit": amount.unit if amount else None,
        "amount_period": period_text(amount.period if amount else None),
        "amount_expression": amount.text if amount else "",
        "to_be_set": to_be_set,
        "parameters": [
            {
                "name": name,
                "description": policy_set.parameters[name].description.get(language),
                "to_be_set_by_city": policy_set.parameters[name].to_be_set_by_city,
            }
            for name in policy.parameters
            if name in policy_set.parameters
        ],
        "application_required": policy.application_required,
        **apply_action(policy),
        "documents": [{"id": d.id, "label": d.label.get(language)} for d in policy.documents],
        "how_to_apply": policy.how_to_apply.get(language),
        "effective_from": policy.effective_from,
        "effective_to": policy.effective_to,
        "validity_text": validity_text(policy, language),
    }


def apply_action(policy: Policy) -> dict[str, Any]:
    """Where a policy's application is made: another domain's flow when the policy says
    ``apply_via`` (its entry point's page, action label and API endpoint), else here."""
    entry = entry_points.get(policy.apply_via) if policy.apply_via else None
    return {
        "apply_via": policy.apply_via,
        "action_url": entry.url if entry else "",
        "action_label": str(entry.label) if entry else "",
        "action_api": entry.api if entry else "",
    }


def validity_text(policy: Policy, language: str) -> str:
    """'有效期：“十四五”期间（2021—2025年），至2025-12-31；复核日期2025-12-31。' ('' without one)."""
    v = policy.validity
    if v is None:
        return ""
    text = _("Valid for %(period)s") % {"period": v.period.get(language)}
    if v.until is not None:
        text += _(", until %(day)s") % {"day": v.until.isoformat()}
    text += _("; review date %(day)s.") % {"day": v.review.isoformat()}
    if v.confirmed_until is not None:
        text += " " + _("Confirmed by the city until %(day)s (%(notice)s).") % {
            "day": v.confirmed_until.isoformat(), "notice": v.confirmed_by}
    return text


_YOU_EN = re.compile(r"\b([Yy])our\b|(^|[,;:.]\s+|\b(?:so|or|and|but|if)\s+)([Yy])ou\s+([a-z]+)|\b([Yy])ou\b")
_THIRD_PERSON = {"are": "is", "have": "has", "were": "was", "do": "does", "can": "can", "may": "may",
                 "will": "will", "must": "must", "should": "should", "could": "could", "would": "would"}


def _applicant_en(m: re.Match) -> str:
    if m.group(1):
        return f"{'T' if m.group(1) == 'Y' else 't'}he applicant's"
    if m.group(3):
        verb = m.group(4)
        verb = _THIRD_PERSON.get(verb) or (verb + "es" if verb.endswith(("s", "sh", "ch", "x", "o")) else verb + "s")
        return f"{m.group(2)}{'T' if m.group(3) == 'Y' else 't'}he applicant {verb}"
    return f"{'T' if m.group(5) == 'Y' else 't'}he applicant"


def applicant_voice(text: str, language: str) -> str:
    """A rule reason as staff read it: the policy texts address the young person (您, you); on a
    reviewer's screen they speak of the applicant (申请人).  Chinese needs no verb change; English
    turns 'you work' into 'the applicant works'."""
    if not text:
        return text
    if language == "zh":
        return text.replace("您", "申请人")
    return _YOU_EN.sub(_applicant_en, text)


def result_view(result: PolicyResult, policy_set: PolicySet, language: str, *, staff: bool = False) -> dict[str, Any]:
    """One finder result: status, amount, plain-language reasons, clauses, how to apply.  With
    ``staff`` the reasons speak of the applicant instead of addressing them."""
    view = policy_view(result.policy, policy_set, language)
    voice = (lambda t: applicant_voice(t, language)) if staff else (lambda t: t)
    conditions = [
        {
            "id": c.id,
            "outcome": c.outcome,
            "reason": voice(c.reason.get(language)),
            "clause": c.clause,
            "expression": c.expression,
            "values": c.values,
            "values_text": values_view(policy_set, c.values, language),
            "missing": [fact_label(policy_set, f, language) for f in c.missing_facts],
        }
        for c in result.conditions
    ]
    if result.status in (Status.ELIGIBLE, Status.AWAITING_CONFIRMATION):
        reasons = [c["reason"] for c in conditions if c["outcome"] == "pass"]
    elif result.status is Status.NOT_ELIGIBLE:
        reasons = [c["reason"] for c in conditions if c["outcome"] == "fail"]
    else:
        reasons = [c["reason"] for c in conditions if c["outcome"] == "unknown"]
    if not reasons:
        reasons = [voice(result.reason.get(language))]
    view.update(
        status=result.status.value,
        amount=result.amount,
        amount_max=result.amount_max,
        amount_text=amount_text(result.amount, result.amount_max, result.amount_unit),
        amount_to_be_set=result.amount_to_be_set,
        missing_facts=list(result.missing_facts),
        missing=[{"fact": f, "label": fact_label(policy_set, f, language)} for f in result.missing_facts],
        in_force=result.in_force,
        reason=voice(result.reason.get(language)),
        reasons=reasons,
        conditions=conditions,
        clauses=[c["clause"] for c in conditions],
    )
    return view


def eligibility_record(result: PolicyResult) -> dict[str, Any]:
    """What a decision stores about the engine's check: JSON-ready, in both languages."""
    return {"zh": result.to_dict("zh"), "en": result.to_dict("en")}


