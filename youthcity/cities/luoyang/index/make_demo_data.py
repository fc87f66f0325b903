"""Generate ``demo_data.csv``: SYNTHETIC indicator data for Luoyang's 14 districts and counties.

THE NUMBERS ARE INVENTED. They are plausible in size (urban districts younger and better
served than mountain counties, slow improvement from 2022 to 2024) so that the default
framework can be demonstrated and tested; they are not statistics and must not be published
as such. Re-run to regenerate exactly (seeded):

    .venv/bin/python youthcity/cities/luoyang/index/make_demo_data.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

SEED = 20250601
PERIODS = ("2022", "2023", "2024")

# (name, urbanisation 0..1): core districts high, mountain counties low.
UNITS = (
    ("洛龙区", 1.00),
    ("西工区", 0.95),
    ("涧西区", 0.95),
    ("老城区", 0.85),
    ("瀍河回族区", 0.80),
    ("偃师区", 0.60),
    ("孟津区", 0.55),
    ("新安县", 0.40),
    ("伊川县", 0.40),
    ("宜阳县", 0.30),
    ("汝阳县", 0.20),
    ("洛宁县", 0.20),
    ("栾川县", 0.25),
    ("嵩县", 0.10),
)

# code: (value in a rural county, value in the core, noise sd, change per year, decimals, lo, hi)
PROFILES: dict[str, tuple[float, float, float, float, int, float, float]] = {
    "youth_share": (19.0, 31.0, 1.2, 0.1, 1, 0, 100),
    "youth_net_inflow": (-14.0, 16.0, 4.0, 1.0, 1, -500, 500),
    "graduate_retention": (18.0, 52.0, 4.0, 1.5, 1, 0, 100),
    "tertiary_25_34": (22.0, 58.0, 3.0, 1.0, 1, 0, 100),
    "skills_training": (450.0, 980.0, 120.0, 40.0, 0, 0, 10000),
    "culture_facilities": (3.5, 8.5, 1.0, 0.4, 2, 0, 200),
    "youth_unemployment": (19.0, 13.0, 2.0, -0.4, 1, 0, 100),
    "neet_rate": (17.0, 9.5, 1.5, -0.4, 1, 0, 100),
    "youth_enterprises": (90.0, 260.0, 30.0, 10.0, 0, 0, 5000),
    "startup_loans": (12.0, 30.0, 5.0, 2.0, 1, 0, 1000),
    "rental_housing": (40.0, 420.0, 50.0, 45.0, 0, 0, 10000),
    "rent_income_ratio": (19.0, 33.0, 2.5, 0.3, 1, 0, 200),
    "youth_beds": (8.0, 75.0, 10.0, 8.0, 0, 0, 5000),
    "commute_45": (90.0, 76.0, 3.0, 0.5, 1, 0, 100),
    "fitness_pass": (88.5, 92.0, 1.2, 0.3, 1, 0, 100),
    "mental_health_staff": (1.8, 7.5, 0.8, 0.5, 2, 0, 500),
    "juvenile_crime": (38.0, 55.0, 9.0, -2.5, 1, 0, 10000),
    "youth_injury_deaths": (31.0, 15.0, 4.0, -1.0, 1, 0, 1000),
    "first_marriage_age": (25.6, 29.8, 0.5, 0.25, 1, 15, 60),
    "childcare_places": (1.6, 3.6, 0.4, 0.35, 2, 0, 50),
    "inclusive_kindergarten": (84.0, 91.0, 2.5, 1.0, 1, 0, 100),
    "volunteer_share": (14.0, 27.0, 3.0, 1.5, 1, 0, 100),
    "young_deputies": (4.5, 7.5, 1.2, 0.2, 1, 0, 100),
    "youth_orgs": (1.2, 4.8, 0.6, 0.3, 2, 0, 500),
    "youth_home_coverage": (45.0, 90.0, 10.0, 8.0, 1, 0, 100),
    "youth_budget_share": (0.25, 0.75, 0.1, 0.06, 2, 0, 100),
}

# Cells left empty on purpose, to exercise imputation and the coverage threshold:
# 栾川县 2022 misses 3 of 5 participation indicators (below 2/3 → excluded from that domain).
MISSING = (
    ("栾川县", "2022", "young_deputies"),
    ("栾川县", "2022", "youth_orgs"),
    ("栾川县", "2022", "youth_budget_share"),
    ("嵩县", "2023", "mental_health_staff"),
    ("汝阳县", "2024", "youth_net_inflow"),
    ("瀍河回族区", "2022", "commute_45"),
    ("孟津区", "2024", "startup_loans"),
    ("老城区", "2023", "neet_rate"),
)


def generate() -> list[dict[str, str]]:
    rng = np.random.default_rng(SEED)
    unit_effect = {name: rng.normal(0.0, 0.5, size=len(PROFILES)) for name, _ in UNITS}
    rows = []
    for t, period in enumerate(PERIODS):
        for name, urban in UNITS:
            row = {"unit": name, "period": period}
            for k, (code, (rural, core, sd, trend, dec, lo, hi)) in enumerate(PROFILES.items()):
                value = rural + (core - rural) * urban + trend * t
                value += sd * (unit_effect[name][k] + 0.35 * rng.normal())
                value = float(np.clip(value, lo, hi))
                row[code] = f"{value:.{dec}f}"
            rows.append(row)
    for unit, period, code in MISSING:
        for row in rows:
            if row["unit"] == unit and row["period"] == period:
                row[code] = ""
    return rows


def main() -> None:
    out = Path(__file__).with_name("demo_data.csv")
    rows = generate()
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["unit", "period", *PROFILES], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} rows of SYNTHETIC data to {out}")


if __name__ == "__main__":
    main()
