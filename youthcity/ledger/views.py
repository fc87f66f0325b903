"""Thin views of the ledger: read through selectors, write through services."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from youthcity.accounts.decorators import dashboard_required, workbench_required
from youthcity.accounts.permissions import scope_units
from youthcity.benefits import services as benefit_services
from youthcity.core.edge import EdgeError, int_param, year_param
from youthcity.core.errors import ServiceError
from youthcity.core.web import refusals
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from . import bindings, drafts, evaluation, exports, selectors, services
from .forms import (
    MeasureForm,
    MeasureManageForm,
    ReportForm,
    ReviewForm,
    SettingsForm,
    SplitForm,
    TargetLiveForm,
    TargetManageForm,
    UnitCreateForm,
    UnitMapForm,
    UploadForm,
    targets_from_post,
)
from .models import (
    STATUS_LABELS,
    Comparator,
    FourList,
    Plan,
    PlanImport,
    ProgressReport,
    ReportingPeriod,
    Target,
)

# --- Home -----------------------------------------------------------------------------------

@workbench_required
def home(request):
    user = request.user
    mine = selectors.measure_states(selectors.unit_measures(user).order_by(
        "project__plan", "project__position", "position")[:300])
    return render(request, "ledger/home.html", {
        "face": "workbench",
        "is_coordinator": selectors.is_coordinator(user),
        "imports": selectors.imports_for(user).filter(status=PlanImport.Status.DRAFT)[:50],
        "plans": selectors.plan_summaries(user),
        "pending": selectors.pending_reviews(user)[:100],
        "mine": mine,
        "status_labels": STATUS_LABELS,
    })


# --- Import and review ----------------------------------------------------------------------

def _coordinator_import(request, import_id: int) -> PlanImport:
    return get_object_or_404(selectors.imports_for(request.user), pk=import_id)


@workbench_required
def import_upload(request):
    regions = selectors.coordinated_regions(request.user)
    if not regions.exists():
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, regions=regions.order_by("path"))
    existing = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = services.plan_import_create(user=request.user, region=form.cleaned_data["region"],
                                                  filename=upload.name, data=upload.read())
        except ServiceError as exc:
            existing = exc.detail
            form.add_error("file", exc.message)
        else:
            if len(created) > 1:
                messages.info(request, _("The file holds %(n)d plans; each is a separate draft.") % {"n": len(created)})
            return redirect("ledger:import-review", created[0].pk)
    return render(request, "ledger/import_upload.html", {"face": "workbench", "form": form, "existing": existing})


def _unit_choices(user, data):
    """Units the coordinator may choose, plus those already resolved for this draft."""
    chosen = [c.get("unit") for c in data.get("units", {}).values() if c.get("unit")]
    return (scope_units(user, write=True) | Unit.objects.filter(pk__in=chosen)).distinct() \
        .select_related("region").order_by("region__path", "name")


@workbench_required
def import_review(request, import_id: int):
    plan_import = _coordinator_import(request, import_id)
    data = plan_import.data
    regions = selectors.coordinated_regions(request.user).order_by("path")
    names = drafts.unit_names(data)
    settings_form = SettingsForm(regions=regions, initial={
        "title": data.get("title") or "", "issuer": data.get("issuer") or "", "region": plan_import.region,
        **data.get("settings", {})})
    units = _unit_choices(request.user, data)
    unit_form = UnitMapForm(names=names, current=data.get("units", {}), units=units)
    unmapped = set(drafts.unmapped_names(data))
    unit_names_by_id = {u.pk: u.display_name for u in units.filter(
        pk__in=[c.get("unit") for c in data.get("units", {}).values() if c.get("unit")])}
    create_forms = [(name, UnitCreateForm(regions=regions, prefix=f"new{i}",
                                          initial={"name": name, "official_name": name, "region": plan_import.region}))
                    for i, name in enumerate(names) if name in unmapped]
    return render(request, "ledger/import_review.html", {
        "create_forms": create_forms, "without_units": drafts.measures_without_units(data),
        "face": "workbench", "imp": plan_import, "data": _with_live_hints(data), "counts": drafts.counts(data),
        "settings_form": settings_form, "unit_form": unit_form, "unmapped": unmapped,
        "unit_labels": unit_names_by_id, "units_state": data.get("units", {}),
        "editable": plan_import.status == PlanImport.Status.DRAFT,
        "list_labels": dict(FourList.choices), "comparator_labels": dict(Comparator.choices),
    })


def _with_live_hints(data: dict) -> dict:
    """A copy of the draft where each target carries ``live_hint``: its chosen live measure, or the suggested ones."""
    from youthcity.core import measures

    projects = []
    for project in data["projects"]:
        ms = []
        for m in project["measures"]:
            targets = []
            for t in m.get("targets", []):
                chosen = measures.get((t.get("live") or {}).get("code") or "")
                suggested = [] if chosen else bindings.suggestions(
                    subject=t.get("subject") or "", text=t.get("text") or "", unit=t.get("unit") or "",
                    context=m.get("text") or "")
                targets.append({**t, "live_hint": {"chosen": chosen, "suggested": suggested}})
            ms.append({**m, "targets": targets})
        projects.append({**project, "measures": ms})
    return {**data, "projects": projects}


@workbench_required
@require_POST
def import_settings(request, import_id: int):
    plan_import = _coordinator_import(request, import_id)
    form = SettingsForm(request.POST, regions=selectors.coordinated_regions(request.user))
    if form.is_valid():
        with refusals(request):
            services.plan_import_update_settings(user=request.user, plan_import=plan_import, **form.cleaned_data)
            messages.success(request, _("Plan details saved."))
    else:
        messages.error(request, _("The plan details were not saved: %(errors)s") % {
            "errors": "; ".join(f"{form.fields[f].label}: {e[0]}" for f, e in form.errors.items() if f in form.fields)})
    return redirect("ledger:import-review", plan_import.pk)


@workbench_required
@require_POST
def import_units(request, import_id: int):
    plan_import = _coordinator_import(request, import_id)
    units = _unit_choices(request.user, plan_import.data)
    form = UnitMapForm(request.POST, names=drafts.unit_names(plan_import.data),
                       current=plan_import.data.get("units", {}), units=units)
    if form.is_valid():
        with refusals(request):
            plan_import = services.plan_import_map_units(user=request.user, plan_import=plan_import,
                                                         choices=form.choices())
            left = drafts.unmapped_names(plan_import.data)
            if left:
                messages.warning(request, _("Unit choices saved. Still to decide: %(names)s") % {"names": "、".join(left)})
            else:
                messages.success(request, _("Every unit name is decided."))
    return redirect(reverse("ledger:import-review", args=[plan_import.pk]) + "#units")


@workbench_required
@require_POST
def import_create_unit(request, import_id: int):
    plan_import = _coordinator_import(request, import_id)
    prefix = request.POST.get("prefix", "")
    if not (prefix.startswith("new") and prefix[3:].isdigit() and len(prefix) < 10):
        return render(request, "400.html", {"message": _("The form was incomplete; reload the page.")}, status=400)
    form = UnitCreateForm(request.POST, prefix=prefix, regions=selectors.coordinated_regions(request.user))
    if not form.is_valid():
        messages.error(request, _("The unit was not created: %(errors)s") % {
            "errors": "; ".join(f"{form.fields[f].label or ''}: {e[0]}" for f, e in form.errors.items() if f in form.fields)})
    else:
        data = form.cleaned_data
        with refusals(request):
            services.plan_import_create_unit(user=request.user, plan_import=plan_import, name=data["name"],
                                             region=data["region"], official_name=data["official_name"],
                                             kind=data["kind"], short_name=data["short_name"])
            messages.success(request, _("Unit “%(unit)s” created; “%(name)s” now means it.") % {
                "unit": data["official_name"], "name": data["name"]})
    return redirect(reverse("ledger:import-review", args=[plan_import.pk]) + "#units")


@workbench_required
@require_POST
def import_delete_measure(request, import_id: int, p: int, m: int):
    plan_import = _coordinator_import(request, import_id)
    with refusals(request):
        services.plan_import_delete_measure(user=request.user, plan_import=plan_import, project_index=p, measure_index=m)
        messages.success(request, _("Measure deleted from the draft."))
    return redirect(reverse("ledger:import-review", args=[plan_import.pk]) + "#measures-h")


MAX_TARGET_ROWS = 100  # target rows one measure's editor can send


@workbench_required
def import_measure(request, import_id: int, p: int, m: int):
    plan_import = _coordinator_import(request, import_id)
    try:
        measure = plan_import.data["projects"][p]["measures"][m]
    except (IndexError, KeyError) as exc:
        raise Http404 from exc
    targets = list(measure.get("targets", []))
    if request.method == "POST":
        form = MeasureForm(request.POST)
        try:
            count = int_param(request.POST.get("target_rows"), low=0, high=MAX_TARGET_ROWS, default=0)
        except EdgeError as exc:
            return render(request, "400.html", {"message": exc.message}, status=400)
        rows = targets_from_post(request.POST, count)
        if form.is_valid():
            with refusals(request, form) as outcome:
                services.plan_import_edit_measure(
                    user=request.user, plan_import=plan_import, project_index=p, measure_index=m,
                    number=form.cleaned_data["number"], title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"], responsible_units=form.unit_names(),
                    lists=form.cleaned_data["lists"], targets=rows)
                messages.success(request, _("Measure saved."))
                return redirect(reverse("ledger:import-review", args=[plan_import.pk]) + f"#m-{p}-{m}")
            target_errors = {k: v for k, v in outcome.error.fields.items() if k.startswith("targets-")}
            return render(request, "ledger/import_measure.html", _measure_ctx(plan_import, p, m, form, rows,
                                                                              target_errors))
        return render(request, "ledger/import_measure.html", _measure_ctx(plan_import, p, m, form, rows, {}))
    form = MeasureForm(initial={"number": measure.get("number") or "", "title": measure.get("title") or "",
                                "text": measure["text"], "responsible_units": "\n".join(measure.get("responsible_units", [])),
                                "lists": measure.get("lists", [])})
    return render(request, "ledger/import_measure.html", _measure_ctx(plan_import, p, m, form, targets, {}))


def _measure_ctx(plan_import, p, m, form, targets, target_errors):
    from youthcity.core import measures

    from .forms import measure_label

    def live_code(t):
        live = t.get("live")
        return (live.get("code") if isinstance(live, dict) else live) or ""

    rows = [dict(t, index=i, live_code=live_code(t), errors={k.rsplit("-", 1)[1]: v for k, v in target_errors.items()
                                                            if k.startswith(f"targets-{i}-")})
            for i, t in enumerate(list(targets) + [{}])]  # one empty row to add a target
    return {"face": "workbench", "imp": plan_import, "p": p, "m": m, "form": form, "rows": rows,
            "comparators": Comparator.choices,
            "live_choices": [(x.code, measure_label(x)) for x in measures.all_measures()]}


@workbench_required
@require_POST
def import_merge(request, import_id: int, p: int, m: int):
    plan_import = _coordinator_import(request, import_id)
    with refusals(request):
        services.plan_import_merge_measures(user=request.user, plan_import=plan_import, project_index=p, measure_index=m)
        messages.success(request, _("Measures merged."))
    return redirect(reverse("ledger:import-review", args=[plan_import.pk]) + f"#m-{p}-{m}")


@workbench_required
def import_split(request, import_id: int, p: int, m: int):
    plan_import = _coordinator_import(request, import_id)
    try:
        measure = plan_import.data["projects"][p]["measures"][m]
    except (IndexError, KeyError) as exc:
        raise Http404 from exc
    form = SplitForm(request.POST or None, initial={"text": measure["text"]})
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            services.plan_import_split_measure(user=request.user, plan_import=plan_import, project_index=p,
                                               measure_index=m, text_with_markers=form.cleaned_data["text"])
            messages.success(request, _("Measure split."))
            return redirect(reverse("ledger:import-review", args=[plan_import.pk]) + f"#m-{p}-{m}")
    return render(request, "ledger/import_split.html", {"face": "workbench", "imp": plan_import, "form": form,
                                                        "measure": measure})


@workbench_required
@require_POST
def import_publish(request, import_id: int):
    plan_import = _coordinator_import(request, import_id)
    orphans = drafts.measures_without_units(plan_import.data)
    with refusals(request):
        plan = services.plan_import_publish(user=request.user, plan_import=plan_import)
        messages.success(request, _("The plan is published to the work ledger."))
        if orphans:
            messages.warning(request, _("No unit is responsible for these measures, so nobody will report on them: "
                                        "%(measures)s. Give them a unit through a plan amendment.") % {
                "measures": "；".join(f"{o['number']} {o['label']}".strip() for o in orphans)})
        return redirect("ledger:plan", plan.pk)
    return redirect(reverse("ledger:import-review", args=[plan_import.pk]) + "#units")


@workbench_required
@require_POST
def import_discard(request, import_id: int):
    plan_import = _coordinator_import(request, import_id)
    with refusals(request):
        services.plan_import_discard(user=request.user, plan_import=plan_import)
        messages.success(request, _("The draft was discarded."))
    return redirect("ledger:home")


# --- Plans and measures ---------------------------------------------------------------------

def _plan(request, plan_id: int) -> Plan:
    return get_object_or_404(selectors.visible_plans(request.user), pk=plan_id)


def _grouped(plan, states):
    projects = []
    by_project: dict[int, list] = {}
    for s in states:
        by_project.setdefault(s.measure.project_id, []).append(s)
    for project in plan.projects.all().order_by("position"):
        if project.pk in by_project:
            projects.append((project, by_project[project.pk]))
    return projects


@workbench_required
def plan_detail(request, plan_id: int):
    plan = _plan(request, plan_id)
    states = selectors.measure_states(selectors.visible_measures(request.user, plan).order_by(
        "project__position", "position"))
    return render(request, "ledger/plan.html", {
        "face": "workbench", "plan": plan, "projects": _grouped(plan, states), "counts": selectors.status_counts(states),
        "status_labels": STATUS_LABELS, "lists": FourList.choices, "whole": selectors.can_oversee(request.user, plan.region),
        "coordinator": selectors.can_coordinate(request.user, plan.region), "period": selectors.current_period(plan)})


@workbench_required
def plan_export(request, plan_id: int):
    plan = _plan(request, plan_id)
    list_code = request.GET.get("list") or None
    if list_code and list_code not in FourList.values:
        raise Http404
    measures = selectors.visible_measures(request.user, plan).order_by("project__position", "position")
    content = exports.ledger_workbook(plan, selectors.measure_states(measures), list_code=list_code)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"ledger-{plan.pk}-{list_code or 'all'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@workbench_required
def plan_print(request, plan_id: int):
    plan = _plan(request, plan_id)
    states = selectors.measure_states(selectors.visible_measures(request.user, plan).order_by(
        "project__position", "position"))
    return render(request, "ledger/print.html", {"plan": plan, "projects": _grouped(plan, states),
                                                 "counts": selectors.status_counts(states),
                                                 "status_labels": STATUS_LABELS, "today": selectors.today()})


@workbench_required
def measure_detail(request, measure_id: int):
    measure = get_object_or_404(selectors.visible_measures(request.user), pk=measure_id)
    plan = measure.project.plan
    [state] = selectors.measure_states([measure])
    units = selectors.reportable_units(request.user, measure)
    report_form = None
    if units.exists():
        report_form = ReportForm(request.POST or None, request.FILES or None, units=units,
                                 targets=measure.targets.all(), initial={"unit": units.first()})
        if request.method == "POST" and report_form.is_valid():
            values = {t.pk: report_form.cleaned_data.get(f"target_{t.pk}", "") for t in report_form.targets}
            with refusals(request, report_form):
                services.progress_report_submit(
                    user=request.user, measure=measure, unit=report_form.cleaned_data["unit"],
                    narrative=report_form.cleaned_data["narrative"], values=values,
                    percent_complete=report_form.cleaned_data.get("percent_complete"),
                    files=request.FILES.getlist("evidence"))
                messages.success(request, _("Your progress report was submitted to the coordinating office."))
                return redirect("ledger:measure", measure.pk)
    elif request.method == "POST":
        raise PermissionDenied
    coordinator = selectors.can_coordinate(request.user, plan.region)
    awaiting = None
    if report_form is not None and not report_form.is_bound:
        awaiting = measure.reports.filter(unit__in=units, review__isnull=True).order_by("-submitted_at").first()
    manage_form = MeasureManageForm(initial={"lists": measure.lists}, prefix="manage") if coordinator else None
    return render(request, "ledger/measure.html", {
        "manage_form": manage_form, "awaiting": awaiting, "live": _live_rows(state, coordinator),
        "face": "workbench", "measure": measure, "plan": plan, "state": state, "report_form": report_form,
        "history": selectors.report_history(measure), "coordinator": coordinator,
        "review_form": ReviewForm() if coordinator else None, "period": selectors.current_period(plan),
        "status_labels": STATUS_LABELS, "list_labels": dict(FourList.choices)})


@workbench_required
@require_POST
def report_review(request, report_id: int):
    report = get_object_or_404(ProgressReport.objects.filter(
        measure__project__plan__region__in=selectors.coordinated_regions(request.user)), pk=report_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or return."))
    else:
        with refusals(request):
            services.report_review(user=request.user, report=report, decision=form.cleaned_data["decision"],
                                   comment=form.cleaned_data["comment"], quality=form.cleaned_data["quality"])
            messages.success(request, _("Review saved."))
    return redirect(reverse("ledger:measure", args=[report.measure_id]) + f"#report-{report.pk}")


# --- Leaders' dashboard and assessment ------------------------------------------------------

_ENUMERATION = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．])[、.．\s]*")
_CLAUSE_END = re.compile(r"[，,；;：:。]")
CHART_LABEL_CHARS = 8  # at 12 px a glyph, 8 characters leave a 390 px phone two thirds of the width for bars


def chart_label(label: str, size: int = CHART_LABEL_CHARS) -> str:
    """A bar's label that fits a phone: the title without its enumeration (（一）、), up to its first
    clause (开展引才聚才行动，打造… → 开展引才聚才行动), cut at ``size`` characters with an ellipsis.
    The full title stays in the tooltip and in the table under the chart."""
    text = _ENUMERATION.sub("", label or "").strip()
    text = _CLAUSE_END.split(text, maxsplit=1)[0].strip() or text
    return text if len(text) <= size else text[: size - 1] + "…"


@dashboard_required
def dashboard(request):
    plan_id = request.GET.get("plan")
    data = selectors.dashboard(request.user, plan_id=int(plan_id) if plan_id and plan_id.isascii() and plan_id.isdigit() and len(plan_id) < 19 else None)
    charts = {
        "projects": {"labels": [chart_label(r["project"].title or str(r["plan"])) for r in data["projects"]],
                     "titles": [r["project"].title or str(r["plan"]) for r in data["projects"]],
                     "values": [r["completion"] for r in data["projects"]], "label": _("Completion (%)")},
        "units": {"labels": [chart_label(r["unit"].display_name) for r in data["units"][:15]],
                  "titles": [r["unit"].display_name for r in data["units"][:15]],
                  "values": [r["completion"] for r in data["units"][:15]], "label": _("Completion (%)")},
        "status": {"labels": [str(STATUS_LABELS[k]) for k in data["counts"]], "values": list(data["counts"].values()),
                   "colours": ["#dc3545", "#ffc107", "#6c757d", "#0d6efd", "#198754"][:len(data["counts"])]},
    }
    # About 1.6rem per bar so labels stay readable on a phone.
    heights = {k: max(12, round(1.6 * len(charts[k]["labels"]) + 3)) for k in ("projects", "units")}
    return render(request, "ledger/dashboard.html", {"face": "dashboard", **data, "charts": charts, "heights": heights,
                                                     "status_labels": STATUS_LABELS})


@dashboard_required
def assessment(request):
    today = selectors.today()
    try:
        year = year_param(request.GET.get("year"), default=today.year)
    except EdgeError as exc:
        return render(request, "400.html", {"message": exc.message}, status=400)
    rows = selectors.assessment(request.user, year=year)
    return render(request, "ledger/assessment.html", {"face": "dashboard", "rows": rows, "year": year,
                                                      "weights": selectors.assessment_weights()})



@workbench_required
@require_POST
def measure_manage(request, measure_id: int):
    measure = get_object_or_404(selectors.visible_measures(request.user), pk=measure_id)
    form = MeasureManageForm(request.POST, prefix="manage")
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    else:
        with refusals(request):
            services.measure_update(user=request.user, measure=measure, lists=form.cleaned_data["lists"])
            if form.cleaned_data["milestone_title"]:
                services.milestone_create(user=request.user, measure=measure, title=form.cleaned_data["milestone_title"],
                                          due_on=form.cleaned_data["milestone_due_on"])
            messages.success(request, _("Measure saved."))
    return redirect("ledger:measure", measure.pk)


@workbench_required
@require_POST
def target_manage(request, target_id: int):
    target = get_object_or_404(Target.objects.filter(measure__in=selectors.visible_measures(request.user)), pk=target_id)
    form = TargetManageForm(request.POST, prefix=f"t{target.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(f"{form.fields[f].label}: {e[0]}" for f, e in form.errors.items()
                                         if f in form.fields))
    else:
        with refusals(request):
            services.target_update(user=request.user, target=target, **form.cleaned_data)
            messages.success(request, _("Target saved."))
    return redirect("ledger:measure", target.measure_id)


# --- Targets bound to live measures -----------------------------------------------------------

def _live_regions(plan):
    """Regions a target of ``plan`` may be counted for: the plan's region and the regions directly in it."""
    return (Region.objects.filter(pk=plan.region_id) | Region.objects.filter(parent=plan.region_id)).order_by("path")


