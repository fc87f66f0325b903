"""Pages: the policy finder and gift package (anyone), applications (signed-in youth), the
review queue (the responsible unit), the policy registry and the microsimulation (staff).
Views are thin: they read through selectors, write through services."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from youthcity.accounts.decorators import workbench_required
from youthcity.accounts.models import Role
from youthcity.accounts.permissions import has_role, is_youth
from youthcity.accounts.privacy import personal_data_viewed
from youthcity.accounts.selectors import youth_profile_of
from youthcity.core.errors import ServiceError
from youthcity.core.numbers import grouped
from youthcity.core.qr import qr_svg
from youthcity.core.web import add_to_form, page_of, refusals
from youthcity.engines.rules import FactsError

from . import adapters, selectors, services, versioning
from .forms import (
    DecisionForm,
    DisbursementForm,
    ParameterValueForm,
    PolicyDraftForm,
    PolicyRejectForm,
    QuestionForm,
    SimulationForm,
)
from .models import ApplicationDocument, ParameterValue, PolicyVersion
from .registry import default_directory, file_text, registry
from .workflow import applicant_facts, eligibility_now

FINDER_SESSION_KEY = "benefits_finder"
SIMULATION_ROLES = (Role.COORDINATOR, Role.LEADER, Role.ADMIN, Role.UNIT_STAFF, Role.REVIEWER)
REGISTRY_ROLES = (Role.COORDINATOR, Role.ADMIN, Role.UNIT_STAFF, Role.REVIEWER, Role.LEADER)


# -- finder state (kept in the session, so it works without signing in) ------------------------


def _state(request: HttpRequest) -> dict[str, Any]:
    state = request.session.get(FINDER_SESSION_KEY) or {"facts": {}, "skipped": [], "prefilled": []}
    user = request.user
    if user.is_authenticated and state.get("prefilled_for") != user.pk:
        profile_facts = adapters.profile_facts(youth_profile_of(user))
        for name, value in profile_facts.items():
            state["facts"].setdefault(name, value)
        state["prefilled"] = sorted(profile_facts)
        state["prefilled_for"] = user.pk
        request.session[FINDER_SESSION_KEY] = state
    return state


def _save_state(request: HttpRequest, state: dict[str, Any]) -> None:
    request.session[FINDER_SESSION_KEY] = state
    request.session.modified = True


def _known_facts(state: dict[str, Any], language: str) -> list[dict[str, Any]]:
    ps = selectors.policy_set()
    return [
        {"name": row["name"], "label": row["label"], "value": row["answer"],
         "from_profile": row["name"] in state.get("prefilled", [])}
        for row in adapters.answers_view(ps, state["facts"], language)
    ]


def finder_home(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    language = adapters.lang()
    return render(request, "benefits/finder_home.html", {
        "face": "portal", "known": _known_facts(state, language), "has_answers": bool(state["facts"]),
        "policy_count": len(selectors.policy_set().policies),
    })


def finder_question(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    ps = selectors.policy_set()
    language = adapters.lang()
    today = selectors.today()
    asked = request.POST.get("fact") or request.GET.get("fact")
    if asked and asked not in ps.facts:
        asked = None
    if request.method == "POST" and "skip" in request.POST and asked:
        if asked not in state["skipped"]:
            state["skipped"].append(asked)
        state["facts"].pop(asked, None)
        _save_state(request, state)
        return redirect("benefits:finder-question")
    fact = asked or selectors.next_question(state["facts"], state["skipped"], today)
    if fact is None:
        return redirect("benefits:results")
    spec = ps.facts[fact]
    districts = selectors.city_districts() if fact in adapters.DISTRICT_FACTS else ()
    if request.method == "POST":
        form = QuestionForm(request.POST, spec=spec, language=language, districts=districts)
        if form.is_valid():
            candidate = dict(state["facts"], **{fact: form.answer()})
            try:
                ps.validate_facts(candidate, today)
            except FactsError as exc:
                for err in exc.errors:
                    form.add_error("answer", err.message(language))
            else:
                state["facts"] = candidate
                state["skipped"] = [s for s in state["skipped"] if s != fact]
                _save_state(request, state)
                return redirect("benefits:finder-question")
    else:
        initial = state["facts"].get(fact)
        if spec.type == "bool" and initial is not None:
            initial = "true" if initial else "false"
        form = QuestionForm(initial={"answer": initial} if initial is not None else None, spec=spec,
                            language=language, districts=districts)
    groups = selectors.grouped_results(state["facts"], today, language)
    return render(request, "benefits/finder_question.html", {
        "face": "portal", "form": form, "fact": fact, "spec_label": spec.label.get(language),
        "answered": len(state["facts"]), "counts": {k: len(v) for k, v in groups.items()},
    })


@require_POST
def finder_reset(request: HttpRequest) -> HttpResponse:
    request.session[FINDER_SESSION_KEY] = {"facts": {}, "skipped": [], "prefilled": [],
                                           "prefilled_for": request.user.pk if request.user.is_authenticated else None}
    messages.info(request, _("Your answers have been cleared."))
    return redirect("benefits:finder")


def _results_context(request: HttpRequest, shared: dict[str, Any] | None = None) -> dict[str, Any]:
    state = _state(request) if shared is None else {"facts": shared, "skipped": [], "prefilled": []}
    language = adapters.lang()
    try:
        groups = selectors.grouped_results(state["facts"], selectors.today(), language)
    except FactsError:
        # Old answers that no longer validate (e.g. the facts schema changed): start again.
        if shared is not None:
            raise Http404 from None
        state["facts"] = {}
        _save_state(request, state)
        groups = selectors.grouped_results({}, selectors.today(), language)
    open_applications = {}
    if request.user.is_authenticated and shared is None:
        open_applications = dict(
            selectors.applications_of(request.user).filter(status__in=["submitted", "more_documents"])
            .values_list("policy_id", "pk")
        )
    for group in groups.values():
        for view in group:
            view["open_application"] = open_applications.get(view["id"])
    return {"groups": groups, "known": _known_facts(state, language), "today": selectors.today()}


def results(request: HttpRequest) -> HttpResponse:
    return render(request, "benefits/results.html", {"face": "portal", **_results_context(request)})


PACKAGE_SALT = "benefits.package"
PACKAGE_LINK_DAYS = 90


def gift_package(request: HttpRequest) -> HttpResponse:
    """The printable policy package, for the answers in this session — or, opened from a share
    link (`?a=`), for the answers signed into the link (read-only; nothing is stored)."""
    token = request.GET.get("a")
    shared = None
    if token:
        try:
            shared = signing.loads(token, salt=PACKAGE_SALT, max_age=PACKAGE_LINK_DAYS * 86400)
        except signing.BadSignature:
            raise Http404 from None
        if not isinstance(shared, dict):
            raise Http404
    context = _results_context(request, shared)
    facts = shared if shared is not None else _state(request)["facts"]
    share_token = token or signing.dumps(facts, salt=PACKAGE_SALT, compress=True)
    share_url = request.build_absolute_uri(reverse("benefits:package") + "?" + urlencode({"a": share_token}))
    return render(request, "benefits/package.html", {
        "face": "portal", **context, "shared": shared is not None, "share_url": share_url,
        "share_qr": mark_safe(qr_svg(share_url)),  # noqa: S308 - SVG built by reportlab from our own URL
        "link_days": PACKAGE_LINK_DAYS,
    })


# -- the policy registry -----------------------------------------------------------------------


def policy_list(request: HttpRequest) -> HttpResponse:
    staff = request.user.is_authenticated and has_role(request.user, *REGISTRY_ROLES)
    return render(request, "benefits/policies.html", {
        "face": "workbench" if staff else "portal", "policies": selectors.policy_list(),
        "base_template": "workbench_base.html" if staff else "base.html",
        "staff": staff, "failure": registry.failure if staff else None, "loaded_at": registry.loaded_at,
        "can_reload": request.user.is_authenticated and has_role(request.user, Role.COORDINATOR, Role.ADMIN),
    })


@require_POST
@login_required
def policy_reload(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.COORDINATOR, Role.ADMIN):
        raise PermissionDenied
    failure = registry.reload()
    if failure:
        messages.error(request, _("The policies were not reloaded; the previous version stays in force."))
    else:
        messages.success(request, _("Policies reloaded."))
    return redirect("benefits:policies")


@workbench_required
def parameters(request: HttpRequest) -> HttpResponse:
    """Dated parameter values the city sets in the app (a county's minimum wage, an amount the
    plan left open), each with the notice that set it."""
    names = services.settable_parameters(request.user)
    if not names:
        raise PermissionDenied
    ps = selectors.policy_set()
    language = adapters.lang()
    choices = [(n, adapters.parameter_label(ps, n, language)) for n in names]
    form = ParameterValueForm(parameters=choices)
    if request.method == "POST":
        form = ParameterValueForm(request.POST, parameters=choices)
        if form.is_valid():
            try:
                services.parameter_value_set(staff=request.user, **form.cleaned_data)
            except ServiceError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("Value recorded; the policies now use it."))
                return redirect("benefits:parameters")
    today = selectors.today()
    rows = [{"name": n, "label": label, "value": ps.parameters[n].value_at(today),
             "unit": ps.parameters[n].unit or ""} for n, label in choices]
    entered = ParameterValue.objects.filter(parameter__in=names).select_related("set_by").order_by(
        "parameter", "-effective_from")
    labels = dict(choices)
    return render(request, "benefits/parameters.html", {
        "face": "workbench", "form": form, "rows": rows,
        "entered": [{"row": e, "label": labels.get(e.parameter, e.parameter)} for e in entered],
    })


# -- applications (young people) ---------------------------------------------------------------


def _document_fields(policy, language: str) -> list[dict[str, str]]:
    return [{"id": d.id, "label": d.label.get(language)} for d in policy.documents]


@login_required
def apply(request: HttpRequest, policy_id: str) -> HttpResponse:
    ps = selectors.policy_set()
    policy = ps.policies.get(policy_id)
    if policy is None:
        raise Http404
    if policy.apply_via:  # another domain's flow is this policy's application (a station booking …)
        return _applied_elsewhere(request, policy)
    language = adapters.lang()
    state = _state(request)
    errors: dict[str, list[str]] = {}
    error_message = ""
    if request.method == "POST":
        documents = {d.id: request.FILES[d.id] for d in policy.documents if d.id in request.FILES}
        try:
            application = services.application_submit(
                applicant=request.user, policy_id=policy_id, documents=documents,
                stated_facts=state["facts"], note=request.POST.get("note", ""),
            )
        except ServiceError as exc:
            errors, error_message = exc.fields, exc.message
        else:
            messages.success(request, _("Your application has been sent to %(unit)s.") % {"unit": application.unit})
            return redirect("benefits:application", pk=application.pk)
    result = None
    try:
        result = next(
            r for r in ps.evaluate(dict(state["facts"], **adapters.profile_facts(youth_profile_of(request.user))),
                                   selectors.today())
            if r.policy_id == policy_id
        )
    except FactsError:
        pass
    view = adapters.result_view(result, ps, language) if result else adapters.policy_view(policy, ps, language)
    resolution = adapters.resolve_policy_unit(policy.responsible_unit)
    documents = [dict(d, errors=errors.get(d["id"], [])) for d in _document_fields(policy, language)]
    doc_ids = {d["id"] for d in documents}
    other_errors = [(ps.facts[k].label.get(language) if k in ps.facts else k, e)
                    for k, errs in errors.items() if k not in doc_ids for e in errs]
    return render(request, "benefits/apply.html", {
        "face": "portal", "policy": view, "documents": documents, "other_errors": other_errors,
        "error_message": error_message, "unit": resolution.unit, "is_youth": is_youth(request.user),
        "note": request.POST.get("note", ""),
    })


def _applied_elsewhere(request: HttpRequest, policy) -> HttpResponse:
    """Opening the application page of an ``apply_via`` policy leads to its flow; sending the
    form is refused by the service (nothing is created) and leads there too."""
    if request.method == "POST":
        try:
            services.application_submit(applicant=request.user, policy_id=policy.id, documents={},
                                        stated_facts=_state(request)["facts"])
        except ServiceError as exc:
            messages.error(request, exc.message)
    url = adapters.apply_action(policy)["action_url"]
    return redirect(url or "benefits:results")


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(request, "benefits/my_applications.html",
                  {"face": "portal", "items": selectors.my_applications(request.user)})


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_of(request.user, pk)
    policy = selectors.policy_or_none(application.policy_id)
    errors: dict[str, list[str]] = {}
    error_message = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "withdraw":
                services.application_withdraw(applicant=request.user, application=application)
                messages.info(request, _("Application withdrawn."))
            else:
                known = [d.id for d in policy.documents] if policy else []
                documents = {k: request.FILES[k] for k in known if k in request.FILES}
                services.application_add_documents(applicant=request.user, application=application,
                                                   documents=documents, note=request.POST.get("note", ""))
                messages.success(request, _("Documents sent. Your application is back in review."))
        except ServiceError as exc:
            errors, error_message = exc.fields, exc.message
        else:
            return redirect("benefits:application", pk=pk)
    language = adapters.lang()
    documents = _document_fields(policy, language) if policy else []
    return render(request, "benefits/application_detail.html", {
        "face": "portal", "application": application, "decisions": application.decisions.all(),
        "documents": documents, "document_labels": {d["id"]: d["label"] for d in documents}, "errors": errors,
        "error_message": error_message, "disbursements": application.disbursements.all(),
        "approved_amount_text": _approved_amount_text(application),
        # After approval of a money benefit, say what happens next (who pays, where to look).
        "pays_out": application.status == "approved" and policy is not None and policy.amount is not None,
    })


def _approved_amount_text(application) -> str:
    """'1,600元（每月）' for an approved application with an amount; '' otherwise."""
    if application.approved_amount is None:
        return ""
    return adapters.amount_text(application.approved_amount, None, application.amount_unit)


# -- review queue (responsible unit) -----------------------------------------------------------


@workbench_required
def review_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    qs = selectors.review_queue(request.user)
    if status == "open":
        qs = qs.filter(status__in=["submitted", "more_documents"])
    elif status:
        qs = qs.filter(status=status)
    return render(request, "benefits/review_queue.html",
                  {"face": "workbench", "page": page_of(request, qs), "status": status})


@workbench_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.reviewable_application(request.user, pk)
    ps = selectors.policy_set()
    language = adapters.lang()
    decision_form = DecisionForm(prefix="d")
    pay_form = DisbursementForm(prefix="p")
    if request.method == "POST":
        try:
            if request.POST.get("action") == "pay":
                pay_form = DisbursementForm(request.POST, prefix="p")
                if pay_form.is_valid():
                    services.disbursement_record(staff=request.user, application=application, **pay_form.cleaned_data)
                    messages.success(request, _("Disbursement recorded."))
                    return redirect("benefits:review", pk=pk)
            else:
                decision_form = DecisionForm(request.POST, prefix="d")
                if decision_form.is_valid():
                    data = decision_form.cleaned_data
                    services.application_decide(reviewer=request.user, application=application,
                                                outcome=data["outcome"], reason=data["reason"], amount=data["amount"])
                    messages.success(request, _("Decision recorded; the applicant has been notified."))
                    return redirect("benefits:review", pk=pk)
        except ServiceError as exc:
            add_to_form(pay_form if request.POST.get("action") == "pay" else decision_form, exc)
    result = eligibility_now(application)
    personal_data_viewed(viewer=request.user, subject=application.applicant, action="benefits.review",
                         purpose=gettext_lazy("Review of the application for %(policy)s"),
                         purpose_params={"policy": application.policy_name}, fields=["name", "answers", "documents"])
    return render(request, "benefits/review.html", {
        "face": "workbench", "application": application,
        "answers": adapters.answers_view(ps, applicant_facts(application), language),
        "approved_amount_text": _approved_amount_text(application),
        "eligibility": adapters.result_view(result, ps, language, staff=True) if result else None,
        "decisions": application.decisions.select_related("decided_by"),
        "disbursements": application.disbursements.all(), "decision_form": decision_form, "pay_form": pay_form,
        "can_decide": application.is_open and services.can_decide(request.user, application),
        "can_pay": application.status == "approved" and services.can_decide(request.user, application),
        "document_labels": {d["id"]: d["label"] for d in (_document_fields(ps.policies[application.policy_id], language)
                                                         if application.policy_id in ps.policies else [])},
    })


@workbench_required
def review_document(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(
        ApplicationDocument.objects.filter(application__in=selectors.review_queue(request.user))
        .select_related("application__applicant"), pk=pk
    )
    personal_data_viewed(viewer=request.user, subject=document.application.applicant,
                         action="benefits.document", fields=["documents"],
                         purpose=gettext_lazy("Review of the application for %(policy)s: a supporting document"),
                         purpose_params={"policy": document.application.policy_name})
    return FileResponse(document.file.open("rb"), as_attachment=False, filename=document.original_name,
                        content_type=document.content_type)


@login_required
def my_document(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(ApplicationDocument.objects.filter(application__applicant=request.user), pk=pk)
    return FileResponse(document.file.open("rb"), as_attachment=False, filename=document.original_name,
                        content_type=document.content_type)


# -- microsimulation ---------------------------------------------------------------------------


@login_required
def simulation(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, *SIMULATION_ROLES):
        raise PermissionDenied
    ps = selectors.policy_set()
    language = adapters.lang()
    # Each option names its place (a county's minimum wage is one parameter per county group).
    numeric = [(name, adapters.parameter_label(ps, name, language))
               for name, spec in ps.parameters.items() if spec.type in ("int", "number")]
    form = SimulationForm(request.GET or None, parameters=numeric, coerce=ps.coerce_parameter,
                          initial={"n": 100_000, "seed": 2026})
    context: dict[str, Any] = {"face": "dashboard", "form": form}
    if form.is_bound and form.is_valid():
        n, seed = form.cleaned_data["n"], form.cleaned_data["seed"]
        overrides = form.cleaned_data.get("override")
    elif not form.is_bound:
        n, seed, overrides = 100_000, 2026, None
    else:
        return render(request, "benefits/simulation.html", context)
    started = time.perf_counter()
    base, what_if = selectors.simulation(n=n, seed=seed, overrides=overrides)
    elapsed = time.perf_counter() - started
    context.update(_simulation_context(ps, base, what_if, language))
    context.update(n=n, seed=seed, elapsed_ms=round(elapsed * 1000), overrides=overrides or {})
    return render(request, "benefits/simulation.html", context)


def _simulation_context(ps, base, what_if, language: str) -> dict[str, Any]:
    districts = selectors.city_districts()
    rows = []
    for pid, fig in base.policies.items():
        policy = ps.policies[pid]
        alt = what_if.policies[pid] if what_if else None
        rows.append({
            "id": pid, "name": policy.name.get(language), "kind": adapters.kind_text(policy.kind),
            "unit": fig.unit, "period": adapters.period_text(fig.period),
            "eligible": fig.eligible, "undetermined": fig.undetermined, "eligible_text": grouped(fig.eligible),
            "total": adapters.amount_text(fig.total, fig.total_max, fig.unit) if fig.unit and fig.eligible else "",
            "to_be_set": fig.to_be_set, "amount_open": fig.amount_open,
            "alt_eligible": alt.eligible if alt else None,
            "alt_eligible_text": grouped(alt.eligible) if alt else "",
            "alt_total": adapters.amount_text(alt.total, alt.total_max, alt.unit) if alt and alt.unit and alt.eligible else "",
            "alt_to_be_set": alt.to_be_set if alt else None,
            "changed": bool(alt and (alt.eligible != fig.eligible or alt.total != fig.total or alt.total_max != fig.total_max)),
        })
    cash = [p for p in base.policies.values() if p.kind == "cash" and p.unit == "CNY"]
    alt_cash = [p for p in what_if.policies.values() if p.kind == "cash" and p.unit == "CNY"] if what_if else []
    by_district = []
    for code, name in districts:
        eligible_people = sum(p.by_district[code].eligible for p in base.policies.values() if code in p.by_district)
        cash_total = sum(p.by_district[code].total for p in cash if code in p.by_district)
        alt_total = sum(p.by_district[code].total for p in alt_cash if code in p.by_district) if what_if else None
        by_district.append({"code": code, "name": name, "eligible": grouped(eligible_people),
                            "cash": adapters.amount_text(cash_total, None, "CNY"),
                            "cash_value": cash_total,
                            "alt_cash": adapters.amount_text(alt_total, None, "CNY") if alt_total is not None else "",
                            "alt_cash_value": alt_total})
    chart = {"labels": [d["name"] for d in by_district],
             "datasets": [{"label": _("Known cash cost (yuan)"), "data": [d["cash_value"] for d in by_district],
                           "backgroundColor": "#0b6bcb"}]}
    if what_if:
        chart["datasets"].append({"label": _("What-if"), "data": [d["alt_cash_value"] for d in by_district],
                                  "backgroundColor": "#f59f00"})
    return {
        "rows": rows, "by_district": by_district, "chart": chart, "population": grouped(base.population),
        "cash_total": adapters.amount_text(base.total_cash(), None, "CNY"),
        "alt_cash_total": adapters.amount_text(what_if.total_cash(), None, "CNY") if what_if else "",
        "what_if": what_if is not None,
    }


# -- policy versions: drafts, review, publication ----------------------------------------------


@workbench_required
def policy_versions(request: HttpRequest) -> HttpResponse:
    """The policies in the user's reach with the version in force, and the versions written in the app."""
    ids = selectors.policy_ids_in_reach(request.user)
    if not ids:
        raise PermissionDenied
    ps = selectors.policy_set()
    language = adapters.lang()
    rows = [{"id": pid, "name": ps.policies[pid].name.get(language), "version": registry.version_of(pid)}
            for pid in ids]
    versions = list(selectors.policy_versions_for(request.user).order_by("-updated_at", "-id")[:200])
    reach = selectors.policy_ids_in_reach(request.user, Role.REVIEWER)
    awaiting = [v for v in versions if v.status == PolicyVersion.Status.SUBMITTED
                and services.can_publish_policy(request.user, v, reach)]
    return render(request, "benefits/policy_versions.html", {
        "face": "workbench", "rows": rows, "versions": versions, "awaiting": awaiting,
    })


