"""Every hand-labelled plan (seeds and fixtures) meets the bar the issue sets for unseen plans:
measures recall ≥ 0.95 and precision ≥ 0.9, targets recall ≥ 0.9 and precision ≥ 0.9.
``bench/eval_plan_parser.py`` prints the figures."""

from __future__ import annotations

import pytest

from .evaluation import Score, load_labels, score

LABELS = load_labels()


def test_every_seed_is_labelled() -> None:
    files = {label["file"] for label in LABELS}
    assert {"luoyang_zh.txt", "luoyang_en.txt", "district_pilot_zh.txt"} <= files


@pytest.mark.parametrize("label", LABELS, ids=[label["name"] for label in LABELS])
def test_measures_and_targets_found(label: dict[str, object]) -> None:
    result: Score = score(label)
    assert result.measure_recall >= 0.95, result
    assert result.measure_precision >= 0.9, result
    assert result.target_recall >= 0.9, result
    assert result.target_precision >= 0.9, result
