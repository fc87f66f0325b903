"""A composite index in plain pandas, written the obvious way: the index bench's same-run baseline.

This is what a Python analyst builds today without our engine (research note indicators.md §7:
"no whole-pipeline package; hand-written pandas"): a tidy DataFrame, ``groupby`` for imputation
and per-period statistics, one loop over the skewed columns for the outlier rule, vectorised
column arithmetic for normalisation, a weighted mean per node of the tree, ``rank(method="min")``,
and a plain loop over the uncertainty replications, each re-running the whole pipeline.

It implements the steps the bench uses, with the same definitions as the JRC/OECD handbook and
COINr (and so as our engine): imputation (``group_mean``, ``median``, ``locf`` chains), the
skew/kurtosis outlier rule (winsorise up to ``limit`` points, else log), min–max, z-score and
goalpost normalisation, polarity, arithmetic/geometric/harmonic weighted means that skip missing
children, coverage thresholds, competition ranks. It does not use ``youthcity`` code; ``config_from``
only reads a parsed framework's fields. Bench and tests only (pandas is a dev dependency).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

NOMINAL = "nominal"


@dataclass(frozen=True)
class Config:
    """Everything the pipeline needs, as plain data."""

    indicators: list[str]
    tree: dict[str, list[str]]  # node -> children, in post-order (children before parents)
    root: str
    weights: dict[str, list[float]]  # node -> child weights (normalised inside the node)
    polarity: dict[str, str]  # indicator -> "+" / "-"
    normalisation: dict[str, str]  # indicator -> minmax / zscore / goalposts
    goalposts: dict[str, tuple[float, float, bool]] = field(default_factory=dict)  # min, max, cap
    aggregation: dict[str, str] = field(default_factory=dict)  # node -> arithmetic / geometric / harmonic
    coverage: dict[str, float] = field(default_factory=dict)  # node -> share of leaves required
    imputation: tuple[str, ...] = ()
    outlier_limit: int | None = None  # None: no outlier treatment
    skew: float = 2.25
    kurtosis: float = 3.5
    scale: tuple[float, float] = (0.0, 100.0)
    floor: float = 1.0


def config_from(framework: Any) -> Config:
    """Read a parsed framework (its public fields only) into a ``Config``; refuse what is not here."""
    for ind in framework.indicators:
        if ind.polarity not in ("+", "-") or ind.normalisation.method not in ("minmax", "zscore", "goalposts"):
            raise NotImplementedError(f"{ind.code}: the pandas baseline has no {ind.normalisation.method!r}")
        if ind.transformation != "none" or ind.imputation is not None or ind.outlier is not None:
            raise NotImplementedError(f"{ind.code}: per-indicator transformation/imputation/outliers")
        if ind.normalisation.log:
            raise NotImplementedError(f"{ind.code}: log goalposts")
    if any(n.weights == "pca" for n in framework.nodes):
        raise NotImplementedError("PCA weights")
    if framework.base_period is not None:
        raise NotImplementedError("base period")
    out = framework.outlier
    if out.method == "log":
        raise NotImplementedError("outlier method 'log'")
    return Config(
        indicators=[i.code for i in framework.indicators],
        tree={n.code: [c.code for c in n.children] for n in framework.nodes},
        root=framework.root,
        weights={n.code: [float(c.weight) for c in n.children] for n in framework.nodes},
        polarity={i.code: i.polarity for i in framework.indicators},
        normalisation={i.code: i.normalisation.method for i in framework.indicators},
        goalposts={
            i.code: (i.normalisation.min, i.normalisation.max, i.normalisation.cap)
            for i in framework.indicators
            if i.normalisation.method == "goalposts"
        },
        aggregation={n.code: n.aggregation for n in framework.nodes},
        coverage={n.code: n.coverage for n in framework.nodes},
        imputation=tuple(m for m in framework.imputation if m != "none"),
        outlier_limit=None if out.method == "none" else out.limit,
        skew=out.skew,
        kurtosis=out.kurtosis,
        scale=framework.scale,
        floor=framework.floor,
    )


def to_frame(units: list[str], periods: list[str], values: np.ndarray, indicators: list[str],
             groups: dict[str, str] | None = None) -> pd.DataFrame:
    """A tidy table (period, unit) × indicators, with a ``group`` column, from a (P, U, I) array."""
    index = pd.MultiIndex.from_product([periods, units], names=["period", "unit"])
    df = pd.DataFrame(values.reshape(len(periods) * len(units), len(indicators)), index=index, columns=indicators)
    df["group"] = [(groups or {}).get(u, "") for _, u in index]
    return df


# ---------------------------------------------------------------------------------------------
# The steps


def impute(x: pd.DataFrame, groups: pd.Series, chain: tuple[str, ...]) -> pd.DataFrame:
    for method in chain:
        if method == "locf":
            fill = x.groupby(level="unit").ffill()
        elif method == "median":
            fill = x.groupby(level="period").transform("median")
        elif method == "group_mean":
            fill = x.groupby([x.index.get_level_values("period"), groups]).transform("mean")
        elif method == "none":
            continue
        else:
            raise NotImplementedError(method)
        x = x.fillna(fill)
    return x


def _fails(s: pd.Series, cfg: Config) -> bool:
    return bool(abs(s.skew()) > cfg.skew and s.kurt() > cfg.kurtosis)


def treat_column(s: pd.Series, limit: int, cfg: Config) -> pd.Series:
    """Winsorise one point at a time on the skewed side while the rule fails; else log."""
    srt = s.dropna().sort_values().to_numpy()
    lo = hi = 0
    v = s
    while _fails(v, cfg) and lo + hi < limit and lo + hi < len(srt) - 2:
        if v.skew() > 0:
            hi += 1
        else:
            lo += 1
        v = s.clip(srt[lo], srt[len(srt) - 1 - hi])
    if not _fails(v, cfg):
        return v
    if s.skew() >= 0:
        return np.log(s - s.min() + 1.0)
    return -np.log(s.max() - s + 1.0)


def treat_outliers(x: pd.DataFrame, limit: int | None, cfg: Config) -> pd.DataFrame:
    """One period (units × indicators): treat the columns that break the skew/kurtosis rule."""
    if limit is None:
        return x
    x = x.copy()
    skew, kurt = x.skew(), x.kurt()
    for col in x.columns[(skew.abs() > cfg.skew) & (kurt > cfg.kurtosis)]:
        x[col] = treat_column(x[col], limit, cfg)
    return x


def normalise(x: pd.DataFrame, methods: dict[str, str], cfg: Config) -> pd.DataFrame:
    """One period: every indicator onto the output scale, higher is better."""
    parts = []
    lo, hi = cfg.scale
    for method in sorted(set(methods.values())):
        cols = [c for c in cfg.indicators if methods[c] == method]
        v = x[cols]
        neg = [c for c in cols if cfg.polarity[c] == "-"]
        if method == "minmax":
            rng = v.max() - v.min()
            s = (v - v.min()) / rng[rng > 0]
            s[rng.index[~(rng > 0)]] = 0.5  # no spread: mid-scale
            s[neg] = 1.0 - s[neg]
        elif method == "zscore":
            sd = v.std()
            z = (v - v.mean()) / sd[sd > 0]
            z[sd.index[~(sd > 0)]] = 0.0
            z = z.where(v.notna())
            z[neg] = -z[neg]
            s = 0.5 + z / 10.0
        elif method == "goalposts":
            a = pd.Series({c: float(cfg.goalposts[c][0]) for c in cols})
            b = pd.Series({c: float(cfg.goalposts[c][1]) for c in cols})
            uncapped = [c for c in cols if not cfg.goalposts[c][2]]
            capped = v.clip(a, b, axis=1)
            capped[uncapped] = v[uncapped]
            s = (capped - a) / (b - a)
            s[neg] = 1.0 - s[neg]
        else:
            raise NotImplementedError(method)
        parts.append(lo + (hi - lo) * s)
    return pd.concat(parts, axis=1)[cfg.indicators]


def aggregate(norm: pd.DataFrame, present: pd.DataFrame, cfg: Config, aggregation: dict[str, str],
              weights: dict[str, Any]) -> pd.DataFrame:
    """One period: weighted means up the tree; missing children are skipped, units below a node's
    coverage threshold (share of its indicators reported, before imputation) get NaN."""
    scores = norm.copy()
    leaves: dict[str, list[str]] = {}
    for node, kids in cfg.tree.items():
        leaves[node] = [leaf for k in kids for leaf in leaves.get(k, [k])]
        vals = scores[kids]
        w = pd.Series(np.asarray(weights[node], dtype=float), index=kids)
        wa = vals.notna() * w
        wsum = wa.sum(axis=1)
        method = aggregation[node]
        if method == "arithmetic":
            s = (vals.fillna(0.0) * wa).sum(axis=1) / wsum
        elif method == "geometric":
            s = np.exp((np.log(vals.clip(lower=cfg.floor)).fillna(0.0) * wa).sum(axis=1) / wsum)
        else:
            s = wsum / ((1.0 / vals.clip(lower=cfg.floor)).fillna(0.0) * wa).sum(axis=1)
        share = present[leaves[node]].mean(axis=1)
        ok = (wsum > 0) & (share > 0) & (share + 1e-9 >= cfg.coverage.get(node, 0.0))
        scores[node] = s.where(ok)
    return scores


def build_period(x: pd.DataFrame, present: pd.DataFrame, cfg: Config, choice: dict[str, Any]) -> pd.DataFrame:
    """Outlier treatment, normalisation and aggregation of one period's imputed data."""
    limit = choice.get("winsorisation")
    limit = cfg.outlier_limit if limit is None else limit
    x = treat_outliers(x, limit, cfg)
    norm = choice.get("normalisation", NOMINAL)
    methods = cfg.normalisation if norm == NOMINAL else {
        c: ("minmax" if norm == "goalposts" and c not in cfg.goalposts else norm) for c in cfg.indicators
    }
    x = normalise(x, methods, cfg)
    agg = choice.get("aggregation", NOMINAL)
    aggregation = cfg.aggregation if agg == NOMINAL else dict.fromkeys(cfg.tree, agg)
    weights = choice.get("weights") or cfg.weights
    return aggregate(x, present, cfg, aggregation, weights)


