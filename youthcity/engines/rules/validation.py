"""Validating person facts against the facts schema, with bilingual field errors.

The API answers malformed facts (age −3, a graduation date in the future, an unknown education
level) with 422 and these errors; the engine never guesses a value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
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
        checked = _CHECKS.get(spec.type, _text)(spec, value, on)
        if isinstance(checked, FactError):
            errors.append(checked)
        else:
            clean[name] = checked
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


def _bool(spec: FactSpec, value: Any, on: date) -> Any:
    if not isinstance(value, bool):
        return FactError(spec.name, "invalid", f"{spec.label.zh}应为“是”或“否”", f"{spec.label.en} must be true or false")
    return value


def _number(spec: FactSpec, value: Any, on: date) -> Any:
    name, label_zh, label_en = spec.name, spec.label.zh, spec.label.en
    not_a_number = FactError(name, "invalid", f"{label_zh}应为数字", f"{label_en} must be a number")
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return not_a_number
    try:
        num = float(value)
    except (ValueError, OverflowError):
        return not_a_number
    if not math.isfinite(num):  # "Inf", "NaN", "1e400": a number, but not one a person has
        return FactError(name, "invalid", f"{label_zh}应为有限的数字", f"{label_en} must be a finite number")
    number: int | float = num
    if spec.type == "int":
        if num != int(num):
            return FactError(name, "invalid", f"{label_zh}应为整数", f"{label_en} must be a whole number")
        number = int(num)
    if isinstance(spec.minimum, int | float) and number < spec.minimum:
        return FactError(name, "too_small", f"{label_zh}不能小于{spec.minimum:g}", f"{label_en} must be at least {spec.minimum:g}")
    if isinstance(spec.maximum, int | float) and number > spec.maximum:
        return FactError(name, "too_large", f"{label_zh}不能大于{spec.maximum:g}", f"{label_en} must be at most {spec.maximum:g}")
    return number


def _date(spec: FactSpec, value: Any, on: date) -> Any:
    name, label_zh, label_en = spec.name, spec.label.zh, spec.label.en
    d = _parse_date(value)
    if d is None:
        return FactError(name, "invalid", f"{label_zh}应为日期（YYYY-MM-DD）", f"{label_en} must be a date (YYYY-MM-DD)")
    if spec.not_after_today and d > on:
        return FactError(name, "in_future", f"{label_zh}不能晚于今天", f"{label_en} cannot be in the future")
    if isinstance(spec.minimum, date) and d < spec.minimum:
        low = spec.minimum.isoformat()
        return FactError(name, "too_early", f"{label_zh}不能早于{low}", f"{label_en} cannot be before {low}")
    if isinstance(spec.maximum, date) and d > spec.maximum:
        high = spec.maximum.isoformat()
        return FactError(name, "too_late", f"{label_zh}不能晚于{high}", f"{label_en} cannot be after {high}")
    return d


def _enum(spec: FactSpec, value: Any, on: date) -> Any:
    if not isinstance(value, str) or value not in spec.values:
        allowed = ", ".join(spec.values)
        return FactError(
            spec.name, "invalid_choice", f"{spec.label.zh}的取值无效（可选：{allowed}）", f"{spec.label.en} must be one of: {allowed}"
        )
    return value


def _text(spec: FactSpec, value: Any, on: date) -> Any:
    if not isinstance(value, str) or not value.strip():
        return FactError(spec.name, "invalid", f"{spec.label.zh}应为文字", f"{spec.label.en} must be a text")
    return value.strip()


# Fact type -> checker: the clean value, or the field's error.
_CHECKS: dict[str, Callable[[FactSpec, Any, date], Any]] = {
    "bool": _bool,
    "int": _number,
    "number": _number,
    "date": _date,
    "enum": _enum,
}


def to_internal(schema: Mapping[str, FactSpec], clean: Mapping[str, Any]) -> dict[str, Any]:
    """Facts in the evaluators' representation: dates become day ordinals."""
    out: dict[str, Any] = {}
    for name, value in clean.items():
        if isinstance(value, date):
            out[name] = value.toordinal()
        else:
            out[name] = value
    return out
