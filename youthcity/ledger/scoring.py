"""The annual assessment formula (年度综合考核). Pure functions, no Django.

    score = 100 × Σ wᵢ·cᵢ / Σ wᵢ   over the components that have data

- completion  c₁ = mean progress (0…1) of the measures the unit leads;
- timeliness  c₂ = share of the unit's due reports (measure × period) submitted by the due date;
- quality     c₃ = mean coordinator rating of the unit's accepted reports, divided by 5.

A component without data (no rating yet, nothing due yet) is left out and the remaining
weights are renormalised, so a unit is never punished for a report that was not yet due.
Weights default to 50/30/20 and are configured with ``settings.LEDGER_ASSESSMENT_WEIGHTS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_WEIGHTS = {"completion": Decimal(50), "timeliness": Decimal(30), "quality": Decimal(20)}


def weights_from(config: dict | None) -> dict[str, Decimal]:
    weights = dict(DEFAULT_WEIGHTS)
    for key, value in (config or {}).items():
        if key not in weights:
            raise ValueError(f"unknown assessment component {key!r}")
        value = Decimal(str(value))
        if value < 0:
            raise ValueError("weights must not be negative")
        weights[key] = value
    if sum(weights.values()) <= 0:
        raise ValueError("at least one weight must be positive")
    return weights


@dataclass(frozen=True)
class Score:
    completion: Decimal | None
    timeliness: Decimal | None
    quality: Decimal | None
    total: Decimal | None


def score(*, completion: Decimal | None, timeliness: Decimal | None, quality: Decimal | None,
          weights: dict[str, Decimal] | None = None) -> Score:
    """Combine the three components (each 0…1 or None) into a 0–100 score (None without any data)."""
    weights = weights or DEFAULT_WEIGHTS
    parts = {"completion": completion, "timeliness": timeliness, "quality": quality}
    used = {k: v for k, v in parts.items() if v is not None and weights[k] > 0}
    total = None
    if used:
        denominator = sum(weights[k] for k in used)
        raw = Decimal(100) * sum(weights[k] * v for k, v in used.items()) / denominator
        total = raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Score(completion=completion, timeliness=timeliness, quality=quality, total=total)
