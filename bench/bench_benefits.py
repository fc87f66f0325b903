"""Bench the benefits engine against openfisca-core (``bench/openfisca_peer``), like for like.

What both sides do, in one process, interleaved (peer, ours, peer, ours, ...), each run after a
``gc.collect()`` so neither side pays for the other's garbage:

* **Population** (N persons, default 1,000,000): from the same input columns (converted to each
  engine's input types once, outside the timing), *setup* (OpenFisca: build the simulation and
  set every input; YouthCity: wrap the columns in a `PopulationTable`) and *compute* (every
  policy's status and every amount as a per-person array: OpenFisca's 16 eligibility and 9
  amount variables; our 16 int8 status columns and 11 amount columns in fen, the 2 range upper
  ends included).  Results are checked identical for every person.
* **One person with explanation**: OpenFisca builds a simulation from the situation with plain
  tracing on (``sim.trace = True``: the trace tree is recorded, not formatted); YouthCity
  validates the facts and evaluates every policy with the full explanation built (every
  condition with the values it read, its outcome, clause and reason).

Headlines are ratios of median CPU time (``time.process_time``; wall time beside it), with the
machine's load average printed: the machine is shared, and CPU time is steadier than wall time.
Variants that flatter one side are printed below the headlines, labelled.  Goals (issues 4 and
17): vectorized < 0.5 s at 1M, scalar with explanation < 1 ms, >= 10x OpenFisca at 1M, >= 5x per
person against plain tracing.

Run: ``.venv/bin/python bench/bench_benefits.py [--population N] [--pack DIR]`` (``make bench``
installs openfisca-core, a bench-only extra).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from youthcity.engines.rules import (  # noqa: E402
    PopulationTable,
    load_city_profile,
    load_policy_set,
    synthetic_population,
)

ON = date(2024, 7, 1)
PERIOD = "2024-07"
DEFAULT_PACK = ROOT / "youthcity" / "cities" / "luoyang"
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


@dataclass
class Timings:
    """CPU and wall seconds of repeated runs, per phase."""

    cpu: dict[str, list[float]] = field(default_factory=dict)
    wall: dict[str, list[float]] = field(default_factory=dict)

    def add(self, phase: str, cpu: float, wall: float) -> None:
        self.cpu.setdefault(phase, []).append(cpu)
        self.wall.setdefault(phase, []).append(wall)

    def med(self, phase: str, kind: str = "cpu") -> float:
        return statistics.median((self.cpu if kind == "cpu" else self.wall)[phase])

    def spread(self, phase: str, kind: str = "cpu") -> str:
        xs = (self.cpu if kind == "cpu" else self.wall)[phase]
        return f"median {fmt(statistics.median(xs))} (min {fmt(min(xs))}, max {fmt(max(xs))})"


class Clock:
    """CPU and wall time since the last `lap` (or since creation)."""

    def __init__(self) -> None:
        self.cpu, self.wall = time.process_time(), time.perf_counter()

    def lap(self) -> tuple[float, float]:
        cpu, wall = time.process_time(), time.perf_counter()
        out = (cpu - self.cpu, wall - self.wall)
        self.cpu, self.wall = cpu, wall
        return out


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms" if seconds < 0.01 else f"{seconds:.3f} s"


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def interleave(runs: int, sides: dict[str, Callable[[Timings], Any]]) -> dict[str, Timings]:
    """Run each side once per round, in turn (ABAB...), each after a full garbage collection."""
    out = {name: Timings() for name in sides}
    for _ in range(runs):
        for name, run in sides.items():
            gc.collect()
            result = run(out[name])
            del result
    gc.collect()
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--population", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=9, help="interleaved rounds at population scale")
    parser.add_argument("--person-runs", type=int, default=400, help="interleaved rounds for one person")
    parser.add_argument("--pack", type=Path, default=DEFAULT_PACK, help="city pack (policies/, city.yaml)")
    args = parser.parse_args()
    n = args.population

    ps = load_policy_set(args.pack / "policies")
    city = load_city_profile(args.pack)
    print(f"YouthCity benefits bench: {len(ps.policies)} policies of {args.pack.name}, N={n:,}, on {ON.isoformat()}")
    print(f"machine: {load()}")
    t0 = time.perf_counter()
    population = synthetic_population(n, 1, city, on=ON)
    print(f"synthetic population generated in {time.perf_counter() - t0:.2f} s")
    columns = dict(population)
    categories = dict(population.categories)

    def ours(t: Timings) -> Any:
        clock = Clock()
        table = PopulationTable(columns, categories)
        t.add("setup", *clock.lap())
        results = ps.evaluate_population(table, ON)
        t.add("compute", *clock.lap())
        return results

    vector_figures(ps, ours, args.repeat)
    try:
        from openfisca_core.simulation_builder import SimulationBuilder  # noqa: F401
        from openfisca_peer.model import build_system
    except ImportError as exc:
        print(f"\n[openfisca] not installed ({exc}); skipping the peer comparison.")
        return 0
    t0 = time.perf_counter()
    system = build_system()
    print(f"\n[openfisca] tax-benefit system built in {time.perf_counter() - t0:.3f} s (once, outside the timing)")
    population_ratio, vector = compare_population(ps, system, population, n, ours, args.repeat)
    person_ratio, person = compare_person(ps, system, args.person_runs)

    print("\n== headlines (like for like; ratios of median CPU time, wall time in brackets) ==")
    print(f"vectorized, {n:,} persons, every status and amount: {fmt(vector[0])} CPU ({fmt(vector[1])} wall), "
          "interleaved with the peer (target < 0.5 s)")
    print(f"one person, every policy with the full explanation: {fmt(person[0])} CPU ({fmt(person[1])} wall) "
          "(target < 1 ms)")
    print(f"ratio at {n:,} persons: compute {population_ratio[0]:.1f}x ({population_ratio[1]:.1f}x), "
          f"setup + compute {population_ratio[2]:.1f}x ({population_ratio[3]:.1f}x) (target >= 10x)")
    print(f"ratio per person with explanation vs OpenFisca with plain tracing: {person_ratio[0]:.1f}x "
          f"({person_ratio[1]:.1f}x) (target >= 5x)")
    print(f"machine at the end: {load()}")
    return 0


def vector_figures(ps: Any, ours: Callable[[Timings], Any], repeat: int) -> None:
    """Our population run alone (memory warm: a flattering setting, not a headline), and memory."""
    ours(Timings())
    alone = interleave(repeat, {"ours": ours})["ours"]
    print(f"\n[vectorized, alone] {alone.spread('compute')} CPU, {alone.spread('compute', 'wall')} wall "
          "(no peer between runs: memory stays warm; not a headline)")
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result = ours(Timings())
    peak = tracemalloc.get_traced_memory()[1]
    held = tracemalloc.get_traced_memory()[0] - before
    del result
    after = tracemalloc.get_traced_memory()[0] - before  # no gc.collect(): plain reference counting
    tracemalloc.stop()
    print(f"[vectorized] memory: peak {(peak - before) / 2**20:.1f} MB during the run, results hold "
          f"{held / 2**20:.1f} MB, {after / 2**20:.2f} MB left after `del` (freed without gc)")


def openfisca_inputs(ps: Any, population: Any) -> dict[str, np.ndarray]:
    """The population's columns in OpenFisca's input types (converted once, outside the timing);
    coded values are matched to the peer's enum items by name."""
    from openfisca_peer.model import BOOL_INPUTS, DATE_INPUTS, ENUMS, INT_INPUTS

    epoch = date(1970, 1, 1).toordinal()
    inputs: dict[str, np.ndarray] = {}
    for name in DATE_INPUTS:
        inputs[name] = (population[name].astype(np.int64) - epoch).astype("datetime64[D]")
    for name in BOOL_INPUTS:
        inputs[name] = population[name]
    for name in INT_INPUTS:
        inputs[name] = population[name].astype(np.int32)
    for name, enum in ENUMS.items():
        ours = population.categories.get(name) or ps.facts[name].values
        theirs = [item.name for item in enum]
        lookup = np.array([theirs.index(v) if v in theirs else theirs.index("other") for v in ours], dtype=np.int16)
        inputs[name] = lookup.take(population[name])
    return inputs


