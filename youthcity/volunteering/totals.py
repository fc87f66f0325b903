"""The ledger summary (``HoursTotal``, ``MemberTotal``): kept in step with the hours ledger.

Every write that changes what a ledger entry credits calls :func:`apply` inside its own
transaction, so the summary and the ledger commit or roll back together. One change adds
``minutes`` (negative to take away) for one volunteer in one year to:

* the volunteer's own total (scope *person*);
* for each group the entry belongs to (its project's district, its organising unit, when the
  project runs under a pairing or is run by a university, that university, and the volunteer
  team that runs the project, for the year and for all time — year 0): the
  volunteer's row in that group (``MemberTotal``) and the group's total (``HoursTotal``), whose
  ``volunteers`` goes up when the volunteer's row in the group turns positive and down when it
  returns to zero.

Each is one ``INSERT … ON CONFLICT DO UPDATE`` (PostgreSQL and SQLite), an atomic increment that
needs no read first; concurrent writers touch the rows in the same order, so they queue rather
than deadlock. :func:`rebuild` recomputes everything from the ledger in SQL; :func:`check`
compares the stored summary with a fresh computation (``manage.py volunteering_totals``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from .models import HoursEntry, HoursTotal, MemberTotal, Project, TotalScope

_UPSERT_TOTAL = (
    "INSERT INTO volunteering_hourstotal (scope, key, year, minutes, volunteers, parent) "
    "VALUES (%s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (scope, key, year) DO UPDATE SET minutes = volunteering_hourstotal.minutes + excluded.minutes, "
    "volunteers = volunteering_hourstotal.volunteers + excluded.volunteers"
)
_UPSERT_PERSON = (
    "INSERT INTO volunteering_hourstotal (scope, key, year, minutes, volunteers, parent) "
    "VALUES (%s, %s, %s, %s, %s, 0) "
    "ON CONFLICT (scope, key, year) DO UPDATE SET minutes = volunteering_hourstotal.minutes + excluded.minutes, "
    "volunteers = CASE WHEN volunteering_hourstotal.minutes + excluded.minutes > 0 THEN 1 ELSE 0 END"
)
_UPSERT_MEMBER = (
    "INSERT INTO volunteering_membertotal (scope, key, year, person_id, minutes) VALUES (%s, %s, %s, %s, %s) "
    "ON CONFLICT (scope, key, year, person_id) DO UPDATE "
    "SET minutes = volunteering_membertotal.minutes + excluded.minutes RETURNING minutes"
)


def district_of(project: Project) -> int | None:
    """The id of the district/county the project's region lies in (``None`` above district level)."""

    codes = [c for c in project.region.path.strip("/").split("/") if c]
    return (
        Region.objects.filter(code__in=codes, level=Region.Level.DISTRICT).values_list("pk", flat=True).first()
    )


def _district_ids() -> dict[int, int]:
    """Region id → id of its district, for every region at or below district level."""

    rows = list(Region.objects.values_list("pk", "code", "path", "level"))
    by_code = {code: pk for pk, code, _path, level in rows if level == Region.Level.DISTRICT}
    out: dict[int, int] = {}
    for pk, _code, path, _level in rows:
        for code in path.strip("/").split("/"):
            if code in by_code:
                out[pk] = by_code[code]
                break
    return out


def groups_of(project: Project) -> list[tuple[str, int]]:
    """The groups whose totals an entry of ``project`` counts towards, in lock order."""
    groups = []
    district = district_of(project)
    if district is not None:
        groups.append((TotalScope.DISTRICT, district))
    groups.append((TotalScope.UNIT, project.unit_id))
    university = university_of(project)
    if university is not None:
        groups.append((TotalScope.UNIVERSITY, university))
    if project.team_id:
        groups.append((TotalScope.TEAM, project.team_id))
    return groups


ALL_TIME = 0  # the year of a team's all-time rows


