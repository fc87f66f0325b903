"""A draft as a policy file in the format of ``docs/policy-format.md``, with a comment above each
drafted field saying which words of the clause produced it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from .drafter import Draft

_NO_DATE = date(2000, 1, 1)  # a start for parameter values when the plan's date is unknown
_KIND_EN = {"cash": "cash benefit", "in_kind": "benefit in kind", "waiver": "waiver", "service": "service"}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # no &id001 anchors for a date used twice
        return True


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=200, default_flow_style=False)


def _comment(text: str) -> str:
    return "".join(f"# {line}\n" for line in text.splitlines() if line.strip())


def _parameters(draft: Draft, start: date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    params = list(draft.params) + [p for c in draft.conditions for p in c.params]
    for p in params:
        name = f"{draft.id}.{p.name}"
        if name in out:
            continue
        spec: dict[str, Any] = {"description": {"zh": p.zh, "en": p.en}, "type": p.type}
        if p.unit:
            spec["unit"] = p.unit
        spec["values"] = {start: _plain(p.value)}
        if p.value is None:
            spec["to_be_set_by_city"] = True
        spec["reference"] = {"document": draft.document, "clause": draft.label, "text": draft.clause}
        out[name] = spec
    return out


def _condition(draft: Draft, index: int) -> dict[str, Any]:
    c = draft.conditions[index]
    return {
        "id": c.id,
        "expression": c.expression.replace("{pid}", draft.id),
        "clause": f"{draft.label} “{c.words}”",
        "reason": {"pass": {"zh": c.pass_zh, "en": c.pass_en}, "fail": {"zh": c.fail_zh, "en": c.fail_en}},
    }


def _validity(draft: Draft) -> list[str]:
    """The plan's period as the policy's validity (until and review: its last day)."""
    if draft.validity is None:
        return []
    text, end = draft.validity
    try:
        last = date.fromisoformat(end)
    except ValueError:
        return []
    return [_comment(f"validity：方案期限“{text}”"), _dump({"validity": {
        "period": {"zh": text, "en": f"the plan's period ({text})"}, "until": last, "review": last}})]


def render_yaml(draft: Draft, expression: str, top: str | None, unit: str) -> str:
    """The draft policy file (it loads with the rules engine's loader)."""
    try:
        start = date.fromisoformat(draft.effective_from) if draft.effective_from else _NO_DATE
    except ValueError:
        start = _NO_DATE
    why = {w.field: w for w in draft.why}
    blocks: list[str] = [
        _comment(
            f"草稿：据{draft.document}{draft.label}起草，待市里审核、修改、测试后发布。\n"
            "每个字段上方的注释说明它来自条文中的哪些字；to_be_set_by_city 列出条文未定、待市里确定的内容。"
        ),
        _dump({"id": draft.id, "name": {"zh": f"{draft.name}（草稿）", "en": f"Draft {_KIND_EN[draft.kind]} from clause {draft.label}"}}),
        _comment(f"依据：{draft.label} 原文"),
        _dump({"source": [{"document": draft.document, "clause": draft.label, "text": draft.clause}]}),
        _dump({"responsible_unit": draft.responsible_unit}),
        _dump({"effective": {"from": start if start != _NO_DATE else None, "to": None}}),
        *_validity(draft),
        _comment(f"kind：“{why['kind'].words}”"),
        _dump({"kind": draft.kind}),
        _comment(f"audience：“{why['audience'].words}”"),
        _dump({"audience": draft.audience}),
    ]
    eligibility = "eligibility:\n"
    if not draft.conditions:
        eligibility = _comment("条文未写明任何可读的条件") + "eligibility: []\n"
    for i, c in enumerate(draft.conditions):
        item = _dump({"x": [_condition(draft, i)]}).split("\n", 1)[1]
        eligibility += f"  # {c.why}\n" + item
    blocks.append(eligibility)
    amount: dict[str, Any] = {"expression": expression.replace("{pid}", draft.id)}
    if top:
        amount["max"] = top.replace("{pid}", draft.id)
    amount["unit"] = unit
    amount["period"] = draft.period
    if draft.amount is not None:
        amount["basis"] = {"zh": draft.own.strip().rstrip("，,。；;"), "en": f"as written in clause {draft.label}"}
    blocks.append(_comment(f"amount：{why['amount'].value}；period：{why['amount.period'].words}"))
    blocks.append(_dump({"amount": amount}))
    blocks.append(_dump({"application": {"required": True, "how_to_apply": {
        "zh": "申请方式待市里确定。", "en": "How to apply is to be set by the city."}}}))
    blocks.append(_comment("条文未定、待市里确定的内容（全部确定后删除此项，政策方可享受）"))
    blocks.append(_dump({"to_be_set_by_city": [{"zh": p.zh, "en": p.en} for p in draft.open_parts]}))
    params = _parameters(draft, start)
    if params:
        blocks.append(_dump({"parameters": params}))
    return "".join(blocks)
