"""Housing pages. Applicants (phone first): projects, apply, my application, offers, my lease.
Staff: stock and Excel import, review queue, rounds (create, freeze, draw, void, results),
leases. Public: round results with masked identities and the audit file. Leaders: statistics.
Thin: a form, one service call inside ``refusals``, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from youthcity.accounts import permissions
from youthcity.accounts.decorators import dashboard_required, workbench_required
from youthcity.accounts.privacy import personal_data_viewed
from youthcity.core.web import page_of, refusals

from . import categories as categories_module
from . import selectors, services
from .forms import (
    ApplyForm,
    DecisionForm,
    DrawForm,
    HomeStatusForm,
    ImportForm,
    LeaseForm,
    MoreDocumentsForm,
    MoveOutForm,
    RoundForm,
    SettleForm,
    VoidForm,
)
from .models import Category, DocumentType, HomeStatus, OfferStatus, RoundStatus

# --- applicants and the public -------------------------------------------------------------------


def projects(request):
    return render(
        request,
        "housing/projects.html",
        {"face": "portal", "projects": selectors.open_projects(), "rounds": selectors.public_rounds()[:20]},
    )


def project(request, project_id: int):
    item = get_object_or_404(selectors.open_projects(), pk=project_id)
    finding = None
    if request.user.is_authenticated:
        from youthcity.accounts.selectors import youth_profile_of

        profile = youth_profile_of(request.user)
        finding = categories_module.find(profile) if profile else None
    form = ApplyForm(request.POST or None, request.FILES or None, project=item, finding=finding)
    outside = services.categories_outside(item, finding) if request.user.is_authenticated else None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        if form.is_valid():  # the service still refuses a category the project does not take
            with refusals(request, form):
                application = services.application_submit(
                    applicant=request.user, project=item, **form.service_kwargs()
                )
                messages.success(request, _("Application sent. The housing department will review it."))
                return redirect("housing:application", application.pk)
    layouts = (
        item.homes.values("layout", "area", "monthly_rent", "furnished")
        .annotate(total=Count("id"), free=Count("id", filter=Q(status=HomeStatus.AVAILABLE)))
        .order_by("area", "layout")
    )
    found = (
        [{"label": Category(c).label, "reason": finding.reasons.get(c, "")} for c in finding.categories]
        if finding
        else []
    )
    return render(
        request,
        "housing/project.html",
        {
            "face": "portal",
            "project": item,
            "form": form,
            "found": found,
            "finding": finding,
            "missing_facts": bool(finding and finding.missing),
            "layouts": layouts,
            "required_documents": [DocumentType(c).label for c in item.required_documents or []],
            "outside": [Category(c).label for c in outside] if outside else None,
            "eligible_labels": [Category(c).label for c in item.eligible_categories or []],
            "other_projects": (
                [
                    p
                    for p in selectors.open_projects().exclude(pk=item.pk)
                    if not p.eligible_categories or set(p.eligible_categories) & set(outside)
                ]
                if outside
                else []
            ),
        },
    )


@login_required
def mine(request):
    return render(
        request,
        "housing/mine.html",
        {
            "face": "portal",
            "applications": selectors.my_applications(request.user),
            "offers": selectors.my_offers(request.user),
            "leases": selectors.my_leases(request.user),
        },
    )


STEPS = (
    ("sent", _("Application sent")),
    ("reviewed", _("Reviewed by the housing department")),
    ("drawn", _("Allocation round drawn")),
    ("offered", _("Home offered")),
    ("housed", _("Lease signed")),
)


def application_steps(item, offers) -> list[dict]:
    """Where the application stands, as the applicant reads it: each step done, current or to come."""
    done = {"sent"}
    if item.status in ("approved", "rejected", "housed"):
        done.add("reviewed")
    if item.round_entries.filter(round__status=RoundStatus.DRAWN).exists():
        done.add("drawn")
    if offers:
        done |= {"drawn", "offered"}
    if item.status == "housed":
        done |= {"drawn", "offered", "housed"}
    rows, current = [], None
    for code, label in STEPS:
        state = "done" if code in done else ("current" if current is None else "todo")
        if state == "current":
            current = code
        rows.append({"code": code, "label": label, "state": state})
    return rows


@login_required
def application(request, pk: int):
    item = services.workflow.own(request.user, pk)
    more = MoreDocumentsForm(prefix="m")
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        with refusals(request):
            services.application_withdraw(applicant=request.user, application=item)
            messages.success(request, _("Application withdrawn."))
        return redirect("housing:application", pk)
    if request.method == "POST" and request.POST.get("action") == "documents":
        more = MoreDocumentsForm(request.POST, request.FILES, prefix="m")
        if more.is_valid():
            with refusals(request, more):
                services.application_add_documents(
                    applicant=request.user,
                    application=item,
                    documents=more.documents(),
                    note=more.cleaned_data["note"],
                )
                messages.success(request, _("Documents sent; your application is back with the reviewers."))
                return redirect("housing:application", pk)
    offers = list(item.offers.select_related("home", "round"))
    return render(
        request,
        "housing/application.html",
        {
            "face": "portal",
            "application": item,
            "steps": application_steps(item, offers),
            "decisions": item.decisions.all(),
            "documents": item.documents.all(),
            "document_labels": dict(DocumentType.choices),
            "more": more,
            "offers": offers,
            "category_labels": [Category(c).label for c in (item.categories or [item.category])],
        },
    )


@login_required
def my_document(request, pk: int):
    document = selectors.my_document(request.user, pk)
    return FileResponse(
        document.file.open("rb"), filename=document.original_name, content_type=document.content_type
    )


@login_required
def my_lease(request, lease_id: int):
    lease = selectors.my_lease(request.user, lease_id)
    return render(
        request,
        "housing/my_lease.html",
        {"face": "portal", "lease": lease, "statement": selectors.statement(lease)},
    )


@login_required
@require_POST
def offer_answer(request, offer_id: int, answer: str):
    offer = selectors.my_offer(request.user, offer_id)
    with refusals(request):
        if answer == "accept":
            services.offer_accept(applicant=request.user, offer=offer)
            messages.success(
                request, _("Offer accepted. The housing department will contact you to sign the lease.")
            )
        else:
            services.offer_decline(applicant=request.user, offer=offer)
            messages.success(request, _("Offer declined. The home passes to the next person in the order."))
    return redirect("housing:mine")


def round_public(request, round_id: int):
    item = selectors.public_round(round_id)
    return render(
        request,
        "housing/round_public.html",
        {
            "face": "portal",
            "round": item,
            "rows": selectors.round_results(item)
            if item.status in (RoundStatus.DRAWN, RoundStatus.VOIDED)
            else [],
            "entries": item.entries.count(),
            "homes": item.round_homes.count(),
        },
    )


def round_file(request, round_id: int, kind: str):
    item = selectors.public_round(round_id)
    text = item.audit if kind == "audit" else item.frozen_list
    if not text:
        raise Http404
    response = HttpResponse(text.encode("utf-8"), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{item.round_code}-{kind}.json"'
    return response


# --- staff ---------------------------------------------------------------------------------------


@workbench_required
def staff_home(request):
    return render(
        request,
        "housing/staff_home.html",
        {
            "face": "workbench",
            "projects": selectors.staff_projects(request.user),
            "rounds": selectors.staff_rounds(request.user)[:50],
            "queue": selectors.review_queue(request.user)
            .filter(status__in=["submitted", "more_documents"])
            .count(),
            "leases": selectors.staff_leases(request.user).filter(status="active")[:100],
        },
    )


@workbench_required
def staff_project(request, project_id: int):
    item = selectors.staff_project(request.user, project_id)
    form = ImportForm()
    errors = {}
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            with refusals(request, form, show=False) as outcome:
                rows = services.read_home_sheet(form.cleaned_data["file"].read())
                added = services.homes_import(staff=request.user, project=item, rows=rows)
                messages.success(request, _("%(n)s homes imported.") % {"n": added})
                return redirect("housing:staff-project", item.pk)
            if outcome.error and outcome.code == "invalid_rows":
                errors = outcome.error.fields
    homes = selectors.project_homes(item)
    return render(
        request,
        "housing/staff_project.html",
        {
            "face": "workbench",
            "project": item,
            "form": form,
            "row_errors": errors,
            "homes": homes[:500],
            "home_total": homes.count(),
        },
    )


@workbench_required
def staff_round_new(request, project_id: int):
    item = selectors.staff_project(request.user, project_id)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals(request, form):
            round_ = services.round_create(
                staff=request.user,
                project=item,
                name=data["name"],
                reserve_category=data["reserve_category"],
                reserved_share=data["reserved_share"] if data["reserved_count"] is None else None,
                reserved_count=data["reserved_count"],
                public_source_kind=data["public_source_kind"],
                public_source_name=data["public_source_name"],
                offer_days=data["offer_days"],
                pool_order=data["pool_order"],
                ranking=data["ranking"] or "lottery",
            )
            messages.success(request, _("Round opened; its commitment is published."))
            return redirect("housing:staff-round", round_.pk)
    available = item.homes.filter(status=HomeStatus.AVAILABLE).count()
    return render(
        request,
        "housing/staff_round_new.html",
        {"face": "workbench", "project": item, "form": form, "available": available},
    )


@workbench_required
def staff_round(request, round_id: int):
    item = selectors.staff_round(request.user, round_id)
    draw_form, void_form = DrawForm(prefix="d"), VoidForm(prefix="v")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "freeze":
            with refusals(request):
                services.round_freeze(staff=request.user, round_=item)
                messages.success(request, _("Applicant list frozen and its hash published."))
                return redirect("housing:staff-round", item.pk)
        elif action == "draw":
            draw_form = DrawForm(request.POST, prefix="d")
            if draw_form.is_valid():
                with refusals(request, draw_form):
                    services.round_draw(staff=request.user, round_=item, **draw_form.cleaned_data)
                    messages.success(request, _("Drawn. Offers were sent to the applicants in turn order."))
                    return redirect("housing:staff-round", item.pk)
        elif action == "void":
            void_form = VoidForm(request.POST, prefix="v")
            if void_form.is_valid():
                with refusals(request, void_form):
                    services.round_void(
                        staff=request.user, round_=item, reason=void_form.cleaned_data["reason"]
                    )
                    messages.success(request, _("Round voided; the reason is recorded."))
                    return redirect("housing:staff-round", item.pk)
        item.refresh_from_db()
    return render(
        request,
        "housing/staff_round.html",
        {
            "face": "workbench",
            "round": item,
            "draw_form": draw_form,
            "void_form": void_form,
            "candidates": services.round_candidates(item).count()
            if item.status == RoundStatus.OPEN
            else None,
            "homes": item.round_homes.count(),
            "entries": item.entries.count(),
            "offers": selectors.offers_of_round(item),
            "results": selectors.round_results(item) if item.status == RoundStatus.DRAWN else [],
        },
    )


@workbench_required
def staff_lease_new(request, offer_id: int):
    offer = selectors.staff_offer(request.user, offer_id)
    if offer.status != OfferStatus.ACCEPTED:
        raise Http404
    form = LeaseForm(request.POST or None, initial={"monthly_rent": offer.home.monthly_rent})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals(request, form):
            lease = services.lease_sign(
                staff=request.user,
                offer=offer,
                start=data["start"],
                months=data["months"],
                rent_free_months=data["rent_free_months"],
                monthly_rent=data["monthly_rent"],
                monthly_subsidy=data["monthly_subsidy"],
            )
            messages.success(request, _("Lease signed; the home is let."))
            return redirect("housing:staff-lease", lease.pk)
    return render(
        request, "housing/staff_lease_new.html", {"face": "workbench", "offer": offer, "form": form}
    )


@workbench_required
def staff_lease(request, lease_id: int):
    lease = selectors.staff_lease(request.user, lease_id)
    form = MoveOutForm(request.POST or None, prefix="m")
    if request.method == "POST":
        if request.POST.get("action") == "renew":
            with refusals(request):
                services.lease_renew(staff=request.user, lease=lease)
                messages.success(request, _("Lease renewed for 12 months."))
                return redirect("housing:staff-lease", lease.pk)
        elif form.is_valid():
            with refusals(request, form):
                services.lease_end(
                    staff=request.user, lease=lease, moved_out_on=form.cleaned_data["moved_out_on"]
                )
                messages.success(request, _("Move-out recorded; the home is back in stock."))
                return redirect("housing:staff-lease", lease.pk)
    return render(
        request,
        "housing/staff_lease.html",
        {
            "face": "workbench",
            "lease": lease,
            "form": form,
            "can_see": permissions.can_see_personal_data(request.user, lease.home.project.region),
            "statement": selectors.statement(lease),
            "settle_form": SettleForm(prefix="s"),
        },
    )


@workbench_required
def staff_home_status(request, home_id: int):
    """Take a home out of letting (repairs…) or put it back; the change is audited."""
    home = selectors.staff_home(request.user, home_id)
    form = HomeStatusForm(request.POST or None, initial={"reason": home.unavailable_reason})
    if request.method == "POST" and form.is_valid():
        available = request.POST.get("action") == "available"
        with refusals(request, form):
            services.home_set_available(
                staff=request.user, home=home, available=available, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                _("The home is available again.") if available else _("The home is marked not available."),
            )
            return redirect("housing:staff-project", home.project_id)
    return render(request, "housing/staff_home_status.html", {"face": "workbench", "home": home, "form": form})


@workbench_required
def staff_arrears(request):
    rows = selectors.arrears(request.user)
    return render(
        request,
        "housing/staff_arrears.html",
        {"face": "workbench", "rows": rows[:300], "total": rows.count(), "form": SettleForm(prefix="s")},
    )


@workbench_required
@require_POST
def staff_entry_settle(request, lease_entry_id: int):
    entry = get_object_or_404(selectors.staff_entries(request.user), pk=lease_entry_id)
    form = SettleForm(request.POST, prefix="s")
    if form.is_valid():
        with refusals(request):
            services.entry_settle(staff=request.user, entry=entry, settled_on=form.cleaned_data["settled_on"])
            messages.success(request, pgettext("rent payment", "Payment recorded."))
    else:
        messages.error(request, _("Give the date it was paid."))
    if request.POST.get("back") == "lease":
        return redirect("housing:staff-lease", entry.lease_id)
    return redirect("housing:staff-arrears")


@workbench_required
def review_document(request, housing_document_id: int):
    document = selectors.review_document(request.user, housing_document_id)
    return FileResponse(
        document.file.open("rb"), filename=document.original_name, content_type=document.content_type
    )


@workbench_required
def review_queue(request):
    status = request.GET.get("status", "open")
    qs = selectors.review_queue(request.user)
    if status == "open":
        qs = qs.filter(status__in=["submitted", "more_documents"])
    elif status:
        qs = qs.filter(status=status)
    return render(
        request,
        "housing/review_queue.html",
        {"face": "workbench", "page": page_of(request, qs), "status": status},
    )


@workbench_required
def review(request, housing_application_id: int):
    item = selectors.reviewable(request.user, housing_application_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            services.application_decide(reviewer=request.user, application=item, **form.cleaned_data)
            messages.success(request, _("Decision recorded; the applicant has been notified."))
            return redirect("housing:review", item.pk)
    personal_data_viewed(viewer=request.user, subject=item.applicant, action="housing.review",
                         purpose=gettext_lazy("Review of the housing application for %(project)s"),
                         purpose_params={"project": item.project.name},
                         fields=["name", "household"])
    return render(
        request,
        "housing/review.html",
        {
            "face": "workbench",
            "application": item,
            "form": form,
            "decisions": item.decisions.select_related("decided_by"),
            "documents": item.documents.all(),
            "document_labels": dict(DocumentType.choices),
            "category_labels": [Category(c).label for c in (item.categories or [item.category])],
            "can_decide": item.is_open and services.can_decide(request.user, item),
        },
    )


# --- leaders -------------------------------------------------------------------------------------


@dashboard_required
def statistics(request):
    stats = selectors.statistics(permissions.scope_regions(request.user))
    return render(request, "housing/statistics.html", {"face": "dashboard", "stats": stats})