def compare_population(
    ps: Any, system: Any, population: Any, n: int, ours: Callable[[Timings], Any], repeat: int
) -> tuple[tuple[float, float, float, float], tuple[float, float]]:
    """Ratios (compute CPU, compute wall, total CPU, total wall) and our compute (CPU, wall)."""
    from openfisca_core.simulation_builder import SimulationBuilder
    from openfisca_peer.model import POLICIES, POLICIES_WITH_AMOUNT, output_variables

    inputs = openfisca_inputs(ps, population)
    outputs = output_variables()

    def peer(t: Timings) -> Any:
        clock = Clock()
        sim = SimulationBuilder().build_default_simulation(system, n)
        for name, values in inputs.items():
            sim.set_input(name, PERIOD, values)
        t.add("setup", *clock.lap())
        out = {v: sim.calculate(v, PERIOD) for v in outputs}
        t.add("compute", *clock.lap())
        return out

    mine, theirs = ours(Timings()), peer(Timings())  # warm-up, and the results to compare
    for pid in POLICIES:
        assert set(np.unique(mine[pid].status)) <= {0, 1}, f"{pid}: undetermined rows on a complete population"
        assert np.array_equal(mine[pid].status == 1, np.asarray(theirs[f"{pid}__eligible"], dtype=np.bool_)), pid
    for pid in POLICIES_WITH_AMOUNT:
        assert np.allclose(mine[pid].amount, theirs[f"{pid}__amount"], equal_nan=True), f"{pid}: amounts differ"
    columns = sum(1 for r in mine.values() if r.amount_fen is not None) + sum(
        1 for r in mine.values() if r.amount_max_fen is not None and r.amount_max_fen is not r.amount_fen
    )
    print(f"[check] identical results for all {n:,} persons: {len(POLICIES)} statuses and "
          f"{len(POLICIES_WITH_AMOUNT)} amounts (ours also writes the range upper ends: {columns} amount columns)")
    sizes = {"ours": sum(r.status.nbytes + (r.amount_fen.nbytes if r.amount_fen is not None else 0)
                         + (r.amount_max_fen.nbytes if r.amount_max_fen is not None
                            and r.amount_max_fen is not r.amount_fen else 0) for r in mine.values()),
             "openfisca": sum(np.asarray(v).nbytes for v in theirs.values())}
    print(f"[check] output bytes: ours {sizes['ours'] / 2**20:.1f} MB (int8 statuses, amounts in fen in the "
          f"narrowest integer type), OpenFisca {sizes['openfisca'] / 2**20:.1f} MB (bool, float32)")
    del mine, theirs

    print(f"[population] {n:,} persons, {repeat} interleaved rounds (OpenFisca, YouthCity, ...), {load()}")
    timings = interleave(repeat, {"openfisca": peer, "ours": ours})
    of, us = timings["openfisca"], timings["ours"]
    for name, t in (("OpenFisca", of), ("YouthCity", us)):
        for phase in ("setup", "compute"):
            print(f"  {name:9} {phase:7}: CPU {t.spread(phase)}; wall {t.spread(phase, 'wall')}")
    ratios = []
    for kind in ("cpu", "wall"):
        ratios.append(of.med("compute", kind) / us.med("compute", kind))
    for kind in ("cpu", "wall"):
        total_of = statistics.median(a + b for a, b in zip(getattr(of, kind)["setup"], getattr(of, kind)["compute"], strict=True))
        total_us = statistics.median(a + b for a, b in zip(getattr(us, kind)["setup"], getattr(us, kind)["compute"], strict=True))
        ratios.append(total_of / total_us)
    print(f"  ratio compute: {ratios[0]:.1f}x CPU, {ratios[1]:.1f}x wall; setup + compute: {ratios[2]:.1f}x CPU, "
          f"{ratios[3]:.1f}x wall")
    return (ratios[0], ratios[1], ratios[2], ratios[3]), (us.med("compute"), us.med("compute", "wall"))