def _live_rows(state, coordinator: bool) -> list[dict]:
    """Per target: its binding (reading, history) or, for coordinators, the suggested measures and the bind form."""
    rows = []
    plan = state.measure.project.plan
    regions = None
    for t in state.targets:
        target = t.target
        if not (target.live_measure or coordinator):
            continue
        row = {"state": t, "target": target, "history": selectors.live_history(target) if target.live_measure else [],
               "suggested": [] if target.live_measure else bindings.target_suggestions(target)}
        if coordinator and not target.live_measure:
            if regions is None:
                regions = _live_regions(plan)
            suggested = row["suggested"]
            row["form"] = TargetLiveForm(regions=regions, suggested=suggested, prefix=f"live{target.pk}", initial={
                "code": suggested[0].code if suggested else None, "region": plan.region_id,
                "period": bindings.default_period(suggested[0].code, per_year=target.per_year) if suggested else None})
        rows.append(row)
    return rows


@workbench_required
@require_POST
def target_live(request, target_id: int):
    """Bind a target to a live measure (``action=bind``) or unbind it (``action=unbind``)."""
    target = get_object_or_404(Target.objects.filter(measure__in=selectors.visible_measures(request.user))
                               .select_related("measure__project__plan__region"), pk=target_id)
    plan = target.measure.project.plan
    if request.POST.get("action") == "unbind":
        with refusals(request):
            services.target_unbind(user=request.user, target=target)
            messages.success(request, _("The target is no longer read from the platform; units report its value again."))
        return redirect(reverse("ledger:measure", args=[target.measure_id]) + f"#live-{target.pk}")
    form = TargetLiveForm(request.POST, regions=_live_regions(plan), prefix=f"live{target.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(f"{form.fields[f].label}: {e[0]}" for f, e in form.errors.items()
                                         if f in form.fields))
    else:
        with refusals(request):
            services.target_bind(user=request.user, target=target, code=form.cleaned_data["code"],
                                 region=form.cleaned_data["region"], period=form.cleaned_data["period"])
            messages.success(request, _("The target now reads its value from the platform."))
    return redirect(reverse("ledger:measure", args=[target.measure_id]) + f"#live-{target.pk}")