def _rows_of(project: Project, year: int) -> list[tuple[str, int, int, int]]:
    """(scope, key, year, parent) of every group row an entry of ``project`` in ``year`` moves,
    in lock order: a team's rows are its year's and its all-time (year 0) total, with the
    team's district as parent (the district's team leaderboard)."""
    out = []
    for scope, key in groups_of(project):
        if scope == TotalScope.TEAM:
            parent = project.team.district_id
            out += [(scope, key, year, parent), (scope, key, ALL_TIME, parent)]
        else:
            out.append((scope, key, year, 0))
    return out


def university_of(project: Project) -> int | None:
    """The university an entry of ``project`` counts for: the pairing's university, else the
    organising unit when it is a university, else none."""

    if project.pairing_id:
        return project.pairing.university_id
    return project.unit_id if project.unit.kind == Unit.Kind.UNIVERSITY else None


def _university_ids() -> list[tuple[int, int]]:
    out = []
    for p in Project.objects.select_related("unit", "pairing"):
        if p.pairing_id:
            out.append((p.pk, p.pairing.university_id))
        elif p.unit.kind == Unit.Kind.UNIVERSITY:
            out.append((p.pk, p.unit_id))
    return out


def year_of(at: dt.datetime) -> int:
    return timezone.localtime(at).year


def apply(*, person_id: int, project: Project, at: dt.datetime, minutes: int) -> None:
    """Add ``minutes`` (may be negative) credited to ``person_id`` at ``at`` on ``project``."""
    if not minutes:
        return
    year = year_of(at)
    with connection.cursor() as cur:
        cur.execute(_UPSERT_PERSON, [TotalScope.PERSON, person_id, year, minutes, 1 if minutes > 0 else 0])
        for scope, key, row_year, parent in _rows_of(project, year):
            cur.execute(_UPSERT_MEMBER, [scope, key, row_year, person_id, minutes])
            now = cur.fetchone()[0]
            before = now - minutes
            joined = (now > 0) - (before > 0)
            cur.execute(_UPSERT_TOTAL, [scope, key, row_year, minutes, joined, parent])


def entry_credit(entry: HoursEntry, sign: int = 1) -> None:
    """Count (``sign`` = 1) or stop counting (-1) what ``entry`` credits."""
    if entry.void or entry.check_out is None or not entry.credited_minutes:
        return
    apply(
        person_id=entry.person_id,
        project=entry.shift.project,
        at=entry.check_in,
        minutes=sign * entry.credited_minutes,
    )


def person_total(person_id: int, year: int | None = None) -> int:
    """A volunteer's credited minutes (all years, or one), read from the summary."""
    qs = HoursTotal.objects.filter(scope=TotalScope.PERSON, key=person_id)
    if year is not None:
        qs = qs.filter(year=year)
    return sum(qs.values_list("minutes", flat=True))


# --- rebuild and check ------------------------------------------------------------------------


def _case(mapping: Iterable[tuple[int, int]], column: str) -> tuple[str, list[int]]:
    """``CASE column WHEN … THEN … END`` for a small id → id mapping (projects → groups)."""
    pairs = list(mapping)
    if not pairs:
        return "CAST(NULL AS BIGINT)", []
    sql = "CASE " + column + "".join(" WHEN %s THEN %s" for _ in pairs) + " END"
    return sql, [v for pair in pairs for v in pair]


