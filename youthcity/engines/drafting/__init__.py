"""Policies drafted from a plan's own words (rule-based, explainable; no Django, no network).

    from youthcity.engines.drafting import draft_plan, check_drafts_load
    drafts = draft_plan(parse_file("plan.txt"), known_params={"city.code", "youth.max_age"})
    for d in drafts: print(d.id, d.clause, d.yaml_text)

Each benefit clause of a plan (给予…补贴, 提供最高3年租金减免, 享受1个月到3个月的免租期…) becomes
a policy file in the format of ``docs/policy-format.md``: audience, conditions read from the
clause, amount or range as parameters, the clause quoted with its number, and what the clause
does not settle listed under ``to_be_set_by_city`` (such a policy loads but is never granted:
a qualifying person's answer is "待市里确定").  See ``docs/policy-drafting.md``.
"""

from __future__ import annotations

from .amounts import Amount, find_amounts
from .check import check_drafts_load, known_parameters
from .conditions import DraftCondition, Param
from .drafter import Draft, OpenPart, Why, draft_measure, draft_plan, find_benefit_clauses

__all__ = [
    "Amount",
    "Draft",
    "DraftCondition",
    "OpenPart",
    "Param",
    "Why",
    "check_drafts_load",
    "draft_measure",
    "draft_plan",
    "find_amounts",
    "find_benefit_clauses",
    "known_parameters",
]
