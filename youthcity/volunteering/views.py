"""Volunteering pages: young people find projects and sign up for shifts, see their record and
get certificates; project leads check volunteers in and out and correct entries; anyone verifies
a certificate. Thin views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from youthcity.accounts.decorators import workbench_required
from youthcity.core.web import refusals
from youthcity.engines.volunteering import minutes_to_hours
from youthcity.organizations.models import Unit

from . import selectors, services
from .forms import CorrectionForm, TeamBoardForm, TeamDecisionForm, TimeForm, VerifyForm
from .models import Certificate, HoursEntry, Shift, ShiftSignUp

# --- young people ---------------------------------------------------------------------------------


def project_list(request):
    return render(
        request,
        "volunteering/project_list.html",
        {"face": "portal", "projects": selectors.open_projects()[:100]},
    )


def project_detail(request, project_id: int):
    project = get_object_or_404(selectors.open_projects(), pk=project_id)
    mine = set()
    if request.user.is_authenticated:
        mine = set(
            ShiftSignUp.objects.filter(
                person=request.user, shift__project=project, status=ShiftSignUp.Status.CONFIRMED
            ).values_list("shift_id", flat=True)
        )
    return render(
        request,
        "volunteering/project_detail.html",
        {
            "face": "portal",
            "project": project,
            "shifts": selectors.shifts_of(project),
            "mine": mine,
            # Shifts that have started take no sign-ups (services.shift_signup refuses them): no button.
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def shift_signup(request, shift_id: int):
    shift = get_object_or_404(Shift.objects.filter(project__is_active=True), pk=shift_id)
    with refusals(request):
        services.shift_signup(person=request.user, shift=shift)
        messages.success(
            request, _("You are signed up for this shift. The project lead checks you in on the day.")
        )
        return redirect("volunteering:my-record")
    return redirect("volunteering:project", project_id=shift.project_id)


@login_required
def my_record(request):
    record = selectors.my_record(request.user)
    return render(
        request,
        "volunteering/my_record.html",
        {
            "face": "portal",
            **record,
            "total_hours": minutes_to_hours(record["total_minutes"]),
            "teams": selectors.my_teams(request.user),
        },
    )


@login_required
@require_POST
def certificate_request(request, unit_id: int):
    unit = get_object_or_404(Unit, pk=unit_id)
    with refusals(request):
        cert = services.certificate_issue(person=request.user, unit=unit)
        messages.success(request, _("Certificate issued."))
        return redirect("volunteering:certificate", certificate_id=cert.pk)
    return redirect("volunteering:my-record")


@login_required
def certificate(request, certificate_id: int):
    cert = get_object_or_404(
        Certificate.objects.select_related("unit"), pk=certificate_id, person=request.user
    )
    verify_url = request.build_absolute_uri("/volunteering/verify/")
    return render(
        request,
        "volunteering/certificate.html",
        {
            "face": "portal",
            "cert": cert,
            "hours": minutes_to_hours(cert.credited_minutes),
            "verify_url": verify_url,
        },
    )


@login_required
def certificate_download(request, certificate_id: int):
    from django.http import HttpResponse

    from youthcity.engines.volunteering import certificate_layout

    from .adapters import content_of
    from .pdf import certificate_pdf

    cert = get_object_or_404(Certificate, pk=certificate_id, person=request.user)
    layout = certificate_layout(
        content_of(cert), cert.code, verify_url=request.build_absolute_uri("/volunteering/verify/")
    )
    response = HttpResponse(certificate_pdf(layout), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{cert.serial}.pdf"'
    return response


def leaderboard(request):
    """Public: credited hours this year by district, organisation, university, team and volunteer
    (names masked). The teams' table takes ``?teams=all`` (all time) and ``?district=<id>``."""
    from django.utils import timezone

    from youthcity.regions.models import Region

    year = timezone.localdate().year
    board = selectors.leaderboard(year)
    form = TeamBoardForm(request.GET or None, districts=Region.objects.filter(level=Region.Level.DISTRICT))
    period, district = "year", None
    if form.is_bound and form.is_valid():
        period, district = form.cleaned_data["teams"] or "year", form.cleaned_data["district"]
    if period != "year" or district is not None:
        board["teams"] = selectors.team_leaderboard(0 if period == "all" else year, district.pk if district else None)
    for rows in board.values():
        for r in rows:
            r["hours"] = minutes_to_hours(r["minutes"])
    return render(
        request,
        "volunteering/leaderboard.html",
        {"face": "portal", "year": year, "team_form": form, "team_period": period, "team_district": district, **board},
    )


# --- volunteer teams ------------------------------------------------------------------------------


def team_detail(request, team_id: int):
    """Public: a team's name, host, district, members and hours; join or leave it."""
    from django.utils import timezone

    team = get_object_or_404(selectors.teams().select_related("leader"), pk=team_id)
    year = timezone.localdate().year
    summary = selectors.team_summary(team, year)
    return render(
        request,
        "volunteering/team_detail.html",
        {
            "face": "portal",
            "team": team,
            "year": year,
            "members": summary["members"],
            "year_hours": minutes_to_hours(summary["year_minutes"]),
            "all_hours": minutes_to_hours(summary["all_minutes"]),
            "leader_name": selectors._masked_name(team.leader.display_name or team.leader.username),
            "membership": selectors.membership_of(request.user, team),
            "may_decide": services.may_decide_team(request.user, team),
            "projects": team.projects.filter(is_active=True).order_by("title")[:20],
        },
    )


