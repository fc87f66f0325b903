"""Vectorised numerical kernels shared by ``compute`` and the Monte Carlo analyses.

Every kernel works on whole arrays: indicator stages on panels shaped (periods, units,
indicators), aggregation on batches shaped (batch, units, ...), where the batch axis holds
periods (for ``compute``) or replications (for uncertainty and sensitivity analysis).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .data import Dataset
from .errors import DataError
from .framework import Framework, Indicator, OutlierTreatment

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


@dataclass
class Stage:
    """Indicator-level results of one pipeline configuration, for all periods."""

    raw: FloatArray  # (P, U, I) as read
    present: BoolArray  # (P, U, I) raw value observed
    imputed: FloatArray  # (P, U, I) after transformation and imputation
    imputed_by: list[tuple[int, int, int, str]]  # (p, u, i, method) for every filled cell
    treated: FloatArray  # (P, U, I) after outlier treatment
    winsorised: IntArray  # (P, I) points winsorised
    logged: BoolArray  # (P, I) log applied by the outlier rule
    normalised: FloatArray  # (P, U, I) on the output scale
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Transformation and imputation


def transform(fw: Framework, ds: Dataset) -> FloatArray:
    """Apply each indicator's declared transformation (none / log / capped)."""
    x = ds.values.copy()
    for i, ind in enumerate(fw.indicators):
        col = x[:, :, i]
        if ind.transformation == "log":
            bad = np.argwhere(col <= 0)
            if bad.size:
                p, u = bad[0]
                raise DataError(
                    f"period '{ds.periods[p]}', unit '{ds.units[u]}', column '{ind.code}': "
                    f"value {col[p, u]} must be positive for the log transformation"
                )
            x[:, :, i] = np.log(col)
        elif ind.transformation == "capped":
            lo = -np.inf if ind.cap_min is None else ind.cap_min
            hi = np.inf if ind.cap_max is None else ind.cap_max
            x[:, :, i] = np.clip(col, lo, hi)
    return x


def _locf(col: FloatArray) -> FloatArray:
    """Last observation carried forward along the period axis of a (P, U, k) array."""
    p = col.shape[0]
    idx = np.where(~np.isnan(col), np.arange(p)[:, None, None], -1)
    np.maximum.accumulate(idx, axis=0, out=idx)
    out = np.take_along_axis(col, np.maximum(idx, 0), axis=0)
    out[idx < 0] = np.nan
    return out


def impute(
    fw: Framework,
    ds: Dataset,
    x: FloatArray,
    override: tuple[str, ...] | None = None,
) -> tuple[FloatArray, list[tuple[int, int, int, str]]]:
    """Fill missing cells by each indicator's method chain; return values and a log of fills.

    ``group_mean`` uses the mean of the unit's group (the optional ``group`` column; all units
    form one group otherwise) in the same period; ``median`` the median of all units in the
    period; ``locf`` the unit's own last earlier observation. A chain such as
    ``[locf, group_mean]`` tries each method in turn for cells still missing.
    """
    out = x.copy()
    log: list[tuple[int, int, int, str]] = []
    chains = [override if override is not None else (ind.imputation or fw.imputation) for ind in fw.indicators]
    depth = max(len(c) for c in chains)
    groups = np.array([ds.groups.get(u, "") for u in ds.units])
    for step in range(depth):
        for method in ("locf", "group_mean", "median"):
            cols = [i for i, c in enumerate(chains) if len(c) > step and c[step] == method]
            if not cols:
                continue
            block = out[:, :, cols]
            missing = np.isnan(block)
            if not missing.any():
                continue
            if method == "locf":
                fill = _locf(block)
            elif method == "median":
                with np.errstate(all="ignore"):
                    med = _nan_reduce(np.nanmedian, block)
                fill = np.broadcast_to(med[:, None, :], block.shape)
            else:
                fill = np.full_like(block, np.nan)
                for g in np.unique(groups):
                    sel = groups == g
                    with np.errstate(all="ignore"):
                        m = _nan_reduce(np.nanmean, block[:, sel, :])
                    fill[:, sel, :] = m[:, None, :]
            newly = missing & ~np.isnan(fill)
            block = np.where(newly, fill, block)
            out[:, :, cols] = block
            for p, u, k in np.argwhere(newly):
                log.append((int(p), int(u), int(cols[k]), method))
    return out, log


