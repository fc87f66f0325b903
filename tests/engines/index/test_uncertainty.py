"""Uncertainty and sensitivity analysis: vectorised = naive loop; Sobol estimators are right."""

from __future__ import annotations

import numpy as np
import pytest

from youthcity.engines.index import (
    IndexEngineError,
    UncertaintySpec,
    compute,
    load_framework,
    sensitivity,
    sobol_indices,
    uncertainty,
)

from .helpers import random_dataset, two_level_text

SPEC = UncertaintySpec(
    weight_noise=0.25,
    normalisation=("nominal", "zscore", "rank", "minmax"),
    aggregation=("nominal", "geometric", "harmonic"),
    imputation=("nominal", "median", "locf+group_mean"),
    winsorisation=(None, 1, 3),
)


@pytest.fixture(scope="module")
def small():
    fw = load_framework(two_level_text(imputation="group_mean", outliers="winsorise", coverage=0.5))
    ds = random_dataset(fw, units=9, periods=3, seed=7, missing=8)
    return fw, ds


def test_vectorised_monte_carlo_equals_a_naive_loop(small):
    fw, ds = small
    n = 60
    ua = uncertainty(fw, ds, n, seed=11, spec=SPEC, base_period="2020")
    p = ds.periods.index(ua.period)
    seen = set()
    for r in range(n):
        choice = {name: ua.parameters[name][r] for name in ("normalisation", "aggregation", "imputation", "winsorisation")}
        seen.add((choice["normalisation"], choice["aggregation"]))
        fw_r = fw.with_overrides(
            normalisation=None if choice["normalisation"] == "nominal" else choice["normalisation"],
            aggregation=None if choice["aggregation"] == "nominal" else choice["aggregation"],
            imputation=None if choice["imputation"] == "nominal" else tuple(choice["imputation"].split("+")),
            winsorisation_limit=choice["winsorisation"],
            weights={node: tuple(ua.weights[node][r]) for node in fw.node_codes},
        )
        res = compute(fw_r, ds, base_period="2020")
        np.testing.assert_allclose(ua.scores[r], res.scores[p, :, -1], rtol=1e-10, atol=1e-10, equal_nan=True)
        np.testing.assert_array_equal(ua.ranks[r], res.ranks[p, :, -1])
    assert len(seen) > 5  # the loop really covered many categorical combinations


def test_without_memoisation_every_replication_gives_the_same_result(small):
    fw, ds = small
    cached = uncertainty(fw, ds, 40, seed=13, spec=SPEC, base_period="2021")
    fresh = uncertainty(fw, ds, 40, seed=13, spec=SPEC, base_period="2021", memoise=False)
    np.testing.assert_array_equal(fresh.scores, cached.scores)
    np.testing.assert_array_equal(fresh.ranks, cached.ranks)
    assert fresh.parameters == cached.parameters
    spec = UncertaintySpec(imputation=("nominal", "median"), winsorisation=(1, 3))
    sa_cached = sensitivity(fw, ds, 16, seed=3, spec=spec, n_boot=10)
    sa_fresh = sensitivity(fw, ds, 16, seed=3, spec=spec, n_boot=10, memoise=False)
    assert sa_fresh.to_dict() == sa_cached.to_dict()


def test_uncertainty_is_reproducible_and_summarised(small):
    fw, ds = small
    a = uncertainty(fw, ds, 200, seed=3, spec=SPEC)
    b = uncertainty(fw, ds, 200, seed=3, spec=SPEC)
    np.testing.assert_array_equal(a.ranks, b.ranks)
    assert a.period == "2022"
    ok = ~np.isnan(a.median_rank)
    assert np.all(a.rank_p05[ok] <= a.median_rank[ok]) and np.all(a.median_rank[ok] <= a.rank_p95[ok])
    d = a.to_dict()
    assert len(d["units"]) == 9 and d["n"] == 200
    assert "parameters" in a.to_dict(include_replications=True)