def build(data: pd.DataFrame, cfg: Config, choice: dict[str, Any] | None = None,
          periods: list[str] | None = None) -> pd.DataFrame:
    """Scores of every indicator and node for every (period, unit); ``choice`` overrides the nominal
    normalisation, aggregation, imputation chain ("a+b"), winsorisation limit and node weights.
    Imputation runs on the whole panel (a unit's earlier years count); the rest period by period."""
    choice = choice or {}
    x = data[cfg.indicators]
    present = x.notna()
    imp = choice.get("imputation", NOMINAL)
    chain = cfg.imputation if imp == NOMINAL else tuple(imp.split("+"))
    x = impute(x, data["group"], chain)
    wanted = periods if periods is not None else list(x.index.unique("period"))
    out = {p: build_period(x.loc[p], present.loc[p], cfg, choice) for p in wanted}
    return pd.concat(out, names=["period"])


def ranks(scores: pd.DataFrame) -> pd.DataFrame:
    """1 = best; ties share the best rank; NaN stays unranked."""
    return scores.groupby(level="period").rank(ascending=False, method="min")


def replications(data: pd.DataFrame, cfg: Config, period: str,
                 choices: list[dict[str, Any]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Root scores and ranks of ``period`` (replications × units), one full rebuild per choice."""
    scores, ranked = [], []
    for choice in choices:
        root = build(data, cfg, choice, periods=[period])[cfg.root].loc[period]
        scores.append(root)
        ranked.append(root.rank(ascending=False, method="min"))
    return pd.DataFrame(scores).reset_index(drop=True), pd.DataFrame(ranked).reset_index(drop=True)


def summary(ranked: pd.DataFrame) -> pd.DataFrame:
    """Median rank and 5–95% interval per unit."""
    q = ranked.quantile([0.05, 0.5, 0.95])
    return pd.DataFrame({"rank_p05": q.loc[0.05], "median_rank": q.loc[0.5], "rank_p95": q.loc[0.95]})


def choices_of(parameters: dict[str, list[Any]], weights: dict[str, np.ndarray]) -> list[dict[str, Any]]:
    """Replication choices in plain form from a record of sampled parameters and weights."""
    n = len(next(iter(parameters.values())))
    return [
        {**{k: v[r] for k, v in parameters.items()}, "weights": {node: w[r] for node, w in weights.items()}}
        for r in range(n)
    ]


def uncertainty(data: pd.DataFrame, cfg: Config, period: str, choices: list[dict[str, Any]]) -> dict[str, Any]:
    """The outputs our ``uncertainty`` gives: nominal ranks, every replication's scores and ranks,
    rank and score intervals, mean rank and the mean absolute rank shift of each replication."""
    nominal = build(data, cfg, periods=[period])[cfg.root].loc[period]
    nominal_rank = nominal.rank(ascending=False, method="min")
    scores, ranked = replications(data, cfg, period, choices)
    return {
        "nominal_score": nominal,
        "nominal_rank": nominal_rank,
        "scores": scores,
        "ranks": ranked,
        "rank_summary": summary(ranked),
        "score_summary": scores.quantile([0.05, 0.5, 0.95]).T,
        "mean_rank": ranked.mean(),
        "rank_shift": (ranked - nominal_rank).abs().mean(axis=1),
    }
