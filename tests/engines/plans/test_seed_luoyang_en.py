"""The English translation of the Luoyang plan: unnumbered "… project" headings, 27 measures."""

from __future__ import annotations

import pytest

from youthcity.engines.plans import Plan, parse_all, parse_text

from .helpers import find_target, fixture_text, measures, values


@pytest.fixture(scope="module")
def plan() -> Plan:
    return parse_text(fixture_text("luoyang_en.txt"))


def test_one_document_with_a_clean_title(plan: Plan) -> None:
    assert len(parse_all(fixture_text("luoyang_en.txt"))) == 1
    # The breadcrumb and "(Compilation of …)" lines above it are skipped.
    assert plan.title == "Luoyang City Action Program for Building Youth-Friendly Cities"
    assert (plan.issuer, plan.date) == (None, None)


def test_projects_are_the_project_headings(plan: Plan) -> None:
    assert [p.title for p in plan.projects] == [
        "Industrial platform talent project",
        "Youth Employment and Entrepreneurship Project",
        "Youth housing security project",
        "Social Consumption Empowerment Project",
        "City Vitality Enhancement Project",
    ]
    assert [len(p.measures) for p in plan.projects] == [3, 7, 5, 5, 7]
    assert [m.number for m in plan.measures()] == [str(n) for n in range(1, 28)]


def test_measure_titles(plan: Plan) -> None:
    ms = measures(plan)
    assert ms[0].title == "Growing advantageous industrial clusters"
    assert ms[11].title == "Accelerate the construction of guaranteed rental housing"


def test_lead_units_from_is_responsible_for(plan: Plan) -> None:
    assert [p.lead_units for p in plan.projects] == [
        ("Municipal Development and Reform Commission",),
        ("Municipal Bureau of Human Resources and Social Security",),
        ("Municipal Housing and Urban Development Bureau",),
        ("Municipal Party Committee Propaganda Department",),
        ("Youth League Committee",),
    ]


def test_measure_5(plan: Plan) -> None:
    m5 = measures(plan)[4]
    assert [(b.kind, b.low, b.unit) for b in m5.benefits] == [("subsidy", 80, "%")]  # no less than 80% …
    graduates = find_target(m5, 10000, "graduates")  # more than 10,000 … each year
    assert (graduates.comparator, graduates.per, graduates.subject) == (">=", "year", "college graduates")


def test_measure_6(plan: Plan) -> None:
    m6 = measures(plan)[5]
    assert values(m6) == [(10000, "positions"), (2000, "graduates"), (2000, "graduates")]
    assert [t.per for t in m6.targets] == [None, "year", "year"]
    assert m6.targets[0].subject == "practice positions"


def test_measure_7_yuan_range_is_a_benefit(plan: Plan) -> None:
    m7 = measures(plan)[6]
    assert m7.targets == ()
    assert [(b.low, b.high, b.unit) for b in m7.benefits] == [(100000, 200000, "元")]


def test_measure_9_and_12(plan: Plan) -> None:
    assert find_target(measures(plan)[8], 120, "sites").comparator == ">="
    m12 = measures(plan)[11]
    assert values(m12) == [(50000, "sets"), (40, "%")]
    housing = m12.targets[0]
    assert housing.subject == "guaranteed rental housing"
    assert housing.deadline is None  # "5 years" but the translation carries no plan date


def test_durations_and_circles_are_not_targets(plan: Plan) -> None:
    ms = measures(plan)
    for index in (3, 7, 13, 17):  # 15 days or less, up to 3 years, one to three months, 15-minute
        assert ms[index].targets == ()
    [coverage] = ms[23].targets  # achieve "youth home" township coverage; 15-minute is not a target
    assert (coverage.kind, coverage.value, coverage.unit, coverage.scope) == ("coverage", 100, "%", "township")
    assert len(list(plan.targets())) == 8
