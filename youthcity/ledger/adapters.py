"""ORM ↔ plan-parser engine: uploaded bytes to draft dicts, unit names to units, plans back to JSON."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.utils.translation import get_language

from youthcity.engines.plans import MAX_BYTES, PlanParseError, extract_text, parse_all
from youthcity.organizations.selectors import resolve_unit

from . import drafts


@dataclass(frozen=True)
class ParsedUpload:
    file_hash: str
    text_hash: str
    plans: list[dict]


def parse_error_message(exc: PlanParseError) -> str:
    """The engine's bilingual message in the user's language."""
    return exc.message_en if (get_language() or "zh-hans").startswith("en") else exc.message_zh


def parse_upload(data: bytes, filename: str) -> ParsedUpload:
    """Parse every plan in an uploaded file. Raises PlanParseError; touches no database."""
    if len(data) > MAX_BYTES:
        raise PlanParseError("too_large")
    text = extract_text(data, filename)
    plans = parse_all(text)
    return ParsedUpload(
        file_hash=hashlib.sha256(data).hexdigest(),
        text_hash=hashlib.sha256(drafts.normalised_text(text).encode("utf-8")).hexdigest(),
        plans=[p.to_dict() for p in plans],
    )


def resolve_names(draft: dict, region, *, remembered: dict[str, dict] | None = None) -> dict:
    """Fill ``draft["units"]`` for names without a decision: the organisation directory first
    (official name, short name, alias, preferring the plan's region), then what the coordinator
    chose for the same name in an earlier import of this region."""
    choices = {}
    existing = draft.get("units", {})
    for name in drafts.unit_names(draft):
        if name in existing and (existing[name].get("unit") or existing[name].get("not_unit")):
            continue
        match = resolve_unit(name, region)
        if match.resolved:
            choices[name] = {"unit": match.unit.pk, "not_unit": False, "auto": True}
        elif remembered and name in remembered:
            choices[name] = {**remembered[name], "auto": True}
        else:
            choices[name] = {"unit": None, "not_unit": False, "auto": False}
    return drafts.set_unit_choices(draft, choices)


def decimal_json(value) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def policy_drafts(data: dict, plan_tag: str = "") -> list:
    """Draft a policy file for each benefit clause of a reviewed plan (the import's dict), reading
    the parameters the city pack's policies declare (city code, youth age, minimum wage). Ids start
    ``draft_<plan_tag>_`` so drafts of two plans never share a file name."""
    from youthcity.core.city_pack import current_pack
    from youthcity.engines.drafting import draft_plan
    from youthcity.engines.plans import Plan as ParsedPlan

    try:
        policy_dir = current_pack().file("policies")
    except (OSError, KeyError, ValueError):  # a pack without policies: drafts declare their own parameters
        policy_dir = None
    return draft_plan(ParsedPlan.from_dict(data), known_params=_known(str(policy_dir) if policy_dir else ""),
                      plan_tag=plan_tag)


_KNOWN: dict[str, frozenset[str]] = {}


def _known(policy_dir: str) -> frozenset[str]:
    """The pack's parameter names, read once per process (the pack does not change while it runs)."""
    from youthcity.engines.drafting import known_parameters

    if policy_dir not in _KNOWN:
        _KNOWN[policy_dir] = known_parameters(policy_dir or None)
    return _KNOWN[policy_dir]
