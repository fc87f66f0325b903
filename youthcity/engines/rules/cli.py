"""Command line: ``youthcity benefits test | simulate | check``.

Run as ``python -m youthcity.engines.rules.cli``; the project's ``youthcity`` console command
wires the same `main` under ``benefits``.  Every command works on a city pack folder (its
``policies/`` and ``city.yaml``), given with ``--pack DIR`` or the environment variable
``YOUTHCITY_CITY_PACK_DIR``: the engine knows no city of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from .city import load_city_profile
from .errors import FactsError, PolicyError
from .loader import load_policy_set
from .model import ParamValue, PolicyResult
from .policy_tests import run_policy_tests
from .policyset import PolicySet
from .population import synthetic_population
from .simulation import PolicyFigures, SimulationSummary, simulate

PACK_ENV = "YOUTHCITY_CITY_PACK_DIR"


class UsageError(Exception):
    """A command line that cannot run (printed, exit status 2)."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="youthcity benefits", description="Benefits as code: test, simulate, check.")
    sub = p.add_subparsers(dest="command", required=True)
    pack_help = f"city pack folder (default: ${PACK_ENV})"

    t = sub.add_parser("test", help="run the YAML policy tests of a policy directory")
    t.add_argument("dir", nargs="?", default=None, help="policy directory (default: the pack's policies/)")
    t.add_argument("--pack", default=None, help=pack_help)

    s = sub.add_parser("simulate", help="microsimulate a synthetic population of the pack's city")
    s.add_argument("--population", type=int, required=True, help="number of synthetic persons")
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--pack", default=None, help=pack_help)
    s.add_argument("--dir", default=None, help="policy directory (default: the pack's policies/)")
    s.add_argument("--on", default=None, help="evaluation date YYYY-MM-DD (default 2024-07-01)")
    s.add_argument("--set", action="append", default=[], metavar="PARAM=VALUE", help="what-if parameter value")
    s.add_argument("--by-district", action="store_true", help="also print eligible counts per district")

    c = sub.add_parser("check", help="evaluate one person's facts with explanations")
    c.add_argument("--facts", required=True, help="facts as JSON (or @file.json)")
    c.add_argument("--on", default=None, help="evaluation date YYYY-MM-DD (default today)")
    c.add_argument("--pack", default=None, help=pack_help)
    c.add_argument("--dir", default=None, help="policy directory (default: the pack's policies/)")
    c.add_argument("--lang", default="zh", choices=("zh", "en"))
    c.add_argument("--json", action="store_true", help="print JSON instead of text")
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code (1 on test failure or bad input, 2 on usage)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "test":
            return _test(Path(args.dir) if args.dir else _pack(args) / "policies")
        if args.command == "simulate":
            return _simulate(args)
        return _check(args)
    except PolicyError as exc:
        print(f"policy error: {exc}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2


def _pack(args: argparse.Namespace) -> Path:
    """The city pack folder from --pack or the environment."""
    text = args.pack or os.environ.get(PACK_ENV)
    if not text:
        raise UsageError(f"no city pack: give --pack DIR or set {PACK_ENV}")
    pack = Path(text)
    if not pack.is_dir():
        raise UsageError(f"city pack {pack} is not a folder")
    return pack


def _policy_dir(args: argparse.Namespace) -> Path:
    return Path(args.dir) if args.dir else _pack(args) / "policies"


def _test(directory: Path) -> int:
    start = time.perf_counter()
    report = run_policy_tests(directory)
    for failure in report.failures:
        print(f"FAIL {failure}")
    elapsed = time.perf_counter() - start
    verdict = "OK" if report.ok else "FAILED"
    print(f"{verdict}: {report.cases} cases, {report.checks} checks, {len(report.failures)} failures ({elapsed:.2f} s)")
    return 0 if report.ok else 1


def _overrides(ps: PolicySet, items: list[str]) -> dict[str, ParamValue | None]:
    overrides: dict[str, ParamValue | None] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--set needs PARAM=VALUE, got {item!r}")
        try:
            overrides[name] = ps.coerce_parameter(name, value)
        except (KeyError, ValueError) as exc:
            raise UsageError(f"--set {item}: {exc}") from None
    return overrides


def _simulate(args: argparse.Namespace) -> int:
    city = load_city_profile(_pack(args))
    ps = load_policy_set(_policy_dir(args))
    on = date.fromisoformat(args.on) if args.on else date(2024, 7, 1)
    try:
        overrides = _overrides(ps, args.set)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    table = synthetic_population(args.population, args.seed, city, on=on)
    t1 = time.perf_counter()
    summary = simulate(ps, table, on, overrides or None)
    t2 = time.perf_counter()
    print(f"population {summary.population:,} (seed {args.seed}, generated in {t1 - t0:.2f} s), "
          f"evaluated on {on.isoformat()} in {t2 - t1:.3f} s")
    if overrides:
        print("what-if: " + ", ".join(f"{k}={v}" for k, v in overrides.items()))
    _print_summary(summary)
    if args.by_district:
        _print_districts(summary, list(city.districts))
    return 0


def _total_text(fig: PolicyFigures) -> str:
    if fig.unit is None:
        return "-"
    if fig.to_be_set:
        return "to be set"
    if fig.total_max != fig.total:
        return f"{fig.total:,.0f}–{fig.total_max:,.0f}"
    return f"{fig.total:,.0f}"


def _print_summary(summary: SimulationSummary) -> None:
    print(f"{'policy':40} {'eligible':>10} {'undeterm.':>10} {'total':>16} {'unit':>10}")
    for pid, fig in summary.policies.items():
        unit = "" if fig.unit is None else f"{fig.unit}/{fig.period}"
        print(f"{pid:40} {fig.eligible:>10,} {fig.undetermined:>10,} {_total_text(fig):>16} {unit:>10}")
    print(f"known cash total (yuan, low end of ranges): {summary.total_cash():,.0f}")


def _print_districts(summary: SimulationSummary, districts: list[str]) -> None:
    print("\neligible persons by district")
    print(f"{'policy':40} " + " ".join(f"{d[:9]:>9}" for d in districts))
    for pid, fig in summary.policies.items():
        cells = " ".join(f"{fig.by_district[d].eligible:>9,}" for d in districts)
        print(f"{pid:40} {cells}")


def _read_facts(args: argparse.Namespace) -> tuple[dict[str, Any], date]:
    """The facts and the evaluation date from --facts (JSON, or @file) and --on."""
    raw = args.facts
    if raw.startswith("@"):
        raw = Path(raw[1:]).read_text(encoding="utf-8")
    try:
        payload = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UsageError(f"--facts is not valid JSON: {exc}") from None
    if isinstance(payload, dict) and isinstance(payload.get("facts"), dict):
        facts, on_text = payload["facts"], args.on or payload.get("on")
    else:
        facts, on_text = payload, args.on
    return facts, date.fromisoformat(on_text) if on_text else date.today()


def _check(args: argparse.Namespace) -> int:
    try:
        facts, on = _read_facts(args)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    ps = load_policy_set(_policy_dir(args))
    try:
        results = ps.evaluate(facts, on)
    except FactsError as exc:
        for err in exc.errors:
            print(f"{err.field}: {err.message(args.lang)}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([r.to_dict(args.lang) for r in results], ensure_ascii=False, indent=2))
        return 0
    for r in results:
        _print_result(r, args.lang)
    next_q = ps.next_question(facts, on)
    if next_q is not None:
        print(f"next question: {next_q} — {ps.facts[next_q].question.get(args.lang)}")
    return 0


_MARKS = {"eligible": "✔", "not_eligible": "✘", "undetermined": "?", "awaiting_confirmation": "…"}


def _amount_text(r: PolicyResult, lang: str) -> str:
    if r.amount_to_be_set:
        return " (amount to be set by the city)" if lang == "en" else "（金额待本市确定）"
    if r.amount is None:
        return ""
    upper = f"–{r.amount_max}" if r.amount_max is not None else ""
    return f" {r.amount}{upper} {r.amount_unit}"


def _print_result(r: PolicyResult, lang: str) -> None:
    print(f"{_MARKS[r.status.value]} {r.policy_id}: {r.policy.name.get(lang)} — {r.status.value}{_amount_text(r, lang)}")
    print(f"    {r.reason.get(lang)}")
    for c in r.conditions:
        values = ", ".join(f"{k}={v}" for k, v in c.values.items())
        print(f"    [{c.outcome}] {c.id}: {c.expression}  ({values})  §{c.clause}")
        print(f"        {c.reason.get(lang)}")


if __name__ == "__main__":
    sys.exit(main())
