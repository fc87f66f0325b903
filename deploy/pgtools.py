"""PostgreSQL helpers shared by the backup, the restore drill, the replica demo and the benches.

Plain psycopg, no Django: these run against a database that may not match the code (a restored
backup, a replica), and they must be runnable from a bare checkout.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import psycopg

ACTIVE = "('offered', 'booked', 'checked_in')"
# A checked-out stay keeps the nights it used; cancelled, expired and no-show stays release all of theirs.
HELD = "('offered', 'booked', 'checked_in', 'checked_out')"
RELEASED = "('cancelled', 'expired', 'no_show')"


def with_database(url: str, name: str) -> str:
    """The same server and credentials, another database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def connect(url: str, **kwargs) -> psycopg.Connection:
    return psycopg.connect(url.replace("postgres://", "postgresql://", 1), **kwargs)


def table_counts(conn: psycopg.Connection) -> dict[str, int]:
    """Exact row count of every table in the public schema (in the caller's transaction/snapshot)."""
    tables = [r[0] for r in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename").fetchall()]
    counts = {}
    for table in tables:
        counts[table] = conn.execute(f'SELECT count(*) FROM public."{table}"').fetchone()[0]
    return counts


def booking_audit(conn: psycopg.Connection) -> dict[str, int]:
    """The youth-station night ledger: all zero (but ``active_nights``) when it is consistent.

    bed_overlaps / person_overlaps: two stays holding nights (active or checked out) of one bed / one
    person sharing a night; ledger_mismatches: such stays whose bed-night or person-night rows are
    not exactly their nights; orphan_nights: ledger rows of a cancelled, expired or no-show stay.
    """
    q = conn.execute
    bed = q(f"""SELECT count(*) FROM stations_booking a JOIN stations_booking b
                ON a.bed_id = b.bed_id AND a.id < b.id AND a.check_in < b.check_out AND b.check_in < a.check_out
                WHERE a.status IN {HELD} AND b.status IN {HELD}""").fetchone()[0]
    person = q(f"""SELECT count(*) FROM stations_booking a JOIN stations_booking b
                   ON a.person_id = b.person_id AND a.id < b.id AND a.check_in < b.check_out AND b.check_in < a.check_out
                   WHERE a.status IN {HELD} AND b.status IN {HELD}""").fetchone()[0]
    mismatches = q(f"""SELECT count(*) FROM stations_booking b
        LEFT JOIN (SELECT booking_id, count(*) n, min(night) lo, max(night) hi FROM stations_bednight
                   GROUP BY booking_id) bn ON bn.booking_id = b.id
        LEFT JOIN (SELECT booking_id, count(*) n FROM stations_personnight GROUP BY booking_id) pn
                   ON pn.booking_id = b.id
        WHERE b.status IN {HELD} AND (coalesce(bn.n, 0) <> b.check_out - b.check_in
              OR coalesce(pn.n, 0) <> b.check_out - b.check_in OR bn.lo <> b.check_in
              OR bn.hi <> b.check_out - 1)""").fetchone()[0]
    orphans = q(f"""SELECT count(*) FROM stations_bednight n JOIN stations_booking b ON b.id = n.booking_id
                    WHERE b.status IN {RELEASED}""").fetchone()[0]
    nights = q(f"SELECT coalesce(sum(check_out - check_in), 0) FROM stations_booking WHERE status IN {ACTIVE}"
               ).fetchone()[0]
    return {"bed_overlaps": bed, "person_overlaps": person, "ledger_mismatches": mismatches,
            "orphan_nights": orphans, "active_nights": int(nights)}


def audit_ok(audit: dict[str, int]) -> bool:
    return all(v == 0 for k, v in audit.items() if k != "active_nights")
