"""REST API: projects and round results (public), the applicant's applications, offers and
leases, and the housing staff's review, rounds and leases (scoped: another unit's object is 404).
Errors follow the house format via :class:`ServiceError`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Router, Schema, Status

from youthcity.accounts.api_auth import auth_any

from . import selectors, services

router = Router(tags=["housing"])


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    region: str
    homes: int
    available: int
    synthetic: bool


class HousingApplicationOut(Schema):
    id: int
    public_id: str
    project: int
    project_name: str
    category: str
    categories: list[str]
    purpose: str
    household_size: int
    score: Decimal | None
    status: str
    status_label: str
    decision_reason: str
    created_at: dt.datetime


class OfferOut(Schema):
    id: int
    round: int
    home: str
    layout: str
    area: Decimal
    monthly_rent: Decimal
    turn: int
    status: str
    deadline: dt.datetime


class LeaseOut(Schema):
    id: int
    home: str
    start: dt.date
    end: dt.date
    rent_free_months: int
    monthly_rent: Decimal
    monthly_subsidy: Decimal
    status: str


class RoundOut(Schema):
    id: int
    name: str
    project: int
    status: str
    commitment: str
    public_source_kind: str
    public_source_name: str
    list_hash: str
    public_value: str
    revealed_secret: str
    seed: str
    audit_hash: str
    void_reason: str


class HousingApplyIn(Schema):
    project: int
    purpose: str = "rent"
    categories: list[str] | None = None
    household_size: int = 1
    marital_status: str = "single"
    children: int = 0
    owns_home_in_city: bool = False
    layouts: list[str] = []
    note: str = ""


class HousingEntryOut(Schema):
    id: int
    lease: int
    month: dt.date
    kind: str
    amount: Decimal
    rent_free: bool
    due: dt.date
    settled_on: dt.date | None


class HousingStatementOut(Schema):
    lease: int
    rent_charged: Decimal
    rent_paid: Decimal
    rent_owed: Decimal
    rent_overdue: Decimal
    subsidy_total: Decimal
    subsidy_paid: Decimal
    entries: list[HousingEntryOut]


class HousingSettleIn(Schema):
    settled_on: dt.date


class HousingHomeStatusIn(Schema):
    available: bool
    reason: str = ""


class HousingHomeOut(Schema):
    id: int
    code: str
    status: str
    unavailable_reason: str


class HousingDecisionIn(Schema):
    outcome: str
    reason: str = ""


class RoundIn(Schema):
    name: str
    reserve_category: str = "young_graduate"
    reserved_share: Decimal | None = None
    reserved_count: int | None = None
    public_source_kind: str = "lottery"
    public_source_name: str
    offer_days: int = 7
    pool_order: str = "reserve_first"
    ranking: str = "lottery"


class DrawIn(Schema):
    public_value: str
    secret: str | None = None


class VoidIn(Schema):
    reason: str


class LeaseIn(Schema):
    start: dt.date
    months: int = 12
    rent_free_months: int = 0
    monthly_rent: Decimal | None = None
    monthly_subsidy: Decimal = Decimal("0")


def _app(a) -> dict:
    return {
        "id": a.pk,
        "public_id": a.public_id,
        "project": a.project_id,
        "project_name": a.project.name,
        "category": a.category,
        "categories": list(a.categories or [a.category]),
        "purpose": a.purpose,
        "household_size": a.household_size,
        "score": a.score,
        "status": a.status,
        "status_label": str(a.get_status_display()),
        "decision_reason": a.decision_reason,
        "created_at": a.created_at,
    }


def _offer(o) -> dict:
    return {
        "id": o.pk,
        "round": o.round_id,
        "home": o.home.code,
        "layout": o.home.layout,
        "area": o.home.area,
        "monthly_rent": o.home.monthly_rent,
        "turn": o.turn,
        "status": o.status,
        "deadline": o.deadline,
    }


def _lease(le) -> dict:
    return {
        "id": le.pk,
        "home": le.home.code,
        "start": le.start,
        "end": le.end,
        "rent_free_months": le.rent_free_months,
        "monthly_rent": le.monthly_rent,
        "monthly_subsidy": le.monthly_subsidy,
        "status": le.status,
    }


def _entry(e) -> dict:
    return {
        "id": e.pk,
        "lease": e.lease_id,
        "month": e.month,
        "kind": e.kind,
        "amount": e.amount,
        "rent_free": e.rent_free,
        "due": e.due,
        "settled_on": e.settled_on,
    }


def _round(r) -> dict:
    return {
        "id": r.pk,
        "name": r.name,
        "project": r.project_id,
        "status": r.status,
        "commitment": r.commitment,
        "public_source_kind": r.public_source_kind,
        "public_source_name": r.public_source_name,
        "list_hash": r.list_hash,
        "public_value": r.public_value,
        "revealed_secret": r.revealed_secret,
        "seed": r.seed,
        "audit_hash": r.audit_hash,
        "void_reason": r.void_reason,
    }


# --- public --------------------------------------------------------------------------------------


@router.get("/housing/projects", response=list[ProjectOut], auth=None, summary="Projects taking applications")
def projects(request):
    return [
        {
            "id": p.pk,
            "code": p.code,
            "name": p.name,
            "kind": p.kind,
            "region": p.region.name,
            "homes": p.home_count,
            "available": p.available,
            "synthetic": p.synthetic,
        }
        for p in selectors.open_projects()
    ]


@router.get(
    "/housing/rounds/{round_id}",
    response=RoundOut,
    auth=None,
    summary="A round's public record: commitment, list hash, and once drawn the secret, value and seed",
)
def round_public(request, round_id: int):
    return _round(selectors.public_round(round_id))


# --- applicants ----------------------------------------------------------------------------------


@router.get("/housing/applications", response=list[HousingApplicationOut], auth=auth_any, summary="My applications")
def my_applications(request):
    return [_app(a) for a in selectors.my_applications(request.user)]


@router.post("/housing/applications", response={201: HousingApplicationOut}, auth=auth_any, summary="Apply")
def apply(request, payload: HousingApplyIn):
    from django.shortcuts import get_object_or_404

    project = get_object_or_404(selectors.open_projects(), pk=payload.project)
    app = services.application_submit(applicant=request.user, project=project, **payload.dict(exclude={"project"}))
    return Status(201, _app(app))


@router.get("/housing/offers", response=list[OfferOut], auth=auth_any, summary="My offers")
def my_offers(request):
    return [_offer(o) for o in selectors.my_offers(request.user)]


@router.post("/housing/offers/{offer_id}/accept", response=OfferOut, auth=auth_any, summary="Accept my offer")
def offer_accept(request, offer_id: int):
    offer = services.offer_accept(applicant=request.user, offer=selectors.my_offer(request.user, offer_id))
    return _offer(offer)


@router.post(
    "/housing/offers/{offer_id}/decline",
    response=OfferOut,
    auth=auth_any,
    summary="Decline my offer (the home passes down the order)",
)
def offer_decline(request, offer_id: int):
    offer = selectors.my_offer(request.user, offer_id)
    services.offer_decline(applicant=request.user, offer=offer)
    return _offer(selectors.my_offer(request.user, offer_id))


@router.get("/housing/leases", response=list[LeaseOut], auth=auth_any, summary="My leases")
def my_leases(request):
    return [_lease(le) for le in selectors.my_leases(request.user)]


@router.get(
    "/housing/leases/{lease_id}/statement",
    response=HousingStatementOut,
    auth=auth_any,
    summary="My rent and subsidy statement (two separate kinds of entry)",
)
def my_statement(request, lease_id: int):
    lease = selectors.my_lease(request.user, lease_id)
    figures = selectors.statement(lease)
    figures.pop("rent_free_months")
    return {**figures, "lease": lease.pk, "entries": [_entry(e) for e in figures["entries"]]}


# --- staff ---------------------------------------------------------------------------------------


@router.get(
    "/housing/arrears", response=list[HousingEntryOut], auth=auth_any, summary="Staff: rent due and not paid"
)
def arrears(request):
    return [_entry(e) for e in selectors.arrears(request.user)[:1000]]


@router.post(
    "/housing/entries/{entry_id}/settle",
    response=HousingEntryOut,
    auth=auth_any,
    summary="Staff: record a rent payment or a subsidy paid out",
)
def entry_settle(request, entry_id: int, payload: HousingSettleIn):
    from django.shortcuts import get_object_or_404

    entry = get_object_or_404(selectors.staff_entries(request.user), pk=entry_id)
    return _entry(services.entry_settle(staff=request.user, entry=entry, settled_on=payload.settled_on))


@router.post(
    "/housing/homes/{home_id}/availability",
    response=HousingHomeOut,
    auth=auth_any,
    summary="Staff: take a home out of letting (with a reason) or put it back",
)
def home_availability(request, home_id: int, payload: HousingHomeStatusIn):
    home = services.home_set_available(
        staff=request.user,
        home=selectors.staff_home(request.user, home_id),
        available=payload.available,
        reason=payload.reason,
    )
    return {"id": home.pk, "code": home.code, "status": home.status, "unavailable_reason": home.unavailable_reason}



@router.get(
    "/housing/review", response=list[HousingApplicationOut], auth=auth_any, summary="Staff: applications to review"
)
def review_queue(request):
    return [
        _app(a)
        for a in selectors.review_queue(request.user).filter(status__in=["submitted", "more_documents"])[:500]
    ]


@router.post(
    "/housing/review/{application_id}/decision",
    response=HousingApplicationOut,
    auth=auth_any,
    summary="Staff: approve / reject / request documents",
)
def decide(request, application_id: int, payload: HousingDecisionIn):
    app = selectors.reviewable(request.user, application_id)
    services.application_decide(
        reviewer=request.user, application=app, outcome=payload.outcome, reason=payload.reason
    )
    app.refresh_from_db()
    return _app(app)


@router.post(
    "/housing/projects/{project_id}/rounds",
    response={201: RoundOut},
    auth=auth_any,
    summary="Staff: open a round with every available home of the project",
)
def round_create(request, project_id: int, payload: RoundIn):
    project = selectors.staff_project(request.user, project_id)
    round_ = services.round_create(staff=request.user, project=project, **payload.dict())
    return Status(201, _round(round_))


@router.post(
    "/housing/rounds/{round_id}/freeze", response=RoundOut, auth=auth_any, summary="Staff: freeze the list"
)
def round_freeze(request, round_id: int):
    return _round(
        services.round_freeze(staff=request.user, round_=selectors.staff_round(request.user, round_id))
    )


@router.post(
    "/housing/rounds/{round_id}/draw", response=RoundOut, auth=auth_any, summary="Staff: draw (once)"
)
def round_draw(request, round_id: int, payload: DrawIn):
    round_ = selectors.staff_round(request.user, round_id)
    return _round(
        services.round_draw(
            staff=request.user, round_=round_, public_value=payload.public_value, secret=payload.secret
        )
    )


@router.post(
    "/housing/rounds/{round_id}/void",
    response=RoundOut,
    auth=auth_any,
    summary="Staff: void a round, with a reason",
)
def round_void(request, round_id: int, payload: VoidIn):
    round_ = selectors.staff_round(request.user, round_id)
    return _round(services.round_void(staff=request.user, round_=round_, reason=payload.reason))


@router.post(
    "/housing/offers/{offer_id}/lease",
    response={201: LeaseOut},
    auth=auth_any,
    summary="Staff: sign the lease of an accepted offer",
)
def lease_sign(request, offer_id: int, payload: LeaseIn):
    offer = selectors.staff_offer(request.user, offer_id)
    return Status(201, _lease(services.lease_sign(staff=request.user, offer=offer, **payload.dict())))
