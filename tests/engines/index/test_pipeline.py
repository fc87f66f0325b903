"""Pipeline steps: normalisation, imputation, outliers, aggregation, base period, analysis."""

from __future__ import annotations

import json

import numpy as np
import pytest

from youthcity.engines.index import analyse, compute, dataset_from_arrays, load_framework, read_data_csv
from youthcity.engines.index.steps import skew_kurt, treat_outliers

from .helpers import flat_framework, random_dataset, two_level_text


def _ds(fw, x, periods=("2024",), units=None):
    x = np.asarray(x, dtype=float)
    if x.ndim == 2:
        x = x[None]
    units = units or [f"u{i}" for i in range(x.shape[1])]
    return dataset_from_arrays(fw, units, list(periods), x)


def test_minmax_goalposts_zscore_rank_target():
    text = """
framework: {code: t, output: {scale: [0, 100]}}
nodes: [{code: index, children: [mm, gp, gl, zs, rk, tg, tn]}]
indicators:
  - {code: mm, normalisation: minmax}
  - {code: gp, polarity: '-', normalisation: {method: goalposts, min: 0, max: 10, cap: true}}
  - {code: gl, normalisation: {method: goalposts, min: 1, max: 100, log: true}}
  - {code: zs, normalisation: zscore}
  - {code: rk, normalisation: rank}
  - {code: tg, polarity: target, normalisation: {method: target, target: 5, span: 4}}
  - {code: tn, polarity: '+', normalisation: {method: target, target: 5}}
"""
    fw = load_framework(text)
    x = np.array([[2.0, 12.0, 10.0, 1.0, 3.0, 5.0, 1.0], [4.0, 5.0, 100.0, 2.0, 1.0, 7.0, 5.0], [6.0, -1.0, 1.0, 3.0, 2.0, 0.0, 9.0]])
    res = compute(fw, _ds(fw, x))
    s = res.scores[0]
    np.testing.assert_allclose(s[:, 0], [0, 50, 100])
    np.testing.assert_allclose(s[:, 1], [0, 50, 100])  # negative polarity, capped at the posts
    np.testing.assert_allclose(s[:, 2], [50, 100, 0])  # log goalposts: log10 scale midpoint is 10
    np.testing.assert_allclose(s[:, 3], [40, 50, 60])  # z = -1, 0, 1 → 50 ± 10
    np.testing.assert_allclose(s[:, 4], [100, 0, 50])
    np.testing.assert_allclose(s[:, 5], [100, 50, 0])  # |x-5|/4, clipped
    np.testing.assert_allclose(s[:, 6], [0, 100, 100])  # shortfall only, span from data (4)


def test_a_missing_cell_stays_missing_when_the_indicator_has_no_spread():
    # Min-max has no range to scale by, so observed values sit mid-scale; a cell nobody observed
    # (and nothing imputed) must not get a score, or it would count in the unit's aggregate.
    fw = flat_framework(2, normalisation="minmax")
    res = compute(fw, _ds(fw, [[7.0, 10.0], [7.0, 20.0], [np.nan, 30.0]]))
    s = res.scores[0]
    np.testing.assert_array_equal(s[:2, 0], [50.0, 50.0])
    assert np.isnan(s[2, 0])
    assert s[2, -1] == pytest.approx(100.0)  # the index of u2 rests on its one observed indicator
    assert any("no spread" in w for w in res.warnings)


def test_base_period_keeps_scores_comparable_across_years():
    fw = flat_framework(1, normalisation="minmax")
    x = np.array([[[0.0], [10.0]], [[5.0], [20.0]]])  # period 2: both units improved
    per_year = compute(fw, _ds(fw, x, periods=("2023", "2024")))
    based = compute(fw, _ds(fw, x, periods=("2023", "2024")), base_period="2023")
    assert per_year.score("2024", "u0") == 0.0  # per-year min-max hides the improvement
    assert based.score("2024", "u0") == pytest.approx(50.0)
    assert based.score("2024", "u1") == pytest.approx(200.0)
    assert any("not comparable across periods" in w for w in per_year.warnings)
    assert based.base_period == "2023" and not any("comparable" in w for w in based.warnings)


def test_locf_uses_the_units_own_series_then_falls_back():
    fw = load_framework(two_level_text(imputation="[locf, group_mean]"))
    ds = random_dataset(fw, units=5, periods=3, seed=1)
    v = ds.values.copy()
    v[2, 1, 0] = np.nan  # u1 a1 2022: carried from 2021
    v[0, 3, 1] = np.nan  # u3 a2 2020: no earlier value → mean of the other units
    ds = dataset_from_arrays(fw, ds.units, ds.periods, v)
    res = compute(fw, ds)
    cells = {(c.period, c.unit, c.indicator): c for c in res.imputed_cells}
    assert cells[("2022", "u1", "a1")].method == "locf"
    assert cells[("2022", "u1", "a1")].value == pytest.approx(v[1, 1, 0])
    assert cells[("2020", "u3", "a2")].method == "group_mean"
    assert cells[("2020", "u3", "a2")].value == pytest.approx(np.nanmean(v[0, :, 1]))
    assert res.imputed.sum() == 2


