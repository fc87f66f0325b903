"""Reads of volunteering: open projects, a lead's projects (scoped), a person's record and totals."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from youthcity.accounts.permissions import scope_units

from .models import Certificate, HoursEntry, Project, Shift, ShiftSignUp


def open_projects() -> QuerySet[Project]:
    return Project.objects.filter(is_active=True).select_related("unit", "region")


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


def leaderboard(year: int, limit: int = 10) -> dict:
    """Credited hours in ``year`` by district, by organisation and by person (names masked)."""
    from youthcity.regions.models import Region

    base = effective_entries().filter(void=False, credited_minutes__gt=0, check_in__year=year)
    by_path = base.values_list("shift__project__region__path").annotate(m=Sum("credited_minutes"))
    districts: dict[str, int] = {}
    for path, minutes in by_path:
        parts = [p for p in path.strip("/").split("/") if p]
        if len(parts) >= 2:
            districts[parts[1]] = districts.get(parts[1], 0) + minutes
    names = dict(Region.objects.filter(code__in=list(districts)).values_list("code", "name"))
    units = (
        base.values("shift__project__unit__name")
        .annotate(m=Sum("credited_minutes"), people=Count("person_id", distinct=True))
        .order_by("-m")[:limit]
    )
    people = (
        base.values("person_id", "person__display_name", "person__username")
        .annotate(m=Sum("credited_minutes"))
        .order_by("-m", "person_id")[:limit]
    )
    return {
        "districts": sorted(
            ({"name": names.get(c, c), "minutes": m} for c, m in districts.items()),
            key=lambda r: -r["minutes"],
        )[:limit],
        "units": [
            {"name": u["shift__project__unit__name"], "minutes": u["m"], "people": u["people"]} for u in units
        ],
        "people": [
            {"name": _masked_name(p["person__display_name"] or p["person__username"]), "minutes": p["m"]}
            for p in people
        ],
    }
