"""Thin views: workbench (collection, review, runs), public publication page, leaders' dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from youthcity.accounts.decorators import dashboard_required, workbench_required
from youthcity.core import measures
from youthcity.core.web import refusals

from . import reports, selectors, services
from .forms import LivePullForm, ReviewForm, RunForm, TemplateForm, UploadForm, ValuesForm
from .models import Submission


def _framework_or_404():
    fw = selectors.current_framework()
    if fw is None:
        raise Http404
    return fw


# --- Workbench -----------------------------------------------------------------------------------

@workbench_required
def work_home(request):
    fw = _framework_or_404()
    user = request.user
    return render(request, "monitoring/work_home.html", {
        "face": "workbench", "framework": fw,
        "my_indicators": selectors.submittable_indicators(user, fw),
        "submissions": selectors.visible_submissions(user)[:30],
        "pending": selectors.pending_reviews(user)[:50],
        "is_office": selectors.is_statistics_office(user, fw),
        "can_run": selectors.can_run_index(user, fw),
        "template_form": TemplateForm(), "live_form": LivePullForm(),
    })


@workbench_required
def registry(request):
    fw = _framework_or_404()
    return render(request, "monitoring/registry.html", {
        "face": "workbench", "framework": fw, "indicators": selectors.registry(fw),
        "live": [{"code": li.code, "label": li.label, "unit": li.unit, "provider": li.provider}
                 for li in measures.all_measures()],
        "versions": fw.__class__.objects.filter(code=fw.code, city=fw.city)})


@workbench_required
def submit_values(request):
    fw = _framework_or_404()
    indicators = selectors.submittable_indicators(request.user, fw)
    if not indicators:
        raise PermissionDenied(_("Your unit supplies no indicator of the index."))
    form = ValuesForm(request.POST or None, indicators=indicators, districts=selectors.districts_of(fw))
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        rows = [services.ValueRow(indicator=i.code, district=d["district"].code, period=d["period"],
                                  value=d[f"v_{i.code}"], where=i.display_name)
                for i in indicators if (d.get(f"v_{i.code}") or "").strip()]
        with refusals(request, show=False) as outcome:
            subs = services.submission_create(user=request.user, framework=fw, rows=rows, note=d["note"])
            messages.success(request, _("Submitted for approval by the statistics office."))
            return redirect("monitoring:submission", pk=subs[0].pk)
        errors = outcome.messages
    return render(request, "monitoring/submit.html", {"face": "workbench", "framework": fw, "form": form,
                                                      "errors": errors})


@workbench_required
def upload(request):
    fw = _framework_or_404()
    indicators = selectors.submittable_indicators(request.user, fw)
    if not indicators:
        raise PermissionDenied(_("Your unit supplies no indicator of the index."))
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        with refusals(request, show=False) as outcome:
            subs = services.submission_import_xlsx(user=request.user, framework=fw, file=f, file_name=f.name)
            n = sum(s.values.count() for s in subs)
            messages.success(request, _("%(n)s values uploaded and sent to the statistics office for approval.")
                             % {"n": n})
            return redirect("monitoring:submission", pk=subs[0].pk)
        errors = outcome.messages
    return render(request, "monitoring/upload.html", {"face": "workbench", "framework": fw, "form": form,
                                                      "errors": errors, "template_form": TemplateForm(),
                                                      "indicators": indicators})


@workbench_required
def upload_template(request):
    fw = _framework_or_404()
    indicators = selectors.submittable_indicators(request.user, fw)
    if not indicators:
        raise PermissionDenied(_("Your unit supplies no indicator of the index."))
    form = TemplateForm(request.GET or None)
    period = form.cleaned_data["period"] if form.is_valid() else form.fields["period"].initial
    data = reports.upload_template(framework=fw, indicators=indicators, districts=selectors.districts_of(fw),
                                   period=period)
    resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="{fw.code}-{period}-template.xlsx"'
    return resp


@workbench_required
def submission_detail(request, pk: int):
    sub = get_object_or_404(selectors.visible_submissions(request.user), pk=pk)
    return render(request, "monitoring/submission.html", {
        "face": "workbench", "submission": sub, "values": selectors.submission_values(sub),
        "can_review": sub.status == Submission.Status.PENDING and selectors.is_statistics_office(request.user,
                                                                                             sub.framework),
        "review_form": ReviewForm()})


@workbench_required
@require_POST
def submission_review(request, pk: int):
    sub = get_object_or_404(selectors.visible_submissions(request.user), pk=pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    with refusals(request):
        if request.POST.get("decision") == "approve":
            services.submission_approve(user=request.user, submission=sub, note=note)
            messages.success(request, _("Approved. The values count in the next index run."))
        else:
            services.submission_return(user=request.user, submission=sub, note=note)
            messages.success(request, _("Returned to the department for correction."))
    return redirect("monitoring:submission", pk=sub.pk)


@workbench_required
@require_POST
def live_pull(request):
    fw = _framework_or_404()
    form = LivePullForm(request.POST)
    if form.is_valid():
        with refusals(request):
            subs = services.live_submission_create(user=request.user, framework=fw, period=form.cleaned_data["period"])
            messages.success(request, _("Live values filed for approval."))
            return redirect("monitoring:submission", pk=subs[0].pk)
    return redirect("monitoring:work-home")


@workbench_required
def runs(request):
    fw = _framework_or_404()
    if not selectors.can_view_runs(request.user, fw):
        raise PermissionDenied
    snapshot_periods = sorted({r["period"] for r in selectors.approved_snapshot(fw)})
    form = RunForm(request.POST or None, periods=snapshot_periods)
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            with refusals(request, show=False) as outcome:
                run, created = services.index_run_create(
                    user=request.user, framework=fw, base_period=form.cleaned_data["base_period"] or "",
                    replications=form.cleaned_data["replications"])
                if created:
                    messages.success(request, _("Index computed. Check it, then publish."))
                else:
                    messages.info(request, _("Nothing changed since run #%(id)s: the same data and settings give "
                                             "the same result.") % {"id": run.pk})
                return redirect("monitoring:run", pk=run.pk)
            errors = outcome.messages
    return render(request, "monitoring/runs.html", {
        "face": "workbench", "framework": fw, "runs": selectors.runs_for(request.user, fw)[:50], "form": form,
        "errors": errors, "can_run": selectors.can_run_index(request.user, fw),
        "snapshot_size": len(selectors.approved_snapshot(fw))})


@workbench_required
def run_detail(request, pk: int):
    fw = _framework_or_404()
    run = get_object_or_404(selectors.runs_for(request.user, fw), pk=pk)
    period = request.GET.get("period") or run.periods[-1]
    if period not in run.periods:
        raise Http404
    return render(request, "monitoring/run.html", {
        "face": "workbench", "run": run, "report": selectors.run_report(run, period),
        "can_run": selectors.can_run_index(request.user, fw), "reproduces": selectors.run_reproduces(run)})


@workbench_required
@require_POST
def run_publish(request, pk: int):
    fw = _framework_or_404()
    run = get_object_or_404(selectors.runs_for(request.user, fw), pk=pk)
    with refusals(request):
        services.index_run_publish(user=request.user, run=run)
        messages.success(request, _("Published. The public page now shows this run."))
    return redirect("monitoring:run", pk=run.pk)


@workbench_required
@require_POST
def run_withdraw(request, pk: int):
    fw = _framework_or_404()
    run = get_object_or_404(selectors.runs_for(request.user, fw), pk=pk)
    with refusals(request):
        services.index_run_withdraw(user=request.user, run=run)
        messages.success(request, _("Withdrawn from the public page."))
    return redirect("monitoring:run", pk=run.pk)


# --- Public publication --------------------------------------------------------------------------

def public_latest(request):
    latest = selectors.latest_published()
    if latest is None:
        return render(request, "monitoring/public_empty.html", {"face": "portal"})
    return redirect("monitoring:public", framework=latest[0], period=latest[1])


def _published(framework: str, period: str) -> dict:
    run = selectors.published_run(framework, period)
    if run is None:
        raise Http404
    report = selectors.run_report(run, period)
    report["published_periods"] = selectors.published_periods(framework)
    return report


def public_index(request, framework: str, period: str):
    report = _published(framework, period)
    return render(request, "monitoring/public.html", {"face": "portal", "r": report, "public": True})


def public_report_xlsx(request, framework: str, period: str):
    data = reports.report_xlsx(_published(framework, period))
    resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="{framework}-{period}.xlsx"'
    return resp


def public_report_pdf(request, framework: str, period: str):
    data = reports.report_pdf(_published(framework, period))
    resp = HttpResponse(data, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="{framework}-{period}.pdf"'
    return resp


# --- Leaders' dashboard --------------------------------------------------------------------------

@dashboard_required
def dashboard(request):
    latest = selectors.latest_published()
    if latest is None:
        return render(request, "monitoring/public_empty.html", {"face": "dashboard"})
    return redirect("monitoring:dashboard-period", framework=latest[0], period=latest[1])


@dashboard_required
def dashboard_period(request, framework: str, period: str):
    report = _published(framework, period)
    drill = set(selectors.drill_regions(request.user).values_list("code", flat=True))
    live = []
    districts = list(selectors.districts_of(report["framework"]).filter(code__in=drill))
    for li in measures.all_measures():
        live.append({"label": li.label, "unit": li.unit,
                     "values": [measures.value(li.code, d, period) for d in districts]})
    return render(request, "monitoring/public.html", {
        "face": "dashboard", "r": report, "public": False, "drill": drill, "live": live,
        "live_districts": districts})


@dashboard_required
def dashboard_district(request, framework: str, period: str, region_code: str):
    report_run = selectors.published_run(framework, period)
    if report_run is None:
        raise Http404
    region = get_object_or_404(selectors.drill_regions(request.user), code=region_code)
    detail = selectors.district_detail(report_run, period, region)
    return render(request, "monitoring/district.html", {
        "face": "dashboard", "d": detail, "back": reverse("monitoring:dashboard-period",
                                                          kwargs={"framework": framework, "period": period})})
