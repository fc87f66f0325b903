"""``youthcity plan parse FILE [--format json|text] [--all]``.

Prints the parsed structure of a plan document. Errors go to stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from . import parse_all_file, parse_file
from .errors import PlanParseError
from .model import Benefit, Deadline, Plan, Target


def _format_deadline(deadline: Deadline) -> str:
    if deadline.kind == "date" and deadline.date:
        return f"{deadline.date} ({deadline.text})"
    if deadline.kind == "recurring":
        return f"every {deadline.every} ({deadline.text})"
    return f"{deadline.kind} ({deadline.text})"


def _format_benefit(benefit: Benefit) -> str:
    low, high = benefit.to_dict()["low"], benefit.to_dict()["high"]
    amount = f"{low}–{high}" if low is not None and high is not None and low != high else (
        f">= {low}" if high is None else (f"<= {high}" if low is None else f"{low}")
    )
    basis = f" of {benefit.basis}" if benefit.basis else ""
    return f"{benefit.kind}: {amount} {benefit.unit}{basis}"


def _format_target(target: Target) -> str:
    value = target.to_dict()["value"]
    parts = [f"{target.subject}: {target.comparator} {value} {target.unit}".rstrip()]
    if target.per:
        parts.append(f"per {target.per}")
    if target.deadline:
        parts.append(f"by {target.deadline}")
    return ", ".join(parts)


def format_text(plan: Plan) -> str:
    """A readable outline of a plan: projects, measures, units and targets."""
    lines = [plan.title or "(untitled plan)"]
    meta = [
        f"issuer: {plan.issuer}" if plan.issuer else "",
        f"date: {plan.date}" if plan.date else "",
        f"period: {plan.period.start} – {plan.period.end}" if plan.period else "",
    ]
    if any(meta):
        lines.append("  ".join(m for m in meta if m))
    for index, project in enumerate(plan.projects, start=1):
        lines.append("")
        lines.append(f"[{index}] {project.title or '(no project heading)'}")
        if project.lead_units:
            lines.append(f"    lead: {'、'.join(project.lead_units)}")
        for measure in project.measures:
            label = f"{measure.number}." if measure.number else "-"
            heading = measure.title or (measure.text[:40] + ("…" if len(measure.text) > 40 else ""))
            lines.append(f"  {label} {heading}")
            if measure.responsible_units:
                lines.append(f"      units: {'、'.join(measure.responsible_units)}")
            if measure.deadline:
                lines.append(f"      deadline: {_format_deadline(measure.deadline)}")
            for target in measure.targets:
                lines.append(f"      target: {_format_target(target)}")
            for benefit in measure.benefits:
                lines.append(f"      benefit: {_format_benefit(benefit)}")
    for row in plan.unmatched_tasks:
        lines.append(f"  unmatched task {row.number or '-'}: {row.task} ({'、'.join(row.units)})")
    measures = sum(len(p.measures) for p in plan.projects)
    targets = sum(len(m.targets) for m in plan.measures())
    lines.append("")
    lines.append(f"{len(plan.projects)} projects, {measures} measures, {targets} targets")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``youthcity plan``."""
    parser = argparse.ArgumentParser(prog="youthcity plan", description="Read plan documents (行动方案).")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="print the structure of a plan document (.txt, .docx, .pdf)")
    parse.add_argument("file", metavar="FILE")
    parse.add_argument("--format", choices=("json", "text"), default="json")
    parse.add_argument("--all", action="store_true", help="print every plan in the file (JSON: a list)")
    draft = commands.add_parser(
        "draft-policies", help="draft a policy file for each benefit clause of a plan (youthcity.engines.drafting)"
    )
    draft.add_argument("file", metavar="PLAN_FILE")
    draft.add_argument("--out", metavar="DIR", help="write <id>.yaml files here (default: print them)")
    draft.add_argument("--policies", metavar="DIR",
                       help="the city pack's policy directory (default: $YOUTHCITY_CITY_PACK_DIR/policies)")
    return parser


def _draft_policies(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``plan draft-policies``: drafts every plan of the file, checks they load, writes or prints them."""
    import os
    from pathlib import Path

    from youthcity.engines.drafting import check_drafts_load, draft_plan, known_parameters
    from youthcity.engines.rules import PolicyError

    pack = os.environ.get("YOUTHCITY_CITY_PACK_DIR")
    policy_dir = Path(args.policies) if args.policies else (Path(pack) / "policies" if pack else None)
    if policy_dir is not None and not policy_dir.is_dir():
        policy_dir = None
    known = known_parameters(policy_dir)
    drafts = []
    for i, plan in enumerate(parse_all_file(args.file)):
        drafts += draft_plan(plan, known_params=known, plan_tag=str(i) if i else "")
    try:
        check_drafts_load(drafts, policy_dir)
    except PolicyError as exc:  # pragma: no cover - a drafting bug, reported rather than hidden
        print(f"错误 error: a draft does not load: {exc}", file=err)
        return 2
    if args.out:
        target = Path(args.out)
        target.mkdir(parents=True, exist_ok=True)
        for d in drafts:
            (target / f"{d.id}.yaml").write_text(d.yaml_text, encoding="utf-8")
    for d in drafts:
        if args.out:
            open_parts = "；".join(p.zh for p in d.open_parts)
            print(f"{d.id}.yaml  {d.label} {d.name}  待市里确定：{open_parts}", file=out)
        else:
            print(f"---\n{d.yaml_text}", file=out)
    print(f"{len(drafts)} draft(s)", file=err if not args.out else out)
    return 0


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command; returns the exit status (0 ok, 2 error)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse reports usage errors by exiting
        return exc.code if isinstance(exc.code, int) else 2
    if args.command == "draft-policies":
        try:
            return _draft_policies(args, out, err)
        except PlanParseError as exc:
            print(f"错误 error [{exc.code}]: {exc.message_zh} / {exc.message_en}", file=err)
            return 2
        except OSError as exc:
            print(f"错误 error: cannot read {args.file}: {exc.strerror or exc}", file=err)
            return 2
    try:
        plans: Sequence[Plan] = parse_all_file(args.file) if args.all else [parse_file(args.file)]
    except PlanParseError as exc:
        print(f"错误 error [{exc.code}]: {exc.message_zh} / {exc.message_en}", file=err)
        return 2
    except OSError as exc:
        print(f"错误 error: cannot read {args.file}: {exc.strerror or exc}", file=err)
        return 2
    try:
        if args.format == "json":
            payload = [p.to_dict() for p in plans] if args.all else plans[0].to_dict()
            print(json.dumps(payload, ensure_ascii=False, indent=2), file=out)
        else:
            print("\n\n".join(format_text(p) for p in plans), file=out)
    except BrokenPipeError:  # `… | head` closed the pipe; not an error of ours
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