def _nan_reduce(func: object, block: FloatArray) -> FloatArray:
    """Column reduction over units that returns NaN (without a warning) for all-NaN columns."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        res: FloatArray = func(block, axis=1)  # type: ignore[operator]
    return res


# ---------------------------------------------------------------------------------------------
# Outlier treatment


def skew_kurt(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Adjusted skewness G1 and excess kurtosis G2 of each column of a (U, k) array (NaN-aware)."""
    valid = ~np.isnan(x)
    n = valid.sum(axis=0).astype(np.float64)
    with np.errstate(all="ignore"):
        mean = np.where(valid, x, 0.0).sum(axis=0) / n
        d = np.where(valid, x - mean, 0.0)
        d2 = d * d
        m2 = d2.sum(axis=0) / n
        m3 = (d2 * d).sum(axis=0) / n
        m4 = (d2 * d2).sum(axis=0) / n
        g1 = m3 / m2**1.5
        g2 = m4 / (m2 * m2) - 3.0
        skew = np.sqrt(n * (n - 1)) / (n - 2) * g1
        kurt = (n - 1) / ((n - 2) * (n - 3)) * ((n + 1) * g2 + 6.0)
    ok = (n > 3) & (m2 > 0)
    return np.where(ok, skew, 0.0), np.where(ok, kurt, 0.0)


def treat_outliers(
    fw: Framework, x: FloatArray, limit_override: int | None = None
) -> tuple[FloatArray, IntArray, BoolArray]:
    """Winsorise or log-transform outlying indicators, period by period.

    Vectorised over all (period, indicator) columns at once: each iteration winsorises one more
    point on the skewed side of every column that still breaks the skew/kurtosis rule.
    """
    p_n, u_n, i_n = x.shape
    specs: list[OutlierTreatment] = []
    for ind in fw.indicators:
        spec = ind.outlier or fw.outlier
        if limit_override is not None:
            spec = OutlierTreatment("winsorise", limit_override, spec.skew, spec.kurtosis)
        specs.append(spec)
    out = x.copy()
    winsorised = np.zeros((p_n, i_n), dtype=np.int64)
    logged = np.zeros((p_n, i_n), dtype=bool)
    method = np.array([s.method for s in specs])
    if (method == "none").all():
        return out, winsorised, logged

    # Columns = (period, indicator) pairs; rows = units.
    cols = np.transpose(x, (1, 0, 2)).reshape(u_n, p_n * i_n)
    limit = np.tile(np.array([s.limit if s.method == "winsorise" else 0 for s in specs]), p_n)
    skew_t = np.tile(np.array([s.skew for s in specs]), p_n)
    kurt_t = np.tile(np.array([s.kurtosis for s in specs]), p_n)
    mode = np.tile(method, p_n)
    srt = np.sort(cols, axis=0)  # NaN sort last
    nvalid = np.sum(~np.isnan(cols), axis=0)
    lo_k = np.zeros(cols.shape[1], dtype=np.int64)
    hi_k = np.zeros(cols.shape[1], dtype=np.int64)
    cur = cols.copy()
    active = mode == "winsorise"
    for _ in range(int(limit.max()) if active.any() else 0):
        skew, kurt = skew_kurt(cur)
        fail = active & (np.abs(skew) > skew_t) & (kurt > kurt_t) & (lo_k + hi_k < limit) & (lo_k + hi_k < nvalid - 2)
        if not fail.any():
            break
        hi_k = hi_k + (fail & (skew > 0))
        lo_k = lo_k + (fail & (skew <= 0))
        lo_val = np.take_along_axis(srt, lo_k[None, :], axis=0)[0]
        hi_val = np.take_along_axis(srt, np.maximum(nvalid - 1 - hi_k, 0)[None, :], axis=0)[0]
        cur = np.clip(cols, lo_val, hi_val)
    skew, kurt = skew_kurt(cur)
    still = (np.abs(skew) > skew_t) & (kurt > kurt_t)
    use_log = (mode == "log") | ((mode == "winsorise") & still)
    if use_log.any():
        sk0, _ = skew_kurt(cols)
        # Shift so the log argument is >= 1; negative skew is reflected first so that the
        # transformed indicator keeps its direction.
        with np.errstate(all="ignore"):
            pos = np.log(cols - np.nanmin(cols, axis=0) + 1.0)
            neg = -np.log(np.nanmax(cols, axis=0) - cols + 1.0)
        logv = np.where(sk0 >= 0, pos, neg)
        cur = np.where(use_log[None, :], logv, cur)
        lo_k = np.where(use_log, 0, lo_k)
        hi_k = np.where(use_log, 0, hi_k)
    out = np.transpose(cur.reshape(u_n, p_n, i_n), (1, 0, 2)).copy()
    winsorised = (lo_k + hi_k).reshape(p_n, i_n)
    logged = use_log.reshape(p_n, i_n)
    return out, winsorised, logged


