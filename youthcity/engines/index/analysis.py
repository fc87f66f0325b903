"""Multivariate analysis and statistical coherence checks (JRC/OECD handbook step 4).

Works on the normalised indicator scores and node scores of one period of the nominal result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .data import Dataset
from .framework import Framework
from .pipeline import IndexResult, compute
from .steps import FloatArray

__all__ = ["AnalysisResult", "analyse", "cronbach_alpha", "pairwise_corr"]


def pairwise_corr(x: FloatArray) -> FloatArray:
    """Pearson correlations between the columns of (rows, k), each pair on its complete rows."""
    k = x.shape[1]
    out = np.full((k, k), np.nan)
    for a in range(k):
        for b in range(a, k):
            ok = ~np.isnan(x[:, a]) & ~np.isnan(x[:, b])
            if ok.sum() >= 3:
                xa, xb = x[ok, a], x[ok, b]
                if xa.std() > 0 and xb.std() > 0:
                    out[a, b] = out[b, a] = float(np.corrcoef(xa, xb)[0, 1])
    return out


def cronbach_alpha(x: FloatArray) -> float | None:
    """Cronbach's alpha of the columns of (rows, k) on complete rows; None if undefined."""
    rows = x[~np.isnan(x).any(axis=1)]
    k = x.shape[1]
    if k < 2 or rows.shape[0] < 3:
        return None
    total_var = rows.sum(axis=1).var(ddof=1)
    if total_var <= 0:
        return None
    return float(k / (k - 1) * (1.0 - rows.var(axis=0, ddof=1).sum() / total_var))


@dataclass
class AnalysisResult:
    """Coherence diagnostics for one period."""

    period: str
    indicators: tuple[str, ...]
    correlation: FloatArray  # (I, I) normalised indicators
    cronbach_alpha: dict[str, float | None]
    negative_with_parent: list[dict[str, Any]]
    collinear: list[dict[str, Any]]
    pca: dict[str, dict[str, Any]]
    effective_weights: dict[str, float]
    index_correlation: dict[str, float | None]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def opt(v: float) -> float | None:
            return None if np.isnan(v) else round(float(v), 4)

        return {
            "period": self.period,
            "indicators": list(self.indicators),
            "correlation": [[opt(v) for v in row] for row in self.correlation],
            "cronbach_alpha": self.cronbach_alpha,
            "negative_with_parent": self.negative_with_parent,
            "collinear": self.collinear,
            "pca": self.pca,
            "effective_weights": self.effective_weights,
            "index_correlation": self.index_correlation,
            "notes": self.notes,
        }


def analyse(
    framework: Framework,
    dataset: Dataset,
    period: str | int | None = None,
    *,
    base_period: str | int | None = None,
    collinearity_threshold: float = 0.9,
    result: IndexResult | None = None,
) -> AnalysisResult:
    """Correlations, Cronbach's alpha per node, sign and collinearity flags, PCA, effective weights.

    Flags follow the handbook and COINr: an indicator (or sub-node) negatively correlated with
    its parent's score works against it; two children of one node correlated above
    ``collinearity_threshold`` double-count the same phenomenon.
    """
    res = result or compute(framework, dataset, base_period=base_period)
    p = res.periods.index(str(period)) if period is not None else len(res.periods) - 1
    cols = {c: k for k, c in enumerate(res.columns)}
    s = res.scores[p]  # (U, columns)
    n_ind = len(res.indicators)
    corr = pairwise_corr(s[:, :n_ind])

    alpha: dict[str, float | None] = {}
    negative: list[dict[str, Any]] = []
    collinear: list[dict[str, Any]] = []
    pca: dict[str, dict[str, Any]] = {}
    for node in framework.nodes:
        kids = [c.code for c in node.children]
        x = s[:, [cols[c] for c in kids]]
        alpha[node.code] = cronbach_alpha(x) if len(kids) > 1 else None
        parent = s[:, cols[node.code]]
        for c in kids:
            r = pairwise_corr(np.column_stack([s[:, cols[c]], parent]))[0, 1]
            if not np.isnan(r) and r < 0:
                negative.append({"child": c, "node": node.code, "r": round(float(r), 4)})
        if len(kids) > 1:
            cm = pairwise_corr(x)
            for a in range(len(kids)):
                for b in range(a + 1, len(kids)):
                    if not np.isnan(cm[a, b]) and abs(cm[a, b]) > collinearity_threshold:
                        collinear.append({"node": node.code, "a": kids[a], "b": kids[b], "r": round(float(cm[a, b]), 4)})
            rows = x[~np.isnan(x).any(axis=1)]
            if rows.shape[0] > len(kids) and np.all(rows.std(axis=0) > 0):
                vals, vecs = np.linalg.eigh(np.corrcoef(rows, rowvar=False))
                vals, vecs = vals[::-1], vecs[:, ::-1]
                load = vecs[:, 0] * np.sqrt(max(vals[0], 0.0))
                if load.sum() < 0:
                    load = -load
                pca[node.code] = {
                    "eigenvalues": [round(float(v), 4) for v in vals],
                    "explained_pc1": round(float(vals[0] / vals.sum()), 4),
                    "loadings_pc1": {k: round(float(v), 4) for k, v in zip(kids, load, strict=True)},
                    "components_eigen_gt_1": int((vals > 1).sum()),
                }
    root = s[:, cols[framework.root]]
    index_corr: dict[str, float | None] = {}
    for code in res.indicators:
        r = pairwise_corr(np.column_stack([s[:, cols[code]], root]))[0, 1]
        index_corr[code] = None if np.isnan(r) else round(float(r), 4)
    notes = []
    if len(res.units) < 10:
        notes.append(f"only {len(res.units)} units: correlations and alpha are fragile")
    return AnalysisResult(
        period=res.periods[p],
        indicators=res.indicators,
        correlation=corr,
        cronbach_alpha={k: (None if v is None else round(v, 4)) for k, v in alpha.items()},
        negative_with_parent=negative,
        collinear=collinear,
        pca=pca,
        effective_weights=res.effective_weights,
        index_correlation=index_corr,
        notes=notes,
    )
