"""Bench the index engine against COINr on a problem the size of COINr's ASEM example.

Synthetic, seeded data: 51 units × 49 indicators in 8 pillars, 2 sub-indices and one index
(the shape of ASEM). The four uncertain choices of the COINr sensitivity vignette:
winsorisation limit 1–5, min–max vs z-score, ±25% weight noise, arithmetic vs geometric mean.

COINr figures were recorded on this 2-core machine (R 4.2.2, COINr 1.1.14; see
/work/shared/research/indicators.md §4). Run: ``.venv/bin/python bench/bench_index.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from youthcity.engines.index import (  # noqa: E402
    UncertaintySpec,
    compute,
    dataset_from_arrays,
    load_framework,
    sensitivity,
    uncertainty,
)

UNITS, INDICATORS = 51, 49
PILLARS = [6, 6, 6, 6, 6, 6, 6, 7]  # 49 indicators in 8 pillars (ASEM: 8 pillars, 2 sub-indices)

COINR = {
    "rebuild": (0.11, 0.16),
    "ua500": 66.5,
    "sa500": 450.9,
}
TARGETS = {"rebuild": 0.005, "ua500": 1.0, "sa500": 5.0, "ua10k": 5.0}


def make_framework_yaml() -> str:
    lines = [
        "framework:",
        "  code: asem_like",
        "  name: {en: ASEM-sized synthetic index}",
        "  output: {scale: [0, 100], precision: 2}",
        "  defaults: {normalisation: minmax, aggregation: arithmetic, weights: equal,",
        "             imputation: none, outliers: {method: winsorise, limit: 5}}",
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
    """Correlated, partly skewed data with a few outliers, like real country indicators."""
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=(fw_units, 1))
    x = 0.6 * latent + rng.normal(size=(fw_units, fw_inds))
    skewed = rng.choice(fw_inds, size=12, replace=False)
    x[:, skewed] = np.exp(x[:, skewed])  # log-normal: skewed, heavy-tailed
    x = 50 + 10 * x
    return x[None, :, :]


def timeit(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    fw = load_framework(make_framework_yaml())
    units = [f"U{i:02d}" for i in range(UNITS)]
    ds = dataset_from_arrays(fw, units, ["2024"], make_data(UNITS, INDICATORS))
    spec = UncertaintySpec(
        weight_noise=0.25,
        normalisation=("minmax", "zscore"),
        aggregation=("arithmetic", "geometric"),
        imputation=("nominal",),
        winsorisation=(1, 2, 3, 4, 5),
    )
    compute(fw, ds)  # warm-up (imports, caches)
    uncertainty(fw, ds, 50, 1, spec=spec)

    rebuild = timeit(lambda: compute(fw, ds), 30)
    ua500 = timeit(lambda: uncertainty(fw, ds, 500, 1, spec=spec), 5)
    sa = sensitivity(fw, ds, 500, 1, spec=spec)
    sa500 = timeit(lambda: sensitivity(fw, ds, 500, 1, spec=spec), 3)
    ua10k = timeit(lambda: uncertainty(fw, ds, 10_000, 1, spec=spec), 3)

    print(f"Index engine bench: {UNITS} units × {INDICATORS} indicators, 4 uncertain choices "
          f"(winsorisation 1–5, min–max vs z-score, ±25% weights, arithmetic vs geometric)")
    print(f"{'run':<34}{'YouthCity':>12}{'COINr':>16}{'speed-up':>12}{'target':>12}  ok")
    lo, hi = COINR["rebuild"]
    rows = [
        ("one rebuild", rebuild, f"{lo:.2f}–{hi:.2f} s", (lo + hi) / 2, TARGETS["rebuild"], f"{rebuild * 1000:.2f} ms"),
        ("UA, 500 replications", ua500, f"{COINR['ua500']:.1f} s", COINR["ua500"], TARGETS["ua500"], f"{ua500:.3f} s"),
        (f"SA, N=500 ({sa.runs:,} runs)", sa500, f"{COINR['sa500']:.1f} s", COINR["sa500"], TARGETS["sa500"], f"{sa500:.3f} s"),
        ("UA, 10,000 replications", ua10k, "—", COINR["ua500"] * 20, TARGETS["ua10k"], f"{ua10k:.3f} s"),
    ]
    for name, secs, coinr_txt, coinr_s, target, shown in rows:
        ratio = coinr_s / secs
        note = "×" if name != "UA, 10,000 replications" else "× (vs COINr UA×20, extrapolated)"
        ok = "yes" if secs < target else "NO"
        print(f"{name:<34}{shown:>12}{coinr_txt:>16}{ratio:>11,.0f}{note[:1]}{target:>11g}s  {ok}")
    print("  (10,000-replication COINr figure extrapolated linearly from its UA N=500: "
          f"{COINR['ua500'] * 20:.0f} s)")
    print("Sobol indices on the mean absolute rank shift (N=500, 90% bootstrap CI):")
    for f in sa.factors:
        print(f"  {f:<14} S1 {sa.first_order[f]:6.3f} [{sa.first_order_ci[f][0]:6.3f}, {sa.first_order_ci[f][1]:6.3f}]"
              f"   ST {sa.total[f]:6.3f} [{sa.total_ci[f][0]:6.3f}, {sa.total_ci[f][1]:6.3f}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
