"""Measure and target recall/precision of the plan parser on every hand-labelled plan.

    .venv/bin/python bench/eval_plan_parser.py

Labels: tests/fixtures/plans/expected/ (the seeds in /work/shared/seeds are copies of
luoyang_zh.txt, luoyang_en.txt and district_pilot_zh.txt). The issue's bar for plans the
parser has not seen: measures R ≥ 0.95, P ≥ 0.9; targets R ≥ 0.9, P ≥ 0.9.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.engines.plans.evaluation import FIXTURES, Score, score_all  # noqa: E402

SEEDS = Path("/work/shared/seeds")


def _seed_names() -> dict[str, str]:
    """Fixture file → seed file name, for fixtures that are byte-identical copies of a seed."""
    if not SEEDS.is_dir():
        return {}
    seeds = {hashlib.sha256(p.read_bytes()).hexdigest(): p.name for p in SEEDS.glob("*.txt")}
    return {
        p.name: seeds[digest]
        for p in FIXTURES.glob("*.txt")
        if (digest := hashlib.sha256(p.read_bytes()).hexdigest()) in seeds
    }


def main() -> None:
    seeds = _seed_names()
    scores = score_all()
    print(f"{'plan':38} {'measures':>10} {'R':>6} {'P':>6}   {'targets':>9} {'R':>6} {'P':>6}")
    for s in scores:
        file = s.name.rsplit(".", 1)[0] + ".txt"
        note = f" (seed {seeds[file][:3]})" if file in seeds else ""
        print(f"{s.name + note:38} {s.measures_matched:>3}/{s.measures_labelled:<3}({s.measures_found:>3})"
              f" {s.measure_recall:6.2f} {s.measure_precision:6.2f}   {s.targets_matched:>3}/{s.targets_labelled:<3}"
              f"({s.targets_found:>2}) {s.target_recall:5.2f} {s.target_precision:6.2f}")
    total = Score("all", *(sum(getattr(s, f) for s in scores) for f in (
        "measures_labelled", "measures_found", "measures_matched", "targets_labelled", "targets_found",
        "targets_matched")))
    print(f"{'all plans (micro)':38} {total.measures_matched:>3}/{total.measures_labelled:<3}"
          f"({total.measures_found:>3}) {total.measure_recall:6.2f} {total.measure_precision:6.2f}   "
          f"{total.targets_matched:>3}/{total.targets_labelled:<3}({total.targets_found:>2}) "
          f"{total.target_recall:5.2f} {total.target_precision:6.2f}")
    print("columns: matched/labelled(found by the parser); R recall, P precision")


if __name__ == "__main__":
    main()
