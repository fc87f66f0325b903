"""Housing lottery at city scale: 200,000 applicants for 50,000 homes with reserves.

    .venv/bin/python bench/bench_lottery.py [--applicants 200000] [--homes 50000] [--repeat 3]

Times (best of --repeat) freezing the round (validation, canonical JSON, list hash), the draw
(seed, 200k keys, order, pools and choices), writing the audit file, reading a ROUND.json as
the CLI does, and ``verify`` of the audit file; then memory: tracemalloc peak of one draw +
audit + verify (in a separate pass, since tracing slows Python down) and the process's peak RSS.
Prints figures only; nothing is asserted.

The round: three layouts (45/60/90 m²), 40% of homes reserved for young graduates, 1,000 for
technicians (500 of them set aside as marked homes), 35% graduates and 5% technicians among
the applicants, 30% naming acceptable layouts and 2% listing 3–5 homes. Inputs are generated
with ``random.Random(2025)``: bench data only, never a published result.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from youthcity.engines.lottery import (  # noqa: E402
    Applicant,
    Home,
    Policy,
    PublicSource,
    ReserveRule,
    commit,
    draw,
    freeze_round,
    load_round,
    verify,
)
from youthcity.engines.lottery.canonical import gc_paused  # noqa: E402
from youthcity.engines.lottery.draw import audit_bytes as _audit_bytes  # noqa: E402


def encode_audit(result):  # type: ignore[no-untyped-def]
    """What ``result.audit_bytes`` does, without its cache."""
    with gc_paused():
        return _audit_bytes(result)


SECRET = "5f0c6b9a3e2d4c718a9b0c1d2e3f405162738495a6b7c8d9eaf00112233445566"
LAYOUTS = ("45㎡一室", "60㎡两室", "90㎡三室")


def make_inputs(n_applicants: int, n_homes: int) -> tuple[list[Home], list[Applicant], Policy]:
    rng = random.Random(2025)
    homes = []
    for i in range(n_homes):
        layout = LAYOUTS[rng.choices((0, 1, 2), (5, 3, 2))[0]]
        mark = "technician" if i < 500 else None
        homes.append(Home(f"LY-B{i // 200:03d}-{i % 200:03d}", layout, layout[:2], mark))
    home_ids = [h.id for h in homes]
    applicants = []
    for i in range(n_applicants):
        u = rng.random()
        cats = ["graduate"] if u < 0.35 else ["technician"] if u < 0.40 else []
        v = rng.random()
        layouts = rng.sample(LAYOUTS, rng.randint(1, 2)) if v < 0.30 else []
        prefs = rng.sample(home_ids, rng.randint(3, 5)) if v > 0.98 else []
        applicants.append(Applicant(f"410{rng.randrange(10**6):06d}{i:07d}", cats, None, prefs, layouts))
    rng.shuffle(applicants)
    policy = Policy(reserves=(ReserveRule("graduate", share="0.4"), ReserveRule("technician", count=1000)))
    return homes, applicants, policy


CPU: dict[str, float] = {}


def best(repeat: int, fn, label: str = ""):  # type: ignore[no-untyped-def]
    """Best wall time of ``repeat`` runs (the machine is shared; CPU time is kept beside it)."""
    times, cpu, value = [], [], None
    for _ in range(repeat):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        value = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[label] = min(cpu)
    return min(times), value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applicants", type=int, default=200_000)
    parser.add_argument("--homes", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    homes, applicants, policy = make_inputs(args.applicants, args.homes)
    source = PublicSource("lottery", "中国福利彩票3D 2025年第180期开奖号码")

    def freeze():  # type: ignore[no-untyped-def]
        return freeze_round(
            round_id="LY-2025-R1", commitment=commit(SECRET), public_source=source,
            homes=homes, applicants=applicants, policy=policy,
        )

    t_freeze, frozen = best(args.repeat, freeze, "freeze")
    t_draw, result = best(args.repeat, lambda: draw(frozen, SECRET, "3 8 5"), "draw")
    t_audit, audit = best(args.repeat, lambda r=result: encode_audit(r), "audit")
    round_json = frozen.canonical_bytes
    t_load, _ = best(args.repeat, lambda: load_round(round_json), "load")
    t_verify, outcome = best(args.repeat, lambda: verify(audit), "verify")
    assert outcome.ok, outcome.difference

    by_phase = [(p.kind, p.category, p.capacity, p.filled) for p in result.phases]
    graduates = sum(
        1 for a in result.assignments
        if "graduate" in frozen.applicant_categories[frozen.applicant_ids.index(a.applicant)]
    ) if args.applicants <= 20_000 else None

    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
          "(wall time includes waiting for a CPU; CPU time does not)")
    print(f"round: {args.applicants:,} applicants, {args.homes:,} homes; phases {by_phase}")
    if graduates is not None:
        print(f"graduates housed: {graduates:,}")
    print(f"frozen list {len(round_json) / 1e6:.1f} MB, audit file {len(audit) / 1e6:.1f} MB, "
          f"audit sha256 {hashlib.sha256(audit).hexdigest()[:16]}…")
    rows = [
        ("freeze_round (validate, canonical JSON, list hash)", t_freeze, CPU["freeze"]),
        ("draw (seed, keys, order, pools, choices)", t_draw, CPU["draw"]),
        ("audit file bytes", t_audit, CPU["audit"]),
        ("draw + audit", t_draw + t_audit, CPU["draw"] + CPU["audit"]),
        ("freeze + draw + audit, end to end", t_freeze + t_draw + t_audit, CPU["freeze"] + CPU["draw"] + CPU["audit"]),
        ("load_round(ROUND.json bytes), as the CLI reads it", t_load, CPU["load"]),
        ("verify(audit file)", t_verify, CPU["verify"]),
    ]
    print(f"{'step':52} {'wall s':>7} {'CPU s':>7}")
    for label, wall, cpu in rows:
        print(f"{label:52} {wall:7.3f} {cpu:7.3f}")

    del result, outcome
    gc.collect()
    tracemalloc.start()
    traced = draw(frozen, SECRET, "3 8 5")
    traced_audit = traced.audit_bytes
    _, peak_draw = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    verify(traced_audit)
    _, peak_verify = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"tracemalloc peak: draw + audit {peak_draw / 1e6:6.1f} MB, verify {peak_verify / 1e6:6.1f} MB")
    print(f"peak RSS of the whole process (inputs, frozen round, audit, verify): {rss:6.1f} MB")
    print(json.dumps({"freeze_s": round(t_freeze, 3), "draw_s": round(t_draw, 3), "audit_s": round(t_audit, 3),
                      "verify_s": round(t_verify, 3), "peak_draw_mb": round(peak_draw / 1e6, 1),
                      "peak_verify_mb": round(peak_verify / 1e6, 1), "rss_mb": round(rss, 1)}))


if __name__ == "__main__":
    main()
