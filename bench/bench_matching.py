"""Bench the stable matching engine: a city-sized round with reserves, and the PyPI package
``matching`` (1.4.3, HospitalResident, resident-optimal) on the same inputs in the same run.

    .venv/bin/python bench/bench_matching.py            # 100,000 × 5,000 with reserves; 20,000 × 2,000 vs matching
    .venv/bin/python bench/bench_matching.py --quick    # smaller sizes (2,000 × 200 against the peer)

Synthetic, seeded rounds (docs/algorithms/matching.md, "Bench"): applicants rank 3–10
positions drawn by popularity (log-normal weights), employers rank the applicants who applied
by a common score plus position-specific noise, capacities 1–19 sum to about half the
applicants. The big round has two categories: 30% of applicants are out-of-town graduates and
10% rural; 40% of positions reserve about a quarter of their seats for out-of-town graduates
(precedence open → reserved) and 10% reserve seats for rural applicants filled first.

Like for like: both solvers start from the same in-memory dictionaries (resident preferences,
hospital preferences, capacities) and end with the same dictionary {position: sorted
applicants}; the peer's algorithm-only time (``solve()`` after its constructor) is printed
apart, labelled. The matchings are checked identical. Memory: peak RSS of this process after
each step, and the engine's own peak allocation (tracemalloc, in an untimed extra run).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import sys
import threading
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from youthcity.engines.matching import (  # noqa: E402
    OPEN,
    Applicant,
    MatchingRound,
    MatchResult,
    Position,
    match,
)
from youthcity.engines.matching.solver import _result as solve_result  # noqa: E402
from youthcity.engines.matching.solver import deferred_acceptance  # noqa: E402
from youthcity.engines.matching.validation import prepare  # noqa: E402

SEED = 12345


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_instance(n_app: int, n_pos: int, seed: int = SEED) -> dict[str, Any]:
    """Plain dictionaries: resident → ranked positions, position → ranked applicants, capacities."""
    rng = np.random.default_rng(seed)
    weights = rng.lognormal(0.0, 1.0, n_pos)
    weights /= weights.sum()
    lengths = rng.integers(3, 11, n_app)
    # Draw with replacement, keep the first distinct ones (popular positions appear more often).
    draws = rng.choice(n_pos, size=(n_app, 24), p=weights)
    app_names = [f"A{i:06d}" for i in range(n_app)]
    pos_names = [f"P{j:05d}" for j in range(n_pos)]
    resident_prefs: dict[str, list[str]] = {}
    for i in range(n_app):
        seen = list(dict.fromkeys(draws[i].tolist()))[: lengths[i]]
        resident_prefs[app_names[i]] = [pos_names[j] for j in seen]
    capacity = rng.integers(1, 20, n_pos)
    capacity = np.maximum(1, np.round(capacity * (n_app / 2) / capacity.sum())).astype(int)
    score = rng.normal(0.0, 1.0, n_app)
    # Employer rankings: common score + position-specific noise, over those who applied.
    app_idx = np.repeat(np.arange(n_app), [len(v) for v in resident_prefs.values()])
    pos_idx = np.fromiter((int(p[1:]) for v in resident_prefs.values() for p in v), dtype=np.int64)
    value = score[app_idx] + rng.normal(0.0, 0.5, app_idx.size)
    order = np.lexsort((-value, pos_idx))
    hospital_prefs: dict[str, list[str]] = {name: [] for name in pos_names}
    for k in order.tolist():
        hospital_prefs[pos_names[pos_idx[k]]].append(app_names[app_idx[k]])
    capacities = dict(zip(pos_names, capacity.tolist(), strict=True))
    return {"residents": resident_prefs, "hospitals": hospital_prefs, "capacities": capacities, "rng": rng}


def build_round(inst: dict[str, Any], reserves: bool) -> MatchingRound:
    """Our dataclasses from the dictionaries (timed as part of our side in the comparison)."""
    residents, hospitals, capacities = inst["residents"], inst["hospitals"], inst["capacities"]
    if not reserves:
        return MatchingRound(
            applicants=[Applicant(a, prefs) for a, prefs in residents.items()],
            positions=[Position(p, capacities[p], ranking) for p, ranking in hospitals.items()],
        )
    rng = np.random.default_rng(SEED + 1)
    kind = rng.random(len(residents))
    out_of_town = frozenset({"out_of_town"})
    rural = frozenset({"rural"})
    both = frozenset({"out_of_town", "rural"})
    cats = [both if k < 0.03 else out_of_town if k < 0.30 else rural if k < 0.37 else frozenset() for k in kind]
    applicants = [Applicant(a, prefs, c) for (a, prefs), c in zip(residents.items(), cats, strict=True)]
    positions = []
    draw = rng.random(len(hospitals))
    for (p, ranking), u in zip(hospitals.items(), draw, strict=True):
        cap = capacities[p]
        if u < 0.4:
            positions.append(Position(p, cap, ranking, {"out_of_town": max(1, cap // 4)}))
        elif u < 0.5:
            positions.append(Position(p, cap, ranking, {"rural": max(1, cap // 5)}, ("rural", OPEN)))
        else:
            positions.append(Position(p, cap, ranking))
    return MatchingRound(applicants, positions, categories=("out_of_town", "rural"), max_choices=10)


def ours_to_dict(result: MatchResult, positions: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {p: [] for p in positions}
    for a in result.assignments:
        out[a.position_id].append(a.applicant_id)
    for v in out.values():
        v.sort()
    return out


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Best wall-clock and best CPU time of ``repeat`` runs, and the last value."""
    walls, cpus = [], []
    value = None
    for _ in range(repeat):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        value = fn()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return min(walls), min(cpus), value


