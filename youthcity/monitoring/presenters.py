"""How a published index run is shown: the ranking with rank intervals, the district map, the
trend and radar charts, the sensitivity bars. Reads come from :mod:`.selectors` (numbers); this
module only shapes them for the page, the dashboard, the API and the reports."""

from __future__ import annotations

import math

from django.utils.translation import pgettext_lazy

from youthcity.core.city_pack import current_pack
from youthcity.core.translations import english, join_list

from . import selectors
from .adapters import dimensions, engine_framework
from .models import IndexRun

# Sequential colour scale (light → dark blue), readable for common colour-vision deficiencies.
# Labels: dark text on the light three, white on the dark two (≥ 4.5:1 both).
SCALE = ["#deebf7", "#9ecae1", "#6baed6", "#2171b5", "#08519c"]
TILE_W, TILE_H = 100, 78

SENSITIVITY_FACTORS = {
    "weights": pgettext_lazy("index choice", "Weights"),
    "normalisation": pgettext_lazy("index choice", "Normalisation method"),
    "aggregation": pgettext_lazy("index choice", "Aggregation method"),
    "imputation": pgettext_lazy("index choice", "Estimating missing values"),
    "winsorisation": pgettext_lazy("index choice", "Treating outliers"),
}



def _r(x, digits: int = 2):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return round(float(x), digits)


def colour(score: float | None, lo: float, hi: float) -> str:
    if score is None:
        return "#e9ecef"
    if hi <= lo:
        return SCALE[-1]
    k = min(len(SCALE) - 1, int((score - lo) / (hi - lo) * len(SCALE)))
    return SCALE[max(0, k)]


def schematic_tiles() -> dict[str, tuple[int, int]]:
    """Schematic placement (column, row) of the city's districts, from the city pack (``tile``)."""
    return {str(d["code"]): (int(d["tile"][0]), int(d["tile"][1])) for d in current_pack().districts if d.get("tile")}


def ranking(districts: list[dict]) -> list[dict]:
    """Districts by rank (unranked last), each with its rank-interval band in % of the scale."""
    ranked = sorted(districts, key=lambda d: (d["rank"] is None, d["rank"] or 0, d["label"]))
    n = len(districts)
    for d in ranked:
        d["median_rank"], d["rank_p05"], d["rank_p95"] = (_r(d["median_rank"], 1), _r(d["rank_p05"], 0),
                                                          _r(d["rank_p95"], 0))
        lo, hi = d["rank_p05"], d["rank_p95"]
        d["band"] = None if lo is None or hi is None or n < 2 else {
            "left": round((lo - 1) / (n - 1) * 100, 1), "width": round(max(hi - lo, 0.3) / (n - 1) * 100, 1),
            "mid": round(((d["median_rank"] or lo) - 1) / (n - 1) * 100, 1)}
    return ranked


