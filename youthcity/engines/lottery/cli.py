"""``youthcity housing …``: commit, freeze, draw and verify a housing lottery without a database.

    youthcity housing commit (--secret S | --secret-file F | --new)
    youthcity housing freeze ROUND.json [-o FROZEN.json]
    youthcity housing draw ROUND.json (--secret S | --secret-file F) --public-value V [-o AUDIT.json]
    youthcity housing verify AUDIT.json [--list-hash H] [--commitment C]

``verify`` prints OK or the first difference and exits 0 or 1. The other commands exit 0, or 2
with a bilingual message on stderr when the input is refused (nothing is written then).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from .draw import draw
from .errors import LotteryError
from .model import load_round
from .seed import commit, new_secret
from .verify import verify

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``youthcity housing``."""
    parser = argparse.ArgumentParser(
        prog="youthcity housing", description="Verifiable housing allocation draws (摇号). See docs/algorithms/housing-lottery.md."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    c = commands.add_parser("commit", help="print the commitment (SHA-256) of a secret, to publish in advance")
    group = c.add_mutually_exclusive_group(required=True)
    group.add_argument("--secret", help="the secret (prefer --secret-file: command lines are logged)")
    group.add_argument("--secret-file", metavar="FILE", help="read the secret from FILE (one line)")
    group.add_argument("--new", action="store_true", help="make a new random secret and print it with its commitment")

    f = commands.add_parser("freeze", help="validate a round, write its canonical frozen list and print the list hash")
    f.add_argument("round", metavar="ROUND.json")
    f.add_argument("-o", "--output", metavar="FROZEN.json", help="write the canonical frozen list here")

    d = commands.add_parser("draw", help="draw a round and write its audit file")
    d.add_argument("round", metavar="ROUND.json")
    secret = d.add_mutually_exclusive_group(required=True)
    secret.add_argument("--secret", help="the revealed secret")
    secret.add_argument("--secret-file", metavar="FILE", help="read the revealed secret from FILE (one line)")
    d.add_argument("--public-value", required=True, help="the public value named in the round (e.g. '3 8 5')")
    d.add_argument("-o", "--output", metavar="AUDIT.json", help="audit file to write (default: ROUND.audit.json)")

    v = commands.add_parser("verify", help="recompute an audit file; prints OK or the first difference (exit 0/1)")
    v.add_argument("audit", metavar="AUDIT.json")
    v.add_argument("--list-hash", help="the list hash published before the draw")
    v.add_argument("--commitment", help="the commitment published before applications closed")
    return parser


def _read_secret(args: argparse.Namespace) -> str:
    if args.secret_file:
        # Only the line ending is removed: every other character is part of the secret.
        return Path(args.secret_file).read_text(encoding="utf-8").rstrip("\r\n")
    return str(args.secret)


def _write_atomically(path: Path, data: bytes) -> None:
    # A half-written audit file must never exist under its final name.
    handle, temporary = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _error(exc: LotteryError, err: TextIO) -> int:
    where = f"（{exc.path}）" if exc.path else ""
    print(f"错误 error [{exc.code}]{where}: {exc.message_zh} / {exc.message_en}", file=err)
    return 2


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command; returns the exit status."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse reports usage errors by exiting
        return exc.code if isinstance(exc.code, int) else 2
    try:
        if args.command == "verify":
            return _verify(args, out, err)
        if args.command == "commit":
            if args.new:
                secret = new_secret()
                print(f"secret 秘密值（保密，开奖时公开）: {secret}", file=out)
            else:
                secret = _read_secret(args)
            print(f"commitment 承诺值（申请截止前公布）: {commit(secret)}", file=out)
            return 0
        frozen = load_round(Path(args.round).read_bytes())
        if args.command == "freeze":
            if args.output:
                _write_atomically(Path(args.output), frozen.canonical_bytes)
            print(f"list hash 名单哈希: {frozen.list_hash}", file=out)
            print(f"{len(frozen.applicant_ids)} applicants, {len(frozen.home_ids)} homes", file=out)
            return 0
        result = draw(frozen, _read_secret(args), args.public_value)
        target = Path(args.output) if args.output else Path(args.round).with_suffix(".audit.json")
        _write_atomically(target, result.audit_bytes)
        print(f"list hash 名单哈希: {frozen.list_hash}", file=out)
        print(f"public value 公共随机值: {result.public_value}", file=out)
        print(f"seed 种子: {result.seed}", file=out)
        for phase in result.phases:
            pool = f"reserve {phase.category}" if phase.kind == "reserve" else "open"
            print(f"  {pool}: {phase.filled} of {phase.capacity} homes", file=out)
        print(f"{len(result.assignments)} homes allocated, {len(result.waitlist)} on the waitlist", file=out)
        print(f"audit file 审计文件: {target} sha256 {result.audit_hash}", file=out)
        return 0
    except LotteryError as exc:
        return _error(exc, err)
    except OSError as exc:
        print(f"错误 error: 无法读写文件 cannot read or write {exc.filename}: {exc.strerror or exc}", file=err)
        return 2


def _verify(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        data = Path(args.audit).read_bytes()
    except OSError as exc:
        print(f"FAILED 无法读取 cannot read {args.audit}: {exc.strerror or exc}", file=out)
        return 1
    outcome = verify(data, list_hash=args.list_hash, commitment=args.commitment)
    if outcome.ok:
        print(
            f"OK 校验通过: list hash {outcome.list_hash}, seed {outcome.seed}, "
            f"audit sha256 {hashlib.sha256(data).hexdigest()}",
            file=out,
        )
        return 0
    d = outcome.difference
    assert d is not None
    print(f"DIFFERENT 不一致 at {d.path}", file=out)
    print(f"  expected 应为: {d.expected}", file=out)
    print(f"  found    实为: {d.found}", file=out)
    print(f"  {d.message_zh}", file=out)
    print(f"  {d.message_en}", file=out)
    return 1


if __name__ == "__main__":
    sys.exit(main())