# ---------------------------------------------------------------------------------------------
# Normalisation


def normalise(
    fw: Framework,
    x: FloatArray,
    base: int | None,
    override: str | None = None,
    warnings: list[str] | None = None,
) -> FloatArray:
    """Rescale every indicator onto the output scale, oriented so that higher is better.

    Data-driven parameters (min-max range, z-score mean and deviation, distance-to-target span)
    come from the base period when ``base`` is given, else from each period separately. Rank
    normalisation is always within the period. Indicators sharing a method are processed as one
    block (this runs thousands of times inside uncertainty analysis).
    """
    lo, hi = fw.scale
    width = hi - lo
    out = np.empty_like(x)
    # Two-sided (target-polarity) indicators only make sense as a distance to target, so a global
    # override (uncertainty analysis) leaves them on their own method.
    methods = [
        ind.normalisation.method if ind.polarity == "target" else (override or ind.normalisation.method)
        for ind in fw.indicators
    ]
    # Goalposts are only usable with posts; an override to goalposts falls back to min-max.
    methods = [
        "minmax" if m == "goalposts" and (ind.normalisation.min is None or ind.normalisation.max is None) else m
        for m, ind in zip(methods, fw.indicators, strict=True)
    ]
    neg = np.array([ind.polarity == "-" for ind in fw.indicators])
    for method in set(methods):
        cols = np.array([k for k, m in enumerate(methods) if m == method])
        block = x[:, :, cols]
        ref = block[base : base + 1] if base is not None else block
        inds = [fw.indicators[k] for k in cols]
        s = _normalise_block(method, inds, block, ref, neg[cols], warnings)
        out[:, :, cols] = lo + width * s
    return out


def _normalise_block(
    method: str,
    inds: list[Indicator],
    col: FloatArray,
    ref: FloatArray,
    neg: BoolArray,
    warnings: list[str] | None,
) -> FloatArray:
    """Scores in [0, 1] (z-scores: centred at 0.5) for a (P, U, k) block of one method."""
    with np.errstate(all="ignore"):
        if method == "goalposts":
            a = np.array([i.normalisation.min for i in inds], dtype=np.float64)
            b = np.array([i.normalisation.max for i in inds], dtype=np.float64)
            cap = np.array([i.normalisation.cap for i in inds])
            logm = np.array([i.normalisation.log for i in inds])
            v = np.where(cap, np.clip(col, a, b), col)
            v = np.where(logm, np.log(np.where(logm, v, 1.0)), v)
            a2 = np.where(logm, np.log(np.where(logm, a, 1.0)), a)
            b2 = np.where(logm, np.log(np.where(logm, b, 1.0)), b)
            s = (v - a2) / (b2 - a2)
            scored: FloatArray = np.where(neg, 1.0 - s, s)
            return scored
        if method == "minmax":
            mn = _nan_stat(np.nanmin, ref)
            mx = _nan_stat(np.nanmax, ref)
            rng = mx - mn
            flat = ~(rng > 0)
            s = np.where(flat, 0.5, (col - mn) / np.where(flat, 1.0, rng))
            s = np.where(np.isnan(col), np.nan, s)  # mid-scale is for observed values only
            if warnings is not None and np.any(flat & ~np.isnan(rng)):
                bad = sorted({inds[k].code for k in np.argwhere(flat & ~np.isnan(rng))[:, -1]})
                warnings.append(f"no spread in the reference data for {', '.join(bad)}; min-max gives mid-scale")
            return np.where(neg, 1.0 - s, s)
        if method == "zscore":
            mu = _nan_stat(np.nanmean, ref)
            sd = _nan_stat(lambda a, axis, keepdims: np.nanstd(a, axis=axis, ddof=1, keepdims=keepdims), ref)
            z = np.where(sd > 0, (col - mu) / np.where(sd > 0, sd, 1.0), 0.0)
            z = np.where(neg, -z, z)
            # Centre z-scores mid-scale with a tenth of the scale per deviation, so that they share
            # the output scale and can enter geometric means (after the floor clamp).
            return np.where(np.isnan(col), np.nan, 0.5 + z / 10.0)
        if method == "rank":
            s = _percentile_rank(col)
            return np.where(neg, 1.0 - s, s)
        if method == "target":
            out = np.empty_like(col)
            for k, ind in enumerate(inds):
                spec = ind.normalisation
                target = spec.target if spec.target is not None else float(np.nanmedian(ref[:, :, k]))
                d = _distance(ind.polarity, col[:, :, k], target)
                if spec.span is None:
                    dref = _distance(ind.polarity, ref[:, :, k], target)
                    span = np.nanmax(dref, axis=1, keepdims=True) if ref.shape[0] == col.shape[0] else np.nanmax(dref)
                    span = np.where(span > 0, span, 1.0)
                else:
                    span = np.asarray(spec.span)
                out[:, :, k] = np.clip(1.0 - d / span, 0.0, 1.0)
            return out
    raise ValueError(f"unknown normalisation {method}")  # pragma: no cover - validated on load