_PROBE = """
import random, time
data = [random.random() for _ in range(1_000_000)]
index = [random.randrange(len(data)) for _ in range(500_000)]
t = time.perf_counter()
total = 0.0
for i in index:
    total += data[i]
print((time.perf_counter() - t) / len(index) * 1e6)
"""


def machine_probe() -> str:
    """How busy the machine is: load average, and the cost of a random read from a big list
    (the solver is bound by memory latency). Run in a child process, so that it does not count
    towards this process's peak RSS."""
    probe = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"machine: load average {load} on {os.cpu_count()} cores; "
            f"random read from a 1M-item list {float(probe.stdout):.2f} µs")


def big_round(n_app: int, n_pos: int, repeat: int) -> None:
    print(f"== {n_app:,} applicants × {n_pos:,} positions, two reserve categories ==")
    t = time.perf_counter()
    inst = make_instance(n_app, n_pos)
    round_ = build_round(inst, reserves=True)
    del inst
    print(f"instance built in {time.perf_counter() - t:.1f} s (not timed below): "
          f"{sum(len(a.ranking) for a in round_.applicants):,} choices, "
          f"{sum(p.capacity for p in round_.positions):,} seats, "
          f"{sum(1 for p in round_.positions if p.reserved):,} positions with reserves; RSS {rss_mb():.0f} MB")
    print(machine_probe())
    prepared = prepare(round_)
    w_prep, c_prep, _ = best_of(lambda: prepare(round_), repeat)
    w_da, c_da, state = best_of(lambda: deferred_acceptance(prepared), repeat)
    w_res, c_res, _ = best_of(lambda: solve_result(prepared, state), repeat)
    w_all, c_all, result = best_of(lambda: match(round_), repeat)
    print(f"match(): {w_all:.3f} s wall, {c_all:.3f} s CPU (best of {repeat})   "
          f"[goal < 1 s: {'met' if w_all < 1 else 'NOT met'}]")
    print(f"  check + index {w_prep:.3f} s ({c_prep:.3f} CPU); deferred acceptance {w_da:.3f} s ({c_da:.3f} CPU); "
          f"result objects {w_res:.3f} s ({c_res:.3f} CPU)")
    seats: dict[str, list[int]] = {}
    for p in result.positions:
        for s in p.seats:
            total = seats.setdefault(s.category, [0, 0])
            total[0] += s.seats
            total[1] += s.filled
    print(f"matched {len(result.assignments):,}, unmatched {len(result.unmatched):,}; seats filled by category: "
          + ", ".join(f"{k} {v[1]:,}/{v[0]:,}" for k, v in seats.items()))
    print(f"peak RSS {rss_mb():.0f} MB (whole process, including the round's own objects)")
    gc.collect()
    tracemalloc.start()
    match(round_)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"engine's own peak allocation during match(): {peak / 2**20:.0f} MB (tracemalloc, untimed run)")


