"""The internship living-allowance rule: at least 80% of the monthly minimum wage in force in the
month, in the county (tier) where the internship base's position is, for the days attended.

    amount = share × minimum_wage(tier of the county, month) × min(1, attended / working days of the month)

rounded to the fen. The minimum wage table, the county tiers and the share come from the city
pack's ``careers.yaml`` (dated values, each with its source), so a new provincial notice is a
data change. See docs/careers.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from youthcity.core.city_pack import current_pack


@dataclass(frozen=True)
class WageTable:
    share: Decimal  # of the minimum wage, at least
    tiers: dict[int, list[tuple[dt.date, Decimal]]]  # tier → [(from, monthly wage)], sorted
    county_tier: dict[str, int]  # region code → tier
    default_tier: int
    source: str

    def wage(self, tier: int, on: dt.date) -> Decimal | None:
        value = None
        for since, amount in self.tiers.get(tier, []):
            if since <= on:
                value = amount
        return value

    def tier_of(self, region_code: str) -> int:
        return self.county_tier.get(str(region_code), self.default_tier)


def table_from(data: dict | None) -> WageTable | None:
    if not data or not data.get("minimum_wage"):
        return None
    mw = data["minimum_wage"]
    tiers = {int(t): sorted((dt.date.fromisoformat(str(d)), Decimal(str(v))) for d, v in values.items())
             for t, values in mw["tiers"].items()}
    county = {str(code): int(tier) for tier, codes in (mw.get("counties") or {}).items() for code in codes}
    return WageTable(share=Decimal(str(data.get("allowance_share", "0.8"))), tiers=tiers, county_tier=county,
                     default_tier=int(mw.get("default_tier", 1)), source=str(mw.get("source", "")))


@lru_cache(maxsize=4)
def _table(pack_key: str) -> WageTable | None:
    return table_from(current_pack().read_yaml("careers.yaml"))


def wage_table() -> WageTable | None:
    return _table(str(current_pack().path))


@dataclass(frozen=True)
class AllowanceQuote:
    tier: int
    minimum_wage: Decimal
    share: Decimal
    working_days: int
    attended: int
    amount: Decimal


def quote(table: WageTable, *, region_code: str, month: dt.date, attended: int, working_days: int) -> AllowanceQuote | None:
    """The allowance for one intern and month, or None when no minimum wage is known for it."""
    tier = table.tier_of(region_code)
    wage = table.wage(tier, month)
    if wage is None or working_days <= 0:
        return None
    fraction = min(Decimal(1), Decimal(attended) / Decimal(working_days))
    amount = (table.share * wage * fraction).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return AllowanceQuote(tier=tier, minimum_wage=wage, share=table.share, working_days=working_days,
                          attended=attended, amount=amount)