def district_map(districts: list[dict]) -> dict:
    """The schematic map: one coloured tile per district, its legend and the SVG size."""
    valid = [d["score"] for d in districts if d["score"] is not None]
    lo, hi = (min(valid), max(valid)) if valid else (0.0, 0.0)
    placement = schematic_tiles()
    tiles, fallback = [], 0
    for d in districts:
        pos = placement.get(d["code"])
        if pos is None:  # a district the pack gives no place: a plain row below
            pos = (fallback % 6, 5 + fallback // 6)
            fallback += 1
        fill = colour(d["score"], lo, hi)
        tiles.append({**d, "x": pos[0], "y": pos[1], "px": pos[0] * TILE_W + 3, "py": pos[1] * TILE_H + 3,
                      "tx": pos[0] * TILE_W + 50, "ty": pos[1] * TILE_H + 32, "sy": pos[1] * TILE_H + 61,
                      "colour": fill, "dark": d["score"] is not None and fill in SCALE[3:]})
    rows = max(t["y"] for t in tiles) + 1 if tiles else 1
    cols = max(t["x"] for t in tiles) + 1 if tiles else 1
    legend = [{"colour": c, "from": _r(lo + (hi - lo) * k / len(SCALE), 1),
               "to": _r(lo + (hi - lo) * (k + 1) / len(SCALE), 1)} for k, c in enumerate(SCALE)]
    return {"tiles": tiles, "map_width": cols * TILE_W, "map_height": rows * TILE_H, "legend": legend}


def charts(run: IndexRun, ranked: list[dict], dim_names: list[str]) -> dict:
    """The trend (index by year) and radar (dimension scores, with the city's average) data."""
    res = run.result
    root = res["root"]
    series = {"labels": res["periods"], "datasets": [
        {"label": d["name"], "data": [res["scores"][p].get(root, {}).get(d["label"]) for p in res["periods"]]}
        for d in ranked]}
    means = []
    for i in range(len(dim_names)):
        vals = [d["dims"][i] for d in ranked if d["dims"][i] is not None]
        means.append(round(sum(vals) / len(vals), 2) if vals else None)
    radar = {"labels": dim_names, "mean": means,
             "districts": [{"name": d["name"], "code": d["code"], "data": d["dims"]} for d in ranked]}
    by_district = {"labels": [d["label"] for d in series["datasets"]],
                   "datasets": [{"label": str(p), "data": [d["data"][i] for d in series["datasets"]]}
                                for i, p in enumerate(series["labels"])]}
    return {"series": series, "series_by_district": by_district, "radar": radar}


def sensitivity_view(run: IndexRun, period: str) -> dict | None:
    """The run's Sobol indices for `period` as rows for a bar chart (largest total effect first),
    or None when the run has none for that period (older runs, no replications, another year)."""
    sa = run.sensitivity or {}
    if sa.get("period") != period or "factors" not in sa:
        return None
    rows = []
    for f in sa["factors"]:
        total = max(0.0, min(1.0, float(f["total"])))
        # In theory first-order <= total; sampling error can invert them for weak factors, so the
        # page shows "alone" as at most the total (the stored run keeps the raw estimates).
        first = max(0.0, min(total, float(f["first_order"])))
        lo, hi = (max(0.0, float(x)) for x in f["total_ci"])
        rows.append({"factor": f["factor"], "label": SENSITIVITY_FACTORS.get(f["factor"], f["factor"]),
                     "total": round(total * 100), "first": round(first * 100),
                     "ci_low": round(lo * 100), "ci_high": round(min(hi, 1.0) * 100),
                     "ci_width": max(round(min(hi, 1.0) * 100) - round(lo * 100), 1)})
    rows.sort(key=lambda r: -r["total"])
    return {"rows": rows, "n": sa["n"], "runs": sa["runs"]}


def run_report(run: IndexRun, period: str) -> dict:
    """Everything the publication page, the dashboard and the reports show for one period."""
    res = run.result
    dims = dimensions(engine_framework(run.framework))
    dim_names = [d["name_en"] if english() and d["name_en"] else d["name_zh"] for d in dims]
    districts = selectors.district_results(run, period)
    ranked = ranking(districts)
    return {
        "synthetic": selectors.synthetic_share(run, period),
        "run": run, "framework": run.framework, "period": period, "periods": res["periods"],
        "dimensions": [{"code": d["code"], "name": name} for d, name in zip(dims, dim_names, strict=True)],
        "districts": ranked, **district_map(districts), **charts(run, ranked, dim_names),
        "scale": res.get("scale", [0, 100]), "ua": run.uncertainty.get(period, {}),
        "ua_factors": join_list(
            SENSITIVITY_FACTORS.get(f, f) for f in run.uncertainty.get(period, {}).get("factors", [])),
        "warnings": res.get("warnings", []), "sensitivity": sensitivity_view(run, period),
        "imputed_cells": [c for c in res.get("imputed_cells", []) if c["period"] == period],
        "excluded": [e for e in res.get("excluded", []) if e["period"] == period],
    }
