"""Reads, scoped through :mod:`youthcity.accounts.permissions`: staff see the projects of the
units in their scope (a housing bureau's subtree, a coordinator's region), anything else is not
found. Public reads (projects, round results) carry no personal data."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from youthcity.accounts import permissions
from youthcity.core.entry_points import MyItem
from youthcity.core.masking import mask_name

from .models import (
    AllocationRound,
    Category,
    EntryKind,
    Home,
    HomeStatus,
    HousingApplication,
    HousingDocument,
    HousingProject,
    Lease,
    LeaseEntry,
    LeaseStatus,
    Offer,
    OfferStatus,
    RoundStatus,
)
from .workflow import workflow

# --- public --------------------------------------------------------------------------------------


def open_projects() -> QuerySet[HousingProject]:
    return (
        HousingProject.objects.filter(accepting_applications=True)
        .select_related("region", "unit")
        .annotate(
            home_count=Count("homes"), available=Count("homes", filter=Q(homes__status=HomeStatus.AVAILABLE))
        )
    )


def public_rounds() -> QuerySet[AllocationRound]:
    return AllocationRound.objects.select_related("project").order_by("-created_at", "-id")


def public_round(pk: int) -> AllocationRound:
    return get_object_or_404(AllocationRound.objects.select_related("project__region"), pk=pk)


def round_results(round_: AllocationRound) -> list[dict]:
    """The public order of a drawn round: turn, masked id, masked name, category, home."""
    rows = []
    for entry in round_.entries.select_related("application__applicant", "home").order_by(
        "turn", "public_id"
    ):
        person = entry.application.applicant
        rows.append(
            {
                "turn": entry.turn,
                "public_id": entry.public_id[:2] + "***" + entry.public_id[-2:],
                "name": mask_name(person.display_name or person.username) or "*",
                "category": entry.get_category_display(),
                "home": entry.home.code if entry.home else "",
            }
        )
    return rows


def offers_of_round(round_: AllocationRound) -> QuerySet[Offer]:
    return round_.offers.select_related("home", "application").order_by("turn", "id")


# --- applicant -----------------------------------------------------------------------------------


def my_applications(user) -> QuerySet[HousingApplication]:
    return workflow.owned_by(user).select_related("project")


def my_offers(user) -> QuerySet[Offer]:
    return Offer.objects.filter(application__applicant=user).select_related(
        "home__building", "round__project"
    )


def my_offer(user, pk: int) -> Offer:
    return get_object_or_404(my_offers(user), pk=pk)


def my_leases(user) -> QuerySet[Lease]:
    return Lease.objects.filter(tenant=user).select_related("home__project", "home__building")


def my_lease(user, pk: int) -> Lease:
    return get_object_or_404(my_leases(user), pk=pk)


def my_document(user, pk: int) -> HousingDocument:
    return get_object_or_404(HousingDocument.objects.filter(application__applicant=user), pk=pk)


def statement(lease: Lease, *, today=None) -> dict:
    """A lease's rent and subsidy entries, month by month, with what is owed (rent charged and
    not yet paid, due) and what the city paid; rent and subsidy are never netted."""

    today = today or timezone.localdate()
    entries = list(lease.entries.order_by("month", "kind"))
    rent = [e for e in entries if e.kind == EntryKind.RENT]
    subsidy = [e for e in entries if e.kind == EntryKind.SUBSIDY]
    zero = Decimal("0")
    return {
        "entries": entries,
        "rent_charged": sum((e.amount for e in rent), zero),
        "rent_paid": sum((e.amount for e in rent if e.settled_on), zero),
        "rent_owed": sum((e.amount for e in rent if not e.settled_on), zero),
        "rent_overdue": sum((e.amount for e in rent if not e.settled_on and e.due < today), zero),
        "rent_free_months": sum(1 for e in rent if e.rent_free),
        "subsidy_total": sum((e.amount for e in subsidy), zero),
        "subsidy_paid": sum((e.amount for e in subsidy if e.settled_on), zero),
    }


# --- staff ---------------------------------------------------------------------------------------


def staff_projects(user) -> QuerySet[HousingProject]:
    return (
        HousingProject.objects.filter(unit__in=permissions.scope_units(user))
        .select_related("region", "unit")
        .annotate(
            home_count=Count("homes", distinct=True),
            available=Count("homes", filter=Q(homes__status=HomeStatus.AVAILABLE), distinct=True),
        )
    )


def staff_project(user, pk: int) -> HousingProject:
    return get_object_or_404(staff_projects(user), pk=pk)


def staff_rounds(user) -> QuerySet[AllocationRound]:
    return AllocationRound.objects.filter(project__unit__in=permissions.scope_units(user)).select_related(
        "project"
    )


def staff_round(user, pk: int) -> AllocationRound:
    return get_object_or_404(staff_rounds(user), pk=pk)


def staff_offer(user, pk: int) -> Offer:
    return get_object_or_404(
        Offer.objects.filter(round__project__unit__in=permissions.scope_units(user)).select_related(
            "home", "application__applicant", "round__project"
        ),
        pk=pk,
    )


def staff_leases(user) -> QuerySet[Lease]:
    return Lease.objects.filter(home__project__unit__in=permissions.scope_units(user)).select_related(
        "home__project", "tenant"
    )


def staff_lease(user, pk: int) -> Lease:
    return get_object_or_404(staff_leases(user), pk=pk)


def staff_home(user, pk: int) -> Home:
    return get_object_or_404(
        Home.objects.filter(project__unit__in=permissions.scope_units(user)).select_related("project"), pk=pk
    )


def staff_entries(user) -> QuerySet[LeaseEntry]:
    return LeaseEntry.objects.filter(lease__home__project__unit__in=permissions.scope_units(user)).select_related(
        "lease__home__project", "lease__tenant"
    )


def arrears(user, *, today=None) -> QuerySet[LeaseEntry]:
    """Rent charged, due before today and not paid, in the user's scope, oldest first."""

    today = today or timezone.localdate()
    return (
        staff_entries(user)
        .filter(kind=EntryKind.RENT, settled_on__isnull=True, due__lt=today, amount__gt=0)
        .order_by("due", "id")
    )


