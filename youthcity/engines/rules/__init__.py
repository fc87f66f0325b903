"""Benefits as code: declarative YAML policies, one parse, two evaluators.

Pure Python + NumPy; never imports Django.  See README.md in this package for the module map and
``docs/policy-format.md`` for the file format.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import numpy as np

from .city import CityProfile, city_profile, load_city_profile
from .errors import ExpressionError, FactError, FactsError, PolicyError
from .expressions import parse
from .loader import DEFAULT_FACTS_FILE, load_facts, load_policy_set
from .model import (
    Citation,
    ConditionResult,
    FactSpec,
    ParameterSpec,
    Policy,
    PolicyResult,
    PopulationResult,
    Status,
    Text,
)
from .policy_tests import PolicyTestFailure, PolicyTestReport, run_policy_tests
from .policyset import Overrides, PolicySet
from .population import synthetic_population
from .simulation import DistrictFigures, PolicyFigures, SimulationSummary, simulate
from .validation import validate_facts
from .vector import PopulationTable, table_from_records

__all__ = [
    "DEFAULT_FACTS_FILE",
    "Citation",
    "CityProfile",
    "ConditionResult",
    "DistrictFigures",
    "ExpressionError",
    "FactError",
    "FactSpec",
    "FactsError",
    "Overrides",
    "ParameterSpec",
    "Policy",
    "PolicyError",
    "PolicyFigures",
    "PolicyResult",
    "PolicySet",
    "PolicyTestFailure",
    "PolicyTestReport",
    "PopulationResult",
    "PopulationTable",
    "SimulationSummary",
    "Status",
    "Text",
    "city_profile",
    "evaluate",
    "evaluate_population",
    "load_city_profile",
    "load_facts",
    "load_policy_set",
    "next_question",
    "parse",
    "run_policy_tests",
    "simulate",
    "synthetic_population",
    "table_from_records",
    "validate_facts",
]


def evaluate(
    policy_set: PolicySet, facts: Mapping[str, Any], on: date, overrides: Overrides | None = None
) -> list[PolicyResult]:
    """Scalar evaluation of every policy for one person (see `PolicySet.evaluate`)."""
    return policy_set.evaluate(facts, on, overrides)


def evaluate_population(
    policy_set: PolicySet,
    table: Mapping[str, np.ndarray],
    on: date,
    overrides: Overrides | None = None,
) -> dict[str, PopulationResult]:
    """Vectorized evaluation over a column table (see `PolicySet.evaluate_population`)."""
    return policy_set.evaluate_population(table, on, overrides)


def next_question(
    facts: Mapping[str, Any],
    policies: PolicySet,
    on: date | None = None,
    only: Iterable[str] | None = None,
) -> str | None:
    """The most useful fact to ask next, or None (see `PolicySet.next_question`)."""
    return policies.next_question(facts, on or date.today(), only)
