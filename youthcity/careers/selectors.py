"""Reads of the careers domain, scoped: the public catalogue (published positions of verified
employers), an employer's own positions and applicants (404 for anyone else's), a young
person's own applications, the department's queues (through the shared workflow, scoped by
unit) and the figures of the dashboard."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from youthcity.accounts import permissions
from youthcity.accounts.models import Role
from youthcity.accounts.selectors import unit_members
from youthcity.core.entry_points import MyItem
from youthcity.engines.jobpush import recommend
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from .models import (
    AllowanceClaim,
    Employer,
    EmployerSubsidy,
    FairBooth,
    FairSignUp,
    JobApplication,
    JobFair,
    JobPreferences,
    MatchingRound,
    Position,
    RoundChoice,
    RoundRanking,
    ServiceBooking,
    ServiceCentre,
    ServiceSlot,
)
from .services import EDUCATION_ORDER
from .workflow import claim_workflow, employer_workflow, position_workflow, subsidy_workflow


def districts() -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.DISTRICT).order_by("sort_order", "code")


def published_positions() -> QuerySet[Position]:
    return (Position.objects.filter(status=Position.Status.PUBLISHED, employer__status=Employer.Status.VERIFIED)
            .select_related("employer", "district"))


def catalogue(params) -> QuerySet[Position]:
    """Published positions filtered by ``district`` (code), ``industry``, ``kind``, ``education``
    (positions open to that level) and ``min_pay`` (yuan a month). Unknown values are ignored."""
    qs = published_positions()
    district = (params.get("district") or "").strip()
    if district:
        qs = qs.filter(district__path__contains=f"/{district}/")
    if params.get("industry"):
        qs = qs.filter(industry=params["industry"])
    if params.get("kind"):
        qs = qs.filter(kind=params["kind"])
    education = params.get("education") or ""
    if education in EDUCATION_ORDER:
        qs = qs.filter(Q(education_required="") | Q(education_required__in=EDUCATION_ORDER[:EDUCATION_ORDER.index(education) + 1]))
    try:
        min_pay = Decimal(str(params.get("min_pay") or "").strip() or "0")
    except InvalidOperation:
        min_pay = Decimal(0)
    if min_pay > 0:
        qs = qs.filter(monthly_pay__gte=min_pay)
    return qs.order_by("-published_at", "id")


def public_position(position_id: int) -> Position:
    return get_object_or_404(published_positions(), pk=position_id)


def internship_bases() -> QuerySet[Employer]:
    """Verified employers that are internship bases or offer published internships."""
    return (Employer.objects.filter(status=Employer.Status.VERIFIED)
            .annotate(open_internships=Count("positions", filter=Q(positions__status=Position.Status.PUBLISHED,
                                                                    positions__kind=Position.Kind.INTERNSHIP)))
            .filter(Q(is_internship_base=True) | Q(open_internships__gt=0)).select_related("district").order_by("name"))


# --- Employer's own -------------------------------------------------------------------------------


def employer_of(user) -> Employer | None:
    ids = permissions.employer_unit_ids(user)
    return Employer.objects.filter(unit_id__in=ids).select_related("district", "unit").order_by("pk").first()


def employer_positions(user) -> QuerySet[Position]:
    return (Position.objects.filter(employer__unit_id__in=permissions.employer_unit_ids(user))
            .select_related("district", "employer").annotate(
                applicants=Count("applications", filter=~Q(applications__status="withdrawn")),
                placed=Count("applications", filter=Q(applications__status="accepted"))).order_by("-created_at"))


def employer_position(user, position_id: int) -> Position:
    return get_object_or_404(employer_positions(user), pk=position_id)


def employer_applications(user) -> QuerySet[JobApplication]:
    return (JobApplication.objects.filter(position__employer__unit_id__in=permissions.employer_unit_ids(user))
            .select_related("applicant", "position"))


def employer_application(user, application_id: int) -> JobApplication:
    return get_object_or_404(employer_applications(user), pk=application_id)


def employer_interns(user) -> QuerySet[JobApplication]:
    return employer_applications(user).filter(status=JobApplication.Status.ACCEPTED,
                                              position__kind=Position.Kind.INTERNSHIP).order_by("position__starts_on")


def employer_claims(user) -> QuerySet[AllowanceClaim]:
    return (AllowanceClaim.objects.filter(placement__position__employer__unit_id__in=permissions.employer_unit_ids(user))
            .select_related("placement__applicant", "placement__position"))


def employer_subsidies(user) -> QuerySet:
    return (EmployerSubsidy.objects.filter(employer__unit_id__in=permissions.employer_unit_ids(user))
            .select_related("employer", "unit", "applicant"))


def employer_subsidy(user, pk: int):
    return get_object_or_404(employer_subsidies(user).prefetch_related("documents", "decisions__decided_by"), pk=pk)


# --- Young person's own ------------------------------------------------------------------------------


def my_applications(user) -> QuerySet[JobApplication]:
    return JobApplication.objects.filter(applicant=user).select_related("position__employer", "position__district")


_JOB_TONES = {"offered": "warning", "accepted": "success", "rejected": "danger", "declined": "secondary",
              "withdrawn": "secondary"}


def job_applications_as_items(user) -> list[MyItem]:
    """The person's job and internship applications as rows of "my applications" (one query)."""
    return [
        MyItem(kind="careers.job_application", title=a.position.title, status=a.status,
               status_label=str(a.get_status_display()), tone=_JOB_TONES.get(a.status, "secondary"),
               detail=a.position.employer.name, url=reverse("careers:my-applications"), created_at=a.created_at)
        for a in my_applications(user).order_by("-created_at")[:100]
    ]


