"""Validating person facts against the facts schema, with bilingual field errors.

The API answers malformed facts (age −3, a graduation date in the future, an unknown education
level) with 422 and these errors; the engine never guesses a value.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .errors import FactError, FactsError
from .model import FactSpec


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def validate_facts(
    schema: Mapping[str, FactSpec], facts: Mapping[str, Any], on: date
) -> dict[str, Any]:
    """Check and normalise `facts`; raise `FactsError` listing every bad field.

    Returns {name: value} with dates as `date`, ints as `int`, numbers as `float`.  A value of
    None means "not answered" and is dropped (it stays unknown).
    """
    errors: list[FactError] = []
    clean: dict[str, Any] = {}
    for name, value in facts.items():
        spec = schema.get(name)
        if spec is None:
            errors.append(FactError(name, "unknown_fact", f"未知的信息项：{name}", f"Unknown fact: {name}"))
            continue
        if value is None:
            continue
        label_zh, label_en = spec.label.zh, spec.label.en
        t = spec.type
        if t == "bool":
            if not isinstance(value, bool):
                errors.append(FactError(name, "invalid", f"{label_zh}应为“是”或“否”", f"{label_en} must be true or false"))
                continue
            clean[name] = value
        elif t in ("int", "number"):
            if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
                errors.append(FactError(name, "invalid", f"{label_zh}应为数字", f"{label_en} must be a number"))
                continue
            try:
                num = float(value)
            except ValueError:
                errors.append(FactError(name, "invalid", f"{label_zh}应为数字", f"{label_en} must be a number"))
                continue
            if t == "int":
                if num != int(num):
                    errors.append(FactError(name, "invalid", f"{label_zh}应为整数", f"{label_en} must be a whole number"))
                    continue
                number: int | float = int(num)
            else:
                number = num
            if isinstance(spec.minimum, int | float) and number < spec.minimum:
                errors.append(FactError(name, "too_small", f"{label_zh}不能小于{spec.minimum:g}", f"{label_en} must be at least {spec.minimum:g}"))
                continue
            if isinstance(spec.maximum, int | float) and number > spec.maximum:
                errors.append(FactError(name, "too_large", f"{label_zh}不能大于{spec.maximum:g}", f"{label_en} must be at most {spec.maximum:g}"))
                continue
            clean[name] = number
        elif t == "date":
            d = _parse_date(value)
            if d is None:
                errors.append(FactError(name, "invalid", f"{label_zh}应为日期（YYYY-MM-DD）", f"{label_en} must be a date (YYYY-MM-DD)"))
                continue
            if spec.not_after_today and d > on:
                errors.append(FactError(name, "in_future", f"{label_zh}不能晚于今天", f"{label_en} cannot be in the future"))
                continue
            if isinstance(spec.minimum, date) and d < spec.minimum:
                errors.append(FactError(name, "too_early", f"{label_zh}不能早于{spec.minimum.isoformat()}", f"{label_en} cannot be before {spec.minimum.isoformat()}"))
                continue
            if isinstance(spec.maximum, date) and d > spec.maximum:
                errors.append(FactError(name, "too_late", f"{label_zh}不能晚于{spec.maximum.isoformat()}", f"{label_en} cannot be after {spec.maximum.isoformat()}"))
                continue
            clean[name] = d
        elif t == "enum":
            if not isinstance(value, str) or value not in spec.values:
                allowed = ", ".join(spec.values)
                errors.append(FactError(name, "invalid_choice", f"{label_zh}的取值无效（可选：{allowed}）", f"{label_en} must be one of: {allowed}"))
                continue
            clean[name] = value
        else:
            if not isinstance(value, str) or not value.strip():
                errors.append(FactError(name, "invalid", f"{label_zh}应为文字", f"{label_en} must be a text"))
                continue
            clean[name] = value.strip()
    # Cross-field sanity: nobody graduates before being born or as a young child.
    birth, grad = clean.get("birth_date"), clean.get("graduation_date")
    if isinstance(birth, date) and isinstance(grad, date) and grad.year - birth.year < 10:
        errors.append(
            FactError(
                "graduation_date",
                "inconsistent",
                "毕业时间与出生日期不一致",
                "Graduation date is inconsistent with the birth date",
            )
        )
    if errors:
        raise FactsError(errors)
    return clean


def to_internal(schema: Mapping[str, FactSpec], clean: Mapping[str, Any]) -> dict[str, Any]:
    """Facts in the evaluators' representation: dates become day ordinals."""
    out: dict[str, Any] = {}
    for name, value in clean.items():
        if isinstance(value, date):
            out[name] = value.toordinal()
        else:
            out[name] = value
    return out
