"""The plain pandas pipeline the bench compares against (bench/pandas_index.py) gives our results.

If it did not, the bench's ratio would compare different work. A small panel with missing cells,
groups, skewed indicators, three normalisations, coverage thresholds and every uncertain choice.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from youthcity.engines.index import UncertaintySpec, compute, dataset_from_arrays, load_framework, uncertainty

pd = pytest.importorskip("pandas")
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
import pandas_index as baseline  # noqa: E402

FRAMEWORK = """
framework:
  code: small
  output: {scale: [0, 100], precision: 3}
  defaults:
    imputation: [locf, group_mean]
    outliers: {method: winsorise, limit: 3}
    coverage: 0.5
nodes:
  - {code: index, children: [a, b]}
  - {code: a, children: [a1, a2, a3], aggregation: geometric}
  - code: b
    weights: explicit
    children: [{code: b1, weight: 0.5}, {code: b2, weight: 0.3}, {code: b3, weight: 0.2}]
indicators:
  - {code: a1, polarity: '+'}
  - {code: a2, polarity: '-', normalisation: zscore}
  - {code: a3, polarity: '+', normalisation: {method: goalposts, min: 0, max: 150}}
  - {code: b1, polarity: '-'}
  - {code: b2, polarity: '+'}
  - {code: b3, polarity: '+', normalisation: zscore}
"""

SPEC = UncertaintySpec(
    weight_noise=0.25,
    normalisation=("nominal", "zscore", "minmax", "goalposts"),
    aggregation=("nominal", "geometric", "harmonic"),
    imputation=("nominal", "median", "group_mean"),
    winsorisation=(None, 1, 3),
)
UNITS = [f"u{i:02d}" for i in range(14)]
PERIODS = ["2022", "2023", "2024"]


def _panel(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.lognormal(3.0, 0.5, size=(len(PERIODS), len(UNITS), 6))
    x[:, :, [0, 3]] = rng.lognormal(2.0, 1.3, size=(len(PERIODS), len(UNITS), 2))  # skewed: outliers
    flat = x.reshape(-1)
    flat[rng.choice(flat.size, size=20, replace=False)] = np.nan
    x[-1, 0, :3] = np.nan  # u00 reports nothing for dimension a in 2024: below coverage
    return x


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pandas_baseline_matches_the_engine(seed):
    fw = load_framework(FRAMEWORK)
    groups = {u: "north" if i % 3 else "south" for i, u in enumerate(UNITS)}
    values = _panel(seed)
    ds = dataset_from_arrays(fw, UNITS, PERIODS, values, groups)
    cfg = baseline.config_from(fw)
    data = baseline.to_frame(UNITS, PERIODS, values, cfg.indicators, groups)

    ours = compute(fw, ds)
    # The case really exercises each step.
    assert ours.imputed_cells and ours.excluded and (ours.winsorised or ours.log_transformed)
    theirs = baseline.build(data, cfg)
    theirs_ranks = baseline.ranks(theirs)
    for p, period in enumerate(PERIODS):
        got = theirs.loc[period].loc[UNITS, list(ours.columns)].to_numpy()
        np.testing.assert_allclose(got, ours.scores[p], rtol=1e-9, atol=1e-9, equal_nan=True)
        got_ranks = theirs_ranks.loc[period].loc[UNITS, list(ours.columns)].to_numpy()
        np.testing.assert_array_equal(got_ranks, ours.ranks[p])

    ua = uncertainty(fw, ds, 30, seed=seed, spec=SPEC)
    choices = baseline.choices_of(ua.parameters, ua.weights)
    scores, ranks = baseline.replications(data, cfg, ua.period, choices)
    np.testing.assert_allclose(scores[UNITS].to_numpy(), ua.scores, rtol=1e-9, atol=1e-9, equal_nan=True)
    np.testing.assert_array_equal(ranks[UNITS].to_numpy(), ua.ranks)
    summary = baseline.summary(ranks).loc[UNITS]
    np.testing.assert_array_equal(summary["median_rank"].to_numpy(), ua.median_rank)
    np.testing.assert_array_equal(summary["rank_p05"].to_numpy(), ua.rank_p05)
    np.testing.assert_array_equal(summary["rank_p95"].to_numpy(), ua.rank_p95)


def test_pandas_baseline_refuses_what_it_does_not_implement():
    fw = load_framework(FRAMEWORK.replace("'-', normalisation: zscore", "'-', normalisation: rank"))
    with pytest.raises(NotImplementedError, match="rank"):
        baseline.config_from(fw)
