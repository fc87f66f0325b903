"""Command line: ``youthcity benefits test | simulate | check``.

Run as ``python -m youthcity.engines.rules.cli``; the project's ``youthcity`` console command
wires the same `main` under ``benefits``.  The default policy directory is Luoyang's.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

from .errors import FactsError, PolicyError
from .loader import load_policy_set
from .model import ParamValue
from .policy_tests import run_policy_tests
from .population import LUOYANG_DISTRICTS, synthetic_population
from .simulation import simulate

DEFAULT_POLICY_DIR = Path(__file__).resolve().parents[2] / "cities" / "luoyang" / "policies"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="youthcity benefits", description="Benefits as code: test, simulate, check.")
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("test", help="run the YAML policy tests of a policy directory")
    t.add_argument("dir", nargs="?", default=str(DEFAULT_POLICY_DIR), help="policy directory")

    s = sub.add_parser("simulate", help="microsimulate a synthetic population")
    s.add_argument("--population", type=int, required=True, help="number of synthetic persons")
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--dir", default=str(DEFAULT_POLICY_DIR), help="policy directory")
    s.add_argument("--on", default=None, help="evaluation date YYYY-MM-DD (default 2024-07-01)")
    s.add_argument("--set", action="append", default=[], metavar="PARAM=VALUE", help="what-if parameter value")
    s.add_argument("--by-district", action="store_true", help="also print eligible counts per district")

    c = sub.add_parser("check", help="evaluate one person's facts with explanations")
    c.add_argument("--facts", required=True, help="facts as JSON (or @file.json)")
    c.add_argument("--on", default=None, help="evaluation date YYYY-MM-DD (default today)")
    c.add_argument("--dir", default=str(DEFAULT_POLICY_DIR), help="policy directory")
    c.add_argument("--lang", default="zh", choices=("zh", "en"))
    c.add_argument("--json", action="store_true", help="print JSON instead of text")
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code (1 on test failure or bad input)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "test":
            return _test(Path(args.dir))
        if args.command == "simulate":
            return _simulate(args)
        return _check(args)
    except PolicyError as exc:
        print(f"policy error: {exc}", file=sys.stderr)
        return 1


def _test(directory: Path) -> int:
    start = time.perf_counter()
    report = run_policy_tests(directory)
    for failure in report.failures:
        print(f"FAIL {failure}")
    elapsed = time.perf_counter() - start
    verdict = "OK" if report.ok else "FAILED"
    print(f"{verdict}: {report.cases} cases, {report.checks} checks, {len(report.failures)} failures ({elapsed:.2f} s)")
    return 0 if report.ok else 1


def _simulate(args: argparse.Namespace) -> int:
    ps = load_policy_set(args.dir)
    on = date.fromisoformat(args.on) if args.on else date(2024, 7, 1)
    overrides: dict[str, ParamValue | None] = {}
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep:
            print(f"--set needs PARAM=VALUE, got {item!r}", file=sys.stderr)
            return 1
        try:
            overrides[name] = ps.coerce_parameter(name, value)
        except (KeyError, ValueError) as exc:
            print(f"--set {item}: {exc}", file=sys.stderr)
            return 1
    t0 = time.perf_counter()
    table = synthetic_population(args.population, args.seed, LUOYANG_DISTRICTS, on=on)
    t1 = time.perf_counter()
    summary = simulate(ps, table, on, overrides or None)
    t2 = time.perf_counter()
    print(f"population {summary.population:,} (seed {args.seed}, generated in {t1 - t0:.2f} s), "
          f"evaluated on {on.isoformat()} in {t2 - t1:.3f} s")
    if overrides:
        print("what-if: " + ", ".join(f"{k}={v}" for k, v in overrides.items()))
    print(f"{'policy':40} {'eligible':>10} {'undeterm.':>10} {'total':>16} {'unit':>10}")
    for pid, fig in summary.policies.items():
        if fig.unit is None:
            total = "-"
        elif fig.to_be_set:
            total = "to be set"
        elif fig.total_max != fig.total:
            total = f"{fig.total:,.0f}–{fig.total_max:,.0f}"
        else:
            total = f"{fig.total:,.0f}"
        unit = "" if fig.unit is None else f"{fig.unit}/{fig.period}"
        print(f"{pid:40} {fig.eligible:>10,} {fig.undetermined:>10,} {total:>16} {unit:>10}")
    print(f"known cash total (yuan, low end of ranges): {summary.total_cash():,.0f}")
    if args.by_district:
        districts = list(LUOYANG_DISTRICTS)
        print("\neligible persons by district")
        print(f"{'policy':40} " + " ".join(f"{d[:9]:>9}" for d in districts))
        for pid, fig in summary.policies.items():
            cells = " ".join(f"{fig.by_district[d].eligible:>9,}" for d in districts)
            print(f"{pid:40} {cells}")
    return 0


def _check(args: argparse.Namespace) -> int:
    raw = args.facts
    if raw.startswith("@"):
        raw = Path(raw[1:]).read_text(encoding="utf-8")
    try:
        payload = json.loads(raw)
    except json.JSONDecodeError as exc:
        print(f"--facts is not valid JSON: {exc}", file=sys.stderr)
        return 1
    if isinstance(payload, dict) and "facts" in payload and isinstance(payload["facts"], dict):
        facts = payload["facts"]
        on_text = args.on or payload.get("on")
    else:
        facts = payload
        on_text = args.on
    on = date.fromisoformat(on_text) if on_text else date.today()
    ps = load_policy_set(args.dir)
    try:
        results = ps.evaluate(facts, on)
    except FactsError as exc:
        for err in exc.errors:
            print(f"{err.field}: {err.message(args.lang)}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([r.to_dict(args.lang) for r in results], ensure_ascii=False, indent=2))
        return 0
    lang = args.lang
    marks = {"eligible": "✔", "not_eligible": "✘", "undetermined": "?"}
    for r in results:
        amount = ""
        if r.amount_to_be_set:
            amount = " (amount to be set by the city)" if lang == "en" else "（金额待本市确定）"
        elif r.amount is not None:
            amount = f" {r.amount}" + (f"–{r.amount_max}" if r.amount_max is not None else "") + f" {r.amount_unit}"
        print(f"{marks[r.status.value]} {r.policy_id}: {r.policy.name.get(lang)} — {r.status.value}{amount}")
        print(f"    {r.reason.get(lang)}")
        for c in r.conditions:
            values = ", ".join(f"{k}={v}" for k, v in c.values.items())
            print(f"    [{c.outcome}] {c.id}: {c.expression}  ({values})  §{c.clause}")
            print(f"        {c.reason.get(lang)}")
    next_q = ps.next_question(facts, on)
    if next_q is not None:
        print(f"next question: {next_q} — {ps.facts[next_q].question.get(lang)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
