"""Uncertainty and sensitivity analysis, vectorised over replications.

Each replication draws one value of every uncertain choice (weights noise, normalisation method,
aggregation method, imputation method, winsorisation limit). Indicator-level results depend only
on the categorical choices, so they are computed once per distinct combination (a handful) and
gathered into a (replications, units, indicators) batch; aggregation then runs on the whole batch
with per-replication weights. No Python loop runs per replication.

``memoise=False`` turns that memoisation off: every replication then recomputes its own
transformation, imputation, outlier treatment and normalisation, as a tool that re-runs the whole
pipeline per replication does. The results are identical; only benchmarks and tests use it, to
measure what a replication costs when it is not shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from .data import Dataset
from .errors import IndexEngineError
from .framework import AGGREGATIONS, IMPUTATIONS, NORMALISATIONS, Framework
from .pipeline import IndexResult, _check_dataset, compute, resolve_base
from .steps import (
    FloatArray,
    IntArray,
    Tree,
    aggregate,
    build_tree,
    competition_ranks,
    coverage_masks,
    impute,
    normalise,
    transform,
    treat_outliers,
)

__all__ = [
    "SensitivityResult",
    "UncertaintyResult",
    "UncertaintySpec",
    "saltelli_design",
    "sensitivity",
    "sobol_indices",
    "uncertainty",
]

NOMINAL = "nominal"
_CHUNK_CELLS = 6_000_000  # replication chunk size target: units × indicators × reps per chunk


@dataclass(frozen=True)
class UncertaintySpec:
    """The uncertain choices and their alternatives.

    ``"nominal"`` (or ``None`` for the winsorisation limit) stands for the framework's own setting.
    ``weight_noise`` = 0.25 multiplies every weight by a uniform factor in [0.75, 1.25] and
    renormalises the weights within each node. A choice with a single alternative is not varied.
    Imputation alternatives may be chains written with "+", e.g. ``"locf+group_mean"``.
    """

    weight_noise: float = 0.25
    normalisation: tuple[str, ...] = (NOMINAL, "zscore")
    aggregation: tuple[str, ...] = (NOMINAL, "geometric")
    imputation: tuple[str, ...] = (NOMINAL, "group_mean", "median")
    winsorisation: tuple[int | None, ...] = (1, 2, 3, 4, 5)

    def validate(self) -> None:
        if not 0.0 <= self.weight_noise < 1.0:
            raise IndexEngineError("uncertainty: weight_noise must be in [0, 1)")
        for name, values, allowed in (
            ("normalisation", self.normalisation, NORMALISATIONS),
            ("aggregation", self.aggregation, AGGREGATIONS),
        ):
            if not values:
                raise IndexEngineError(f"uncertainty: '{name}' needs at least one alternative")
            for v in values:
                if v != NOMINAL and v not in allowed:
                    raise IndexEngineError(f"uncertainty: invalid {name} alternative {v!r}")
        for v in self.imputation:
            if v != NOMINAL and any(m not in IMPUTATIONS for m in v.split("+")):
                raise IndexEngineError(f"uncertainty: invalid imputation alternative {v!r}")
        if not self.imputation or not self.winsorisation:
            raise IndexEngineError("uncertainty: every choice needs at least one alternative")
        for w in self.winsorisation:
            if w is not None and (not isinstance(w, int) or w < 0):
                raise IndexEngineError(f"uncertainty: invalid winsorisation limit {w!r}")


_CATEGORICAL = ("normalisation", "aggregation", "imputation", "winsorisation")


@dataclass
class _Context:
    """Everything a batch evaluation needs, prepared once."""

    framework: Framework
    dataset: Dataset
    spec: UncertaintySpec
    period: int
    base: int | None
    nominal: IndexResult
    stack: FloatArray | None  # (combos, U, I) normalised indicator scores of the period; None: not memoised
    n_norm: int
    n_lim: int
    cover: npt.NDArray[np.bool_]
    weights: list[FloatArray]  # nominal per-node weights (PCA resolved)
    edges: list[tuple[int, int]]  # (node j, child position k) for each weight
    nominal_rank: FloatArray  # (U,)
    aggregations: list[tuple[str, ...]]
    tree: Tree

    @property
    def notes(self) -> list[str]:
        """Warnings about varied choices that cannot change anything for this data."""
        out = []
        raw = self.dataset.values[self.period]
        if len(self.spec.imputation) > 1 and not np.isnan(raw).any():
            out.append(f"imputation is varied but period {self.dataset.periods[self.period]} has no missing cells")
        if len(self.spec.aggregation) > 1 and all(len(c) == 1 for c in self.tree.children):
            out.append("aggregation is varied but every node has a single child")
        return out

    @property
    def factors(self) -> list[str]:
        """Factors actually varied (single-alternative choices are constants)."""
        out = ["weights"] if self.spec.weight_noise > 0 else []
        out += [name for name in _CATEGORICAL if len(getattr(self.spec, name)) > 1]
        return out


def _prepare(
    framework: Framework,
    dataset: Dataset,
    spec: UncertaintySpec | None,
    period: str | int | None,
    base_period: str | int | None,
    memoise: bool = True,
) -> _Context:
    _check_dataset(framework, dataset)
    spec = spec or UncertaintySpec()
    spec.validate()
    p = dataset.period_index(period) if period is not None else len(dataset.periods) - 1
    base = resolve_base(framework, dataset, base_period)
    nominal = compute(framework, dataset, base_period=dataset.periods[base] if base is not None else None)
    tree = build_tree(framework)

    stack = _combination_stack(framework, dataset, spec, base, p) if memoise else None

    cover, _ = coverage_masks(tree, ~np.isnan(dataset.values[p : p + 1]))
    weights = [
        np.array([nominal.weights[node.code][c.code] for c in node.children]) for node in framework.nodes
    ]
    edges = [(j, k) for j, w in enumerate(weights) for k in range(len(w))]
    root = nominal.columns.index(framework.root)
    aggregations = [tree.aggregation if a == NOMINAL else (a,) * len(framework.nodes) for a in spec.aggregation]
    return _Context(
        framework=framework,
        dataset=dataset,
        spec=spec,
        period=p,
        base=base,
        nominal=nominal,
        stack=stack,
        n_norm=len(spec.normalisation),
        n_lim=len(spec.winsorisation),
        cover=cover,
        weights=weights,
        edges=edges,
        nominal_rank=nominal.ranks[p, :, root],
        aggregations=aggregations,
        tree=tree,
    )


def _combination_stack(
    framework: Framework, dataset: Dataset, spec: UncertaintySpec, base: int | None, p: int
) -> FloatArray:
    """Normalised scores of period ``p`` for every combination of the indicator-level choices.

    Index of a combination: (imputation * n_limits + limit) * n_normalisations + normalisation.
    """
    x = transform(framework, dataset)
    stacks = []
    for imp in spec.imputation:
        imputed, _ = impute(framework, dataset, x, _chain(imp))
        for lim in spec.winsorisation:
            treated, _, _ = treat_outliers(framework, imputed, lim)
            for norm in spec.normalisation:
                n = normalise(framework, treated, base, None if norm == NOMINAL else norm)
                stacks.append(n[p])
    return np.stack(stacks)


def _chain(imputation: str) -> tuple[str, ...] | None:
    return None if imputation == NOMINAL else tuple(imputation.split("+"))


def _one_replication_stage(ctx: _Context, imp: int, lim: int, norm: int) -> FloatArray:
    """The indicator stage of one replication, recomputed from the raw data (no memoisation)."""
    spec, fw, ds = ctx.spec, ctx.framework, ctx.dataset
    x = transform(fw, ds)
    imputed, _ = impute(fw, ds, x, _chain(spec.imputation[imp]))
    treated, _, _ = treat_outliers(fw, imputed, spec.winsorisation[lim])
    method = spec.normalisation[norm]
    scores: FloatArray = normalise(fw, treated, ctx.base, None if method == NOMINAL else method)[ctx.period]
    return scores


def _indicator_batch(ctx: _Context, levels: dict[str, IntArray], sl: slice) -> FloatArray:
    """Normalised indicator scores (r, U, I) of the replications in ``sl``."""
    imp, lim, norm = levels["imputation"][sl], levels["winsorisation"][sl], levels["normalisation"][sl]
    if ctx.stack is not None:
        combo = (imp * ctx.n_lim + lim) * ctx.n_norm + norm
        gathered: FloatArray = ctx.stack[combo]  # no per-replication loop
        return gathered
    return np.stack(
        [_one_replication_stage(ctx, int(a), int(b), int(c)) for a, b, c in zip(imp, lim, norm, strict=True)]
    )


def _replication_weights(ctx: _Context, noise: FloatArray | None) -> list[FloatArray]:
    """Per-node weights (R, k): nominal × noise factors, renormalised within each node."""
    if noise is None:
        return [w.copy() for w in ctx.weights]
    out = []
    start = 0
    for w in ctx.weights:
        k = len(w)
        wr = w[None, :] * noise[:, start : start + k]
        out.append(wr / wr.sum(axis=1, keepdims=True))
        start += k
    return out


def _evaluate(ctx: _Context, levels: dict[str, IntArray], noise: FloatArray | None) -> tuple[FloatArray, FloatArray]:
    """Root scores and ranks (R, U) for R replications given their choice levels and noise."""
    r_n = len(next(iter(levels.values())))
    u_n, i_n = ctx.dataset.values.shape[1:]
    root = len(ctx.nominal.columns) - 1
    scores = np.empty((r_n, u_n))
    ranks = np.empty((r_n, u_n))
    chunk = max(1, _CHUNK_CELLS // max(1, u_n * (i_n + len(ctx.weights))))
    for start in range(0, r_n, chunk):
        sl = slice(start, min(r_n, start + chunk))
        batch = _indicator_batch(ctx, levels, sl)
        weights = _replication_weights(ctx, None if noise is None else noise[sl])
        agg = levels["aggregation"][sl]
        # Group replications by aggregation method: a loop over at most three values.
        for a, methods in enumerate(ctx.aggregations):
            sel = agg == a
            if not sel.any():
                continue
            w_sel = [w[sel] if w.ndim == 2 else w for w in weights]
            res = aggregate(ctx.tree, batch[sel], w_sel, methods, ctx.cover, ctx.framework.floor)
            scores[start + np.flatnonzero(sel)] = res[:, :, root]
        # Ranked per chunk: the pairwise comparison is (r, U, U).
        ranks[sl] = competition_ranks(scores[sl])
    return scores, ranks


def _rank_shift(ctx: _Context, ranks: FloatArray) -> FloatArray:
    """Mean absolute rank change against the nominal ranking, per replication."""
    import warnings

    diff = np.abs(ranks - ctx.nominal_rank[None, :])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a replication may rank no unit at all
        shift: FloatArray = np.nanmean(diff, axis=1)
    return shift


def _levels_from_uniform(ctx: _Context, u: FloatArray) -> dict[str, IntArray]:
    """Map uniforms (R, 4) in the order of ``_CATEGORICAL`` to level indices (binning)."""
    out = {}
    for c, name in enumerate(_CATEGORICAL):
        m = len(getattr(ctx.spec, name))
        out[name] = np.minimum((u[:, c] * m).astype(np.int64), m - 1)
    return out


def _noise(ctx: _Context, u: FloatArray) -> FloatArray | None:
    if ctx.spec.weight_noise <= 0:
        return None
    a = ctx.spec.weight_noise
    return 1.0 - a + 2.0 * a * u


@dataclass
class UncertaintyResult:
    """Rank distribution of every unit over the Monte Carlo replications (one period).

    ``parameters`` gives each replication's choices (level names) and ``weights`` each
    replication's per-node weights, so any replication can be re-run on its own.
    """

    period: str
    units: tuple[str, ...]
    n: int
    seed: int
    nominal_rank: FloatArray
    nominal_score: FloatArray
    median_rank: FloatArray
    rank_p05: FloatArray
    rank_p95: FloatArray
    mean_rank: FloatArray
    score_median: FloatArray
    score_p05: FloatArray
    score_p95: FloatArray
    ranks: FloatArray  # (n, U)
    scores: FloatArray  # (n, U)
    parameters: dict[str, list[Any]]
    weights: dict[str, FloatArray]
    rank_shift: FloatArray  # (n,)
    factors: list[str]
    engine_version: str
    input_hash: str
    imputed_cells: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self, include_replications: bool = False) -> dict[str, Any]:
        def opt(x: float) -> float | None:
            return None if np.isnan(x) else float(x)

        units = []
        for u, unit in enumerate(self.units):
            units.append(
                {
                    "unit": unit,
                    "nominal_rank": opt(self.nominal_rank[u]),
                    "nominal_score": opt(self.nominal_score[u]),
                    "median_rank": opt(self.median_rank[u]),
                    "rank_p05": opt(self.rank_p05[u]),
                    "rank_p95": opt(self.rank_p95[u]),
                    "mean_rank": opt(self.mean_rank[u]),
                    "score_median": opt(self.score_median[u]),
                    "score_p05": opt(self.score_p05[u]),
                    "score_p95": opt(self.score_p95[u]),
                }
            )
        out: dict[str, Any] = {
            "period": self.period,
            "n": self.n,
            "seed": self.seed,
            "factors": self.factors,
            "notes": self.notes,
            "imputed_cells": self.imputed_cells,
            "mean_rank_shift": float(np.nanmean(self.rank_shift)) if self.n else None,
            "units": units,
            "engine_version": self.engine_version,
            "input_hash": self.input_hash,
        }
        if include_replications:
            out["parameters"] = self.parameters
            out["weights"] = {k: v.tolist() for k, v in self.weights.items()}
            out["ranks"] = [[opt(v) for v in row] for row in self.ranks]
        return out


def uncertainty(
    framework: Framework,
    dataset: Dataset,
    n: int,
    seed: int,
    *,
    spec: UncertaintySpec | None = None,
    period: str | int | None = None,
    base_period: str | int | None = None,
    memoise: bool = True,
) -> UncertaintyResult:
    """Monte Carlo uncertainty analysis of the ranks of one period (default: the latest).

    Draws ``n`` replications (plain random sampling, reproducible from ``seed``) and returns the
    median rank and the 5–95% rank interval of every unit. ``memoise=False`` recomputes the
    indicator stage for every replication instead of once per distinct combination of choices
    (same result; for benchmarks and tests).
    """
    if n < 1:
        raise IndexEngineError("uncertainty: n must be at least 1")
    ctx = _prepare(framework, dataset, spec, period, base_period, memoise)
    rng = np.random.default_rng(seed)
    u = rng.random((n, len(_CATEGORICAL)))
    noise = _noise(ctx, rng.random((n, len(ctx.edges))))
    levels = _levels_from_uniform(ctx, u)
    scores, ranks = _evaluate(ctx, levels, noise)
    weights = _replication_weights(ctx, noise)
    root = ctx.nominal.columns.index(framework.root)
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            q = np.nanpercentile(ranks, [5, 50, 95], axis=0)
            sq = np.nanpercentile(scores, [5, 50, 95], axis=0)
            mean_rank = np.nanmean(ranks, axis=0)
    params: dict[str, list[Any]] = {}
    for name in _CATEGORICAL:
        values = getattr(ctx.spec, name)
        params[name] = [values[i] for i in levels[name].tolist()]
    return UncertaintyResult(
        period=dataset.periods[ctx.period],
        units=dataset.units,
        n=n,
        seed=seed,
        nominal_rank=ctx.nominal_rank,
        nominal_score=ctx.nominal.scores[ctx.period, :, root],
        median_rank=q[1],
        rank_p05=q[0],
        rank_p95=q[2],
        mean_rank=mean_rank,
        score_median=sq[1],
        score_p05=sq[0],
        score_p95=sq[2],
        ranks=ranks,
        scores=scores,
        parameters=params,
        weights={node.code: (w if w.ndim == 2 else np.broadcast_to(w, (n, len(w)))) for node, w in zip(framework.nodes, weights, strict=True)},
        rank_shift=_rank_shift(ctx, ranks),
        factors=ctx.factors,
        engine_version=ctx.nominal.engine_version,
        input_hash=ctx.nominal.input_hash,
        imputed_cells=[c.__dict__ for c in ctx.nominal.imputed_cells if c.period == dataset.periods[ctx.period]],
        notes=ctx.notes,
    )


# ---------------------------------------------------------------------------------------------
# Sobol sensitivity analysis


def saltelli_design(n: int, d: int, rng: np.random.Generator) -> tuple[FloatArray, FloatArray]:
    """Two independent uniform sample matrices A and B, each (n, d) (plain random sampling)."""
    return rng.random((n, d)), rng.random((n, d))


def sobol_indices(
    y_a: FloatArray, y_b: FloatArray, y_ab: FloatArray, n_boot: int = 100, seed: int = 0, ci: float = 0.90
) -> dict[str, FloatArray]:
    """First-order (Saltelli 2010) and total (Jansen 1999) Sobol indices with bootstrap CIs.

    ``y_ab`` is (d, n): row i holds outputs of A with column i taken from B.
    S_i = mean(y_B · (y_ABi − y_A)) / V,  ST_i = mean((y_A − y_ABi)²) / (2V),  V = var([y_A, y_B]).
    """
    def est(idx: IntArray) -> tuple[FloatArray, FloatArray]:
        a, b, ab = y_a[..., idx], y_b[..., idx], y_ab[..., idx]
        v = np.var(np.concatenate([a, b], axis=-1), axis=-1)
        v = np.where(v > 0, v, np.nan)
        s1 = np.mean(b[..., None, :] * (ab - a[..., None, :]), axis=-1) / v[..., None]
        st = 0.5 * np.mean((a[..., None, :] - ab) ** 2, axis=-1) / v[..., None]
        return s1, st

    n = y_a.shape[0]
    s1, st = est(np.arange(n))
    rng = np.random.default_rng(seed)
    boot = rng.integers(0, n, size=(n_boot, n))
    # Vectorised bootstrap: index arrays (n_boot, n) broadcast through the estimators.
    a, b = y_a[boot], y_b[boot]
    ab = y_ab[:, boot].transpose(1, 0, 2)  # (n_boot, d, n)
    v = np.var(np.concatenate([a, b], axis=1), axis=1)
    v = np.where(v > 0, v, np.nan)
    s1_b = np.mean(b[:, None, :] * (ab - a[:, None, :]), axis=2) / v[:, None]
    st_b = 0.5 * np.mean((a[:, None, :] - ab) ** 2, axis=2) / v[:, None]
    lo_q, hi_q = 100 * (1 - ci) / 2, 100 * (1 - (1 - ci) / 2)
    return {
        "S1": s1,
        "ST": st,
        "S1_low": np.nanpercentile(s1_b, lo_q, axis=0),
        "S1_high": np.nanpercentile(s1_b, hi_q, axis=0),
        "ST_low": np.nanpercentile(st_b, lo_q, axis=0),
        "ST_high": np.nanpercentile(st_b, hi_q, axis=0),
    }


@dataclass
class SensitivityResult:
    """Sobol indices of each uncertain choice on the mean absolute rank shift."""

    period: str
    n: int
    seed: int
    runs: int
    factors: list[str]
    first_order: dict[str, float]
    total: dict[str, float]
    first_order_ci: dict[str, tuple[float, float]]
    total_ci: dict[str, tuple[float, float]]
    output_mean: float
    output_variance: float
    not_varied: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    engine_version: str = ""
    input_hash: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "n": self.n,
            "seed": self.seed,
            "runs": self.runs,
            "output": "mean absolute rank shift against the nominal ranking",
            "factors": [
                {
                    "factor": f,
                    "first_order": self.first_order[f],
                    "first_order_ci": list(self.first_order_ci[f]),
                    "total": self.total[f],
                    "total_ci": list(self.total_ci[f]),
                }
                for f in self.factors
            ],
            "not_varied": self.not_varied,
            "notes": self.notes,
            "output_mean": self.output_mean,
            "output_variance": self.output_variance,
            "engine_version": self.engine_version,
            "input_hash": self.input_hash,
        }


def sensitivity(
    framework: Framework,
    dataset: Dataset,
    n: int,
    seed: int,
    *,
    spec: UncertaintySpec | None = None,
    period: str | int | None = None,
    base_period: str | int | None = None,
    n_boot: int = 100,
    memoise: bool = True,
) -> SensitivityResult:
    """Variance-based (Sobol) sensitivity of the ranking to each uncertain choice.

    Runs n·(d + 2) pipelines (d = number of varied choices; the weights count as one grouped
    factor), all evaluated as one vectorised batch. Categorical choices are sampled as uniforms
    and binned. Output: mean absolute rank shift against the nominal ranking, as COINr does.
    ``memoise=False``: as in :func:`uncertainty`.
    """
    if n < 2:
        raise IndexEngineError("sensitivity: n must be at least 2")
    ctx = _prepare(framework, dataset, spec, period, base_period, memoise)
    factors = ctx.factors
    if not factors:
        raise IndexEngineError("sensitivity: no choice is varied (every alternative list has one value)")
    d = len(factors)
    rng = np.random.default_rng(seed)
    cat_a, cat_b = saltelli_design(n, len(_CATEGORICAL), rng)
    noise_a = rng.random((n, len(ctx.edges)))
    noise_b = rng.random((n, len(ctx.edges)))

    # Assemble all n(d+2) rows: A, B, then AB_i for each factor i.
    cats = [cat_a, cat_b]
    noises = [noise_a, noise_b]
    for f in factors:
        c = cat_a.copy()
        nz = noise_a
        if f == "weights":
            nz = noise_b
        else:
            col = _CATEGORICAL.index(f)
            c[:, col] = cat_b[:, col]
        cats.append(c)
        noises.append(nz)
    cat_all = np.concatenate(cats)
    noise_all = _noise(ctx, np.concatenate(noises))
    _, ranks = _evaluate(ctx, _levels_from_uniform(ctx, cat_all), noise_all)
    y = _rank_shift(ctx, ranks)
    y_a, y_b = y[:n], y[n : 2 * n]
    y_ab = y[2 * n :].reshape(d, n)
    idx = sobol_indices(y_a, y_b, y_ab, n_boot=n_boot, seed=seed)
    not_varied = [name for name in ("weights", *_CATEGORICAL) if name not in factors]
    return SensitivityResult(
        period=dataset.periods[ctx.period],
        n=n,
        seed=seed,
        runs=n * (d + 2),
        factors=factors,
        first_order={f: float(idx["S1"][i]) for i, f in enumerate(factors)},
        total={f: float(idx["ST"][i]) for i, f in enumerate(factors)},
        first_order_ci={f: (float(idx["S1_low"][i]), float(idx["S1_high"][i])) for i, f in enumerate(factors)},
        total_ci={f: (float(idx["ST_low"][i]), float(idx["ST_high"][i])) for i, f in enumerate(factors)},
        output_mean=float(np.mean(np.concatenate([y_a, y_b]))),
        output_variance=float(np.var(np.concatenate([y_a, y_b]))),
        not_varied=not_varied,
        notes=ctx.notes,
        engine_version=ctx.nominal.engine_version,
        input_hash=ctx.nominal.input_hash,
    )
