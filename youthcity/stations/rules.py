"""Youth-station booking rules read from the city's `youth_station_stay` policy parameters.

The booking service enforces these limits (:mod:`.services.limits`); eligibility itself comes
from evaluating the policy with the rules engine. Caps and windows of 0 mean "the plan sets no
such limit". This is the stations domain's reading of a policy, so it lives here, not in the
generic rules engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from youthcity.engines.rules import Overrides, PolicySet

YOUTH_STATION_POLICY = "youth_station_stay"
YOUTH_STATION_PARAMETERS = (
    "youth_station.max_nights_per_stay",
    "youth_station.cumulative_nights_cap",
    "youth_station.cumulative_window",
    "youth_station.cumulative_window_years",
    "youth_station.graduation_window_years",
    "youth_station.min_booking_lead_days",
    "youth_station.lead_time_in_working_days",
    "youth_station.max_stays",
)
CUMULATIVE_WINDOWS = ("total", "calendar_year", "rolling_year", "since_graduation")


@dataclass(frozen=True, slots=True)
class StationRules:
    """Limits for youth-station stays on a date (0 = no such limit)."""

    max_nights_per_stay: int
    cumulative_nights_cap: int
    cumulative_window: str
    cumulative_window_years: int
    graduation_window_years: int
    min_booking_lead_days: int
    lead_time_in_working_days: bool
    max_stays: int


def youth_station_rules(policy_set: PolicySet, on: date, overrides: Overrides | None = None) -> StationRules:
    """The youth-station limits in force on `on` (with optional what-if overrides)."""
    values = policy_set.parameter_values(on, overrides)

    def number(name: str) -> int:
        v = values.get(f"youth_station.{name}")
        if v is None or isinstance(v, bool) or not isinstance(v, int | float):
            raise ValueError(f"youth_station.{name} is not set on {on.isoformat()}")
        return int(v)

    window = values.get("youth_station.cumulative_window")
    if window not in CUMULATIVE_WINDOWS:
        raise ValueError(f"youth_station.cumulative_window must be one of {', '.join(CUMULATIVE_WINDOWS)}")
    return StationRules(
        max_nights_per_stay=number("max_nights_per_stay"),
        cumulative_nights_cap=number("cumulative_nights_cap"),
        cumulative_window=str(window),
        cumulative_window_years=number("cumulative_window_years"),
        graduation_window_years=number("graduation_window_years"),
        min_booking_lead_days=number("min_booking_lead_days"),
        lead_time_in_working_days=bool(values.get("youth_station.lead_time_in_working_days")),
        max_stays=number("max_stays"),
    )