def test_group_mean_uses_the_group_column():
    fw = flat_framework(1)
    text = "unit,period,group,x0\nA,2024,city,10\nB,2024,city,\nC,2024,county,1\nD,2024,county,3\n"
    fw = load_framework(
        "framework: {code: g, defaults: {imputation: group_mean}}\n"
        "nodes: [{code: index, children: [x0]}]\nindicators: [{code: x0}]\n"
    )
    res = compute(fw, read_data_csv(text, fw))
    assert res.imputed_cells[0].value == 10.0


def test_skew_kurtosis_rule_winsorises_then_logs():
    rng = np.random.default_rng(0)
    base = rng.normal(50, 5, size=40)
    one_outlier = base.copy()
    one_outlier[0] = 500.0  # a single extreme point: winsorising it fixes the skew
    heavy = base.copy()
    heavy[:4] = [400.0, 450.0, 500.0, 550.0]  # four extreme points: one winsorised point is not enough
    x = np.stack([base, one_outlier, heavy], axis=1)[None]
    text = """
framework: {code: w, defaults: {outliers: {method: winsorise, limit: 1}}}
nodes: [{code: index, children: [n, o, h]}]
indicators: [{code: n}, {code: o}, {code: h}]
"""
    fw = load_framework(text)
    treated, wins, logged = treat_outliers(fw, x)
    assert wins[0].tolist() == [0, 1, 0]
    assert logged[0].tolist() == [False, False, True]
    assert treated[0, 0, 1] == pytest.approx(np.sort(one_outlier)[-2])
    skew, kurt = skew_kurt(treated[0])
    assert abs(skew[1]) < 2.25 or kurt[1] < 3.5
    res = compute(fw, _ds(fw, x[0]))
    assert res.winsorised == {"2024": {"o": 1}}
    assert res.log_transformed == {"2024": ["h"]}


def test_aggregation_formulas_and_zero_clamp():
    x = np.array([[0.0, 100.0], [50.0, 50.0]])
    arith = compute(f := flat_framework(2, normalisation="goalposts"), _ds(f, x))
    geo = compute(f := flat_framework(2, normalisation="goalposts", aggregation="geometric"), _ds(f, x))
    har = compute(f := flat_framework(2, normalisation="goalposts", aggregation="harmonic"), _ds(f, x))
    assert arith.score("2024", "u0") == pytest.approx(50.0)
    # A zero is clamped to the floor (1% of the scale = 1.0) instead of collapsing the mean to 0.
    assert geo.score("2024", "u0") == pytest.approx(10.0)
    assert har.score("2024", "u0") == pytest.approx(2 / (1 / 1.0 + 1 / 100.0))
    assert geo.score("2024", "u1") == pytest.approx(50.0)


def test_explicit_and_pca_weights():
    text = """
framework: {code: w}
nodes:
  - {code: index, weights: explicit, children: [{code: a, weight: 3}, {code: b, weight: 1}]}
  - {code: a, weights: pca, children: [x1, x2, x3]}
  - {code: b, children: [x4]}
indicators: [{code: x1}, {code: x2}, {code: x3}, {code: x4}]
"""
    fw = load_framework(text)
    ds = random_dataset(fw, units=12, periods=2, seed=3)
    res = compute(fw, ds, base_period="2020")
    assert res.weights["index"] == {"a": 0.75, "b": 0.25}
    w = res.weights["a"]
    assert sum(w.values()) == pytest.approx(1.0) and all(v > 0 for v in w.values())
    assert "explained" in res.pca["a"]
    assert res.effective_weights["x4"] == pytest.approx(0.25)
    assert sum(res.effective_weights.values()) == pytest.approx(1.0)


def test_result_is_json_able_and_hash_is_stable():
    fw = load_framework(two_level_text(imputation="median"))
    ds = random_dataset(fw, units=6, periods=2, seed=2, missing=3)
    a, b = compute(fw, ds), compute(fw, ds)
    assert a.input_hash == b.input_hash and len(a.input_hash) == 64
    text = json.dumps(a.to_dict(), ensure_ascii=False)
    assert '"engine_version"' in text
    v = ds.values.copy()
    v[0, 0, 0] += 1
    c = compute(fw, dataset_from_arrays(fw, ds.units, ds.periods, v))
    assert c.input_hash != a.input_hash


def test_analysis_flags_negative_and_collinear_indicators():
    text = """
framework: {code: an}
nodes:
  - {code: index, children: [d]}
  - {code: d, children: [p, q, r]}
indicators: [{code: p}, {code: q}, {code: r}]
"""
    fw = load_framework(text)
    rng = np.random.default_rng(1)
    base = rng.normal(size=30)
    x = np.stack([base, base + 0.01 * rng.normal(size=30), -base + 0.3 * rng.normal(size=30)], axis=1)
    an = analyse(fw, _ds(fw, x))
    assert {"node": "d", "a": "p", "b": "q"}.items() <= an.collinear[0].items()
    assert any(f["child"] == "r" for f in an.negative_with_parent)
    assert an.cronbach_alpha["d"] is not None
    assert an.pca["d"]["explained_pc1"] > 0.5
    assert an.index_correlation["p"] > 0.9
    json.dumps(an.to_dict())


def test_engine_never_imports_django():
    import subprocess
    import sys

    code = (
        "import sys, youthcity.engines.index as e, youthcity.engines.index.cli; "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