def peer_solve(inst: dict[str, Any], out: dict[str, Any]) -> None:
    from matching.games import HospitalResident

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t, c = time.perf_counter(), time.thread_time()
        game = HospitalResident.create_from_dictionaries(inst["residents"], inst["hospitals"], inst["capacities"])
        t_build, c_build = time.perf_counter(), time.thread_time()
        solved = game.solve(optimal="resident")
        t_solve, c_solve = time.perf_counter(), time.thread_time()
        result = {h.name: sorted(r.name for r in rs) for h, rs in solved.items()}
        t_end, c_end = time.perf_counter(), time.thread_time()
    out.update(
        result=result,
        build=t_build - t, solve=t_solve - t_build, total=t_end - t,
        build_cpu=c_build - c, solve_cpu=c_solve - c_build, total_cpu=c_end - c,
    )


def versus_peer(n_app: int, n_pos: int, repeat: int) -> None:
    print(f"== {n_app:,} applicants × {n_pos:,} positions, no reserves: ours vs PyPI matching 1.4.3 ==")
    inst = make_instance(n_app, n_pos, seed=SEED + 7)
    positions = list(inst["hospitals"])
    print(f"instance: {sum(map(len, inst['residents'].values())):,} choices; RSS {rss_mb():.0f} MB")

    def ours() -> dict[str, list[str]]:
        return ours_to_dict(match(build_round(inst, reserves=False)), positions)

    print(machine_probe())
    t_ours, c_ours, mine = best_of(ours, repeat)
    round_ = build_round(inst, reserves=False)
    prepared = prepare(round_)
    t_algo, c_algo, _ = best_of(lambda: deferred_acceptance(prepared), repeat)
    print(f"ours: {t_ours:.3f} s wall, {c_ours:.3f} s CPU from the dictionaries to {{position: applicants}} "
          f"(best of {repeat}); algorithm only (deferred_acceptance): {t_algo:.3f} s wall, {c_algo:.3f} s CPU; "
          f"peak RSS {rss_mb():.0f} MB")
    # The peer deep-copies its player graph recursively: it needs a deep stack (daffidwilde/matching #139).
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(512 * 2**20)
    out: dict[str, Any] = {}
    worker = threading.Thread(target=peer_solve, args=(inst, out))
    worker.start()
    worker.join()
    print(f"matching: {out['total']:.2f} s wall, {out['total_cpu']:.2f} s CPU likewise "
          f"(constructor {out['build']:.2f} s + solve {out['solve']:.2f} s wall); "
          f"algorithm only (solve): {out['solve']:.2f} s wall, {out['solve_cpu']:.2f} s CPU; peak RSS {rss_mb():.0f} MB")
    print(machine_probe())
    same = out["result"] == mine
    print(f"identical matchings: {same}")
    ratio_wall, ratio_cpu = out["total"] / t_ours, out["total_cpu"] / c_ours
    print(f"ratio, like for like: {ratio_wall:,.0f}× faster (wall), {ratio_cpu:,.0f}× (CPU)   "
          f"[goal ≥ 100×: {'met' if min(ratio_wall, ratio_cpu) >= 100 else 'NOT met'}]")
    print(f"algorithm only vs algorithm only: {out['solve_cpu'] / c_algo:,.0f}× (CPU)")
    if not same:
        raise SystemExit("the matchings differ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-peer", action="store_true")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, NumPy {np.__version__}; seed {SEED}")
    big = (10_000, 500) if args.quick else (100_000, 5_000)
    peer = (2_000, 200) if args.quick else (20_000, 2_000)
    if not args.skip_peer:  # first, so that the process's peak RSS shows the peer's memory
        versus_peer(*peer, repeat=args.repeat)
        print()
    big_round(*big, repeat=args.repeat)


if __name__ == "__main__":
    main()