@workbench_required
@require_POST
def import_target_live(request, import_id: int, p: int, m: int, t: int):
    """Accept a suggested binding in the import review (``code``), or remove it (empty ``code``)."""
    plan_import = _coordinator_import(request, import_id)
    with refusals(request):
        services.plan_import_bind_target(user=request.user, plan_import=plan_import, project_index=p,
                                         measure_index=m, target_index=t, code=request.POST.get("code") or None)
        messages.success(request, _("Binding saved; it applies when the plan is published.")
                         if request.POST.get("code") else _("Binding removed."))
    return redirect(reverse("ledger:import-review", args=[plan_import.pk]) + f"#m-{p}-{m}")


# --- Stage evaluation (阶段性评估) -----------------------------------------------------------

def _evaluation_args(request, plan_id: int) -> tuple[Plan, ReportingPeriod, list[ReportingPeriod]]:
    """The plan (overseen by the user, else 404) and the chosen period (default: the latest started)."""
    plan = get_object_or_404(Plan.objects.filter(region__in=selectors.overseen_regions(request.user))
                             .select_related("region"), pk=plan_id)
    periods = list(plan.periods.filter(starts_on__lte=selectors.today()).order_by("-starts_on")) \
        or list(plan.periods.order_by("starts_on")[:1])
    if not periods:
        raise Http404
    try:
        chosen = int_param(request.GET.get("period"), low=1, high=2**62, default=periods[0].pk)
    except EdgeError as exc:
        raise Http404 from exc
    period = next((p for p in periods if p.pk == chosen), None)
    if period is None:
        raise Http404
    return plan, period, periods