def test_no_variation_gives_nominal_ranks(small):
    fw, ds = small
    spec = UncertaintySpec(weight_noise=0.0, normalisation=("nominal",), aggregation=("nominal",),
                           imputation=("nominal",), winsorisation=(None,))
    ua = uncertainty(fw, ds, 20, seed=1, spec=spec)
    np.testing.assert_array_equal(ua.median_rank, ua.nominal_rank)
    assert np.all(ua.rank_shift == 0)
    with pytest.raises(IndexEngineError, match="no choice is varied"):
        sensitivity(fw, ds, 10, seed=1, spec=spec)


def test_invalid_spec_is_rejected(small):
    fw, ds = small
    with pytest.raises(IndexEngineError, match="invalid normalisation alternative 'softmax'"):
        uncertainty(fw, ds, 10, 1, spec=UncertaintySpec(normalisation=("softmax",)))


def _ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_sobol_estimators_on_the_ishigami_function():
    rng = np.random.default_rng(42)
    n, d = 40_000, 3
    a = rng.uniform(-np.pi, np.pi, (n, d))
    b = rng.uniform(-np.pi, np.pi, (n, d))
    y_ab = np.empty((d, n))
    for i in range(d):
        ab = a.copy()
        ab[:, i] = b[:, i]
        y_ab[i] = _ishigami(ab)
    res = sobol_indices(_ishigami(a), _ishigami(b), y_ab, n_boot=50, seed=1)
    # Analytic values for a = 7, b = 0.1.
    np.testing.assert_allclose(res["S1"], [0.3139, 0.4424, 0.0], atol=0.03)
    np.testing.assert_allclose(res["ST"], [0.5576, 0.4424, 0.2437], atol=0.03)
    assert np.all(res["ST_low"] <= res["ST"]) and np.all(res["ST"] <= res["ST_high"])


def test_sobol_estimators_on_a_linear_model():
    # y = 1·x1 + 2·x2 + 3·x3 with x ~ U(0,1): S_i = c_i² / Σc² = 1/14, 4/14, 9/14 = ST_i.
    rng = np.random.default_rng(5)
    n, c = 30_000, np.array([1.0, 2.0, 3.0])
    a, b = rng.random((n, 3)), rng.random((n, 3))
    y_ab = np.stack([np.where(np.arange(3) == i, b, a) @ c for i in range(3)])
    res = sobol_indices(a @ c, b @ c, y_ab, n_boot=20)
    np.testing.assert_allclose(res["S1"], c**2 / 14, atol=0.02)
    np.testing.assert_allclose(res["ST"], c**2 / 14, atol=0.02)


def test_sensitivity_end_to_end(small):
    fw, ds = small
    spec = UncertaintySpec(imputation=("nominal",), winsorisation=(1, 2))
    sa = sensitivity(fw, ds, 64, seed=2, spec=spec, n_boot=30)
    assert sa.factors == ["weights", "normalisation", "aggregation", "winsorisation"]
    assert sa.runs == 64 * 6
    assert sa.not_varied == ["imputation"]
    for f in sa.factors:
        assert sa.total[f] >= 0
    d = sa.to_dict()
    assert d["factors"][0]["factor"] == "weights"


def test_a_choice_without_effect_has_zero_total_index():
    # No missing data: the imputation choice cannot matter, so its total index is exactly 0.
    fw = load_framework(two_level_text(imputation="group_mean"))
    ds = random_dataset(fw, units=10, periods=1, seed=9, missing=0)
    spec = UncertaintySpec(imputation=("nominal", "median"), winsorisation=(None,))
    sa = sensitivity(fw, ds, 50, seed=4, spec=spec, n_boot=10)
    assert sa.total["imputation"] == 0.0
    assert any("no missing cells" in note for note in sa.notes)
    assert sa.first_order["imputation"] == pytest.approx(0.0, abs=1e-12)
