"""``compute``: the nominal index for every node, unit and period."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np

from .data import Dataset
from .errors import DataError
from .framework import Framework
from .steps import (
    BoolArray,
    FloatArray,
    Stage,
    Tree,
    aggregate,
    build_tree,
    competition_ranks,
    coverage_masks,
    run_stage,
)

__all__ = ["ENGINE_VERSION", "Exclusion", "ImputedCell", "IndexResult", "compute", "round_half_up"]

ENGINE_VERSION = "1.0.1"  # 1.0.1: a missing cell of a no-spread min-max indicator stays missing


def round_half_up(x: float, digits: int) -> float:
    """Round as statistical tables do (0.5 away from zero), not banker's rounding."""
    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class ImputedCell:
    """One filled cell: where, how, and the value used (after transformation)."""

    period: str
    unit: str
    indicator: str
    method: str
    value: float


@dataclass(frozen=True)
class Exclusion:
    """A unit left without a score at a node in a period, with the reason."""

    period: str
    unit: str
    node: str
    reason: str


@dataclass
class IndexResult:
    """Scores for every node (indicators included, as normalised scores) × unit × period.

    ``scores`` and ``ranks`` are shaped (periods, units, columns) with columns ``columns``
    (indicators first, then nodes bottom-up, the root last). NaN means no score (excluded).
    ``imputed`` is (periods, units, indicators) True where a cell was filled.
    """

    framework_code: str
    framework_version: str
    engine_version: str
    input_hash: str
    root: str
    periods: tuple[str, ...]
    units: tuple[str, ...]
    columns: tuple[str, ...]
    indicators: tuple[str, ...]
    scores: FloatArray
    ranks: FloatArray
    imputed: BoolArray
    imputed_cells: list[ImputedCell]
    excluded: list[Exclusion]
    winsorised: dict[str, dict[str, int]]
    log_transformed: dict[str, list[str]]
    weights: dict[str, dict[str, float]]
    effective_weights: dict[str, float]
    base_period: str | None
    scale: tuple[float, float]
    precision: int
    warnings: list[str] = field(default_factory=list)
    pca: dict[str, dict[str, object]] = field(default_factory=dict)

    def _col(self, node: str | None) -> int:
        code = node or self.root
        if code not in self.columns:
            raise KeyError(f"unknown node or indicator '{code}'")
        return self.columns.index(code)

    def score(self, period: str | int, unit: str, node: str | None = None) -> float | None:
        """Unrounded score of ``unit`` at ``node`` (default: the index) in ``period``."""
        v = float(self.scores[self.periods.index(str(period)), self.units.index(unit), self._col(node)])
        return None if np.isnan(v) else v

    def rank(self, period: str | int, unit: str, node: str | None = None) -> int | None:
        v = float(self.ranks[self.periods.index(str(period)), self.units.index(unit), self._col(node)])
        return None if np.isnan(v) else int(v)

    def ranking(self, period: str | int, node: str | None = None) -> list[tuple[int, str, float]]:
        """(rank, unit, score) sorted by rank; excluded units are left out."""
        p = self.periods.index(str(period))
        c = self._col(node)
        rows = [
            (int(self.ranks[p, u, c]), self.units[u], float(self.scores[p, u, c]))
            for u in range(len(self.units))
            if not np.isnan(self.scores[p, u, c])
        ]
        return sorted(rows, key=lambda r: (r[0], r[1]))

    def rounded(self, x: float) -> float:
        return round_half_up(x, self.precision)

    def to_rows(self) -> list[dict[str, Any]]:
        """Long table: one row per period × unit × column, with rank and imputation flag."""
        rows: list[dict[str, Any]] = []
        n_ind = len(self.indicators)
        for p, period in enumerate(self.periods):
            for u, unit in enumerate(self.units):
                for c, code in enumerate(self.columns):
                    v = float(self.scores[p, u, c])
                    r = float(self.ranks[p, u, c])
                    rows.append(
                        {
                            "period": period,
                            "unit": unit,
                            "node": code,
                            "level": "indicator" if c < n_ind else "node",
                            "score": None if np.isnan(v) else self.rounded(v),
                            "rank": None if np.isnan(r) else int(r),
                            "imputed": bool(self.imputed[p, u, c]) if c < n_ind else None,
                        }
                    )
        return rows

    def to_dict(self) -> dict[str, Any]:
        """JSON-able nested form: scores[period][node][unit] (rounded), ranks likewise."""
        scores: dict[str, Any] = {}
        ranks: dict[str, Any] = {}
        for p, period in enumerate(self.periods):
            scores[period] = {}
            ranks[period] = {}
            for c, code in enumerate(self.columns):
                scores[period][code] = {
                    unit: (None if np.isnan(self.scores[p, u, c]) else self.rounded(float(self.scores[p, u, c])))
                    for u, unit in enumerate(self.units)
                }
                ranks[period][code] = {
                    unit: (None if np.isnan(self.ranks[p, u, c]) else int(self.ranks[p, u, c]))
                    for u, unit in enumerate(self.units)
                }
        return {
            "framework": self.framework_code,
            "framework_version": self.framework_version,
            "engine_version": self.engine_version,
            "input_hash": self.input_hash,
            "root": self.root,
            "periods": list(self.periods),
            "units": list(self.units),
            "columns": list(self.columns),
            "indicators": list(self.indicators),
            "scale": list(self.scale),
            "precision": self.precision,
            "base_period": self.base_period,
            "scores": scores,
            "ranks": ranks,
            "imputed": {
                period: {
                    code: [self.units[u] for u in np.flatnonzero(self.imputed[p, :, i])]
                    for i, code in enumerate(self.indicators)
                    if self.imputed[p, :, i].any()
                }
                for p, period in enumerate(self.periods)
            },
            "imputed_cells": [c.__dict__ for c in self.imputed_cells],
            "excluded": [e.__dict__ for e in self.excluded],
            "winsorised": self.winsorised,
            "log_transformed": self.log_transformed,
            "weights": self.weights,
            "effective_weights": self.effective_weights,
            "pca": self.pca,
            "warnings": list(self.warnings),
        }