def _draft_refused(form: PolicyDraftForm, exc: ServiceError) -> None:
    """The engine's error once, on the text it is about (with its line); others as usual."""
    if exc.code == "invalid_policy":
        form.add_error("yaml_text", exc.message)
    else:
        add_to_form(form, exc)


def _draft_page(request: HttpRequest, form: PolicyDraftForm, *, policy_id: str, version=None) -> HttpResponse:
    return render(request, "benefits/policy_edit.html", {
        "face": "workbench", "form": form, "policy_id": policy_id, "version": version,
        "policy": selectors.policy_or_none(policy_id),
    }, status=422 if form.errors else 200)


@workbench_required
def policy_draft_new(request: HttpRequest, policy_id: str) -> HttpResponse:
    """Start a draft from the text in force (edited here) or from an uploaded file."""
    if selectors.policy_or_none(policy_id) is None or not services.can_edit_policy(request.user, policy_id):
        raise Http404
    if request.method == "POST":
        form = PolicyDraftForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                version = services.policy_draft_create(staff=request.user, policy_id=policy_id,
                                                       yaml_text=form.cleaned_data["yaml_text"])
            except ServiceError as exc:
                _draft_refused(form, exc)
            else:
                messages.success(request, _("Draft saved. Check the changes and the tests below."))
                return redirect("benefits:policy-version", pk=version.pk)
        return _draft_page(request, form, policy_id=policy_id)
    current = versioning.text_in_force(policy_id)
    form = PolicyDraftForm(initial={"yaml_text": current.text if current else ""})
    return _draft_page(request, form, policy_id=policy_id)