def compare_person(ps: Any, system: Any, runs: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Ratios (CPU, wall) and our time per person (CPU, wall)."""
    from openfisca_core.simulation_builder import SimulationBuilder
    from openfisca_peer.model import output_variables

    outputs = output_variables()
    situation = {"persons": {"p": {k: {PERIOD: (v.isoformat() if isinstance(v, date) else v)}
                                   for k, v in PERSON.items()}}}

    def peer(trace: bool, formatted: bool = False) -> Callable[[Timings], Any]:
        def run(t: Timings) -> Any:
            clock = Clock()
            sim = SimulationBuilder().build_from_entities(system, situation)
            sim.trace = trace
            values = [sim.calculate(v, PERIOD) for v in outputs]
            out: Any = values
            if formatted:
                out = sim.tracer.computation_log.lines(), sim.tracer.get_serialized_flat_trace()
            t.add("person", *clock.lap())
            return out
        return run

    def ours(explain: bool) -> Callable[[Timings], Any]:
        def run(t: Timings) -> Any:
            clock = Clock()
            results = ps.evaluate(PERSON, ON, explain=explain)
            if explain:
                for r in results:  # the whole explanation, built: conditions, values, reasons
                    for c in r.conditions:
                        c.values  # noqa: B018
            t.add("person", *clock.lap())
            return results
        return run

    results = ps.evaluate(PERSON, ON)
    conditions = sum(len(r.conditions) for r in results)
    for _ in range(20):
        peer(True)(Timings()), ours(True)(Timings())
    print(f"\n[one person] {runs} interleaved rounds, {load()}")
    main_t = interleave(runs, {"openfisca": peer(True), "ours": ours(True)})
    of, us = main_t["openfisca"], main_t["ours"]
    print(f"  OpenFisca, plain tracing              : CPU {of.spread('person')}; wall {of.spread('person', 'wall')}")
    print(f"  YouthCity, full explanation ({conditions} conds): CPU {us.spread('person')}; wall "
          f"{us.spread('person', 'wall')} (target < 1 ms)")
    ratio = (of.med("person") / us.med("person"), of.med("person", "wall") / us.med("person", "wall"))
    print(f"  ratio: {ratio[0]:.1f}x CPU, {ratio[1]:.1f}x wall")
    side = interleave(max(50, runs // 4), {
        "of_plain": peer(False), "ours_plain": ours(False), "of_formatted": peer(True, formatted=True),
    })
    print("  labelled variants (not headlines):")
    print(f"    no explanation on either side: OpenFisca {fmt(side['of_plain'].med('person'))}, YouthCity "
          f"{fmt(side['ours_plain'].med('person'))} CPU: "
          f"{side['of_plain'].med('person') / side['ours_plain'].med('person'):.1f}x")
    print(f"    OpenFisca with computation log + flat trace formatted (flatters us): "
          f"{fmt(side['of_formatted'].med('person'))} CPU: "
          f"{side['of_formatted'].med('person') / us.med('person'):.1f}x")
    return ratio, (us.med("person"), us.med("person", "wall"))


if __name__ == "__main__":
    sys.exit(main())