def review_document(user, pk: int) -> HousingDocument:
    return get_object_or_404(HousingDocument.objects.filter(application__in=workflow.queue(user)), pk=pk)


def review_queue(user) -> QuerySet[HousingApplication]:
    return workflow.queue(user).select_related("project")


def reviewable(user, pk: int) -> HousingApplication:
    return workflow.reviewable(user, pk)


def project_homes(project: HousingProject) -> QuerySet[Home]:
    return project.homes.select_related("building").order_by("code")


# --- statistics ----------------------------------------------------------------------------------


def statistics(regions) -> dict:
    """The leaders' figures for projects in ``regions`` (a queryset of regions, whole subtrees)."""
    projects = HousingProject.objects.filter(region__in=regions)
    homes = Home.objects.filter(project__in=projects)
    total = homes.count()
    by_status = Counter(dict(homes.values_list("status").annotate(n=Count("id")).values_list("status", "n")))
    leases = Lease.objects.filter(home__project__in=projects)
    allocated = leases.count()
    graduates = leases.filter(category=Category.YOUNG_GRADUATE).count()
    applications = HousingApplication.objects.filter(project__in=projects)
    waits = []
    for lease in leases.select_related("offer__application"):
        waits.append((lease.start - lease.offer.application.created_at.date()).days)
    return {
        "projects": projects.count(),
        "homes": total,
        "available": by_status.get(HomeStatus.AVAILABLE, 0),
        "let": by_status.get(HomeStatus.LET, 0),
        "vacancy": _percent(total - by_status.get(HomeStatus.LET, 0), total),
        "applications": applications.count(),
        "approved": applications.filter(status="approved").count(),
        "allocated": allocated,
        "active_leases": leases.filter(status=LeaseStatus.ACTIVE).count(),
        "graduate_share": _percent(graduates, allocated),
        "average_wait_days": round(sum(waits) / len(waits), 1) if waits else None,
        "offers_pending": Offer.objects.filter(
            round__project__in=projects, status=OfferStatus.PENDING
        ).count(),
        "rounds_drawn": AllocationRound.objects.filter(
            project__in=projects, status=RoundStatus.DRAWN
        ).count(),
        "by_category": [(label, leases.filter(category=code).count()) for code, label in Category.choices],
    }


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


_APPLICATION_TONES = {"approved": "success", "housed": "success", "rejected": "danger", "more_documents": "warning"}


def applications_as_items(user) -> list:
    """The person's housing applications as rows of "my applications" (a housing application is
    the application for the housing policies that say ``apply_via: housing.application``). One query."""

    return [
        MyItem(kind="housing.application", title=a.project.name, status=a.status,
               status_label=str(a.get_status_display()), tone=_APPLICATION_TONES.get(a.status, "secondary"),
               detail=a.unit.short_name or a.unit.name, url=reverse("housing:application", args=[a.pk]),
               created_at=a.created_at)
        for a in my_applications(user).select_related("unit").order_by("-created_at")[:100]
    ]