def my_application(user, application_id: int) -> JobApplication:
    return get_object_or_404(my_applications(user), pk=application_id)


# --- Department's queues -----------------------------------------------------------------------------


def queues(user) -> dict[str, QuerySet]:
    return {
        "verifications": employer_workflow.queue(user).select_related("employer__district"),
        "positions": position_workflow.queue(user).select_related("position__employer"),
        "claims": claim_workflow.queue(user).select_related("placement__applicant", "placement__position__employer"),
        "subsidies": subsidy_workflow.queue(user).select_related("employer__district"),
    }


# --- Figures ----------------------------------------------------------------------------------------


def placements(regions: QuerySet[Region] | None, year: int) -> QuerySet[JobApplication]:
    qs = JobApplication.objects.filter(status=JobApplication.Status.ACCEPTED, accepted_at__year=year)
    if regions is not None:
        qs = qs.filter(position__district__in=regions)
    return qs


def placements_by_district(regions: QuerySet[Region], year: int) -> list[dict]:
    rows = (placements(regions, year).values("position__district__name", "position__district__code")
            .annotate(placed=Count("id"), people=Count("applicant", distinct=True)).order_by("position__district__code"))
    return [{"name": r["position__district__name"], "code": r["position__district__code"], "placed": r["placed"],
             "people": r["people"]} for r in rows]


def employer_staff(employer: Employer) -> list:
    """The employer's HR staff accounts (through accounts)."""

    return unit_members(employer.unit_id, Role.EMPLOYER)


# --- Matching rounds ------------------------------------------------------------------------------


def rounds_in_scope(user):
    return MatchingRound.objects.filter(unit__in=permissions.scope_units(user)).select_related("unit")


def round_in_scope(user, round_id: int):
    return get_object_or_404(rounds_in_scope(user), pk=round_id)


def open_rounds():
    return MatchingRound.objects.filter(status=MatchingRound.Status.OPEN)


def open_round(round_id: int):
    return get_object_or_404(open_rounds(), pk=round_id)


def round_positions(round_):
    return round_.round_positions.select_related("position__employer", "position__district")


def my_choices(user, round_) -> dict[int, int]:
    return dict(RoundChoice.objects.filter(round=round_, applicant=user).values_list("position_id", "rank"))


def employer_rounds(user):
    return (MatchingRound.objects.filter(round_positions__position__employer__unit_id__in=permissions.employer_unit_ids(user))
            .distinct())


def employer_round_sheet(user, round_) -> list[dict]:
    """The employer's positions in the round, each with the people who chose it and their current rank."""

    ids = permissions.employer_unit_ids(user)
    sheet = []
    for rp in round_positions(round_).filter(position__employer__unit_id__in=ids):
        ranks = dict(RoundRanking.objects.filter(round=round_, position=rp.position).values_list("applicant_id", "rank"))
        people = [{"user": c.applicant, "choice": c.rank, "rank": ranks.get(c.applicant_id),
                   "profile": c.applicant.youth_profile if hasattr(c.applicant, "youth_profile") else None}
                  for c in RoundChoice.objects.filter(round=round_, position=rp.position).select_related("applicant__youth_profile")]
        sheet.append({"position": rp.position, "reserved": rp.reserved_out_of_town, "people": people})
    return sheet


def round_summary(round_) -> dict:
    return {"people": RoundChoice.objects.filter(round=round_).values("applicant").distinct().count(),
            "choices": RoundChoice.objects.filter(round=round_).count(),
            "rankings": RoundRanking.objects.filter(round=round_).count(),
            "assigned": round_.assignments.count()}


# --- Job fairs --------------------------------------------------------------------------------------


def _holding_signups():
    return Count("signups", filter=Q(signups__status__in=["signed_up", "attended"]), distinct=True)