def _nan_stat(func: object, ref: FloatArray) -> FloatArray:
    """Statistic over units (axis 1) per period and indicator, shape (P or 1, 1, k); NaN-safe."""
    import warnings as _w

    with _w.catch_warnings():
        _w.simplefilter("ignore", RuntimeWarning)
        res: FloatArray = func(ref, axis=1, keepdims=True)  # type: ignore[operator]
    return res


def _distance(polarity: str, v: FloatArray, target: float) -> FloatArray:
    if polarity == "+":
        return np.maximum(target - v, 0.0)
    if polarity == "-":
        return np.maximum(v - target, 0.0)
    return np.abs(v - target)


def _percentile_rank(col: FloatArray) -> FloatArray:
    """Average-tie percentile rank within each period: (rank - 1) / (n - 1), NaN kept."""
    valid = ~np.isnan(col)
    less = np.sum((col[:, None, :] < col[:, :, None]) & valid[:, None, :], axis=2)
    equal = np.sum((col[:, None, :] == col[:, :, None]) & valid[:, None, :], axis=2)
    n = valid.sum(axis=1, keepdims=True)
    rank = less + (equal - 1) / 2.0
    with np.errstate(all="ignore"):
        s = np.where(n > 1, rank / np.maximum(n - 1, 1), 0.5)
    return np.where(valid, s, np.nan)


def run_stage(
    fw: Framework,
    ds: Dataset,
    base: int | None,
    *,
    imputation: tuple[str, ...] | None = None,
    limit: int | None = None,
    normalisation: str | None = None,
) -> Stage:
    """Transformation → imputation → outlier treatment → normalisation for all periods."""
    warnings: list[str] = []
    x = transform(fw, ds)
    imputed, log = impute(fw, ds, x, imputation)
    treated, wins, logged = treat_outliers(fw, imputed, limit)
    norm = normalise(fw, treated, base, normalisation, warnings)
    return Stage(
        raw=ds.values,
        present=~np.isnan(ds.values),
        imputed=imputed,
        imputed_by=log,
        treated=treated,
        winsorised=wins,
        logged=logged,
        normalised=norm,
        warnings=warnings,
    )


# ---------------------------------------------------------------------------------------------
# Tree aggregation


@dataclass(frozen=True)
class Tree:
    """Array view of a framework: column k of a score matrix is ``codes[k]``.

    Indicators come first (in framework order), then nodes in post-order.
    """

    codes: tuple[str, ...]
    n_ind: int
    children: tuple[IntArray, ...]  # per node: child column indices
    aggregation: tuple[str, ...]
    leaves: tuple[IntArray, ...]  # per node: indicator columns below it
    coverage: tuple[float, ...]
    weight_kind: tuple[str, ...]
    weights: tuple[FloatArray, ...]  # nominal per-node child weights (PCA nodes: equal placeholder)

    @property
    def root_col(self) -> int:
        return len(self.codes) - 1


def build_tree(fw: Framework) -> Tree:
    codes = list(fw.indicator_codes) + list(fw.node_codes)
    pos = {c: k for k, c in enumerate(codes)}
    children, leaves, weights = [], [], []
    for node in fw.nodes:
        children.append(np.array([pos[c.code] for c in node.children], dtype=np.int64))
        leaves.append(np.array([pos[c] for c in fw.leaves(node.code)], dtype=np.int64))
        w = np.array([c.weight if c.weight is not None else 1.0 for c in node.children], dtype=np.float64)
        weights.append(w / w.sum())
    return Tree(
        codes=tuple(codes),
        n_ind=len(fw.indicators),
        children=tuple(children),
        aggregation=tuple(n.aggregation for n in fw.nodes),
        leaves=tuple(leaves),
        coverage=tuple(n.coverage for n in fw.nodes),
        weight_kind=tuple(n.weights for n in fw.nodes),
        weights=tuple(weights),
    )


