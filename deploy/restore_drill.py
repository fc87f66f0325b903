"""The restore drill: prove that the newest backup restores, and measure how long it takes.

    DATABASE_URL=… BACKUP_DIR=… python deploy/restore_drill.py [--fresh] [--keep]

1. takes the newest backup in BACKUP_DIR (``--fresh``: makes one now with deploy/backup.py);
2. restores the dump into a new database ``<name>_drill_<time>`` on the same server (pg_restore -j 2);
3. compares the row count of every table with the counts recorded in the backup's snapshot;
4. runs the booking night-ledger audit (no bed or person booked twice for a night, every active stay
   holds exactly its nights, no night held by an inactive stay);
5. unpacks the media archive into a temporary folder and compares the file count and bytes;
6. prints the recovery point (age of the backup when the drill ran: what a loss now would cost)
   and the recovery time (restore + checks), then drops the drill database (``--keep`` keeps it).
Exit status 0 only when every check passes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from backup import backup  # noqa: E402
from pgtools import audit_ok, booking_audit, connect, database_name, table_counts, with_database  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def newest(backup_dir: Path) -> dict | None:
    metas = sorted(backup_dir.glob("youthcity-*.json"))
    return json.loads(metas[-1].read_text()) if metas else None


def drill(database_url: str, backup_dir: Path, meta: dict, *, keep: bool = False, jobs: int = 2) -> dict:
    drill_db = f"{database_name(database_url)}_drill_{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}"
    drill_url = with_database(database_url, drill_db)
    report: dict = {"backup": meta["dump"], "taken_at": meta["taken_at"], "drill_database": drill_db}
    started = time.perf_counter()
    with connect(with_database(database_url, "postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{drill_db}"')
    try:
        subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--jobs={jobs}",
                        f"--dbname={drill_url}", str(backup_dir / meta["dump"])], check=True)
        report["restore_seconds"] = round(time.perf_counter() - started, 2)
        with connect(drill_url) as conn:
            restored = table_counts(conn)
            report["audit"] = booking_audit(conn) if "stations_booking" in restored else {}
        expected = meta["tables"]
        report["tables"] = len(expected)
        report["rows"] = sum(expected.values())
        report["count_mismatches"] = {t: (expected.get(t), restored.get(t))
                                      for t in sorted(set(expected) | set(restored))
                                      if expected.get(t) != restored.get(t)}
        report["media"] = _media(backup_dir, meta["media"])
        report["checks_seconds"] = round(time.perf_counter() - started - report["restore_seconds"], 2)
    finally:
        if not keep:
            with connect(with_database(database_url, "postgres"), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{drill_db}" WITH (FORCE)')
    report["recovery_time_seconds"] = round(time.perf_counter() - started, 2)
    taken = dt.datetime.fromisoformat(meta["taken_at"])
    report["recovery_point_seconds"] = round((dt.datetime.now(dt.UTC) - taken).total_seconds(), 1)
    report["ok"] = (not report["count_mismatches"] and (not report["audit"] or audit_ok(report["audit"]))
                    and report["media"]["ok"])
    return report


def _media(backup_dir: Path, media: dict) -> dict:
    if not media.get("archive"):
        return {"ok": True, "files": 0, "note": "no media archive (none, or media on S3)"}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="youthcity-drill-media-") as tmp:
        with tarfile.open(backup_dir / media["archive"]) as tar:
            tar.extractall(tmp, filter="data")
        files = [p for p in Path(tmp).rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
    return {"ok": len(files) == media["files"] and size == media["bytes"], "files": len(files), "bytes": size,
            "expected_files": media["files"], "seconds": round(time.perf_counter() - started, 2)}


def print_report(r: dict) -> None:
    print(f"restore drill of {r['backup']} (taken {r['taken_at']})")
    print(f"  restored {r['rows']:,} rows in {r['tables']} tables in {r['restore_seconds']:.1f} s "
          f"(database {r['drill_database']}{'' if r.get('kept') else ', dropped afterwards'})")
    print(f"  row counts per table: {'all equal' if not r['count_mismatches'] else r['count_mismatches']}")
    if r["audit"]:
        a = r["audit"]
        print(f"  booking ledger audit: bed overlaps {a['bed_overlaps']}, person overlaps {a['person_overlaps']}, "
              f"ledger mismatches {a['ledger_mismatches']}, orphan nights {a['orphan_nights']} "
              f"({a['active_nights']:,} active nights)")
    m = r["media"]
    print(f"  media: {m['files']} files{'' if m['ok'] else ' — MISMATCH, expected ' + str(m.get('expected_files'))}")
    print(f"  recovery point (backup age): {r['recovery_point_seconds']:.0f} s; "
          f"recovery time (restore + checks): {r['recovery_time_seconds']:.1f} s")
    print(f"restore drill: {'OK' if r['ok'] else 'FAILED'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="take a backup now and drill it")
    parser.add_argument("--keep", action="store_true", help="keep the drill database")
    parser.add_argument("--jobs", type=int, default=2, help="pg_restore parallel jobs (default: 2)")
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        print("restore drill: DATABASE_URL must name the PostgreSQL database", file=sys.stderr)
        return 2
    backup_dir = Path(os.environ.get("BACKUP_DIR") or ROOT / "var" / "backups")
    meta = None if args.fresh else newest(backup_dir)
    if meta is None:
        media = os.environ.get("MEDIA_ROOT") or str(ROOT / "var" / "media")
        meta = backup(database_url, backup_dir, None if os.environ.get("MEDIA_S3_BUCKET") else Path(media))
        print(f"backup taken for the drill: {meta['dump']} in {meta['seconds']:.1f} s "
              f"({meta['dump_bytes'] / 1e6:.1f} MB)")
    report = drill(database_url, backup_dir, meta, keep=args.keep, jobs=args.jobs)
    report["kept"] = args.keep
    print_report(report)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
