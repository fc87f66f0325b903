"""Hypothesis property tests: invariances the index must respect."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from youthcity.engines.index import compute, dataset_from_arrays

from .helpers import flat_framework

N_IND = 4


def matrices(min_units: int = 3, max_units: int = 9) -> st.SearchStrategy[np.ndarray]:
    return st.integers(min_units, max_units).flatmap(
        lambda u: st.lists(
            st.lists(st.floats(0.0, 100.0, allow_nan=False, allow_infinity=False), min_size=N_IND, max_size=N_IND),
            min_size=u,
            max_size=u,
        ).map(lambda rows: np.array(rows, dtype=float))
    )


def _run(fw, x):
    ds = dataset_from_arrays(fw, [f"u{i}" for i in range(x.shape[0])], ["2024"], x[None])
    return compute(fw, ds)


def _spread_ok(col: np.ndarray) -> bool:
    return float(col.max() - col.min()) > 1e-3


@settings(max_examples=60, deadline=None)
@given(
    x=matrices(),
    which=st.integers(0, N_IND - 1),
    a=st.floats(0.01, 1000.0),
    b=st.floats(-1e4, 1e4),
    method=st.sampled_from(["minmax", "zscore"]),
)
def test_positive_affine_map_leaves_minmax_and_zscore_scores_unchanged(x, which, a, b, method):
    assume(all(_spread_ok(x[:, k]) for k in range(N_IND)))
    fw = flat_framework(N_IND, normalisation=method)
    y = x.copy()
    y[:, which] = a * y[:, which] + b
    r1, r2 = _run(fw, x), _run(fw, y)
    np.testing.assert_allclose(r1.scores, r2.scores, rtol=1e-7, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    x=matrices(),
    unit=st.integers(0, 2),
    which=st.integers(0, N_IND - 1),
    bump=st.floats(0.001, 80.0),
    method=st.sampled_from(["minmax", "goalposts", "zscore", "rank"]),
)
def test_improving_a_positive_indicator_never_lowers_the_score(x, unit, which, bump, method):
    fw = flat_framework(N_IND, normalisation=method)
    y = x.copy()
    y[unit, which] += bump
    before, after = _run(fw, x).score("2024", f"u{unit}"), _run(fw, y).score("2024", f"u{unit}")
    assert after >= before - 1e-9
    # Reversing the polarity reverses the direction.
    fw_neg = flat_framework(N_IND, normalisation=method, polarities=["-"] * N_IND)
    before_n, after_n = _run(fw_neg, x).score("2024", f"u{unit}"), _run(fw_neg, y).score("2024", f"u{unit}")
    assert after_n <= before_n + 1e-9


@settings(max_examples=50, deadline=None)
@given(
    x=matrices(),
    perm=st.permutations(list(range(N_IND))),
    agg=st.sampled_from(["arithmetic", "geometric", "harmonic"]),
)
def test_equal_weights_are_symmetric_under_indicator_permutation(x, perm, agg):
    fw1 = flat_framework(N_IND, aggregation=agg)
    fw2 = flat_framework(N_IND, aggregation=agg, order=perm)
    r1 = _run(fw1, x)
    r2 = _run(fw2, x[:, perm])
    np.testing.assert_allclose(r1.scores[0, :, -1], r2.scores[0, :, -1], rtol=1e-12, atol=1e-9)
    np.testing.assert_array_equal(r1.ranks[0, :, -1], r2.ranks[0, :, -1])


@settings(max_examples=60, deadline=None)
@given(x=matrices(2, 12), agg=st.sampled_from(["arithmetic", "geometric"]))
def test_ranks_are_a_permutation(x, agg):
    res = _run(flat_framework(N_IND, aggregation=agg), x)
    scores = res.scores[0, :, -1]
    ranks = res.ranks[0, :, -1].astype(int)
    n = len(ranks)
    # Competition ranking: rank = 1 + number of strictly better units; distinct scores give 1..n.
    for i in range(n):
        assert ranks[i] == 1 + int(np.sum(scores > scores[i] + 1e-9 * (1 + abs(scores[i]))))
    gaps = np.abs(scores[:, None] - scores[None, :]) + np.eye(n)
    if np.all(gaps > 1e-6):  # clearly distinct scores (near-equal ones rank as ties)
        assert sorted(ranks.tolist()) == list(range(1, n + 1))
    assert ranks.min() == 1
