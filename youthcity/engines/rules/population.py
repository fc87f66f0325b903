"""A seeded synthetic population of young people (14–35) for microsimulation.

The distributions are ILLUSTRATIVE: their shape follows the kind of figures published in China's
7th population census (2020) tables on age and educational attainment, NBS labour-force survey
releases on youth employment, and municipal statistical yearbooks on migrant shares, rounded and
simplified.  They are not any city's statistics; a city's own facts (districts, hukou shares)
come from its pack as a `CityProfile`.

Distributions (all draws from `numpy.random.Generator(PCG64(seed))`):

* **Age** 14–35 in whole years, weights 0.85 for ages 14–24, 1.0 for 25–29, 1.2 for 30–35
  (the 1985–1995 birth cohorts are larger); birth day uniform within the year.
* **Target education** (highest level a person reaches): none 3%, junior high 30%, senior high 12%,
  secondary vocational 10%, preparatory technician 1.5%, technician 1.5%, associate 18%,
  bachelor 20%, master 3.5%, doctorate 0.5%.
* **Graduation** on 1 July of the year the person reaches the level's usual completion age
  (junior high 15, senior high / vocational 18, technician and associate 21, bachelor 22,
  master 25, doctorate 29) plus a delay of 0/1/2 years (70/20/10%).  Anyone whose graduation would
  fall after the evaluation date is still studying: employment status "student" and the education
  level falls back to the last level already completed.  So tertiary graduation is always after
  the 18th birthday and never in the future.
* **Full-time study**: 85% for tertiary and technician levels, 95% otherwise.
* **Cities**: the hukou city is drawn with the city profile's shares (`CityProfile.hukou_shares`,
  from the pack's ``city.yaml``; Luoyang's: Luoyang 62%, Zhengzhou 10%, Nanyang 7%, Kaifeng 5%,
  Xinxiang 5%, Xi'an 3%, Beijing 2%, other 6%); the home city equals the hukou city for 80% and
  is the city itself otherwise; the current city is the city itself for 90%.
* **Employment** (non-students): employed 74%, self-employed 7%, unemployed 12%, not in the labour
  force 7%.  Job seeking: 85% of the unemployed, 30% of students aged 20+, 8% of the employed.
  Interview invitations: 35% of job seekers.  Interns: 8% of students aged 19+, 15% of unemployed
  tertiary graduates; internship length 1–12 months.
* **Start-ups**: 60% of the self-employed and 1% of other adults found a business; 35% of founders
  use an incubator; their enterprises are private 97%, registered in the city 85%, have hired
  graduates 30%, run a university base 3%.  Non-founders have no enterprise (flags false).
* **Housing and family**: home ownership rises 3 points a year after 22 (cap 50%); 6% of employed
  non-owners aged 20+ rent guaranteed rental housing; a school-age child for 6% per year of age
  after 25 (cap 60%).
* **District**: drawn with the profile's district weights (uniform without them); work and
  enterprise district equal the home district.

`missing_share` blanks that share of every fact at random (through `<fact>.known` masks) to
exercise the three-valued logic.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np

from .city import CityProfile
from .loader import load_facts
from .model import FactSpec
from .vector import PopulationTable

_EDUCATION_SHARES: dict[str, float] = {
    "none": 0.03,
    "junior_high": 0.30,
    "senior_high": 0.12,
    "vocational": 0.10,
    "preparatory_technician": 0.015,
    "technician": 0.015,
    "associate": 0.18,
    "bachelor": 0.20,
    "master": 0.035,
    "doctorate": 0.005,
}
_COMPLETION_AGE: dict[str, int] = {
    "none": 0,
    "junior_high": 15,
    "senior_high": 18,
    "vocational": 18,
    "preparatory_technician": 21,
    "technician": 21,
    "associate": 21,
    "bachelor": 22,
    "master": 25,
    "doctorate": 29,
}
_PREVIOUS_LEVEL: dict[str, str] = {
    "none": "none",
    "junior_high": "none",
    "senior_high": "junior_high",
    "vocational": "junior_high",
    "preparatory_technician": "vocational",
    "technician": "vocational",
    "associate": "senior_high",
    "bachelor": "senior_high",
    "master": "bachelor",
    "doctorate": "master",
}
_TERTIARY_OR_TECHNICIAN = ("preparatory_technician", "technician", "associate", "bachelor", "master", "doctorate")
_TERTIARY = ("associate", "bachelor", "master", "doctorate")

DEFAULT_ON = date(2024, 7, 1)


def _july_first_ordinals(years: np.ndarray) -> np.ndarray:
    """Day ordinal of 1 July for each year (vectorised through datetime64)."""
    d = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]") + np.timedelta64(181, "D")
    # 181 days after 1 January is 1 July in common years and 30 June in leap years; fix leap years.
    leap = ((years % 4 == 0) & (years % 100 != 0)) | (years % 400 == 0)
    d = d + leap.astype("timedelta64[D]")
    out: np.ndarray = d.astype(np.int64) + date(1970, 1, 1).toordinal()
    return out


def synthetic_population(
    n: int,
    seed: int,
    city: CityProfile,
    on: date = DEFAULT_ON,
    missing_share: float = 0.0,
    facts: Mapping[str, FactSpec] | None = None,
) -> PopulationTable:
    """Generate `n` synthetic young people of `city` as a `PopulationTable` (see module docs).

    Same `(n, seed, city, on, missing_share)` → identical table.  Besides the facts, the table
    has a `district` column (codes into `table.categories["district"]`).
    """
    if n < 0:
        raise ValueError("n must be non-negative")
    districts = city.districts
    schema = facts if facts is not None else load_facts()
    rng = np.random.Generator(np.random.PCG64(seed))
    edu_values = schema["education_level"].values
    emp_values = schema["employment_status"].values

    def code(values: tuple[str, ...], name: str) -> int:
        return values.index(name)

    # -- age and birth date ---------------------------------------------------------------------
    ages = np.arange(14, 36)
    w = np.where(ages < 25, 0.85, np.where(ages < 30, 1.0, 1.2))
    age = rng.choice(ages, size=n, p=w / w.sum())
    today = on.toordinal()
    birth = today - age * 365 - np.floor(age / 4).astype(np.int64) - rng.integers(0, 365, size=n)
    # Leap days make the arithmetic above miss by a day at the edges; pull those back into range.
    edge_age = years_between_days(birth, today)
    birth = np.where(edge_age < 14, birth - 2, np.where(edge_age > 35, birth + 2, birth))
    birth_year = (
        (birth - date(1970, 1, 1).toordinal()).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
        + 1970
    )
    age_now = years_between_days(birth, today)

    # -- education and graduation ---------------------------------------------------------------
    levels = list(_EDUCATION_SHARES)
    shares = np.array([_EDUCATION_SHARES[lv] for lv in levels])
    target = rng.choice(len(levels), size=n, p=shares / shares.sum())
    delay = rng.choice(3, size=n, p=[0.7, 0.2, 0.1])
    completion = np.array([_COMPLETION_AGE[lv] for lv in levels])
    previous = np.array([levels.index(_PREVIOUS_LEVEL[lv]) for lv in levels])
    level = target.copy()
    grad = _july_first_ordinals(birth_year + completion[level] + delay)
    student = np.zeros(n, dtype=np.bool_)
    for _ in range(len(levels)):
        late = (grad > today) & (level != levels.index("none"))
        if not late.any():
            break
        student |= late
        level = np.where(late, previous[level], level)
        grad = np.where(late, _july_first_ordinals(birth_year + completion[level]), grad)
    has_grad = level != levels.index("none")
    student |= ~has_grad & (age_now < 18)
    # Map our level order onto the facts schema's enum codes.
    level_code = np.array([code(edu_values, lv) for lv in levels], dtype=np.int8)[level]
    tertiary_tech = np.isin(level, [levels.index(x) for x in _TERTIARY_OR_TECHNICIAN])
    tertiary = np.isin(level, [levels.index(x) for x in _TERTIARY])
    full_time = rng.random(n) < np.where(tertiary_tech, 0.85, 0.95)

    # -- cities ---------------------------------------------------------------------------------
    cities = city.cities
    weights = np.array([share for _, share in city.hukou_shares])
    hukou = rng.choice(len(cities), size=n, p=weights / weights.sum()).astype(np.int16)
    local = np.int16(cities.index(city.city))
    home = np.where(rng.random(n) < 0.8, hukou, local).astype(np.int16)
    current = np.where(rng.random(n) < 0.9, local, home).astype(np.int16)

    # -- employment -----------------------------------------------------------------------------
    emp_draw = rng.choice(4, size=n, p=[0.74, 0.07, 0.12, 0.07])
    emp_names = np.array(
        [code(emp_values, x) for x in ("employed", "self_employed", "unemployed", "not_in_labour_force")],
        dtype=np.int8,
    )
    employment = np.where(student, np.int8(code(emp_values, "student")), emp_names[emp_draw]).astype(np.int8)
    is_unemployed = ~student & (emp_draw == 2)
    is_employed = ~student & (emp_draw == 0)
    is_self = ~student & (emp_draw == 1)
    p_seek = np.select(
        [is_unemployed, student & (age_now >= 20), is_employed, is_self],
        [0.85, 0.30, 0.08, 0.05],
        default=0.02,
    )
    seeking = rng.random(n) < p_seek
    invited = rng.random(n) < np.where(seeking, 0.35, 0.02)
    p_intern = np.select([student & (age_now >= 19), is_unemployed & tertiary], [0.08, 0.15], default=0.005)
    intern = rng.random(n) < p_intern
    intern_months = np.where(intern, rng.integers(1, 13, size=n), 0).astype(np.int16)

    # -- start-ups ------------------------------------------------------------------------------
    founder = rng.random(n) < np.where(is_self, 0.6, np.where(age_now >= 20, 0.01, 0.0))
    incubator = founder & (rng.random(n) < 0.35)
    ent_private = founder & (rng.random(n) < 0.97)
    ent_in_city = founder & (rng.random(n) < 0.85)
    ent_hired = founder & (rng.random(n) < 0.30)
    ent_base = founder & (rng.random(n) < 0.03)

    # -- housing and family ---------------------------------------------------------------------
    owns = rng.random(n) < np.clip((age_now - 22) * 0.03, 0.0, 0.5)
    renter = rng.random(n) < np.where(is_employed & ~owns & (age_now >= 20), 0.06, 0.0)
    child = rng.random(n) < np.clip((age_now - 25) * 0.06, 0.0, 0.6)

    if city.district_weights:
        w = np.array(city.district_weights)
        district = rng.choice(len(districts), size=n, p=w / w.sum()).astype(np.int16)
    else:
        district = rng.integers(0, len(districts), size=n).astype(np.int16)

    columns: dict[str, np.ndarray] = {
        "birth_date": birth.astype(np.int32),
        "education_level": level_code,
        "graduation_date": np.where(has_grad, grad, 0).astype(np.int32),
        "graduation_date.known": has_grad,
        "is_full_time": full_time,
        "hukou_city": hukou,
        "home_city": home,
        "current_city": current,
        "employment_status": employment,
        "is_job_seeking": seeking,
        "has_interview_invitation": invited,
        "is_intern": intern,
        "internship_months": intern_months,
        "owns_home_in_city": owns,
        "is_startup_founder": founder,
        "uses_incubator": incubator,
        "enterprise_is_private": ent_private,
        "enterprise_in_city": ent_in_city,
        "enterprise_district": district.copy(),
        "enterprise_hired_graduates": ent_hired,
        "enterprise_has_university_base": ent_base,
        "rents_guaranteed_housing": renter,
        "has_school_age_child": child,
        "work_district": district.copy(),
        "district": district,
    }
    if missing_share > 0:
        for name in list(columns):
            if name.endswith(".known") or name == "district":
                continue
            keep = rng.random(n) >= missing_share
            prior = columns.get(f"{name}.known")
            columns[f"{name}.known"] = keep if prior is None else (keep & prior)
    dcats = tuple(districts)
    categories = {
        "hukou_city": cities,
        "home_city": cities,
        "current_city": cities,
        "enterprise_district": dcats,
        "work_district": dcats,
        "district": dcats,
    }
    return PopulationTable(columns, categories)


def years_between_days(start: np.ndarray, end: int) -> np.ndarray:
    """Whole years from day ordinals `start` to day ordinal `end`."""
    days = (start.astype(np.int64) - date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    mi = months.astype(np.int64)
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    e = date.fromordinal(end)
    emi = (e.year - 1970) * 12 + e.month - 1
    years: np.ndarray = np.floor_divide((emi - mi) - (e.day < day), 12)
    return years
