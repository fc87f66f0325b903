"""The same rules as ``youthcity/cities/luoyang/policies`` written idiomatically for openfisca-core.

Bench-only.  One Person entity, MONTH periods, dated formulas for the policies in force from the
plan date (2021-12-02), parameters in ``parameters/``.  Each policy has an eligibility variable
``<policy>__eligible`` (bool) and, where it has an amount, ``<policy>__amount`` (float; NaN where
the city has yet to set the figure, 0 where not eligible).  OpenFisca has no "unknown": the peer
is only compared on complete populations.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy
from openfisca_core.entities import build_entity
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

MONTH = DateUnit.MONTH

Person = build_entity(key="person", plural="persons", label="A young person", is_person=True)


class EducationLevel(Enum):
    none = "none"
    junior_high = "junior_high"
    senior_high = "senior_high"
    vocational = "vocational"
    preparatory_technician = "preparatory_technician"
    technician = "technician"
    associate = "associate"
    bachelor = "bachelor"
    master = "master"
    doctorate = "doctorate"


class EmploymentStatus(Enum):
    student = "student"
    employed = "employed"
    self_employed = "self_employed"
    unemployed = "unemployed"
    not_in_labour_force = "not_in_labour_force"


class City(Enum):
    luoyang = "luoyang"
    zhengzhou = "zhengzhou"
    nanyang = "nanyang"
    kaifeng = "kaifeng"
    xinxiang = "xinxiang"
    xian = "xian"
    beijing = "beijing"
    other = "other"


class District(Enum):
    laocheng = "laocheng"
    xigong = "xigong"
    chanhe = "chanhe"
    jianxi = "jianxi"
    luolong = "luolong"
    yanshi = "yanshi"
    mengjin = "mengjin"
    xin_an = "xin_an"
    yichuan = "yichuan"
    ruyang = "ruyang"
    songxian = "songxian"
    luanchuan = "luanchuan"
    luoning = "luoning"
    yiyang = "yiyang"


ENUMS: dict[str, type[Enum]] = {
    "education_level": EducationLevel,
    "employment_status": EmploymentStatus,
    "hukou_city": City,
    "home_city": City,
    "current_city": City,
    "work_district": District,
    "enterprise_district": District,
}
DATE_INPUTS = ("birth_date", "graduation_date")
BOOL_INPUTS = (
    "is_full_time", "is_job_seeking", "has_interview_invitation", "is_intern", "is_startup_founder",
    "uses_incubator", "enterprise_is_private", "enterprise_in_city", "enterprise_hired_graduates",
    "enterprise_has_university_base", "rents_guaranteed_housing", "has_school_age_child",
)
INT_INPUTS = ("internship_months",)

POLICIES_WITH_AMOUNT = (
    "interview_travel_subsidy", "youth_station_stay", "internship_living_allowance",
    "private_enterprise_hiring_subsidy", "enterprise_university_base_subsidy", "incubator_rent_waiver",
    "startup_guaranteed_loan", "guaranteed_rental_housing_priority", "luolong_talent_apartment",
)
POLICIES = POLICIES_WITH_AMOUNT + (
    "talent_apartment_city", "talent_apartment_shared_ownership", "tenant_equal_public_services",
    "luolong_youth_startup_home", "luolong_children_schooling", "pilot_internship_placement",
    "pilot_startup_support",
)


def _input(name: str, value_type: Any, **extra: Any) -> type[Variable]:
    attrs: dict[str, Any] = {"value_type": value_type, "entity": Person, "definition_period": MONTH, "label": name}
    attrs.update(extra)
    return type(name, (Variable,), attrs)


def _months_between(earlier: Any, instant_date: date) -> Any:
    """Whole months from each date in `earlier` (datetime64[D]) to `instant_date`."""
    months = earlier.astype("datetime64[M]")
    day = (earlier - months.astype("datetime64[D]")).astype(numpy.int64) + 1
    later_month = numpy.datetime64(instant_date, "M")
    return (later_month - months).astype(numpy.int64) - (instant_date.day < day)


# -- derived variables -------------------------------------------------------------------------


class age(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Age in whole years"

    def formula(person, period, parameters):
        return numpy.floor_divide(_months_between(person("birth_date", period), period.start.date), 12)


class months_since_graduation(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Whole months since graduation"

    def formula(person, period, parameters):
        return _months_between(person("graduation_date", period), period.start.date)


class out_of_town(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Neither hukou nor home in Luoyang"

    def formula(person, period, parameters):
        return (person("hukou_city", period) != City.luoyang) * (person("home_city", period) != City.luoyang)


class university_graduate(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Associate degree or higher"

    def formula(person, period, parameters):
        edu = person("education_level", period)
        return (
            (edu == EducationLevel.associate) + (edu == EducationLevel.bachelor)
            + (edu == EducationLevel.master) + (edu == EducationLevel.doctorate)
        )


class bachelor_or_above(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Bachelor's degree or higher"

    def formula(person, period, parameters):
        edu = person("education_level", period)
        return (edu == EducationLevel.bachelor) + (edu == EducationLevel.master) + (edu == EducationLevel.doctorate)


class luolong_talent(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Bachelor+ or full-time (preparatory) technician"

    def formula(person, period, parameters):
        edu = person("education_level", period)
        technician = (edu == EducationLevel.preparatory_technician) + (edu == EducationLevel.technician)
        return person("bachelor_or_above", period) + technician * person("is_full_time", period)


class is_youth(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Age at most the youth upper bound"

    def formula(person, period, parameters):
        return person("age", period) <= parameters(period).youth_max_age


# -- policies ----------------------------------------------------------------------------------


def _policy(name: str, eligible: Any, amount: Any = None, dated: bool = True) -> list[type[Variable]]:
    """Eligibility (and amount) variables; `dated` policies start with the plan on 2021-12-02."""
    key = "formula_2021_12_02" if dated else "formula"
    out = [type(f"{name}__eligible", (Variable,), {
        "value_type": bool, "entity": Person, "definition_period": MONTH, "label": name, key: eligible,
    })]
    if amount is not None:
        out.append(type(f"{name}__amount", (Variable,), {
            "value_type": float, "entity": Person, "definition_period": MONTH, "label": f"{name} amount",
            key: amount,
        }))
    return out


def _open_amount(name: str) -> Any:
    def formula(person: Any, period: Any, parameters: Any) -> Any:
        return numpy.where(person(f"{name}__eligible", period), numpy.nan, 0.0)
    return formula


def _scaled(name: str, value: Any) -> Any:
    def formula(person: Any, period: Any, parameters: Any) -> Any:
        return person(f"{name}__eligible", period) * value(parameters(period))
    return formula


POLICY_VARIABLES: list[type[Variable]] = []
POLICY_VARIABLES += _policy(
    "interview_travel_subsidy",
    lambda p, t, _: p("out_of_town", t) * p("university_graduate", t) * p("has_interview_invitation", t),
    _open_amount("interview_travel_subsidy"),
)
POLICY_VARIABLES += _policy(
    "youth_station_stay",
    lambda p, t, par: p("out_of_town", t) * p("university_graduate", t) * p("is_job_seeking", t) * (
        (par(t).youth_station.graduation_window_years == 0)
        + (p("months_since_graduation", t) < 12 * par(t).youth_station.graduation_window_years)
    ),
    _scaled("youth_station_stay", lambda par: par.youth_station.max_nights_per_stay),
)
POLICY_VARIABLES += _policy(
    "internship_living_allowance",
    lambda p, t, _: p("is_intern", t) * p("university_graduate", t),
    _scaled("internship_living_allowance", lambda par: par.internship_allowance_share * par.minimum_wage),
)
POLICY_VARIABLES += _policy(
    "private_enterprise_hiring_subsidy",
    lambda p, t, _: p("enterprise_is_private", t) * p("enterprise_in_city", t) * p("enterprise_hired_graduates", t),
    _open_amount("private_enterprise_hiring_subsidy"),
)
POLICY_VARIABLES += _policy(
    "enterprise_university_base_subsidy",
    lambda p, t, _: p("enterprise_in_city", t) * p("enterprise_has_university_base", t),
    _scaled("enterprise_university_base_subsidy", lambda par: par.amounts.university_base_subsidy_min),
)
POLICY_VARIABLES += _policy(
    "incubator_rent_waiver",
    lambda p, t, _: p("is_startup_founder", t) * p("uses_incubator", t) * p("university_graduate", t) * p("is_youth", t),
    _scaled("incubator_rent_waiver", lambda par: par.amounts.incubator_max_waiver_months),
)
POLICY_VARIABLES += _policy(
    "startup_guaranteed_loan",
    lambda p, t, _: p("is_startup_founder", t) * p("university_graduate", t),
    _open_amount("startup_guaranteed_loan"),
)
POLICY_VARIABLES += _policy(
    "talent_apartment_city",
    lambda p, t, _: p("bachelor_or_above", t),
)
POLICY_VARIABLES += _policy(
    "talent_apartment_shared_ownership",
    lambda p, t, _: p("talent_apartment_city__eligible", t),
)


def _working_in_city(p: Any, t: Any) -> Any:
    status = p("employment_status", t)
    working = (status == EmploymentStatus.employed) + (status == EmploymentStatus.self_employed)
    return working * (p("current_city", t) == City.luoyang)


POLICY_VARIABLES += _policy(
    "guaranteed_rental_housing_priority",
    lambda p, t, _: p("out_of_town", t) * p("university_graduate", t) * _working_in_city(p, t) * p("is_youth", t),
    _scaled("guaranteed_rental_housing_priority", lambda par: par.amounts.rent_free_months_min),
)
POLICY_VARIABLES += _policy(
    "tenant_equal_public_services",
    lambda p, t, _: p("rents_guaranteed_housing", t) * p("is_youth", t),
)
POLICY_VARIABLES += _policy(
    "luolong_talent_apartment",
    lambda p, t, _: p("luolong_talent", t),
    _scaled("luolong_talent_apartment", lambda par: par.amounts.luolong_max_rent_free_months),
    dated=False,
)
POLICY_VARIABLES += _policy(
    "luolong_youth_startup_home",
    lambda p, t, par: (p("age", t) >= par(t).youth_min_age) * p("is_youth", t)
    * (p("is_job_seeking", t) + p("is_startup_founder", t)),
    dated=False,
)
POLICY_VARIABLES += _policy(
    "luolong_children_schooling",
    lambda p, t, _: p("luolong_talent", t) * p("is_youth", t) * (p("work_district", t) == District.luolong)
    * p("has_school_age_child", t),
    dated=False,
)
POLICY_VARIABLES += _policy(
    "pilot_internship_placement",
    lambda p, t, par: p("university_graduate", t)
    * (p("months_since_graduation", t) < par(t).amounts.pilot_internship_months)
    * (p("employment_status", t) == EmploymentStatus.unemployed),
    dated=False,
)
POLICY_VARIABLES += _policy(
    "pilot_startup_support",
    lambda p, t, _: p("is_startup_founder", t) * p("is_youth", t),
    dated=False,
)


def build_system() -> TaxBenefitSystem:
    """The peer tax-benefit system (inputs, derived variables, policies, parameters)."""
    system = TaxBenefitSystem([Person])
    for name in DATE_INPUTS:
        system.add_variable(_input(name, date))
    for name in BOOL_INPUTS:
        system.add_variable(_input(name, bool))
    for name in INT_INPUTS:
        system.add_variable(_input(name, int))
    for name, enum in ENUMS.items():
        system.add_variable(_input(name, Enum, possible_values=enum, default_value=list(enum)[0]))
    for variable in (age, months_since_graduation, out_of_town, university_graduate, bachelor_or_above,
                     luolong_talent, is_youth, *POLICY_VARIABLES):
        system.add_variable(variable)
    system.load_parameters(str(Path(__file__).with_name("parameters")))
    return system


def output_variables() -> list[str]:
    """Every output the bench computes, eligibility first."""
    out = [f"{p}__eligible" for p in POLICIES]
    out += [f"{p}__amount" for p in POLICIES_WITH_AMOUNT]
    return out
