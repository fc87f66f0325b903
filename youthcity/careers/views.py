"""Pages of the careers domain, per face: the public catalogue and a young person's applications
(portal), the employer's pages (portal, employer HR staff only, scoped to their organisation),
the department's reviews (workbench) and the leaders' figures (dashboard). Thin: selectors read,
services write, refusals go back on the form or into the messages."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from youthcity.accounts import permissions
from youthcity.accounts.decorators import dashboard_required, workbench_required
from youthcity.accounts.models import EducationLevel
from youthcity.accounts.privacy import personal_data_viewed, personal_data_viewed_many
from youthcity.core.edge import EdgeError, year_param
from youthcity.core.errors import ServiceError
from youthcity.core.web import refusals

from . import exports, selectors, services
from .forms import (
    ApplyForm,
    BookForm,
    CentreForm,
    ClaimForm,
    DecisionForm,
    EmployerRegisterForm,
    FairForm,
    PaymentForm,
    PositionForm,
    PreferencesForm,
    ReasonForm,
    SlotForm,
    SubsidyDecisionForm,
    SubsidyForm,
)
from .models import Employer, Industry, Position, SubsidyPolicy
from .workflow import WORKFLOWS

# --- Portal: catalogue -------------------------------------------------------------------------


def _filters(request: HttpRequest) -> dict:
    keys = ("district", "industry", "kind", "education", "min_pay")
    return {k: request.GET.get(k, "").strip() for k in keys}


def catalogue(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    positions = selectors.catalogue(filters)
    return render(request, "careers/catalogue.html", {
        "face": "portal", "positions": positions[:200], "count": positions.count(), "filters": filters,
        "districts": selectors.districts(), "industries": Industry.choices, "kinds": Position.Kind.choices,
        "educations": EducationLevel.choices, "query": request.GET.urlencode(), "open_rounds": selectors.open_rounds(),
    })


def export(request: HttpRequest) -> HttpResponse:
    positions = selectors.catalogue(_filters(request))
    response = HttpResponse(exports.positions_xlsx(positions),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="positions.xlsx"'
    return response


def bases(request: HttpRequest) -> HttpResponse:
    return render(request, "careers/bases.html", {"face": "portal", "bases": selectors.internship_bases()})


def position_detail(request: HttpRequest, position_id: int) -> HttpResponse:
    position = selectors.public_position(position_id)
    form = ApplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        if form.is_valid():
            with refusals(request, form):
                services.job_apply(applicant=request.user, position=position,
                                   cover_note=form.cleaned_data["cover_note"], cv=form.cleaned_data.get("cv"))
                messages.success(request, _("Your application was sent to the employer."))
                return redirect("careers:my-applications")
    mine = (selectors.my_applications(request.user).filter(position=position).first()
            if request.user.is_authenticated else None)
    return render(request, "careers/position.html", {"face": "portal", "position": position, "form": form,
                                                     "mine": mine})


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(request, "careers/my_applications.html",
                  {"face": "portal", "applications": selectors.my_applications(request.user)})


@login_required
@require_POST
def my_application_action(request: HttpRequest, application_id: int, action: str) -> HttpResponse:
    application = selectors.my_application(request.user, application_id)
    with refusals(request):
        if action == "accept":
            services.offer_respond(applicant=request.user, application=application, accept=True)
            messages.success(request, _("You accepted the offer. The employer has been told."))
        elif action == "decline":
            services.offer_respond(applicant=request.user, application=application, accept=False)
            messages.success(request, _("You declined the offer."))
        elif action == "withdraw":
            services.application_withdraw(applicant=request.user, application=application)
            messages.success(request, _("Application withdrawn."))
        else:
            raise Http404
    return redirect("careers:my-applications")


# --- Portal: employers ------------------------------------------------------------------------------


def employer_register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and permissions.is_employer_staff(request.user):
        return redirect("careers:employer-home")
    form = EmployerRegisterForm(request.POST or None, request.FILES or None, districts=selectors.districts())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        licence_file = data.pop("business_licence", None)
        data.pop("accept_privacy", None)
        with refusals(request, form):
            employer = services.employer_register(documents={"business_licence": licence_file} if licence_file else {},
                                                  **data)
            user = selectors.employer_staff(employer)[0]
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Registered. The human-resources department will verify your organisation; "
                                        "you can post positions once it is verified."))
            return redirect("careers:employer-home")
    return render(request, "careers/employer_register.html", {"face": "portal", "form": form})


def _employer(request: HttpRequest) -> Employer:
    if not request.user.is_authenticated:
        raise PermissionDenied
    employer = selectors.employer_of(request.user)
    if employer is None:
        raise PermissionDenied
    return employer


def _employer_view(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        return view(request, _employer(request), *args, **kwargs)
    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_employer_view
def employer_home(request: HttpRequest, employer: Employer) -> HttpResponse:
    return render(request, "careers/employer_home.html", {
        "face": "portal", "employer": employer, "positions": selectors.employer_positions(request.user),
        "interns": selectors.employer_interns(request.user), "claims": selectors.employer_claims(request.user)[:50],
        "verification": employer.verifications.order_by("-created_at").first(),
        "rounds": selectors.employer_rounds(request.user),
        "subsidies": selectors.employer_subsidies(request.user)[:50], "subsidy_policies": SubsidyPolicy.choices,
    })


@_employer_view
@require_POST
def employer_resubmit(request: HttpRequest, employer: Employer) -> HttpResponse:
    with refusals(request):
        services.employer_resubmit(staff=request.user, employer=employer, note=request.POST.get("note", ""))
        messages.success(request, _("Sent again to the human-resources department."))
    return redirect("careers:employer-home")


@_employer_view
def employer_position_new(request: HttpRequest, employer: Employer) -> HttpResponse:
    form = PositionForm(request.POST or None, districts=selectors.districts(),
                        initial={"district": employer.district_id, "industry": employer.industry})
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            position = services.position_post(staff=request.user, employer=employer, **form.cleaned_data)
            if position.status == Position.Status.PENDING:
                messages.success(request, _("Internship posted: it is published once the human-resources department approves it."))
            else:
                messages.success(request, _("Position published."))
            return redirect("careers:employer-position", position_id=position.pk)
    return render(request, "careers/employer_position_new.html", {"face": "portal", "employer": employer, "form": form})


@_employer_view
def employer_position(request: HttpRequest, employer: Employer, position_id: int) -> HttpResponse:
    position = selectors.employer_position(request.user, position_id)
    if request.method == "POST" and request.POST.get("action") == "close":
        with refusals(request):
            services.position_close(staff=request.user, position=position)
            messages.success(request, _("Position closed."))
        return redirect("careers:employer-position", position_id=position.pk)
    applications = list(position.applications.select_related("applicant").order_by("created_at"))
    personal_data_viewed_many(viewer=request.user, subjects=[a.applicant for a in applications],
                              action="careers.applicants", fields=["name", "school", "graduation_date"],
                              purpose=gettext_lazy("%(employer)s read your application for %(position)s"),
                              purpose_params={"employer": employer.name, "position": position.title})
    return render(request, "careers/employer_position.html", {
        "face": "portal", "employer": employer, "position": position, "applications": applications,
        "review": position.reviews.order_by("-created_at").first(), "reason_form": ReasonForm(),
    })


@_employer_view
@require_POST
def employer_application_action(request: HttpRequest, employer: Employer, application_id: int, action: str) -> HttpResponse:
    application = selectors.employer_application(request.user, application_id)
    form = ReasonForm(request.POST)
    form.is_valid()
    with refusals(request):
        services.application_decide(staff=request.user, application=application, action=action,
                                    reason=form.cleaned_data.get("reason", ""))
        messages.success(request, _("Decision recorded; the applicant has been notified."))
    return redirect("careers:employer-position", position_id=application.position_id)


@_employer_view
def employer_claim_new(request: HttpRequest, employer: Employer, placement_id: int) -> HttpResponse:
    placement = selectors.employer_interns(request.user).filter(pk=placement_id).first()
    if placement is None:
        raise Http404
    today = timezone.localdate()
    form = ClaimForm(request.POST or None, initial={"month": today.strftime("%Y-%m")})
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            claim = services.allowance_claim_submit(staff=request.user, placement=placement, **form.cleaned_data)
            messages.success(request, _("Claim sent: %(amount)s yuan, awaiting the human-resources department.")
                             % {"amount": claim.amount})
            return redirect("careers:employer-home")
    return render(request, "careers/employer_claim.html", {"face": "portal", "employer": employer,
                                                           "placement": placement, "form": form})


@_employer_view
def employer_verification(request: HttpRequest, employer: Employer, verification_id: int) -> HttpResponse:
    if not employer.verifications.filter(pk=verification_id).exists():
        raise Http404
    return redirect("careers:employer-home")


@_employer_view
def employer_review(request: HttpRequest, employer: Employer, review_id: int) -> HttpResponse:
    position = selectors.employer_positions(request.user).filter(reviews__pk=review_id).first()
    if position is None:
        raise Http404
    return redirect("careers:employer-position", position_id=position.pk)


@_employer_view
def employer_claim(request: HttpRequest, employer: Employer, claim_id: int) -> HttpResponse:
    if not selectors.employer_claims(request.user).filter(pk=claim_id).exists():
        raise Http404
    return redirect("careers:employer-home")


@_employer_view
def employer_subsidy_new(request: HttpRequest, employer: Employer, policy_id: str) -> HttpResponse:
    from youthcity.benefits.adapters import lang

    try:
        policy = services.subsidy_policy(policy_id)
    except ServiceError:
        raise Http404 from None
    form = SubsidyForm(request.POST or None, request.FILES or None, policy=policy, language=lang())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals(request, form):
            subsidy = services.subsidy_apply(
                staff=request.user, employer=employer, policy_id=policy.id, is_private=data.get("is_private", False),
                graduates_hired=data.get("graduates_hired") or 0, university=data.get("university", ""),
                documents=form.documents(), note=data.get("note", ""))
            messages.success(request, _("Application sent to %(unit)s.") % {"unit": subsidy.unit})
            return redirect("careers:employer-subsidy", subsidy_id=subsidy.pk)
    return render(request, "careers/employer_subsidy_new.html", {
        "face": "portal", "employer": employer, "policy": policy, "form": form, "lang": lang(),
        "name": SubsidyPolicy(policy.id).label, "unit": services.district_hr_department(employer.district)})


@_employer_view
def employer_subsidy(request: HttpRequest, employer: Employer, subsidy_id: int) -> HttpResponse:
    subsidy = selectors.employer_subsidy(request.user, subsidy_id)
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        with refusals(request):
            from .workflow import subsidy_workflow

            if subsidy.applicant_id != request.user.pk:
                raise PermissionDenied
            subsidy_workflow.withdraw(applicant=request.user, application=subsidy)
            messages.success(request, _("Application withdrawn."))
        return redirect("careers:employer-subsidy", subsidy_id=subsidy.pk)
    return render(request, "careers/employer_subsidy.html", {"face": "portal", "employer": employer,
                                                             "subsidy": subsidy})


# --- Workbench: the department's reviews -------------------------------------------------------------


@workbench_required
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    lists = selectors.queues(request.user)
    for key, qs in lists.items():
        if status == "open":
            lists[key] = qs.filter(status__in=["submitted", "more_documents"])
        elif status in ("approved", "rejected"):
            lists[key] = qs.filter(status=status)
        lists[key] = lists[key][:200]
    return render(request, "careers/queue.html", {"face": "workbench", "status": status, **lists})


def _review(request: HttpRequest, kind: str, pk: int, template: str) -> HttpResponse:
    workflow = WORKFLOWS[kind]
    application = workflow.reviewable(request.user, pk)
    if kind == "claim":  # the intern's name, months and allowance
        personal_data_viewed(viewer=request.user, subject=application.placement.applicant, action="careers.claim",
                             purpose=gettext_lazy("Review of a living-allowance claim for your internship"),
                             fields=["name", "allowance"])
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decide = {"verification": services.verification_decide, "position": services.position_review_decide,
                  "claim": services.claim_decide}[kind]
        with refusals(request, form):
            decide(reviewer=request.user, application=application, **form.cleaned_data)
            messages.success(request, _("Decision recorded; the applicant has been notified."))
            return redirect(request.path)
    return render(request, template, {
        "face": "workbench", "application": application, "form": form,
        "decisions": application.decisions.select_related("decided_by"),
        "can_decide": application.is_open and workflow.can_decide(request.user, application),
    })


@workbench_required
def verification_review(request: HttpRequest, verification_id: int) -> HttpResponse:
    return _review(request, "verification", verification_id, "careers/review_verification.html")


@workbench_required
def position_review(request: HttpRequest, review_id: int) -> HttpResponse:
    return _review(request, "position", review_id, "careers/review_position.html")


@workbench_required
def claim_review(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _review(request, "claim", claim_id, "careers/review_claim.html")


@workbench_required
def subsidy_review(request: HttpRequest, subsidy_id: int) -> HttpResponse:
    from .workflow import subsidy_workflow

    application = subsidy_workflow.reviewable(request.user, subsidy_id)
    action = request.POST.get("action") if request.method == "POST" else None
    form = SubsidyDecisionForm(request.POST if action == "decide" else None)
    payment = PaymentForm(request.POST if action == "pay" else None)
    if action == "decide" and form.is_valid():
        with refusals(request, form):
            services.subsidy_decide(reviewer=request.user, application=application, **form.cleaned_data)
            messages.success(request, _("Decision recorded; the applicant has been notified."))
            return redirect(request.path)
    elif action == "pay" and payment.is_valid():
        with refusals(request, payment):
            services.subsidy_payment_record(staff=request.user, application=application, **payment.cleaned_data)
            messages.success(request, _("Payment recorded."))
            return redirect(request.path)
    can_decide = subsidy_workflow.can_decide(request.user, application)
    return render(request, "careers/review_subsidy.html", {
        "face": "workbench", "application": application, "form": form, "payment": payment,
        "decisions": application.decisions.select_related("decided_by"),
        "can_decide": application.is_open and can_decide,
        "can_pay": can_decide and application.status == "approved" and not application.paid_on,
    })


# --- Dashboard ---------------------------------------------------------------------------------------


@dashboard_required
def dashboard(request: HttpRequest) -> HttpResponse:
    from .live import graduates_staying, placements_accepted, positions_published

    try:
        year = year_param(request.GET.get("year"), default=timezone.localdate().year)
    except EdgeError as exc:
        return render(request, "400.html", {"message": exc.message}, status=400)
    regions = permissions.scope_regions(request.user)
    top = regions.order_by("path").first()
    period = str(year)
    headline = {
        "staying": graduates_staying(top, period) if top else None,
        "placements": placements_accepted(top, period) if top else None,
        "positions": positions_published(top, period) if top else None,
    }
    return render(request, "careers/dashboard.html", {
        "face": "dashboard", "year": year, "region": top, "headline": headline,
        "rows": selectors.placements_by_district(regions, year), "years": range(dt.date.today().year, 2023, -1),
    })


# --- Matching rounds -----------------------------------------------------------------------------------


def _int(value, default=None):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


@workbench_required
def rounds(request: HttpRequest) -> HttpResponse:
    candidates = selectors.published_positions().filter(kind=Position.Kind.INTERNSHIP).order_by("employer__name", "title")
    errors: list[str] = []
    if request.method == "POST":
        chosen = {p: _int(request.POST.get(f"reserved_{p.pk}"), 0) for p in candidates
                  if str(p.pk) in request.POST.getlist("position")}
        with refusals(request, show=False) as outcome:
            round_ = services.round_create(staff=request.user, name=request.POST.get("name", ""),
                                           tie_break_seed=request.POST.get("tie_break_seed", ""), positions=chosen,
                                           max_choices=max(1, min(_int(request.POST.get("max_choices"), 5), 20)))
            messages.success(request, _("Matching round opened."))
            return redirect("careers:round", round_id=round_.pk)
        errors = outcome.messages
    return render(request, "careers/rounds.html", {
        "face": "workbench", "rounds": selectors.rounds_in_scope(request.user), "candidates": candidates,
        "errors": errors, "data": request.POST})


@workbench_required
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = selectors.round_in_scope(request.user, round_id)
    errors: list[str] = []
    if request.method == "POST":
        with refusals(request, show=False) as outcome:
            services.round_run(staff=request.user, round_=round_)
            messages.success(request, _("The round is matched; offers were sent."))
            return redirect("careers:round", round_id=round_.pk)
        errors = outcome.messages
    return render(request, "careers/round.html", {
        "face": "workbench", "round": round_, "positions": selectors.round_positions(round_),
        "summary": selectors.round_summary(round_), "errors": errors,
        "assignments": round_.assignments.select_related("applicant", "position__employer"),
    })


@workbench_required
def round_audit(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = selectors.round_in_scope(request.user, round_id)
    if not round_.audit:
        raise Http404
    response = HttpResponse(round_.audit.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="matching-round-{round_.pk}-audit.json"'
    return response


@login_required
def round_choose(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = selectors.open_round(round_id)
    positions = selectors.round_positions(round_)
    errors: list[str] = []
    if request.method == "POST":
        ranked = sorted((_int(request.POST.get(f"rank_{rp.position_id}")), rp.position_id) for rp in positions
                        if _int(request.POST.get(f"rank_{rp.position_id}")))
        ranks = [r for r, _pid in ranked]
        with refusals(request, show=False) as outcome:
            if len(set(ranks)) != len(ranks):
                raise ServiceError(422, "invalid_choices", _("Give each position a different rank."))
            services.round_choices_set(applicant=request.user, round_=round_, position_ids=[pid for _r, pid in ranked])
            messages.success(request, _("Your ranking is saved. You can change it until the round is matched."))
            return redirect("careers:round-choose", round_id=round_.pk)
        errors = outcome.messages
    return render(request, "careers/round_choose.html", {
        "face": "portal", "round": round_, "positions": positions, "mine": selectors.my_choices(request.user, round_),
        "ranks": range(1, round_.max_choices + 1), "errors": errors})


@_employer_view
def employer_round(request: HttpRequest, employer: Employer, round_id: int) -> HttpResponse:
    round_ = selectors.employer_rounds(request.user).filter(pk=round_id).first()
    if round_ is None:
        raise Http404
    errors: list[str] = []
    if request.method == "POST" and round_.status == round_.Status.OPEN:
        position = selectors.employer_position(request.user, _int(request.POST.get("position"), 0))
        people = [_int(v) for v in request.POST.getlist("person")]
        ranked = sorted((_int(request.POST.get(f"rank_{pid}")), pid) for pid in people if _int(request.POST.get(f"rank_{pid}")))
        with refusals(request, show=False) as outcome:
            services.round_ranking_set(staff=request.user, round_=round_, position=position,
                                       applicant_ids=[pid for _r, pid in ranked])
            messages.success(request, _("Ranking saved."))
            return redirect("careers:employer-round", round_id=round_.pk)
        errors = outcome.messages
    return render(request, "careers/employer_round.html", {
        "face": "portal", "employer": employer, "round": round_, "errors": errors,
        "sheet": selectors.employer_round_sheet(request.user, round_)})


# --- Job fairs ---------------------------------------------------------------------------------------


def fairs(request: HttpRequest) -> HttpResponse:
    return render(request, "careers/fairs.html", {"face": "portal", "fairs": selectors.upcoming_fairs()[:100]})


def fair(request: HttpRequest, fair_id: int) -> HttpResponse:
    fair_ = selectors.public_fair(fair_id)
    if request.method == "POST":
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        with refusals(request):
            if request.POST.get("action") == "cancel":
                signup = selectors.my_fair_signup(request.user, fair_)
                if signup is None:
                    raise Http404
                services.fair_sign_up_cancel(person=request.user, signup=signup)
                messages.success(request, _("Your sign-up is cancelled."))
            else:
                services.fair_sign_up(person=request.user, fair=fair_)
                messages.success(request, _("You are signed up. Show your sign-up at the entrance."))
        return redirect("careers:fair", fair_id=fair_.pk)
    mine = selectors.my_fair_signup(request.user, fair_)
    ticket = ticket_qr = None
    if mine is not None and fair_.status == "published":
        from urllib.parse import urlencode

        from django.urls import reverse
        from django.utils.safestring import mark_safe

        from youthcity.core.qr import qr_svg

        ticket = services.fair_ticket(mine)
        scan_url = request.build_absolute_uri(reverse("careers:fair-check-in", args=[fair_.pk])) + "?" + urlencode(
            {"c": ticket})
        ticket_qr = mark_safe(qr_svg(scan_url, size=200))  # noqa: S308 (our own SVG, drawn by reportlab)
    return render(request, "careers/fair.html", {
        "face": "portal", "fair": fair_, "booths": selectors.fair_booths(fair_),
        "mine": mine, "ticket": ticket, "ticket_qr": ticket_qr, "now": timezone.now()})


@workbench_required
def fairs_work(request: HttpRequest) -> HttpResponse:
    form = FairForm(request.POST or None, districts=selectors.districts(),
                    positions=selectors.published_positions().order_by("employer__name", "title"))
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            fair_ = services.fair_publish(staff=request.user, **form.cleaned_data)
            messages.success(request, _("Fair published."))
            return redirect("careers:fair-work", fair_id=fair_.pk)
    return render(request, "careers/fairs_work.html", {"face": "workbench", "form": form,
                                                       "fairs": selectors.fairs_in_scope(request.user)[:200]})


@workbench_required
def fair_work(request: HttpRequest, fair_id: int) -> HttpResponse:
    fair_ = selectors.fair_in_scope(request.user, fair_id)
    if request.method == "POST":
        with refusals(request):
            if request.POST.get("action") == "cancel":
                services.fair_cancel(staff=request.user, fair=fair_, reason=request.POST.get("reason", ""))
                messages.success(request, _("Fair cancelled; those signed up were told."))
            else:
                signup = fair_.signups.filter(pk=_int(request.POST.get("signup"), 0)).first()
                if signup is None:
                    raise Http404
                services.fair_check_in(staff=request.user, signup=signup)
                messages.success(request, _("Checked in."))
        return redirect("careers:fair-work", fair_id=fair_.pk)
    return render(request, "careers/fair_work.html", {
        "face": "workbench", "fair": fair_, "booths": selectors.fair_booths(fair_),
        "signups": fair_.signups.exclude(status="cancelled").select_related("person")})


@workbench_required
def fair_check_in(request: HttpRequest, fair_id: int) -> HttpResponse:
    """The door (a phone page): staff scan the QR code on the young person's phone (which opens
    this page with the code filled in: a GET never checks anyone in) or type the code."""
    from youthcity.core.forms import CheckInCodeForm

    fair_ = selectors.fair_in_scope(request.user, fair_id)
    form = CheckInCodeForm(request.POST or None, initial={"code": request.GET.get("c", "")[:60]})
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            signup = services.fair_check_in_code(staff=request.user, fair=fair_, code=form.cleaned_data["code"])
            messages.success(request, _("Checked in: %(person)s.") % {"person": signup.person})
            return redirect("careers:fair-check-in", fair_id=fair_.pk)
    fair_ = selectors.fair_in_scope(request.user, fair_id)  # the counts after a refused scan
    return render(request, "careers/fair_check_in.html", {"face": "workbench", "fair": fair_, "form": form})


# --- Service centres and appointments ------------------------------------------------------------------


def centres(request: HttpRequest) -> HttpResponse:
    return render(request, "careers/centres.html", {"face": "portal", "centres": selectors.active_centres()})


def centre(request: HttpRequest, centre_id: int) -> HttpResponse:
    centre_ = selectors.public_centre(centre_id)
    form = BookForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        slot = selectors.open_slots(centre_).filter(pk=_int(request.POST.get("slot"), 0)).first()
        if slot is None:
            messages.error(request, _("This time is no longer open: choose another."))
            return redirect("careers:centre", centre_id=centre_.pk)
        if form.is_valid():
            with refusals(request, form):
                services.service_book(person=request.user, slot=slot, note=form.cleaned_data["note"])
                messages.success(request, _("Booked. The centre expects you; cancel here if you cannot come."))
                return redirect("careers:my-bookings")
    return render(request, "careers/centre.html", {"face": "portal", "centre": centre_, "form": form,
                                                   "slots": selectors.open_slots(centre_)})


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        booking = selectors.my_booking(request.user, _int(request.POST.get("booking"), 0))
        with refusals(request):
            services.service_booking_cancel(person=request.user, booking=booking)
            messages.success(request, _("Booking cancelled; the place is free for someone else."))
        return redirect("careers:my-bookings")
    return render(request, "careers/my_bookings.html", {"face": "portal", "bookings": selectors.my_bookings(request.user),
                                                        "now": timezone.now(),
                                                        "fairs": selectors.my_fair_signups(request.user)})


@workbench_required
def centres_work(request: HttpRequest) -> HttpResponse:
    return render(request, "careers/centres_work.html", {"face": "workbench",
                                                         "centres": selectors.centres_in_scope(request.user)})


def _centre_form_page(request: HttpRequest, centre_=None) -> HttpResponse:
    initial = {"is_active": True, "services": []}
    if centre_ is not None:
        initial = {"unit": centre_.unit, "name": centre_.name, "kind": centre_.kind, "district": centre_.district,
                   "address": centre_.address, "phone": centre_.phone, "opening_hours": centre_.opening_hours,
                   "is_active": centre_.is_active,
                   "services": [s.kind for s in centre_.services.all() if s.is_active]}
    form = CentreForm(request.POST or None, units=selectors.centre_units(request.user),
                      districts=selectors.districts(), initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            saved = services.centre_save(staff=request.user, centre=centre_, **form.cleaned_data)
            messages.success(request, _("Centre saved."))
            return redirect("careers:centre-work", centre_id=saved.pk)
    return render(request, "careers/centre_form.html", {"face": "workbench", "form": form, "centre": centre_})


@workbench_required
def centre_new(request: HttpRequest) -> HttpResponse:
    if not permissions.has_role(request.user, *permissions.DECIDING_ROLES):
        raise PermissionDenied
    return _centre_form_page(request)


@workbench_required
def centre_edit(request: HttpRequest, centre_id: int) -> HttpResponse:
    return _centre_form_page(request, selectors.centre_in_scope(request.user, centre_id))


@workbench_required
def centre_work(request: HttpRequest, centre_id: int) -> HttpResponse:
    centre_ = selectors.centre_in_scope(request.user, centre_id)
    try:
        day = dt.date.fromisoformat(request.GET.get("day", "")) if request.GET.get("day") else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    form = SlotForm(request.POST if request.POST.get("action") == "slots" else None,
                    services=centre_.services.filter(is_active=True), initial={"day": day})
    if request.method == "POST":
        if request.POST.get("action") == "slots":
            if form.is_valid():
                with refusals(request, form):
                    data = form.cleaned_data
                    services.slots_add(staff=request.user, **data)
                    messages.success(request, _("Time slots opened."))
                    return redirect(f"{request.path}?day={data['day'].isoformat()}")
        else:
            from .models import ServiceBooking

            booking = ServiceBooking.objects.filter(pk=_int(request.POST.get("booking"), 0),
                                                    slot__service__centre=centre_).first()
            if booking is None:
                raise Http404
            with refusals(request):
                services.service_booking_mark(staff=request.user, booking=booking,
                                              attended=request.POST.get("action") == "attended")
                messages.success(request, _("Attendance recorded."))
            return redirect(f"{request.path}?day={timezone.localdate(booking.slot.starts_at).isoformat()}")
    return render(request, "careers/centre_work.html", {
        "face": "workbench", "centre": centre_, "day": day, "slots": selectors.centre_day(centre_, day), "form": form,
        "previous": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1), "now": timezone.now()})


# --- Job push (为你推荐) ---------------------------------------------------------------------------------


@login_required
def for_you(request: HttpRequest) -> HttpResponse:
    preferences = selectors.preferences_of(request.user)
    initial = {"notify_me": True}
    if preferences is not None:
        initial = {"major": preferences.major, "districts": list(preferences.districts.all()),
                   "industries": preferences.industries, "kinds": preferences.kinds, "notify_me": preferences.notify}
    form = PreferencesForm(request.POST or None, districts=selectors.districts(), initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            services.preferences_set(user=request.user, **form.cleaned_data)
            messages.success(request, _("Saved. The list below follows your profile and these choices."))
            return redirect("careers:for-you")
    from youthcity.accounts.selectors import youth_profile_of

    return render(request, "careers/for_you.html", {
        "face": "portal", "form": form, "profile": youth_profile_of(request.user),
        "positions": selectors.recommended(request.user)})


# --- CVs ----------------------------------------------------------------------------------------------------


@_employer_view
@require_POST
def employer_cv(request: HttpRequest, employer: Employer, application_id: int) -> HttpResponse:
    """The CV opens through a POST: reading it is recorded for the person."""
    from django.http import FileResponse

    application = selectors.employer_application(request.user, application_id)
    with refusals(request):
        handle = services.cv_open(staff=request.user, application=application)
        return FileResponse(handle, as_attachment=True, filename=application.cv_name,
                            content_type=application.cv_content_type or "application/octet-stream")
    return redirect("careers:employer-position", position_id=application.position_id)


@login_required
def my_cv(request: HttpRequest, application_id: int) -> HttpResponse:
    from django.http import FileResponse

    application = selectors.my_application(request.user, application_id)
    if not application.cv:
        raise Http404
    return FileResponse(application.cv.open("rb"), as_attachment=True, filename=application.cv_name,
                        content_type=application.cv_content_type or "application/octet-stream")
