"""Bench the index engine like for like against a plain pandas pipeline, in the same run.

Problem: synthetic, seeded data the shape of COINr's ASEM example — 51 units × 49 indicators in
8 pillars, 2 sub-indices and one index — with 2% of the cells missing and filled by the mean of
the unit's group (4 groups), and the skew/kurtosis outlier rule (winsorise up to 5 points, else
log), as COINr's ASEM build does. Uncertain choices of the COINr sensitivity vignette:
winsorisation limit 1–5, min–max vs z-score, ±25% weight noise, arithmetic vs geometric mean.

Headline (like for like): our engine with memoisation off (``memoise=False``: every replication
re-runs transformation, imputation, outlier treatment, normalisation, aggregation and ranking)
against ``bench/pandas_index.py`` — the same pipeline written the obvious way in pandas — running
the same replications (the same drawn choices and weights) to the same outputs (nominal ranks,
every replication's scores and ranks, rank and score intervals, mean rank, rank shift). The two
are checked equal first (asserted), then timed interleaved A B A B in one process, CPU time beside
wall time, with the load average before and after.

Labelled variants, not the headline: our default memoised run (the indicator stage is computed
once per distinct combination of choices, so a "replication" is less work), and COINr's figures,
which come from the research note and are NOT measured in this run (R cannot be installed here).

Run: ``.venv/bin/python bench/bench_index.py [--rounds 3] [--pandas-n 40]``. pandas is a dev
dependency (``make install``). Figures and how to read them: docs/benchmarks.md, "## Index".
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pandas as pd  # noqa: E402
import pandas_index as baseline  # noqa: E402

from youthcity.engines.index import (  # noqa: E402
    UncertaintySpec,
    compute,
    dataset_from_arrays,
    load_framework,
    sensitivity,
    uncertainty,
)

UNITS, INDICATORS, GROUPS, MISSING_SHARE = 51, 49, 4, 0.02
PILLARS = [6, 6, 6, 6, 6, 6, 6, 7]  # 49 indicators in 8 pillars (ASEM: 8 pillars, 2 sub-indices)
PERIOD = "2024"

# COINr: NOT measured here. /work/shared/research/indicators.md §4 (the note gives no date).
COINR_SOURCE = (
    "COINr 1.1.14 built from source, R 4.2.2, a 2-core VM; ASEM example (51 units × 49 real "
    "indicators), vignette set-up; source: /work/shared/research/indicators.md §4; date of the "
    "measurement: not recorded in the note"
)
COINR = {"rebuild": (0.11, 0.16), "ua500": 66.5, "sa500": 450.9}
TARGETS = {"rebuild": 0.005, "ua500": 1.0, "sa500": 5.0, "ua10k": 5.0}  # seconds (UA/SA: memoised run)


def make_framework_yaml() -> str:
    lines = [
        "framework:",
        "  code: asem_like",
        "  name: {en: ASEM-sized synthetic index}",
        "  output: {scale: [0, 100], precision: 2}",
        "  defaults: {normalisation: minmax, aggregation: arithmetic, weights: equal,",
        "             imputation: group_mean, outliers: {method: winsorise, limit: 5}}",
        "nodes:",
        "  - {code: index, children: [conn, sust]}",
        "  - {code: conn, children: [p1, p2, p3, p4, p5]}",
        "  - {code: sust, children: [p6, p7, p8]}",
    ]
    inds = []
    k = 0
    for p, size in enumerate(PILLARS, start=1):
        codes = [f"x{k + j + 1:02d}" for j in range(size)]
        k += size
        lines.append(f"  - {{code: p{p}, children: [{', '.join(codes)}]}}")
        for j, c in enumerate(codes):
            pol = "-" if (k + j) % 7 == 0 else "+"
            inds.append(f"  - {{code: {c}, name: {{en: indicator {c}}}, polarity: '{pol}'}}")
    lines.append("indicators:")
    lines.extend(inds)
    return "\n".join(lines) + "\n"


def make_data(fw_units: int, fw_inds: int, seed: int = 2024) -> np.ndarray:
    """Correlated, partly skewed data with a few outliers and missing cells, like country indicators."""
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=(fw_units, 1))
    x = 0.6 * latent + rng.normal(size=(fw_units, fw_inds))
    skewed = rng.choice(fw_inds, size=12, replace=False)
    x[:, skewed] = np.exp(x[:, skewed])  # log-normal: skewed, heavy-tailed
    x = 50 + 10 * x
    flat = x.reshape(-1)
    flat[rng.choice(flat.size, size=int(MISSING_SHARE * flat.size), replace=False)] = np.nan
    return x[None, :, :]


def clock(fn: Callable[[], Any], calls: int = 1) -> tuple[float, float, Any]:
    """Wall and CPU seconds per call over ``calls`` calls, and the last result."""
    result = None
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in range(calls):
        result = fn()
    return (time.perf_counter() - w0) / calls, (time.process_time() - c0) / calls, result


def spread(values: list[float], scale: float = 1.0, fmt: str = "{:.2f}") -> str:
    """median (min–max) of a list of measurements."""
    v = [x * scale for x in values]
    return f"{fmt.format(statistics.median(v))} ({fmt.format(min(v))}–{fmt.format(max(v))})"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min, {os.cpu_count()} cores)"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def check_same_results(fw: Any, ds: Any, data: pd.DataFrame, cfg: baseline.Config, spec: UncertaintySpec,
                       n: int) -> tuple[float, list[dict[str, Any]]]:
    """Assert that pandas and our engine agree (scores to 1e-9, ranks exactly); return the largest
    score difference and the replication choices the timed runs share."""
    units = list(ds.units)
    ours = compute(fw, ds)
    theirs = baseline.build(data, cfg)
    got = theirs.loc[PERIOD].loc[units, list(ours.columns)].to_numpy()
    np.testing.assert_allclose(got, ours.scores[0], rtol=1e-9, atol=1e-9, equal_nan=True)
    got_ranks = baseline.ranks(theirs).loc[PERIOD].loc[units, list(ours.columns)].to_numpy()
    np.testing.assert_array_equal(got_ranks, ours.ranks[0])
    diff = float(np.nanmax(np.abs(got - ours.scores[0])))

    ua = uncertainty(fw, ds, n, 1, spec=spec, memoise=False)
    choices = baseline.choices_of(ua.parameters, ua.weights)
    res = baseline.uncertainty(data, cfg, PERIOD, choices)
    np.testing.assert_allclose(res["scores"][units].to_numpy(), ua.scores, rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(res["ranks"][units].to_numpy(), ua.ranks)
    summary = res["rank_summary"].loc[units]
    for col in ("median_rank", "rank_p05", "rank_p95"):
        np.testing.assert_array_equal(summary[col].to_numpy(), getattr(ua, col))
    np.testing.assert_allclose(res["rank_shift"].to_numpy(), ua.rank_shift, rtol=1e-12)
    diff = max(diff, float(np.max(np.abs(res["scores"][units].to_numpy() - ua.scores))))
    return diff, choices


def like_for_like(fw: Any, ds: Any, data: pd.DataFrame, cfg: baseline.Config, spec: UncertaintySpec,
                  choices: list[dict[str, Any]], rounds: int) -> dict[str, dict[str, list[float]]]:
    """Interleaved rounds: ours (no memoisation), pandas, ours (memoised); one rebuild each too."""
    n = len(choices)
    runs: dict[str, Callable[[], Any]] = {
        "ours_fresh": lambda: uncertainty(fw, ds, n, 1, spec=spec, memoise=False),
        "pandas": lambda: baseline.uncertainty(data, cfg, PERIOD, choices),
        "ours_memo": lambda: uncertainty(fw, ds, n, 1, spec=spec),
    }
    rebuilds: dict[str, tuple[Callable[[], Any], int]] = {
        "rebuild_ours": (lambda: compute(fw, ds), 20),
        "rebuild_pandas": (lambda: baseline.ranks(baseline.build(data, cfg)), 3),
    }
    out: dict[str, dict[str, list[float]]] = {k: {"wall": [], "cpu": []} for k in [*runs, *rebuilds]}
    for _ in range(rounds):
        for name, fn in runs.items():
            wall, cpu, _ = clock(fn)
            out[name]["wall"].append(wall / n)
            out[name]["cpu"].append(cpu / n)
        for name, (fn, calls) in rebuilds.items():
            wall, cpu, _ = clock(fn, calls)
            out[name]["wall"].append(wall)
            out[name]["cpu"].append(cpu)
    return out


def ratios(a: list[float], b: list[float]) -> list[float]:
    """Round-by-round ratio a/b (the two were measured next to each other)."""
    return [x / y for x, y in zip(a, b, strict=True)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved A/B rounds (default 3)")
    parser.add_argument("--pandas-n", type=int, default=40, help="replications per timed A/B run (default 40)")
    args = parser.parse_args(argv)

    fw = load_framework(make_framework_yaml())
    units = [f"U{i:02d}" for i in range(UNITS)]
    groups = {u: f"g{i % GROUPS}" for i, u in enumerate(units)}
    values = make_data(UNITS, INDICATORS)
    ds = dataset_from_arrays(fw, units, [PERIOD], values, groups)
    cfg = baseline.config_from(fw)
    data = baseline.to_frame(units, [PERIOD], values, cfg.indicators, groups)
    spec = UncertaintySpec(
        weight_noise=0.25,
        normalisation=("minmax", "zscore"),
        aggregation=("arithmetic", "geometric"),
        imputation=("nominal",),
        winsorisation=(1, 2, 3, 4, 5),
    )
    load_before = load()
    print(f"Index engine bench — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {cpu_model()}; "
          f"Python {platform.python_version()}, NumPy {np.__version__}, pandas {pd.__version__}")
    print(f"Machine load before: {load_before}")
    print(f"Problem: {UNITS} units × {INDICATORS} indicators (ASEM-shaped, synthetic), "
          f"{int(MISSING_SHARE * UNITS * INDICATORS)} missing cells filled by group mean; "
          "uncertain: winsorisation 1–5, min–max vs z-score, ±25% weights, arithmetic vs geometric")

    compute(fw, ds)  # warm-up (imports, caches)
    uncertainty(fw, ds, 20, 1, spec=spec)
    diff, choices = check_same_results(fw, ds, data, cfg, spec, args.pandas_n)
    print(f"Same results: yes — pandas baseline = our engine on the nominal index and on {len(choices)} "
          f"replications (scores within {diff:.1e}, ranks, intervals and rank shifts identical; asserted)")

    t = like_for_like(fw, ds, data, cfg, spec, choices, args.rounds)
    fresh, pdx, memo = t["ours_fresh"], t["pandas"], t["ours_memo"]
    print()
    print(f"HEADLINE — like for like, same replications and outputs, interleaved ×{args.rounds} "
          f"(median (min–max) over rounds; {len(choices)} replications per run):")
    print(f"  {'per replication':<48}{'wall ms':>24}{'CPU ms':>24}")
    print(f"  {'YouthCity, no memoisation (same work)':<48}{spread(fresh['wall'], 1e3):>24}{spread(fresh['cpu'], 1e3):>24}")
    print(f"  {'plain pandas pipeline (bench/pandas_index.py)':<48}{spread(pdx['wall'], 1e3):>24}{spread(pdx['cpu'], 1e3):>24}")
    print(f"  {'ratio pandas / YouthCity':<48}{spread(ratios(pdx['wall'], fresh['wall']), fmt='{:.1f}×'):>24}"
          f"{spread(ratios(pdx['cpu'], fresh['cpu']), fmt='{:.1f}×'):>24}")
    rb_o, rb_p = t["rebuild_ours"], t["rebuild_pandas"]
    print(f"  {'one nominal rebuild: YouthCity compute()':<48}{spread(rb_o['wall'], 1e3):>24}{spread(rb_o['cpu'], 1e3):>24}")
    print(f"  {'one nominal rebuild: pandas build + ranks':<48}{spread(rb_p['wall'], 1e3):>24}{spread(rb_p['cpu'], 1e3):>24}")
    print(f"  {'ratio pandas / YouthCity':<48}{spread(ratios(rb_p['wall'], rb_o['wall']), fmt='{:.1f}×'):>24}"
          f"{spread(ratios(rb_p['cpu'], rb_o['cpu']), fmt='{:.1f}×'):>24}")
    print("  (compute() also builds the imputation log, exclusions, input hash and effective weights)")
    rb_wall, rb_cpu = statistics.median(rb_o["wall"]), statistics.median(rb_o["cpu"])
    print(f"  target one rebuild < {TARGETS['rebuild'] * 1e3:g} ms: wall {'yes' if rb_wall < TARGETS['rebuild'] else 'NO'}, "
          f"CPU {'yes' if rb_cpu < TARGETS['rebuild'] else 'NO'}")
    print("Variant, NOT the same work — YouthCity memoised (default; indicator stage once per distinct "
          "combination of choices):")
    print(f"  {'per replication':<48}{spread(memo['wall'], 1e3):>24}{spread(memo['cpu'], 1e3):>24}")
    print(f"  {'ratio pandas / YouthCity memoised':<48}{spread(ratios(pdx['wall'], memo['wall']), fmt='{:.0f}×'):>24}"
          f"{spread(ratios(pdx['cpu'], memo['cpu']), fmt='{:.0f}×'):>24}")

    # Our engine at COINr's run sizes: memoised (what the platform runs) beside no memoisation.
    print()
    print("YouthCity at COINr's run sizes — memoised beside no memoisation (wall; CPU in brackets):")
    print(f"  {'run':<26}{'memoised':>20}{'per run':>11}{'no memoisation':>28}{'per run':>10}  target (memoised)")
    # name, runs, call(memoise), repeats memoised, (runs, call) without memoisation, target
    sizes: list[tuple[str, int, Callable[[bool], Any], int, tuple[int, Callable[[], Any]] | None, float]] = [
        ("UA, 500 replications", 500, lambda m: uncertainty(fw, ds, 500, 1, spec=spec, memoise=m), 5,
         (500, lambda: uncertainty(fw, ds, 500, 1, spec=spec, memoise=False)), TARGETS["ua500"]),
        ("SA, N=500 (3,000 runs)", 3000, lambda m: sensitivity(fw, ds, 500, 1, spec=spec, memoise=m), 3,
         (600, lambda: sensitivity(fw, ds, 100, 1, spec=spec, memoise=False)), TARGETS["sa500"]),
        ("UA, 10,000 replications", 10_000, lambda m: uncertainty(fw, ds, 10_000, 1, spec=spec, memoise=m), 3,
         None, TARGETS["ua10k"]),
    ]
    measured: dict[str, tuple[float, float | None]] = {}
    sa_result = None
    for name, runs, fn, repeats, fresh_run, target in sizes:
        walls, cpus = [], []
        for _ in range(repeats):
            w, c, res = clock(lambda fn=fn: fn(True))
            walls.append(w)
            cpus.append(c)
            if runs == 3000:
                sa_result = res
        wm, cm = statistics.median(walls), statistics.median(cpus)
        fresh_txt, fresh_per, per_fresh = "not run", "", None
        if fresh_run is not None:
            fresh_runs, fresh_fn = fresh_run
            wf, cf, _ = clock(fresh_fn)
            per_fresh = wf / fresh_runs
            at = "" if fresh_runs == runs else f" at {fresh_runs:,} runs"
            fresh_txt, fresh_per = f"{wf:.2f} s ({cf:.2f}){at}", f"{per_fresh * 1e3:.2f} ms"
        measured[name] = (wm / runs, per_fresh)
        ok = "yes" if wm < target else "NO"
        print(f"  {name:<26}{f'{wm:.3f} s ({cm:.3f})':>20}{f'{wm / runs * 1e3:.3f} ms':>11}"
              f"{fresh_txt:>28}{fresh_per:>10}  < {target:g} s: {ok}")
    print("  (without memoisation, SA is timed at N=100 (600 runs) and UA 10,000 is not run: the cost per")
    print("   run does not depend on the number of runs, and the full runs would take minutes per bench)")

    # COINr: from the research note, not this run.
    print()
    print("COINr — NOT measured in this run (R packages cannot be installed here):")
    print(f"  {COINR_SOURCE}")
    lo, hi = COINR["rebuild"]
    coinr_rep = COINR["ua500"] / 500
    print(f"  one Regen {lo:.2f}–{hi:.2f} s; UA N=500 {COINR['ua500']} s ({coinr_rep * 1e3:.0f} ms/replication); "
          f"SA N=500 {COINR['sa500']} s (3,000 runs, {COINR['sa500'] / 3000 * 1e3:.0f} ms/run)")
    ua_memo, ua_fresh = measured["UA, 500 replications"]
    assert ua_fresh is not None
    print("  Indicative only (different machine, run and data): COINr ms/replication ÷ ours "
          f"= {coinr_rep / ua_fresh:.0f}× without memoisation, {coinr_rep / ua_memo:.0f}× memoised; "
          f"one rebuild {((lo + hi) / 2) / statistics.median(rb_o['wall']):.0f}×")

    if sa_result is not None:
        print()
        print("Sobol indices on the mean absolute rank shift (N=500, 90% bootstrap CI):")
        for f in sa_result.factors:
            s1, st = sa_result.first_order_ci[f], sa_result.total_ci[f]
            print(f"  {f:<14} S1 {sa_result.first_order[f]:6.3f} [{s1[0]:6.3f}, {s1[1]:6.3f}]"
                  f"   ST {sa_result.total[f]:6.3f} [{st[0]:6.3f}, {st[1]:6.3f}]")
    print(f"Machine load after: {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