def _version_or_404(request: HttpRequest, pk: int):
    return get_object_or_404(selectors.policy_versions_for(request.user), pk=pk)


@workbench_required
def policy_version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version_or_404(request, pk)
    if version.author_id != request.user.pk or version.status != PolicyVersion.Status.DRAFT:
        raise PermissionDenied
    if request.method == "POST":
        form = PolicyDraftForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.policy_draft_update(staff=request.user, version=version,
                                             yaml_text=form.cleaned_data["yaml_text"])
            except ServiceError as exc:
                _draft_refused(form, exc)
            else:
                messages.success(request, _("Draft saved. Check the changes and the tests below."))
                return redirect("benefits:policy-version", pk=version.pk)
        return _draft_page(request, form, policy_id=version.policy_id, version=version)
    form = PolicyDraftForm(initial={"yaml_text": version.yaml_text})
    return _draft_page(request, form, policy_id=version.policy_id, version=version)


def _base_text(version) -> str:
    """What the version is compared with: the text in force while it is open; once decided, the
    text it started from (a published version, or the pack's file)."""
    if version.status in (PolicyVersion.Status.DRAFT, PolicyVersion.Status.SUBMITTED):
        current = versioning.text_in_force(version.policy_id)
        return current.text if current else ""
    if version.base_number is not None:
        base = PolicyVersion.objects.filter(policy_id=version.policy_id, number=version.base_number).first()
        return base.yaml_text if base else ""
    return file_text(default_directory(), version.policy_id) or ""


