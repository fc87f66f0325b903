"""``youthcity match run ROUND.json -o AUDIT.json`` and ``youthcity match verify AUDIT.json``.

``run`` checks and runs a round file (the JSON shape of docs/algorithms/matching.md) and writes
its audit file; ``verify`` recomputes an audit file and names the first difference. Exit
status: 0 ok, 1 the audit file does not verify, 2 bad input or usage. Messages go to stderr in
Chinese and English.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from .audit import make_audit, sha256_hex, verify
from .errors import MatchingInputError
from .model import MatchingRound, MatchResult
from .solver import match_round

__all__ = ["build_parser", "main"]

_MAX_SHOWN = 20


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``youthcity match``."""
    parser = argparse.ArgumentParser(prog="youthcity match", description="Stable matching rounds (集中匹配).")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run a round file and write its audit file")
    run.add_argument("round", metavar="ROUND.json")
    run.add_argument("-o", "--output", metavar="AUDIT.json", required=True, help="where to write the audit file")
    check = commands.add_parser("verify", help="recompute an audit file and report the first difference")
    check.add_argument("audit", metavar="AUDIT.json")
    check.add_argument("--sha256", metavar="HEX", help="the audit file's published SHA-256, to check too")
    return parser


def _summary(result: MatchResult) -> list[str]:
    seats: dict[str, list[int]] = {}
    for position in result.positions:
        for fill in position.seats:
            total = seats.setdefault(fill.category, [0, 0])
            total[0] += fill.seats
            total[1] += fill.filled
    applicants = len(result.assignments) + len(result.unmatched)
    lines = [
        f"匹配 matched: {len(result.assignments)} / {applicants}；未匹配 unmatched: {len(result.unmatched)}",
        "席位 seats (filled/seats): " + ", ".join(f"{name} {f}/{s}" for name, (s, f) in seats.items()),
    ]
    return lines


def _write_atomically(path: Path, data: bytes) -> None:
    # Nothing half-written: write beside the target, then rename over it.
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        data = json.loads(Path(args.round).read_bytes().decode("utf-8"))
    except OSError as exc:
        print(f"错误 error: 无法读取 cannot read {args.round}: {exc.strerror or exc}", file=err)
        return 2
    except (UnicodeDecodeError, ValueError) as exc:
        print(f"错误 error: {args.round} 不是有效的 UTF-8 JSON 文件 is not a valid UTF-8 JSON file: {exc}", file=err)
        return 2
    try:
        round_ = MatchingRound.from_dict(data)
        result = match_round(round_)
    except MatchingInputError as exc:
        print(f"错误 error: 本轮输入有 {len(exc.issues)} 个问题，未进行匹配。"
              f" The round has {len(exc.issues)} problem(s); nothing was matched.", file=err)
        for issue in exc.issues[:_MAX_SHOWN]:
            print(f"  [{issue.code}] {issue.message_zh} / {issue.message_en}", file=err)
        if len(exc.issues) > _MAX_SHOWN:
            print(f"  …… 另有 {len(exc.issues) - _MAX_SHOWN} 个问题 and {len(exc.issues) - _MAX_SHOWN} more", file=err)
        return 2
    audit = make_audit(round_, result)
    try:
        _write_atomically(Path(args.output), audit)
    except OSError as exc:
        print(f"错误 error: 无法写入 cannot write {args.output}: {exc.strerror or exc}", file=err)
        return 2
    for line in _summary(result):
        print(line, file=out)
    print(f"审计文件 audit file: {args.output}  SHA-256 {sha256_hex(audit)}", file=out)
    return 0


def _verify(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        audit = Path(args.audit).read_bytes()
    except OSError as exc:
        print(f"错误 error: 无法读取 cannot read {args.audit}: {exc.strerror or exc}", file=err)
        return 2
    verdict = verify(audit, expected_sha256=args.sha256)
    if not verdict.ok:
        print(f"校验未通过 NOT VERIFIED [{verdict.code}]", file=err)
        print(f"  {verdict.message_zh}", file=err)
        print(f"  {verdict.message_en}", file=err)
        return 1
    print("校验通过：重新计算的结果与审计文件一致。 VERIFIED: the recomputed result matches the audit file.", file=out)
    print(f"  audit SHA-256  {verdict.audit_sha256}", file=out)
    print(f"  input SHA-256  {verdict.input_sha256}", file=out)
    print(f"  result SHA-256 {verdict.result_sha256}", file=out)
    return 0


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command; returns the exit status (0 ok, 1 not verified, 2 error)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse reports usage errors by exiting
        return exc.code if isinstance(exc.code, int) else 2
    if args.command == "run":
        return _run(args, out, err)
    return _verify(args, out, err)


if __name__ == "__main__":
    sys.exit(main())
