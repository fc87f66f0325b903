"""Bench the benefits engine: all Luoyang policies over 1,000,000 synthetic persons, one person with
the full explanation, and the same rules in openfisca-core (``bench/openfisca_peer``) side by side.

Targets from issue 4: vectorized < 0.5 s at 1M with memory freed afterwards; scalar with
explanation < 1 ms median; >= 10x faster than OpenFisca at 1M and >= 5x faster per person with
explanation (OpenFisca with trace).  Prints figures and ratios; asserts only that both engines
give identical results.  Run: ``.venv/bin/python bench/bench_benefits.py [--population N]``.
OpenFisca is a bench-only extra: ``.venv/bin/uv pip install --python .venv/bin/python openfisca-core``.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from youthcity.engines.rules import load_policy_set, synthetic_population  # noqa: E402
from youthcity.engines.rules.cli import DEFAULT_POLICY_DIR  # noqa: E402

ON = date(2024, 7, 1)
PERIOD = "2024-07"
PERSON: dict[str, Any] = {
    "birth_date": date(2000, 3, 1),
    "education_level": "bachelor",
    "graduation_date": date(2023, 7, 1),
    "is_full_time": True,
    "hukou_city": "zhengzhou",
    "home_city": "zhengzhou",
    "current_city": "luoyang",
    "employment_status": "unemployed",
    "is_job_seeking": True,
    "has_interview_invitation": True,
    "is_intern": False,
    "internship_months": 0,
    "is_startup_founder": False,
    "uses_incubator": False,
    "enterprise_is_private": False,
    "enterprise_in_city": False,
    "enterprise_district": "luolong",
    "enterprise_hired_graduates": False,
    "enterprise_has_university_base": False,
    "rents_guaranteed_housing": False,
    "has_school_age_child": False,
    "work_district": "luolong",
}


CPU: dict[str, float] = {}


def timed(fn: Any, repeat: int, label: str = "") -> tuple[float, list[float], Any]:
    """Median wall time over `repeat` runs; the median CPU time goes to CPU[label] (steadier on a
    shared machine, where wall time varies with other workloads)."""
    times: list[float] = []
    cpu: list[float] = []
    result = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    if label:
        CPU[label] = statistics.median(cpu)
    return statistics.median(times), times, result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--population", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--scalar-runs", type=int, default=2000)
    args = parser.parse_args()
    n = args.population

    ps = load_policy_set(DEFAULT_POLICY_DIR)
    print(f"YouthCity benefits bench: {len(ps.policies)} Luoyang policies, N={n:,}, on {ON.isoformat()}")
    t0 = time.perf_counter()
    table = synthetic_population(n, 1, on=ON)
    print(f"synthetic population generated in {time.perf_counter() - t0:.2f} s")

    # -- vectorized ----------------------------------------------------------------------------
    ps.evaluate_population(table, ON)  # warm-up
    vec_median, vec_times, ours = timed(lambda: ps.evaluate_population(table, ON), args.repeat, "vector")
    print(f"\n[vectorized] all policies, {n:,} persons: median {vec_median:.3f} s "
          f"(min {min(vec_times):.3f}, max {max(vec_times):.3f}, {args.repeat} runs; CPU {CPU['vector']:.3f} s)")
    del ours
    kept = sum(r.amount_each is not None for r in ps.evaluate_population(table, ON).values())

    def with_columns() -> Any:
        results = ps.evaluate_population(table, ON)
        for r in results.values():
            r.amount, r.amount_max  # noqa: B018 - build every amount column, as OpenFisca returns them
        return results

    col_median, col_times, _ = timed(with_columns, args.repeat, "vector_columns")
    print(f"[vectorized] {kept} of {len(ps.policies)} policies give every eligible person the same amount and "
          f"keep it as one number; with every amount column built as well: median {col_median:.3f} s "
          f"(min {min(col_times):.3f}, max {max(col_times):.3f})")
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result = ps.evaluate_population(table, ON)
    peak = tracemalloc.get_traced_memory()[1]
    held = tracemalloc.get_traced_memory()[0] - before
    del result
    after = tracemalloc.get_traced_memory()[0] - before  # no gc.collect(): plain reference counting
    tracemalloc.stop()
    print(f"[vectorized] memory: peak {(peak - before) / 2**20:.1f} MB during the run, results hold "
          f"{held / 2**20:.1f} MB, {after / 2**20:.2f} MB left after `del` (freed without gc)")

    # -- scalar --------------------------------------------------------------------------------
    for _ in range(50):
        ps.evaluate(PERSON, ON)
    sc_median, sc_times, results = timed(lambda: ps.evaluate(PERSON, ON), args.scalar_runs, "scalar")
    nx_median, _, _ = timed(lambda: ps.evaluate(PERSON, ON, explain=False), args.scalar_runs)
    conditions = sum(len(r.conditions) for r in results)
    p95 = sorted(sc_times)[int(0.95 * len(sc_times))]
    print(f"\n[scalar] one person, all policies, full explanation ({conditions} conditions with values, "
          f"clauses and reasons): median {ms(sc_median)} (p95 {ms(p95)}, {args.scalar_runs} runs); "
          f"without explanation {ms(nx_median)}")

    # -- OpenFisca peer ------------------------------------------------------------------------
    try:
        from openfisca_core.simulation_builder import SimulationBuilder
        from openfisca_peer.model import (
            BOOL_INPUTS,
            DATE_INPUTS,
            ENUMS,
            INT_INPUTS,
            POLICIES,
            POLICIES_WITH_AMOUNT,
            build_system,
            output_variables,
        )
    except ImportError as exc:
        print(f"\n[openfisca] not installed ({exc}); skipping the peer comparison.")
        return 0

    t0 = time.perf_counter()
    system = build_system()
    print(f"\n[openfisca] tax-benefit system built in {time.perf_counter() - t0:.3f} s")
    epoch = date(1970, 1, 1).toordinal()
    inputs: dict[str, np.ndarray] = {}
    for name in DATE_INPUTS:
        inputs[name] = (table[name].astype(np.int64) - epoch).astype("datetime64[D]")
    for name in BOOL_INPUTS:
        inputs[name] = table[name]
    for name in INT_INPUTS:
        inputs[name] = table[name].astype(np.int32)
    for name in ENUMS:
        inputs[name] = table[name].astype(np.int16)
    outputs = output_variables()

    def openfisca_population() -> tuple[float, float, float, dict[str, np.ndarray]]:
        start, start_cpu = time.perf_counter(), time.process_time()
        sim = SimulationBuilder().build_default_simulation(system, n)
        for name, values in inputs.items():
            sim.set_input(name, PERIOD, values)
        built = time.perf_counter()
        out = {v: sim.calculate(v, PERIOD) for v in outputs}
        done, done_cpu = time.perf_counter(), time.process_time()
        del sim
        return built - start, done - built, done_cpu - start_cpu, out

    runs = [openfisca_population() for _ in range(max(3, args.repeat // 2))]
    of_build = statistics.median(r[0] for r in runs)
    of_compute = statistics.median(r[1] for r in runs)
    of_total = statistics.median(r[0] + r[1] for r in runs)
    CPU["openfisca_population"] = statistics.median(r[2] for r in runs)
    of_out = runs[-1][3]
    del runs
    gc.collect()
    print(f"[openfisca] {n:,} persons: build + set inputs {of_build:.3f} s, compute {of_compute:.3f} s, "
          f"total {of_total:.3f} s (median)")

    ours = ps.evaluate_population(table, ON)
    for pid in POLICIES:
        mine = ours[pid].status
        assert set(np.unique(mine)) <= {0, 1}, f"{pid}: undetermined rows on a complete population"
        theirs = np.asarray(of_out[f"{pid}__eligible"], dtype=np.bool_)
        assert np.array_equal(mine == 1, theirs), f"{pid}: eligibility differs"
    for pid in POLICIES_WITH_AMOUNT:
        assert np.allclose(ours[pid].amount, of_out[f"{pid}__amount"], equal_nan=True), f"{pid}: amounts differ"
    print(f"[check] identical results: {len(POLICIES)} eligibilities and {len(POLICIES_WITH_AMOUNT)} amounts "
          f"for all {n:,} persons")

    situation = {"persons": {"p": {k: {PERIOD: (v.isoformat() if isinstance(v, date) else v)}
                                   for k, v in PERSON.items()}}}

    def openfisca_person(trace: bool) -> Any:
        sim = SimulationBuilder().build_from_entities(system, situation)
        sim.trace = trace
        values = [sim.calculate(v, PERIOD) for v in outputs]
        if trace:
            return sim.tracer.computation_log.lines(), sim.tracer.get_serialized_flat_trace()
        return values

    single_runs = 300
    for _ in range(10):
        openfisca_person(True)
    of_single, _, _ = timed(lambda: openfisca_person(False), single_runs)
    of_trace, _, _ = timed(lambda: openfisca_person(True), single_runs, "openfisca_trace")
    print(f"[openfisca] one person: {ms(of_single)} median without trace, {ms(of_trace)} with trace "
          f"+ computation log + flat trace ({single_runs} runs)")

    print("\n== figures ==")
    print(f"vectorized, {n:,} persons, all policies: {vec_median:.3f} s (target < 0.5 s)")
    print(f"scalar with full explanation, one person: {ms(sc_median)} median (target < 1 ms)")
    print(f"ratio at {n:,} persons: OpenFisca total / YouthCity = {of_total / vec_median:.1f}x "
          f"(compute only: {of_compute / vec_median:.1f}x) (target >= 10x)")
    print(f"  with every amount column built as well ({col_median:.3f} s): total {of_total / col_median:.1f}x, "
          f"compute only {of_compute / col_median:.1f}x")
    print(f"ratio per person with explanation: OpenFisca with trace / YouthCity with explanation = "
          f"{of_trace / sc_median:.1f}x (without: {of_single / nx_median:.1f}x) (target >= 5x)")
    print(f"CPU-time ratios (steadier on a shared machine): {n:,} persons "
          f"{CPU['openfisca_population'] / CPU['vector']:.1f}x "
          f"({CPU['openfisca_population'] / CPU['vector_columns']:.1f}x with amount columns), per person with explanation "
          f"{CPU['openfisca_trace'] / CPU['scalar']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