@workbench_required
def policy_version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version_or_404(request, pk)
    base = _base_text(version)
    open_ = version.status in (PolicyVersion.Status.DRAFT, PolicyVersion.Status.SUBMITTED)
    current = versioning.text_in_force(version.policy_id) if open_ else None
    return render(request, "benefits/policy_version.html", {
        "face": "workbench", "version": version, "policy": selectors.policy_or_none(version.policy_id),
        "changes": versioning.field_changes(base, version.yaml_text),
        "lines": versioning.line_diff(base, version.yaml_text),
        "stale": bool(open_ and (current.hash if current else "") != version.base_hash),
        "is_author": version.author_id == request.user.pk,
        "can_publish": version.status == PolicyVersion.Status.SUBMITTED
        and services.can_publish_policy(request.user, version),
        "reject_form": PolicyRejectForm(),
    })


@workbench_required
@require_POST
def policy_version_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Submit (the author), publish or reject (another person with the right)."""
    version = _version_or_404(request, pk)
    with refusals(request):
        if action == "submit":
            services.policy_version_submit(staff=request.user, version=version)
            messages.success(request, _("Submitted for review."))
        elif action == "publish":
            published = services.policy_version_publish(reviewer=request.user, version=version)
            messages.success(request, _("Version %(number)s is published and in force.") % {"number": published.number})
        elif action == "reject":
            form = PolicyRejectForm(request.POST)
            services.policy_version_reject(reviewer=request.user, version=version,
                                           reason=form.data.get("reason", ""))
            messages.success(request, _("The version was rejected; the author sees the reason."))
        else:
            raise Http404
    return redirect("benefits:policy-version", pk=version.pk)