@login_required
@require_POST
def team_join(request, team_id: int):
    team = get_object_or_404(selectors.teams(), pk=team_id)
    with refusals(request):
        services.team_join(person=request.user, team=team)
        messages.success(request, _("Your request to join was sent to the team leader."))
    return redirect("volunteering:team", team_id=team.pk)


@login_required
@require_POST
def team_leave(request, team_id: int):
    team = get_object_or_404(selectors.teams(), pk=team_id)
    with refusals(request):
        services.team_leave(person=request.user, team=team)
        messages.success(request, _("You have left the team."))
    return redirect("volunteering:team", team_id=team.pk)


@login_required
def team_requests(request, team_id: int):
    """The team leader's (or the host staff's) page: approve or refuse requests to join."""
    team = selectors.decidable_teams(request.user).filter(pk=team_id).first()
    if team is None:
        raise Http404
    if request.method == "POST":
        form = TeamDecisionForm(request.POST)
        if form.is_valid():
            membership = get_object_or_404(selectors.team_requests(team), pk=form.cleaned_data["membership"])
            approve = form.cleaned_data["decision"] == "approve"
            with refusals(request):
                services.team_decide(
                    actor=request.user, membership=membership, approve=approve, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    (_("%(person)s joined the team.") if approve else _("Request of %(person)s refused."))
                    % {"person": membership.person},
                )
        return redirect("volunteering:team-requests", team_id=team.pk)
    return render(
        request,
        "volunteering/team_requests.html",
        {"face": "portal", "team": team, "requests": selectors.team_requests(team)},
    )


def verify(request):
    """Public: anyone checks a certificate number and code (a read; nothing is written)."""
    form = VerifyForm(request.GET or None)
    result = cert = None
    unknown = False
    if form.is_bound and form.is_valid():
        cert, result = services.certificate_verify(**form.cleaned_data)
        unknown = cert is None
    zh = (get_language() or "zh-hans").startswith("zh")
    return render(
        request,
        "volunteering/verify.html",
        {
            "face": "portal",
            "form": form,
            "cert": cert,
            "result": result,
            "unknown": unknown,
            "message": (result.message_zh if zh else result.message_en) if result else "",
            "hours": minutes_to_hours(cert.credited_minutes) if cert else None,
        },
    )


# --- project leads (workbench) ------------------------------------------------------------------------


@workbench_required
def staff_projects(request):
    projects = selectors.staff_projects(request.user)
    shifts = Shift.objects.filter(project__in=projects).select_related("project").order_by("-starts_at")[:100]
    return render(request, "volunteering/staff_projects.html", {"face": "workbench", "shifts": shifts})


def _staff_shift(request, shift_id: int) -> Shift:
    shift = (
        Shift.objects.filter(project__in=selectors.staff_projects(request.user), pk=shift_id)
        .select_related("project")
        .first()
    )
    if shift is None:
        raise Http404
    return shift


def _posted_time(request):
    """The optional time the lead typed (datetime-local, local time); None means now."""
    form = TimeForm(request.POST)
    return form.cleaned_data.get("at") if form.is_valid() else None


@workbench_required
def staff_shift(request, shift_id: int):
    shift = _staff_shift(request, shift_id)
    if request.method == "POST":
        with refusals(request):
            action = request.POST.get("action")
            at = _posted_time(request)
            if action == "check_in":
                person = get_object_or_404(get_user_model(), pk=request.POST.get("person"))
                services.check_in(actor=request.user, shift=shift, person=person, at=at)
                messages.success(request, _("Checked in: %(person)s.") % {"person": person})
            elif action == "check_out":
                entry = get_object_or_404(HoursEntry, pk=request.POST.get("entry"), shift=shift)
                entry = services.check_out(actor=request.user, entry=entry, at=at)
                messages.success(
                    request,
                    _("Checked out: %(person)s, %(hours)s hours credited.")
                    % {"person": entry.person, "hours": minutes_to_hours(entry.credited_minutes)},
                )
        return redirect("volunteering:staff-shift", shift_id=shift.pk)
    roster = selectors.shift_roster(shift)
    for row in roster:
        for e in row["entries"]:
            e.hours = minutes_to_hours(e.credited_minutes)
    return render(
        request, "volunteering/staff_shift.html", {"face": "workbench", "shift": shift, "roster": roster}
    )


@workbench_required
def staff_correct(request, entry_id: int):
    entry = (
        HoursEntry.objects.filter(shift__project__in=selectors.staff_projects(request.user), pk=entry_id)
        .select_related("shift__project", "person")
        .first()
    )
    if entry is None:
        raise Http404
    form = CorrectionForm(
        request.POST or None, initial={"check_in": entry.check_in, "check_out": entry.check_out}
    )
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            services.entry_correct(actor=request.user, entry=entry, **form.cleaned_data)
            messages.success(request, _("Correction recorded; the earlier entry stays in the history."))
            return redirect("volunteering:staff-shift", shift_id=entry.shift_id)
    return render(
        request,
        "volunteering/staff_correct.html",
        {"face": "workbench", "entry": entry, "form": form, "history": selectors.entry_history(entry)},
    )