def _computed_sql() -> tuple[str, list]:
    """SQL selecting (scope, key, year, person_id, minutes) for every group scope and the person
    scope (key = person), computed from the effective, credited ledger entries."""
    year_sql, year_params = connection.ops.datetime_extract_sql(
        "year", "e.check_in", (), timezone.get_current_timezone_name()
    )
    districts = _district_ids()
    projects = list(Project.objects.values_list("pk", "region_id", "unit_id"))
    district_case, dp = _case(((p, districts[r]) for p, r, _u in projects if r in districts), "s.project_id")
    unit_case, up = _case(((p, u) for p, _r, u in projects), "s.project_id")
    uni_case, unp = _case(_university_ids(), "s.project_id")
    team_case, tp = _case(Project.objects.filter(team__isnull=False).values_list("pk", "team_id"), "s.project_id")
    base = (
        f"SELECT e.person_id AS person_id, {year_sql} AS year, {district_case} AS district, "
        f"{unit_case} AS unit, {uni_case} AS university, {team_case} AS team, e.credited_minutes AS minutes "
        "FROM volunteering_hoursentry e JOIN volunteering_shift s ON s.id = e.shift_id "
        "WHERE e.void = %s AND e.check_out IS NOT NULL AND e.credited_minutes > 0 AND NOT EXISTS "
        "(SELECT 1 FROM volunteering_hoursentry c WHERE c.supersedes_id = e.id)"
    )
    params = [*year_params, *dp, *up, *unp, *tp, False]
    parts = []
    for scope, column in (
        (TotalScope.PERSON, "person_id"),
        (TotalScope.DISTRICT, "district"),
        (TotalScope.UNIT, "unit"),
        (TotalScope.UNIVERSITY, "university"),
        (TotalScope.TEAM, "team"),
    ):
        parts.append(
            f"SELECT '{scope}' AS scope, b.{column} AS key, b.year AS year, b.person_id AS person_id, "
            f"SUM(b.minutes) AS minutes FROM b WHERE b.{column} IS NOT NULL "
            f"GROUP BY b.{column}, b.year, b.person_id"
        )
    parts.append(  # a team's all-time rows (year 0)
        f"SELECT '{TotalScope.TEAM}' AS scope, b.team AS key, {ALL_TIME} AS year, b.person_id AS person_id, "
        "SUM(b.minutes) AS minutes FROM b WHERE b.team IS NOT NULL GROUP BY b.team, b.person_id"
    )
    return f"WITH b AS ({base}) " + " UNION ALL ".join(parts), params


@transaction.atomic
def rebuild() -> dict[str, int]:
    """Recompute the whole summary from the ledger (for a backfill, or after a bulk import that
    bypassed the services). Locks both tables for the duration."""
    sql, params = _computed_sql()
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("LOCK TABLE volunteering_hourstotal, volunteering_membertotal IN EXCLUSIVE MODE")
        cur.execute("DELETE FROM volunteering_membertotal")
        cur.execute("DELETE FROM volunteering_hourstotal")
        cur.execute(
            "INSERT INTO volunteering_membertotal (scope, key, year, person_id, minutes) "
            f"SELECT scope, key, year, person_id, minutes FROM ({sql}) m WHERE m.scope <> %s",
            [*params, TotalScope.PERSON],
        )
        cur.execute(
            "INSERT INTO volunteering_hourstotal (scope, key, year, minutes, volunteers, parent) "
            f"SELECT scope, key, year, SUM(minutes), COUNT(*), 0 FROM ({sql}) m GROUP BY scope, key, year",
            params,
        )
        cur.execute(
            "UPDATE volunteering_hourstotal SET parent = (SELECT t.district_id FROM volunteering_team t "
            "WHERE t.id = volunteering_hourstotal.key) WHERE scope = %s",
            [TotalScope.TEAM],
        )
    return {
        "totals": HoursTotal.objects.count(),
        "members": MemberTotal.objects.count(),
    }


def check() -> list[str]:
    """Differences between the stored summary and a fresh computation (empty when in step)."""
    sql, params = _computed_sql()
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT scope, key, year, SUM(minutes), COUNT(*) FROM ({sql}) m GROUP BY scope, key, year",
            params,
        )
        fresh = {(s, int(k), int(y)): (int(m), int(n)) for s, k, y, m, n in cur.fetchall()}
    stored = {
        (s, k, y): (m, n)
        for s, k, y, m, n in HoursTotal.objects.values_list("scope", "key", "year", "minutes", "volunteers")
        if m or n
    }
    problems = []
    for key in sorted(set(fresh) | set(stored)):
        if fresh.get(key, (0, 0)) != stored.get(key, (0, 0)):
            problems.append(f"{key}: stored {stored.get(key, (0, 0))}, ledger {fresh.get(key, (0, 0))}")
    return problems
