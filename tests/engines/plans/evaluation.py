"""Measure and target recall/precision of the parser against hand-labelled plans.

The labels live in ``tests/fixtures/plans/expected/`` (format in its README). Used by
``test_labelled_plans.py`` and by ``bench/eval_plan_parser.py``, which prints the figures.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from youthcity.engines.plans import Measure, Plan, parse_all_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "plans"
EXPECTED = FIXTURES / "expected"
_PUNCTUATION = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";", "“": '"', "”": '"', "　": ""})


@dataclass(frozen=True)
class Score:
    """How one plan's parse compares with its labels."""

    name: str
    measures_labelled: int
    measures_found: int
    measures_matched: int
    targets_labelled: int
    targets_found: int
    targets_matched: int

    @staticmethod
    def _ratio(part: int, whole: int) -> float:
        return part / whole if whole else 1.0

    @property
    def measure_recall(self) -> float:
        return self._ratio(self.measures_matched, self.measures_labelled)

    @property
    def measure_precision(self) -> float:
        return self._ratio(self.measures_matched, self.measures_found)

    @property
    def target_recall(self) -> float:
        return self._ratio(self.targets_matched, self.targets_labelled)

    @property
    def target_precision(self) -> float:
        return self._ratio(self.targets_matched, self.targets_found)


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_PUNCTUATION)).lower()


def _matched_measures(labels: list[str], measures: list[Measure]) -> int:
    """Each label matches at most one measure: the first unused one that opens with it."""
    used: set[int] = set()
    for label in labels:
        key = _normal(label)
        for index, measure in enumerate(measures):
            if index in used:
                continue
            if _normal(measure.text).startswith(key) or _normal(measure.title or "").startswith(key):
                used.add(index)
                break
    return len(used)


def _target_key(raw: str) -> tuple[Decimal, str]:
    value, unit = str(raw).split(maxsplit=1)
    return Decimal(value), unit.split("#")[0].strip()


def load_labels() -> list[dict[str, Any]]:
    """Every labelled plan, sorted by file and document."""
    labels = []
    for path in sorted(EXPECTED.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["name"] = path.stem
        labels.append(data)
    return labels


def score(label: dict[str, Any], plans_by_file: dict[str, list[Plan]] | None = None) -> Score:
    """Compare one labelled plan with the parser's output for it."""
    plans = (plans_by_file or {}).get(label["file"]) or parse_all_file(FIXTURES / label["file"])
    document = int(label.get("document", 0))
    plan = plans[document] if document < len(plans) else Plan(None, None, None)
    measures = list(plan.measures())
    expected_targets = Counter(_target_key(t) for t in label.get("targets") or [])
    found_targets = Counter((t.value, t.unit) for t in plan.targets())
    return Score(
        name=label["name"],
        measures_labelled=len(label.get("measures") or []),
        measures_found=len(measures),
        measures_matched=_matched_measures(label.get("measures") or [], measures),
        targets_labelled=sum(expected_targets.values()),
        targets_found=sum(found_targets.values()),
        targets_matched=sum((expected_targets & found_targets).values()),
    )


def score_all() -> list[Score]:
    """Scores of every labelled plan (each file parsed once)."""
    cache: dict[str, list[Plan]] = {}
    scores = []
    for label in load_labels():
        if label["file"] not in cache:
            cache[label["file"]] = parse_all_file(FIXTURES / label["file"])
        scores.append(score(label, cache))
    return scores