def coverage_masks(tree: Tree, present: BoolArray) -> tuple[BoolArray, FloatArray]:
    """Per (batch, unit, node): does the unit meet the node's coverage threshold? And the share."""
    shares = np.stack([present[:, :, lv].mean(axis=2) for lv in tree.leaves], axis=2)
    thresholds = np.array(tree.coverage)
    ok = shares + 1e-9 >= thresholds
    # A node needs at least one observed indicator whatever the threshold.
    ok &= shares > 0
    return ok, shares


def pca_weights(values: FloatArray) -> tuple[FloatArray, dict[str, object]]:
    """Weights from the first principal component of the children's correlation matrix.

    ``values`` is (rows, k). Weight_j ∝ loading_j² (squared loadings of PC1, normalised to sum to 1),
    the single-factor version of the handbook's factor-analysis weighting. Falls back to equal
    weights with fewer than k + 1 complete rows or zero variance.
    """
    k = values.shape[1]
    rows = values[~np.isnan(values).any(axis=1)]
    info: dict[str, object] = {"rows": int(rows.shape[0])}
    if rows.shape[0] < k + 1 or k < 2:
        info["fallback"] = "equal (too few complete rows)"
        return np.full(k, 1.0 / k), info
    sd = rows.std(axis=0, ddof=1)
    if np.any(sd == 0):
        info["fallback"] = "equal (an indicator has no variance)"
        return np.full(k, 1.0 / k), info
    corr = np.corrcoef(rows, rowvar=False)
    vals, vecs = np.linalg.eigh(corr)
    load = vecs[:, -1] * np.sqrt(max(vals[-1], 0.0))
    w = load**2
    info["eigenvalues"] = [float(v) for v in vals[::-1]]
    info["explained"] = float(vals[-1] / vals.sum())
    return w / w.sum(), info


def aggregate(
    tree: Tree,
    ind_scores: FloatArray,
    weights: list[FloatArray],
    aggregation: tuple[str, ...],
    cover: BoolArray,
    floor: float,
    pca_rows: BoolArray | None = None,
    pca_info: dict[str, dict[str, object]] | None = None,
) -> FloatArray:
    """Aggregate indicator scores (B, U, I) up the tree → scores (B, U, I + nodes).

    ``weights[j]`` is (k,) or (B, k) for node j; missing children are skipped and the remaining
    weights rescaled. ``cover`` (B or 1, U, nodes) blanks units below a node's coverage threshold.
    PCA nodes with NaN weights get weights derived here from the rows selected by ``pca_rows``
    (a (B,) mask; all rows when None); the derived weights are written back into ``weights``.
    """
    b, u, i_n = ind_scores.shape
    n_nodes = len(tree.children)
    out = np.empty((b, u, i_n + n_nodes))
    out[:, :, :i_n] = ind_scores
    for j in range(n_nodes):
        kids = tree.children[j]
        vals = out[:, :, kids]  # (B, U, k)
        w = weights[j]
        if w.ndim == 1 and np.isnan(w).any():
            sel = vals if pca_rows is None else vals[pca_rows]
            w, info = pca_weights(sel.reshape(-1, len(kids)))
            weights[j] = w
            if pca_info is not None:
                pca_info[tree.codes[i_n + j]] = info
        wb = w[None, None, :] if w.ndim == 1 else w[:, None, :]
        avail = ~np.isnan(vals)
        wa = np.where(avail, wb, 0.0)
        wsum = wa.sum(axis=2)
        method = aggregation[j]
        with np.errstate(all="ignore"):
            if method == "arithmetic":
                num = np.where(avail, vals, 0.0) * wa
                score = num.sum(axis=2) / wsum
            elif method == "geometric":
                lv = np.log(np.maximum(np.where(avail, vals, 1.0), floor))
                score = np.exp((lv * wa).sum(axis=2) / wsum)
            else:  # harmonic
                inv = 1.0 / np.maximum(np.where(avail, vals, 1.0), floor)
                score = wsum / (inv * wa).sum(axis=2)
        score = np.where(wsum > 0, score, np.nan)
        out[:, :, i_n + j] = np.where(cover[:, :, j], score, np.nan)
    return out


def competition_ranks(scores: FloatArray) -> FloatArray:
    """Rank along the last axis, 1 = highest; ties share the best rank; NaN stays unranked.

    Scores closer than ~1e-9 (relative) count as ties, so that mathematically equal scores rank
    the same whatever order floating-point sums were taken in.
    """
    s = scores
    tol = 1e-9 * (1.0 + np.abs(s))
    greater = (s[..., None, :] > (s + tol)[..., :, None]).sum(axis=-1)
    return np.where(np.isnan(s), np.nan, 1.0 + greater)
