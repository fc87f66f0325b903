"""`PolicySet`: a loaded, compiled, immutable set of policies with both evaluators.

Build one with `load_policy_set(directory)`.  Policies are stored in topological order of their
dependencies (a policy comes after every policy it references), so both evaluators make a single
pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from .errors import FactError, FactsError
from .model import FactSpec, ParameterSpec, ParamValue, Policy, PolicyResult, PopulationResult, Status
from .scalar import UNKNOWN, CompiledPolicy, Env, compile_node, evaluate_compiled
from .validation import to_internal, validate_facts
from .vector import VectorPlan, evaluate_table

Overrides = Mapping[str, ParamValue | None]


def _jsonable(value: ParamValue | None) -> Any:
    return value.isoformat() if isinstance(value, date) else value


class PolicySet:
    """Policies (in dependency order), the facts schema and dated parameters of one city."""

    def __init__(
        self,
        policies: Mapping[str, Policy],
        facts: Mapping[str, FactSpec],
        parameters: Mapping[str, ParameterSpec],
        directory: Path,
    ) -> None:
        self.policies: dict[str, Policy] = dict(policies)
        self.facts: dict[str, FactSpec] = dict(facts)
        self.parameters: dict[str, ParameterSpec] = dict(parameters)
        self.directory = directory
        # The "plan": compiled closures in topological order, built once at load.
        self._compiled = [CompiledPolicy(p, self.facts) for p in self.policies.values()]
        self._derived = [
            (spec, compile_node(spec.derived)) for spec in self.facts.values() if spec.derived is not None
        ]
        self._vector_plan = VectorPlan(self.policies, self.facts)
        self._params_by_date: dict[date, tuple[dict[str, Any], frozenset[str]]] = {}
        # The groups of regional parameters (`minimum_wage.monthly.tier1`, ...): see `_amounts`.
        self._regional = frozenset(n for n, spec in self.parameters.items() if spec.regional is not None)

    # -- parameters ----------------------------------------------------------------------------

    def parameter_value(self, name: str, on: date, overrides: Overrides | None = None) -> ParamValue | None:
        """The value of parameter `name` on `on` (None if to be set by the city)."""
        if name not in self.parameters:
            raise KeyError(f"unknown parameter {name!r}")
        if overrides and name in overrides:
            return overrides[name]
        return self.parameters[name].value_at(on)

    def parameter_values(self, on: date, overrides: Overrides | None = None) -> dict[str, ParamValue | None]:
        """Every parameter's value on `on`, with `overrides` (what-if) applied."""
        if overrides:
            unknown = sorted(set(overrides) - set(self.parameters))
            if unknown:
                raise KeyError(f"unknown parameter(s): {', '.join(unknown)}")
        values = {name: spec.value_at(on) for name, spec in self.parameters.items()}
        if overrides:
            values.update(overrides)
        return values

    def with_values(self, extra: Mapping[str, Iterable[tuple[date, ParamValue]]]) -> PolicySet:
        """A new set whose parameters also hold `extra` dated values (a value the city entered in
        the app, e.g. a county's minimum wage from a provincial notice).  A value dated like one
        in the files replaces it; a parameter the plan left open (`to_be_set_by_city`) is open
        only before its first value.  Raises KeyError / ValueError on an unknown name or a value
        that does not fit the parameter's type."""
        params = dict(self.parameters)
        for name, dated in extra.items():
            spec = params.get(name)
            if spec is None:
                raise KeyError(f"unknown parameter {name!r}")
            values = dict(spec.values)
            for start, value in dated:
                if spec.type in ("number", "int") and (isinstance(value, bool) or not isinstance(value, int | float)):
                    raise ValueError(f"{name} takes a number")
                if spec.type == "int" and not float(value).is_integer():  # type: ignore[arg-type]
                    raise ValueError(f"{name} takes a whole number")
                values[start] = int(value) if spec.type == "int" else value  # type: ignore[arg-type]
            ordered = tuple(sorted(values.items(), key=lambda item: item[0]))
            open_only = all(v is None for _, v in ordered)
            params[name] = replace(spec, values=ordered, to_be_set_by_city=open_only)
        return PolicySet(self.policies, self.facts, params, self.directory)

    def coerce_parameter(self, name: str, text: str) -> ParamValue:
        """Parse a what-if value given as text (e.g. from `--set name=value`) by the parameter's type."""
        spec = self.parameters.get(name)
        if spec is None:
            raise KeyError(f"unknown parameter {name!r}")
        if spec.type == "bool":
            if text.lower() not in ("true", "false"):
                raise ValueError(f"{name} takes true or false")
            return text.lower() == "true"
        if spec.type == "int":
            return int(text)
        if spec.type == "number":
            return float(text)
        if spec.type == "date":
            return date.fromisoformat(text)
        return text

    # -- facts ---------------------------------------------------------------------------------

    def validate_facts(self, facts: Mapping[str, Any], on: date) -> dict[str, Any]:
        """Validated, normalised facts; raises `FactsError` with bilingual field errors.

        A derived fact given along with the facts it follows from must agree with them (an age
        of 30 with a date of birth 24 years ago is refused).  The result holds the facts as
        given; derived facts are completed at evaluation.
        """
        clean = validate_facts(self.facts, facts, on)
        self._internal(clean, on)
        return clean

    def _internal(self, clean: Mapping[str, Any], on: date) -> dict[str, Any]:
        """Facts in the evaluators' form, derived facts completed; raises on a contradiction."""
        internal = to_internal(self.facts, clean)
        if not self._derived:
            return internal
        env = Env(internal, {}, on.toordinal())
        errors: list[FactError] = []
        for spec, fn in self._derived:
            value = fn(env)
            if value is UNKNOWN:
                continue
            if spec.type == "int":
                value = int(value)
            elif spec.type == "bool":
                value = bool(value)
            given = internal.get(spec.name)
            if given is None:
                internal[spec.name] = value
            elif given != value:
                sources = [self.facts[n].label for n in spec.derived_from]
                errors.append(FactError(
                    spec.name,
                    "inconsistent",
                    f"{spec.label.zh}与{'、'.join(t.zh for t in sources)}不一致",
                    f"{spec.label.en} does not match {', '.join(t.en.lower() for t in sources)}",
                ))
        if errors:
            raise FactsError(errors)
        return internal

    # -- evaluation ----------------------------------------------------------------------------

    def evaluate(
        self,
        facts: Mapping[str, Any],
        on: date,
        overrides: Overrides | None = None,
        explain: bool = True,
    ) -> list[PolicyResult]:
        """Evaluate every policy for one person on `on`, with explanations.

        Missing facts stay unknown; each result is eligible, not eligible or undetermined (with
        the missing facts named).  Raises `FactsError` for malformed facts.
        """
        internal = self._internal(validate_facts(self.facts, facts, on), on)
        internal_params, unset = self._scalar_params(on, overrides)
        return evaluate_compiled(
            self._compiled, self.facts, internal, internal_params, unset, on, explain, self._regional
        )

    def _scalar_params(self, on: date, overrides: Overrides | None) -> tuple[dict[str, Any], frozenset[str]]:
        """Parameter values in the scalar evaluator's form on `on`, and the names still unset
        (kept for the last few dates without overrides: a policy set never changes)."""
        if not overrides:
            hit = self._params_by_date.get(on)
            if hit is not None:
                return hit
        params = self.parameter_values(on, overrides)
        unset = frozenset(name for name, value in params.items() if value is None)
        internal_params = {
            name: (value.toordinal() if isinstance(value, date) else value)
            for name, value in params.items()
            if value is not None
        }
        if not overrides:
            if len(self._params_by_date) >= 16:
                self._params_by_date.clear()
            self._params_by_date[on] = (internal_params, unset)
        return internal_params, unset

    def amount_on(
        self, policy_id: str, on: date, facts: Mapping[str, Any] | None = None, overrides: Overrides | None = None
    ) -> tuple[float | None, float | None]:
        """The amount (and a range's top) of `policy_id` on `on` from its parameters and the given
        facts, whoever asks: (None, None) when it has no amount or the amount depends on a fact not
        given or a number the city has yet to set.  For lists that say "每月1,600元"."""
        cp = next((c for c in self._compiled if c.policy.id == policy_id), None)
        if cp is None:
            raise KeyError(f"unknown policy {policy_id!r}")
        if cp.amount is None:
            return None, None
        params, _unset = self._scalar_params(on, overrides)
        env = Env(self._internal(self.validate_facts(facts or {}, on), on), params, on.toordinal())
        low = cp.amount(env)
        high = cp.amount_max(env) if cp.amount_max is not None else low
        return (None if low is UNKNOWN else float(low)), (None if high is UNKNOWN else float(high))

    def evaluate_population(
        self,
        table: Mapping[str, np.ndarray],
        on: date,
        overrides: Overrides | None = None,
    ) -> dict[str, PopulationResult]:
        """Evaluate every policy over a column table (see `PopulationTable`)."""
        return evaluate_table(
            self.policies, self.facts, table, self.parameter_values(on, overrides), on, plan=self._vector_plan
        )

    def next_question(
        self,
        facts: Mapping[str, Any],
        on: date,
        only: Iterable[str] | None = None,
        skip: Iterable[str] = (),
    ) -> str | None:
        """The fact to ask next, or None when no answer can change an undetermined result.

        Heuristic: every undetermined policy spreads one vote evenly over the facts it still
        needs (so a fact that alone would settle a policy gets a whole vote, one of four facts a
        quarter); the fact with most votes wins, ties going to the earlier-declared fact (the
        questionnaire's natural order).  `only` limits the vote to those policies; facts in
        `skip` (questions the person chose not to answer) are never asked, and the policies
        that need them still vote for their other missing facts.
        """
        wanted = set(only) if only is not None else None
        skipped = set(skip)
        scores: dict[str, float] = {}
        for result in self.evaluate(facts, on, explain=False):
            if wanted is not None and result.policy_id not in wanted:
                continue
            if result.status is not Status.UNDETERMINED or not result.missing_facts:
                continue
            share = 1.0 / len(result.missing_facts)
            for name in result.missing_facts:
                if name not in skipped:
                    scores[name] = scores.get(name, 0.0) + share
        if not scores:
            return None
        return min(scores, key=lambda name: (-round(scores[name], 9), self.facts[name].order))

    def describe(self, on: date, lang: str = "zh") -> list[dict[str, Any]]:
        """Every policy as a JSON-ready dict with the parameters it reads and their values on `on`.

        A parameter left open by the plan shows `"value": None, "to_be_set_by_city": True`.
        """
        out: list[dict[str, Any]] = []
        for policy in self.policies.values():
            item = policy.to_dict(lang)
            names = sorted(
                {p for c in policy.conditions for p in c.params}
                | (set(policy.amount.params) if policy.amount else set())
                | set(policy.parameters)
            )
            item["parameters"] = [
                {
                    "name": name,
                    "description": self.parameters[name].description.get(lang),
                    "value": _jsonable(self.parameters[name].value_at(on)),
                    "unit": self.parameters[name].unit,
                    "to_be_set_by_city": self.parameters[name].to_be_set_by_city,
                }
                for name in names
            ]
            out.append(item)
        return out

    @property
    def ids(self) -> list[str]:
        """Policy ids in dependency order."""
        return list(self.policies)