def _evaluation_name(plan: Plan, period: ReportingPeriod, ext: str) -> str:
    return f"evaluation-{plan.pk}-{period.starts_on:%Y%m%d}-{period.ends_on:%Y%m%d}.{ext}"


@dashboard_required
def evaluation_page(request, plan_id: int):
    plan, period, periods = _evaluation_args(request, plan_id)
    data = evaluation.build(request.user, plan, period)
    return render(request, "ledger/evaluation.html", {"face": "dashboard", **data, "periods": periods,
                                                      "status_labels": STATUS_LABELS})


@dashboard_required
def evaluation_pdf(request, plan_id: int):
    plan, period, _periods = _evaluation_args(request, plan_id)
    response = HttpResponse(evaluation.pdf(evaluation.build(request.user, plan, period)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_evaluation_name(plan, period, "pdf")}"'
    return response


@dashboard_required
def evaluation_xlsx(request, plan_id: int):
    plan, period, _periods = _evaluation_args(request, plan_id)
    response = HttpResponse(evaluation.xlsx(evaluation.build(request.user, plan, period)),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_evaluation_name(plan, period, "xlsx")}"'
    return response


# --- Plan amendments (versions) --------------------------------------------------------------

def _amend_input(post, targets, measures) -> tuple[dict, dict, dt.date | None, dict[str, str]]:
    """The amendment form's fields: ``t<id>-value``, ``t<id>-deadline``, ``lead_<measure id>``, ``ends_on``."""
    errors: dict[str, str] = {}
    wanted: dict[int, dict] = {}
    for t in targets:
        if f"t{t.pk}-value" not in post:  # not on the form sent: unchanged
            continue
        raw_value, raw_deadline = post.get(f"t{t.pk}-value", "").strip(), post.get(f"t{t.pk}-deadline", "").strip()
        try:
            value = Decimal(raw_value) if raw_value else t.value
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            errors[f"target_{t.pk}"] = _("Enter a number that is zero or more.")
            continue
        try:
            deadline = dt.date.fromisoformat(raw_deadline) if raw_deadline else None
        except ValueError:
            errors[f"target_{t.pk}"] = _("Enter a valid date.")
            continue
        wanted[t.pk] = {"value": value, "deadline": deadline}
    leads = {m.pk: int(post[f"lead_{m.pk}"]) for m in measures
             if post.get(f"lead_{m.pk}", "").isdigit() and len(post[f"lead_{m.pk}"]) < 12}
    ends_on = None
    if post.get("ends_on"):
        try:
            ends_on = dt.date.fromisoformat(post["ends_on"])
        except ValueError:
            errors["ends_on"] = _("Enter a valid date.")
    return wanted, leads, ends_on, errors


@workbench_required
def plan_amend(request, plan_id: int):
    plan = get_object_or_404(Plan.objects.filter(region__in=selectors.coordinated_regions(request.user)), pk=plan_id)
    measures = list(selectors.visible_measures(request.user, plan).order_by("project__position", "position"))
    states = selectors.measure_states(measures)
    targets = [t.target for s in states for t in s.targets]
    units = list(scope_units(request.user, write=True).select_related("region").order_by("region__path", "name"))
    known = {u.pk for u in units}
    units += [u for s in states for u in s.lead_units + s.co_units if u.pk not in known and not known.add(u.pk)]
    errors: dict[str, str] = {}
    reason = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        wanted, leads, ends_on, errors = _amend_input(request.POST, targets, measures)
        if not errors:
            with refusals(request) as outcome:
                version = services.plan_amend(user=request.user, plan=plan, reason=reason, targets=wanted, leads=leads,
                                              ends_on=ends_on)
                messages.success(request, _("The plan is amended: version %(n)s.") % {"n": version.number})
                return redirect("ledger:plan-versions", plan.pk)
            errors = dict(outcome.error.fields) if outcome.error is not None else {}
    return render(request, "ledger/amend.html", {"face": "workbench", "plan": plan, "states": states, "units": units,
                                                 "errors": errors, "reason": reason})


@workbench_required
def plan_versions(request, plan_id: int):
    plan = _plan(request, plan_id)
    return render(request, "ledger/versions.html", {
        "face": "workbench", "plan": plan, "versions": plan.versions.select_related("created_by"),
        "coordinator": selectors.can_coordinate(request.user, plan.region)})


def _coordinated_plan(request, plan_id: int) -> Plan:
    plan = _plan(request, plan_id)
    if not selectors.can_coordinate(request.user, plan.region):
        raise PermissionDenied
    return plan


@workbench_required
def plan_policy_drafts(request, plan_id: int):
    """从规划起草的政策: the drafts of the plan's benefit clauses, for its region's coordinators."""
    plan = _coordinated_plan(request, plan_id)
    drafts = list(selectors.policy_drafts(plan))
    return render(request, "ledger/policy_drafts.html", {
        "face": "workbench", "plan": plan, "drafts": drafts,
        "can_start": {d.pk for d in drafts if benefit_services.can_edit_policy(request.user, d.policy_id)}})


@workbench_required
@require_POST
def plan_policy_draft_start(request, plan_id: int, draft_id: int):
    """Open a drafted policy as a policy version draft (the benefits editor: complete what is left
    to the city, test, submit for publication by another person)."""
    plan = _coordinated_plan(request, plan_id)
    draft = get_object_or_404(selectors.policy_drafts(plan), pk=draft_id)
    try:
        version = benefit_services.policy_draft_create(
            staff=request.user, policy_id=draft.policy_id, yaml_text=draft.yaml_text,
            source_note=_("Drafted from %(plan)s, %(clause)s") % {"plan": plan.title, "clause": draft.label})
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("ledger:policy-drafts", plan_id=plan.pk)
    return redirect("benefits:policy-version", pk=version.pk)


@workbench_required
def plan_policy_draft_download(request, plan_id: int, draft_id: int):
    """One draft as its policy file (<policy id>.yaml), to edit, test and publish as a version."""
    plan = _coordinated_plan(request, plan_id)
    draft = get_object_or_404(selectors.policy_drafts(plan), pk=draft_id)
    response = HttpResponse(draft.yaml_text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{draft.policy_id}.yaml"'
    return response
