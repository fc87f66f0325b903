"""Reads of volunteering: open projects, a lead's projects (scoped), a person's record and totals."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from youthcity.accounts.permissions import scope_units
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from .models import (
    Certificate,
    HoursEntry,
    HoursTotal,
    MemberTotal,
    Project,
    Shift,
    ShiftSignUp,
    Team,
    TeamMembership,
    TotalScope,
)


def open_projects() -> QuerySet[Project]:
    return Project.objects.filter(is_active=True).select_related(
        "unit", "region", "pairing__university", "pairing__region", "team"
    )


def shifts_of(project: Project) -> QuerySet[Shift]:
    return project.shifts.annotate(
        taken=Count("signups", filter=Q(signups__status=ShiftSignUp.Status.CONFIRMED))
    ).order_by("starts_at", "pk")


def staff_projects(user) -> QuerySet[Project]:
    """Projects the user leads or whose unit they work for (and below)."""
    if not getattr(user, "is_authenticated", False):
        return Project.objects.none()
    return Project.objects.filter(Q(lead=user) | Q(unit__in=scope_units(user))).select_related(
        "unit", "region"
    )


def staff_project(user, pk: int) -> Project | None:
    return staff_projects(user).filter(pk=pk).first()


def effective_entries() -> QuerySet[HoursEntry]:
    """Ledger entries nobody superseded (their times count)."""
    return HoursEntry.objects.filter(~Exists(HoursEntry.objects.filter(supersedes=OuterRef("pk"))))


def person_minutes(person, **filters) -> int:
    return (
        effective_entries()
        .filter(person=person, void=False, **filters)
        .aggregate(m=Sum("credited_minutes"))["m"]
        or 0
    )


def my_record(person) -> dict:
    entries = list(
        effective_entries().filter(person=person).select_related("shift__project__unit").order_by("-check_in")
    )
    by_unit: dict[int, dict] = {}
    for e in entries:
        if e.void:
            continue
        unit = e.shift.project.unit
        row = by_unit.setdefault(
            unit.pk, {"unit": unit, "minutes": 0, "first": e.check_in, "last": e.check_in}
        )
        row["minutes"] += e.credited_minutes
        row["first"], row["last"] = min(row["first"], e.check_in), max(row["last"], e.check_in)
    return {
        "entries": entries,
        "by_unit": list(by_unit.values()),
        "total_minutes": sum(r["minutes"] for r in by_unit.values()),
        "signups": ShiftSignUp.objects.filter(person=person)
        .select_related("shift__project")
        .order_by("-shift__starts_at"),
        "certificates": Certificate.objects.filter(person=person).select_related("unit"),
    }


def shift_roster(shift: Shift) -> list[dict]:
    """Confirmed volunteers of a shift with their effective entry on it (for the lead's page)."""
    entries = {}
    for e in effective_entries().filter(shift=shift).order_by("check_in"):
        entries.setdefault(e.person_id, []).append(e)
    return [
        {
            "signup": s,
            "entries": entries.get(s.person_id, []),
            "open": next(
                (e for e in entries.get(s.person_id, []) if e.check_out is None and not e.void), None
            ),
        }
        for s in shift.signups.filter(status=ShiftSignUp.Status.CONFIRMED).select_related("person")
    ]


def entry_history(entry: HoursEntry) -> list[HoursEntry]:
    """The chain from the original record to the latest correction."""
    root = entry
    while root.supersedes_id:
        root = root.supersedes
    chain = [root]
    nxt = HoursEntry.objects.filter(supersedes=root).first()
    while nxt is not None:
        chain.append(nxt)
        nxt = HoursEntry.objects.filter(supersedes=nxt).first()
    return chain


def _masked_name(name: str) -> str:
    name = (name or "").strip()
    return name[:1] + "*" * min(max(len(name) - 1, 1), 2) if name else "*"


def _people_names(ids: list[int]) -> dict[int, str]:
    rows = get_user_model().objects.filter(pk__in=ids).values_list("pk", "display_name", "username")
    return {pk: _masked_name(display or username) for pk, display, username in rows}


def _ranked(scope: str, year: int, limit: int) -> list[HoursTotal]:
    return list(
        HoursTotal.objects.filter(scope=scope, year=year, minutes__gt=0).order_by("-minutes", "key")[:limit]
    )


def district_volunteers(district_id: int, year: int, limit: int = 10) -> list[dict]:
    """The volunteers with the most credited hours in one district in ``year`` (names masked),
    read from the summary (index ``membertotal_rank``)."""
    rows = list(
        MemberTotal.objects.filter(scope=TotalScope.DISTRICT, key=district_id, year=year, minutes__gt=0)
        .order_by("-minutes", "person_id")
        .values_list("person_id", "minutes")[:limit]
    )
    names = _people_names([pk for pk, _ in rows])
    return [{"name": names.get(pk, "*"), "minutes": m} for pk, m in rows]


def leaderboard(year: int, limit: int = 10) -> dict:
    """Credited hours in ``year`` by district, by organisation and by person (names masked), read
    from the ledger summary (``totals``): a few index reads however long the ledger is."""

    districts = _ranked(TotalScope.DISTRICT, year, limit)
    names = dict(Region.objects.filter(pk__in=[r.key for r in districts]).values_list("pk", "name"))
    units = _ranked(TotalScope.UNIT, year, limit)
    unit_names = dict(Unit.objects.filter(pk__in=[r.key for r in units]).values_list("pk", "name"))
    universities = _ranked(TotalScope.UNIVERSITY, year, limit)
    uni_names = dict(Unit.objects.filter(pk__in=[r.key for r in universities]).values_list("pk", "name"))
    people = _ranked(TotalScope.PERSON, year, limit)
    people_names = _people_names([r.key for r in people])
    return {
        "districts": [
            {"name": names.get(r.key, ""), "minutes": r.minutes, "people": r.volunteers, "key": r.key}
            for r in districts
        ],
        "units": [
            {"name": unit_names.get(r.key, ""), "minutes": r.minutes, "people": r.volunteers} for r in units
        ],
        "universities": [
            {"name": uni_names.get(r.key, ""), "minutes": r.minutes, "people": r.volunteers} for r in universities
        ],
        "people": [{"name": people_names.get(r.key, "*"), "minutes": r.minutes} for r in people],
        "teams": team_leaderboard(year, limit=limit),
    }


# --- volunteer teams ------------------------------------------------------------------------------


def teams() -> QuerySet[Team]:
    return Team.objects.filter(is_active=True).select_related("host", "district")


def team_summary(team: Team, year: int) -> dict:
    """A team's public figures: members, and credited hours in ``year`` and in all, read from the
    summary (two index reads)."""
    rows = dict(
        HoursTotal.objects.filter(scope=TotalScope.TEAM, key=team.pk, year__in=[year, 0]).values_list(
            "year", "minutes"
        )
    )
    return {
        "members": team.memberships.filter(status=TeamMembership.Status.ACTIVE).count(),
        "year_minutes": rows.get(year, 0),
        "all_minutes": rows.get(0, 0),
    }


def my_teams(person) -> QuerySet[TeamMembership]:
    return (
        TeamMembership.objects.filter(
            person=person, status__in=[TeamMembership.Status.REQUESTED, TeamMembership.Status.ACTIVE]
        )
        .select_related("team__host", "team__district")
        .order_by("team__name")
    )


def membership_of(person, team: Team) -> TeamMembership | None:
    if not getattr(person, "is_authenticated", False):
        return None
    return my_teams(person).filter(team=team).first()


def decidable_teams(user) -> QuerySet[Team]:
    """Teams whose requests the user may decide: they lead it, or they may manage its host."""
    if not getattr(user, "is_authenticated", False):
        return Team.objects.none()
    return Team.objects.filter(Q(leader=user) | Q(host__in=scope_units(user, write=True))).select_related(
        "host", "district"
    )


def team_requests(team: Team) -> QuerySet[TeamMembership]:
    return team.memberships.filter(status=TeamMembership.Status.REQUESTED).select_related("person")


def team_leaderboard(year: int, district_id: int | None = None, limit: int = 10) -> list[dict]:
    """Teams ranked by credited hours in ``year`` (0: all time), citywide or in one district, read
    from the summary (index ``hourstotal_rank``, or ``hourstotal_team_rank`` for a district)."""
    qs = HoursTotal.objects.filter(scope=TotalScope.TEAM, year=year, minutes__gt=0)
    if district_id is not None:
        qs = qs.filter(parent=district_id)
    rows = list(qs.order_by("-minutes", "key")[:limit])
    names = dict(Team.objects.filter(pk__in=[r.key for r in rows]).values_list("pk", "name"))
    return [
        {"name": names.get(r.key, ""), "minutes": r.minutes, "people": r.volunteers, "key": r.key} for r in rows
    ]
