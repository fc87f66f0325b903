"""Back up YouthCity: the database (pg_dump custom format) and the media folder.

    DATABASE_URL=… MEDIA_ROOT=… BACKUP_DIR=… python deploy/backup.py

Writes, in BACKUP_DIR (default var/backups):
  youthcity-<UTC>.dump        pg_dump -Fc, compressed, restorable table by table
  media-<UTC>.tar.gz          the uploaded files (absent when media live on S3: back up the bucket there)
  youthcity-<UTC>.json        what the restore drill checks: time, sizes, and the exact row count of
                              every table, counted in the very snapshot pg_dump exported
Files appear under their final name only when complete. Backups older than BACKUP_KEEP_DAYS (14) go.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pgtools import connect, table_counts  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def backup(database_url: str, backup_dir: Path, media_root: Path | None, keep_days: int = 14) -> dict:
    backup_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    dump, meta_path = backup_dir / f"youthcity-{stamp}.dump", backup_dir / f"youthcity-{stamp}.json"
    with connect(database_url, autocommit=False) as conn:
        # One snapshot for the dump and the row counts, so the drill can demand exact equality.
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        taken_at = conn.execute("SELECT now()").fetchone()[0]
        partial = dump.with_suffix(".dump.partial")
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                        f"--file={partial}", f"--dbname={database_url}"], check=True)
        counts = table_counts(conn)
        conn.rollback()
    partial.rename(dump)
    db_seconds = time.perf_counter() - started

    media = {"files": 0, "bytes": 0, "archive": None}
    if media_root is not None and media_root.is_dir():
        archive = backup_dir / f"media-{stamp}.tar.gz"
        partial = archive.with_suffix(".gz.partial")
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    tar.add(path, arcname=str(path.relative_to(media_root)))
                    media["files"] += 1
                    media["bytes"] += path.stat().st_size
        partial.rename(archive)
        media["archive"] = archive.name
    meta = {"taken_at": taken_at.isoformat(), "dump": dump.name, "dump_bytes": dump.stat().st_size,
            "dump_seconds": round(db_seconds, 2), "seconds": round(time.perf_counter() - started, 2),
            "tables": counts, "media": media}
    tmp = meta_path.with_suffix(".json.partial")
    tmp.write_text(json.dumps(meta, indent=1, ensure_ascii=False))
    tmp.rename(meta_path)
    _prune(backup_dir, keep_days)
    return meta


def _prune(backup_dir: Path, keep_days: int) -> None:
    cutoff = time.time() - keep_days * 86400
    for path in backup_dir.glob("*"):
        if path.name.startswith(("youthcity-", "media-")) and path.stat().st_mtime < cutoff:
            path.unlink()


def main() -> int:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        print("backup: DATABASE_URL must name the PostgreSQL database", file=sys.stderr)
        return 2
    media = os.environ.get("MEDIA_ROOT") or str(ROOT / "var" / "media")
    meta = backup(database_url, Path(os.environ.get("BACKUP_DIR") or ROOT / "var" / "backups"),
                  None if os.environ.get("MEDIA_S3_BUCKET") else Path(media),
                  int(os.environ.get("BACKUP_KEEP_DAYS", "14")))
    print(f"backup: {meta['dump']} ({meta['dump_bytes'] / 1e6:.1f} MB, {sum(meta['tables'].values()):,} rows in "
          f"{len(meta['tables'])} tables) and {meta['media']['files']} media files in {meta['seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