def input_hash(framework: Framework, dataset: Dataset, base_period: str | None) -> str:
    """SHA-256 over the framework document, the data content, the base period and engine version."""
    h = hashlib.sha256()
    h.update(json.dumps(framework.source, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
    h.update(dataset.fingerprint().encode("ascii"))
    h.update(f"|{base_period}|{ENGINE_VERSION}".encode())
    return h.hexdigest()


def _check_dataset(framework: Framework, dataset: Dataset) -> None:
    if tuple(dataset.indicators) != framework.indicator_codes:
        raise DataError(
            "data: indicator columns do not match the framework "
            f"(data {list(dataset.indicators)}, framework {list(framework.indicator_codes)})"
        )


def nominal_weights(tree: Tree) -> list[FloatArray]:
    """Per-node weights, with NaN placeholders for PCA nodes (derived during aggregation)."""
    return [np.full(len(w), np.nan) if kind == "pca" else w.copy() for w, kind in zip(tree.weights, tree.weight_kind, strict=True)]


def resolve_base(framework: Framework, dataset: Dataset, base_period: str | int | None) -> int | None:
    bp = base_period if base_period is not None else framework.base_period
    return None if bp is None else dataset.period_index(bp)


def compute(framework: Framework, dataset: Dataset, base_period: str | int | None = None) -> IndexResult:
    """Compute the index for every node, unit and period.

    Pipeline: transformation → imputation (reported) → outlier treatment → normalisation
    (parameters from ``base_period`` when given, so scores compare across years) → coverage
    screening per node → aggregation up the tree → ranks (1 = best, ties share the best rank).
    """
    _check_dataset(framework, dataset)
    base = resolve_base(framework, dataset, base_period)
    stage = run_stage(framework, dataset, base)
    return _assemble(framework, dataset, stage, base)


def _assemble(framework: Framework, dataset: Dataset, stage: Stage, base: int | None) -> IndexResult:
    tree = build_tree(framework)
    cover, shares = coverage_masks(tree, stage.present)
    weights = nominal_weights(tree)
    pca_rows = None
    if base is not None:
        pca_rows = np.zeros(len(dataset.periods), dtype=bool)
        pca_rows[base] = True
    pca_info: dict[str, dict[str, object]] = {}
    scores = aggregate(tree, stage.normalised, weights, tree.aggregation, cover, framework.floor, pca_rows, pca_info)
    ranks = competition_ranks(np.transpose(scores, (0, 2, 1)))
    ranks = np.transpose(ranks, (0, 2, 1))

    periods, units, codes = dataset.periods, dataset.units, tree.codes
    imputed = np.zeros(stage.raw.shape, dtype=bool)
    cells: list[ImputedCell] = []
    for p, u, i, method in sorted(stage.imputed_by):
        imputed[p, u, i] = True
        cells.append(ImputedCell(periods[p], units[u], codes[i], method, float(stage.imputed[p, u, i])))

    excluded: list[Exclusion] = []
    n_ind = tree.n_ind
    node_scores = scores[:, :, n_ind:]
    # Only units without a score are visited (argwhere), so this stays cheap on big panels.
    for p, u, j in np.argwhere(~cover | np.isnan(node_scores)):
        node = framework.nodes[j]
        if not cover[p, u, j]:
            n_leaves = len(tree.leaves[j])
            have = int(round(shares[p, u, j] * n_leaves))
            reason = (
                f"{have} of {n_leaves} indicators reported ({shares[p, u, j]:.0%}); "
                f"coverage threshold {node.coverage:.0%}"
            )
        else:
            reason = "no indicator value available after imputation"
        excluded.append(Exclusion(periods[p], units[u], node.code, reason))
    excluded.sort(key=lambda e: (e.period, framework.node_codes.index(e.node), e.unit))

    # Still-missing indicator cells (no imputation, or nothing to impute from) are reported too.
    warnings = list(dict.fromkeys(stage.warnings))
    miss = np.argwhere(np.isnan(stage.imputed))
    if miss.size:
        warnings.append(
            f"{len(miss)} indicator cell(s) missing and not imputed; weights were rescaled over the "
            "available indicators (see excluded for units below coverage)"
        )
    if base is None and len(periods) > 1:
        data_driven = [
            i.code for i in framework.indicators if i.normalisation.method in ("minmax", "zscore", "rank")
            or (i.normalisation.method == "target" and i.normalisation.span is None)
        ]
        if data_driven:
            warnings.append(
                "normalisation parameters were taken from each period separately for "
                f"{len(data_driven)} indicator(s); scores are not comparable across periods — "
                "set a base period or fixed goalposts"
            )

    wins = {
        periods[p]: {codes[i]: int(stage.winsorised[p, i]) for i in range(n_ind) if stage.winsorised[p, i]}
        for p in range(len(periods))
    }
    logged = {periods[p]: [codes[i] for i in range(n_ind) if stage.logged[p, i]] for p in range(len(periods))}
    weight_map = {
        node.code: {c.code: float(weights[j][k]) for k, c in enumerate(node.children)}
        for j, node in enumerate(framework.nodes)
    }
    return IndexResult(
        framework_code=framework.code,
        framework_version=framework.version,
        engine_version=ENGINE_VERSION,
        input_hash=input_hash(framework, dataset, periods[base] if base is not None else None),
        root=framework.root,
        periods=periods,
        units=units,
        columns=codes,
        indicators=framework.indicator_codes,
        scores=scores,
        ranks=ranks,
        imputed=imputed,
        imputed_cells=cells,
        excluded=excluded,
        winsorised={k: v for k, v in wins.items() if v},
        log_transformed={k: v for k, v in logged.items() if v},
        weights=weight_map,
        effective_weights=effective_weights(framework, weight_map),
        base_period=periods[base] if base is not None else None,
        scale=framework.scale,
        precision=framework.precision,
        warnings=warnings,
        pca=pca_info,
    )


def effective_weights(framework: Framework, weights: dict[str, dict[str, float]]) -> dict[str, float]:
    """Nominal weight of each indicator in the index: the product of weights along its path."""
    out: dict[str, float] = {}
    for ind in framework.indicators:
        w, code = 1.0, ind.code
        parent = framework.parent_of(code)
        while parent is not None:
            w *= weights[parent][code]
            code, parent = parent, framework.parent_of(parent)
        out[ind.code] = w
    return out
