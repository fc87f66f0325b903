"""Housing allocation at city scale through the housing app's path: 200,000 approved
applications and 50,000 homes, 40% reserved for young graduates.

    .venv/bin/python bench/bench_housing.py [--applicants 200000] [--homes 50000] [--repeat 3]

Times (best of --repeat, wall and CPU seconds) the app's adapter building the frozen round from
rows as the database gives them (public id + category; home code, layout, Decimal area), the
draw, the audit file, and ``verify`` of the audit file (what ``youthcity housing verify`` runs);
then the tracemalloc peak of one freeze + draw + audit + verify and the process's peak RSS.
Inputs come from ``random.Random(2026)``: bench data only. Prints figures; asserts nothing.
(The engine alone, with more varied inputs: bench/bench_lottery.py.)
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "youthcity.config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from youthcity.engines.lottery import commit, draw, verify  # noqa: E402
from youthcity.housing import adapters  # noqa: E402

SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
PUBLIC_VALUE = "7 2 9"


def make_rows(n_applicants: int, n_homes: int):
    rng = random.Random(2026)
    layouts = (("一室一厅", Decimal("45.00")), ("两室一厅", Decimal("60.00")), ("三室两厅", Decimal("90.00")))
    homes = []
    for i in range(n_homes):
        layout, area = layouts[rng.randrange(3)]
        homes.append(SimpleNamespace(code=f"{i // 400 + 1}号楼-{i % 400 + 101}", layout=layout, area=area))
    weights = (("young_graduate", 0.45), ("bachelor_plus", 0.30), ("technician", 0.10), ("other", 0.15))
    names, probs = zip(*weights, strict=True)
    cats = rng.choices(names, probs, k=n_applicants)
    entries = [(f"H{i + 1:07d}", c) for i, c in enumerate(cats)]
    rng.shuffle(entries)  # the database gives no particular order
    round_ = SimpleNamespace(
        round_code="LY-BENCH-R1",
        commitment=commit(SECRET),
        public_source_kind="lottery",
        public_source_name="中国福利彩票3D 2026年第330期开奖号码",
        reserved_share=Decimal("0.4"),
        reserved_count=None,
        reserve_category="young_graduate",
    )
    return round_, homes, entries


def timed(fn, repeat: int):
    best_wall = best_cpu = float("inf")
    value = None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        value = fn()
        best_wall, best_cpu = min(best_wall, time.perf_counter() - w), min(best_cpu, time.process_time() - c)
    return value, best_wall, best_cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applicants", type=int, default=200_000)
    parser.add_argument("--homes", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    round_, homes, entries = make_rows(args.applicants, args.homes)
    print(
        f"housing bench: {args.applicants:,} applicants, {args.homes:,} homes, 40% reserved for young graduates;"
        f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    frozen, w, c = timed(lambda: adapters.freeze(round_, homes, entries), args.repeat)
    print(
        f"  freeze (adapter + engine):   wall {w:6.2f} s   cpu {c:6.2f} s   list {len(frozen.canonical_bytes) / 1e6:.1f} MB"
    )
    result, w, c = timed(lambda: draw(frozen, SECRET, PUBLIC_VALUE), args.repeat)
    print(
        f"  draw:                        wall {w:6.2f} s   cpu {c:6.2f} s   {len(result.assignments):,} homes assigned"
    )
    audit, w, c = timed(lambda: draw(frozen, SECRET, PUBLIC_VALUE).audit_bytes, args.repeat)
    print(
        f"  draw + audit file:           wall {w:6.2f} s   cpu {c:6.2f} s   audit {len(audit) / 1e6:.1f} MB"
    )
    outcome, w, c = timed(lambda data=audit: verify(data), args.repeat)
    print(f"  verify AUDIT.json:           wall {w:6.2f} s   cpu {c:6.2f} s   ok={outcome.ok}")
    category = dict(entries)
    graduates = sum(1 for a in result.assignments if category[a.applicant] == "young_graduate")
    print(f"  share of homes to young graduates: {100 * graduates / len(result.assignments):.1f}%")
    del frozen, result, audit, outcome
    tracemalloc.start()
    frozen = adapters.freeze(round_, homes, entries)
    data = draw(frozen, SECRET, PUBLIC_VALUE).audit_bytes
    verify(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  memory: tracemalloc peak {peak / 1e6:.0f} MB (freeze + draw + audit + verify); peak RSS {rss:.0f} MB"
    )


if __name__ == "__main__":
    main()
