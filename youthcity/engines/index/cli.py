"""Command line: ``youthcity index compute FRAMEWORK.yaml DATA.csv [options]``.

Prints scores and ranks for every node and unit (JSON or CSV) and, with ``--uncertainty N``,
each unit's median rank and 5–95% rank interval. Errors go to stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from typing import Any

import numpy as np

from .data import read_data_csv
from .errors import IndexEngineError
from .framework import load_framework
from .pipeline import IndexResult, compute
from .uncertainty import UncertaintyResult, uncertainty

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse would exit with 2 as well; keep one format
        self.print_usage(sys.stderr)
        print(f"youthcity index: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="youthcity index", description="Composite index engine (青年发展指数).")
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("compute", help="compute scores and ranks for every node and unit")
    c.add_argument("framework", help="framework YAML file")
    c.add_argument("data", help="data CSV: unit, period, one column per indicator code")
    c.add_argument("--format", choices=("json", "csv"), default="json")
    c.add_argument("--uncertainty", type=int, default=0, metavar="N", help="Monte Carlo replications")
    c.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    c.add_argument("--period", default=None, metavar="P", help="only this period (uncertainty: default latest)")
    c.add_argument("--base-period", default=None, metavar="B", help="fix data-driven normalisation on this period")
    return parser


def _csv(result: IndexResult, ua: UncertaintyResult | None, period: str | None) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    head = ["period", "unit", "node", "level", "score", "rank", "imputed"]
    if ua is not None:
        head += ["median_rank", "rank_p05", "rank_p95"]
    w.writerow(head)
    root = result.root
    for row in result.to_rows():
        if period is not None and row["period"] != period:
            continue
        out = [row[k] if row[k] is not None else "" for k in head[:7]]
        if ua is not None:
            extra: list[Any] = ["", "", ""]
            if row["node"] == root and row["period"] == ua.period:
                u = ua.units.index(row["unit"])
                extra = [_num(ua.median_rank[u]), _num(ua.rank_p05[u]), _num(ua.rank_p95[u])]
            out += extra
        w.writerow(out)
    return buf.getvalue()


def _num(x: float) -> Any:
    return "" if np.isnan(x) else (int(x) if float(x).is_integer() else round(float(x), 2))


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status (0 ok, 2 bad input)."""
    args = _parser().parse_args(argv)
    try:
        fw = load_framework(args.framework)
        ds = read_data_csv(args.data, fw)
        if args.period is not None:
            ds.period_index(args.period)
        res = compute(fw, ds, base_period=args.base_period)
        ua = None
        if args.uncertainty:
            if args.uncertainty < 0:
                raise IndexEngineError("--uncertainty must be a positive number of replications")
            ua = uncertainty(fw, ds, args.uncertainty, args.seed, period=args.period, base_period=args.base_period)
    except (IndexEngineError, OSError, UnicodeDecodeError) as exc:
        print(f"youthcity index: error: {exc}", file=sys.stderr)
        return 2
    if args.format == "csv":
        sys.stdout.write(_csv(res, ua, args.period))
        return 0
    doc = res.to_dict()
    if args.period is not None:
        doc["scores"] = {args.period: doc["scores"][args.period]}
        doc["ranks"] = {args.period: doc["ranks"][args.period]}
    if ua is not None:
        doc["uncertainty"] = ua.to_dict()
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