def upcoming_fairs(now=None) -> QuerySet:
    return (JobFair.objects.filter(status=JobFair.Status.PUBLISHED, ends_at__gt=now or timezone.now())
            .select_related("district", "unit").annotate(signed=_holding_signups(),
                                                         employers=Count("booths", distinct=True)))


def public_fair(fair_id: int):
    return get_object_or_404(JobFair.objects.select_related("district", "unit").annotate(signed=_holding_signups()),
                             pk=fair_id)


def fair_booths(fair) -> QuerySet:
    return fair.booths.select_related("employer").prefetch_related("positions")


def my_fair_signup(user, fair):
    if not user.is_authenticated:
        return None
    return FairSignUp.objects.filter(fair=fair, person=user, status__in=["signed_up", "attended"]).first()


def my_fair_signups(user) -> QuerySet:
    return FairSignUp.objects.filter(person=user).exclude(status="cancelled").select_related("fair__district")


def _count_of(queryset, **filters):
    """A correlated COUNT subquery (several counts on one row without multiplying the joins)."""

    rows = (queryset.filter(fair=OuterRef("pk"), **filters).order_by().values("fair")
            .annotate(n=Count("pk", distinct=True)).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def fairs_in_scope(user) -> QuerySet:
    """The fairs of the units in the user's scope with their figures: sign-ups, attended,
    employers, applications resulting and offers resulting (one subquery each)."""

    return (JobFair.objects.filter(unit__in=permissions.scope_units(user)).select_related("district", "unit")
            .annotate(signed=_count_of(FairSignUp.objects, status__in=["signed_up", "attended"]),
                      attended=_count_of(FairSignUp.objects, status="attended"),
                      employers=_count_of(FairBooth.objects),
                      applied=_count_of(JobApplication.objects),
                      offered=_count_of(JobApplication.objects, offered_at__isnull=False))
            .order_by("-starts_at"))


def fair_in_scope(user, fair_id: int):
    return get_object_or_404(fairs_in_scope(user), pk=fair_id)


# --- Service centres -------------------------------------------------------------------------------


def active_centres() -> QuerySet:
    return ServiceCentre.objects.filter(is_active=True).select_related("district").prefetch_related("services")


def public_centre(centre_id: int):
    return get_object_or_404(active_centres(), pk=centre_id)


def open_slots(centre, now=None, days: int = 14) -> QuerySet:
    """The centre's slots not yet over (a started one takes walk-ins while a place is free) up
    to ``days`` ahead, with the places taken."""

    now = now or timezone.now()
    return (ServiceSlot.objects.filter(service__centre=centre, service__is_active=True, ends_at__gt=now,
                                       starts_at__lt=now + dt.timedelta(days=days))
            .select_related("service").annotate(taken=Count("bookings", filter=Q(bookings__status__in=["booked", "attended"])))
            .order_by("starts_at", "service__kind"))


def my_bookings(user) -> QuerySet:
    return (ServiceBooking.objects.filter(person=user).select_related("slot__service__centre")
            .order_by("-slot__starts_at"))


def my_booking(user, booking_id: int):
    return get_object_or_404(my_bookings(user), pk=booking_id)


def centres_in_scope(user) -> QuerySet:
    return ServiceCentre.objects.filter(unit__in=permissions.scope_units(user)).select_related("district", "unit")


def centre_units(user) -> QuerySet:
    """The units a staff member may register a centre for (those they manage; no employers)."""

    return (permissions.scope_units(user, write=True).filter(is_active=True).exclude(kind=Unit.Kind.ENTERPRISE)
            .select_related("region").order_by("region__path", "name"))


def centre_in_scope(user, centre_id: int):
    return get_object_or_404(centres_in_scope(user).prefetch_related("services"), pk=centre_id)


def centre_day(centre, day) -> list:
    """The centre's slots of ``day`` with their bookings (staff's view of the day)."""

    bookings = ServiceBooking.objects.exclude(status="cancelled").select_related("person__youth_profile")
    return list(ServiceSlot.objects.filter(service__centre=centre, starts_at__date=day).select_related("service")
                .prefetch_related(Prefetch("bookings", queryset=bookings, to_attr="active")).order_by("starts_at"))


# --- Job push ------------------------------------------------------------------------------------------


def recommended(user, limit: int = 20, pool: int = 500) -> list:
    """为你推荐: the newest ``pool`` published positions that match the person (the engine's
    rules, :mod:`youthcity.engines.jobpush`), best first."""

    from .services import offer_of, seeker_of

    seeker = seeker_of(user)
    positions = list(published_positions().order_by("-published_at", "id")[:pool])
    return [positions[i] for i in recommend(seeker, [offer_of(p) for p in positions], limit)]


def preferences_of(user):
    return JobPreferences.objects.filter(user=user).prefetch_related("districts").first()
