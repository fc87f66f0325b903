"""Every write of the careers domain: keyword-only, atomic, refusing with a ServiceError in the
user's language. Employers, positions, applications to positions, allowance claims, and the
department's decisions (through the shared workflow in :mod:`.workflow`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from youthcity.accounts import permissions, privacy
from youthcity.accounts.models import EducationLevel, Role, YouthProfile
from youthcity.accounts.selectors import unit_members, youth_profile_of
from youthcity.accounts.services import employer_staff_register
from youthcity.benefits import adapters as benefit_adapters
from youthcity.benefits.selectors import policy_or_none, policy_set
from youthcity.core.city_pack import current_pack
from youthcity.core.codes import code_secret
from youthcity.core.errors import ServiceError
from youthcity.core.notifications import notify
from youthcity.core.uploads import UploadRules, upload_problem
from youthcity.core.workdays import working_days_between
from youthcity.engines.events import read_ticket, ticket
from youthcity.engines.jobpush import Offer, Seeker, major_terms, push_targets
from youthcity.engines.matching import MatchingInputError, make_audit, match
from youthcity.engines.matching.audit import sha256_hex
from youthcity.organizations.models import Unit
from youthcity.organizations.selectors import resolve_unit
from youthcity.regions import selectors as region_selectors
from youthcity.regions.models import Region
from youthcity.stations.selectors import recent_guests

from . import adapters, allowance, licence, live
from .models import (
    AllowanceClaim,
    CentreService,
    Employer,
    EmployerSubsidy,
    FairBooth,
    FairSignUp,
    Industry,
    JobApplication,
    JobFair,
    JobPreferences,
    MatchingRound,
    Position,
    RoundAssignment,
    RoundChoice,
    RoundPosition,
    RoundRanking,
    ServiceBooking,
    ServiceCentre,
    ServiceSlot,
    SubsidyPolicy,
)
from .workflow import claim_workflow, employer_workflow, position_workflow, subsidy_workflow

HR_DEPARTMENT = "市人社局"
EDUCATION_ORDER = [value for value, _label in EducationLevel.choices]


def hr_department() -> Unit:
    """The unit that verifies employers, approves internship positions and pays allowances."""
    city = region_selectors.city()
    unit = resolve_unit(HR_DEPARTMENT, city).unit if city else None
    if unit is None:
        raise ServiceError(409, "no_unit", _("The human-resources department is not set up in this city yet."))
    return unit


def _district(region) -> Region:
    if region is None or region.level != Region.Level.DISTRICT:
        message = _("Choose a district or county of the city.")
        raise ServiceError(422, "invalid", message, {"district": [message]})
    return region


def credit_code_check(code: str) -> str:
    """The normalised unified social credit code, or a refusal saying what is wrong with it."""
    normal = licence.normalise(code)
    problem = licence.problem(normal)
    if problem == "length":
        message = _("A unified social credit code has 18 characters.")
    elif problem == "character":
        message = _("The code contains characters a unified social credit code cannot have (I, O, Z, S, V).")
    elif problem == "check":
        message = _("The last character does not match the rest of the code (GB 32100 check character): check for a typing error.")
    else:
        return normal
    raise ServiceError(422, "invalid", message, {"credit_code": [message]})


def _employer_staff(user, employer: Employer) -> None:
    if not permissions.is_employer_staff(user, employer.unit_id):
        raise PermissionDenied(_("You do not act for this employer."))


def _notify_all(users, *, kind: str, title, body, url: str, key: str) -> None:
    for user in users:
        with override(user.preferred_language or "zh-hans"):
            notify(recipient=user, kind=kind, title=str(title()), body=str(body()), url=url,
                   dedupe_key=f"{key}.{user.pk}")


# --- Employers ----------------------------------------------------------------------------------


@transaction.atomic
def employer_register(*, name: str, credit_code: str, district, industry: str, address: str = "",
                      username: str, password: str, phone: str | None = None, display_name: str = "",
                      documents=None, note: str = "") -> Employer:
    """Register an employer and its first HR staff account, and send the verification to the
    human-resources department. The employer cannot post until it is verified."""
    code = credit_code_check(credit_code)
    district = _district(district)
    name = (name or "").strip()
    if not name:
        message = _("Give the employer's registered name.")
        raise ServiceError(422, "invalid", message, {"name": [message]})
    if Employer.objects.filter(credit_code=code).exists():
        message = _("An employer with this unified social credit code is already registered.")
        raise ServiceError(409, "already_registered", message, {"credit_code": [message]})
    if Unit.objects.filter(region=district, name=name).exists():
        message = _("An organisation with this name is already registered in this district.")
        raise ServiceError(409, "already_registered", message, {"name": [message]})
    department = district_hr_department(district)
    unit = Unit.objects.create(code=f"employer-{code.lower()}", name=name, short_name=name[:60],
                               kind=Unit.Kind.ENTERPRISE, region=district, is_active=False)
    employer = Employer.objects.create(unit=unit, name=name, credit_code=code, district=district, industry=industry,
                                       address=address)
    user = employer_staff_register(username=username, password=password, unit=unit, phone=phone,
                                   display_name=display_name)
    privacy.consent_record(user=user, purposes={"services"})  # the HR contact accepted the privacy notice
    employer_workflow.submit(applicant=user, unit=department, subject={"employer": employer},
                             documents=documents or {}, known=("business_licence",), note=note)
    return employer


@transaction.atomic
def employer_resubmit(*, staff, employer: Employer, note: str = "", documents=None):
    """Ask again after a refusal (a corrected licence, say)."""
    _employer_staff(staff, employer)
    if employer.status != Employer.Status.REJECTED:
        raise ServiceError(409, "not_rejected", _("Only a refused verification can be asked for again."))
    employer.status = Employer.Status.PENDING
    employer.save(update_fields=["status", "updated_at"])
    return employer_workflow.submit(applicant=staff, unit=district_hr_department(employer.district),
                                    subject={"employer": employer},
                                    documents=documents or {}, known=("business_licence",), note=note)


def verification_decide(*, reviewer, application, outcome: str, reason: str = ""):
    return employer_workflow.decide(reviewer=reviewer, application=application, outcome=outcome, reason=reason)


# --- Positions ----------------------------------------------------------------------------------


def internship_floor(region_code: str, on: dt.date) -> Decimal | None:
    """The lowest monthly allowance an internship may offer: the rule's full-month amount."""
    table = allowance.wage_table()
    if table is None:
        return None
    wage = table.wage(table.tier_of(region_code), on)
    return None if wage is None else (table.share * wage).quantize(Decimal("0.01"))


@transaction.atomic
def position_post(*, staff, employer: Employer, kind: str, title: str, district, industry: str,
                  education_required: str = "", starts_on: dt.date | None = None, ends_on: dt.date | None = None,
                  monthly_pay: Decimal, capacity: int, requirements: str = "") -> Position:
    """Post a position. Jobs and campus positions are published at once; an internship waits for
    the department's approval. Only a verified employer posts."""
    _employer_staff(staff, employer)
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if not employer.is_verified:
        raise ServiceError(403, "employer_not_verified",
                           _("Your organisation has not been verified by the human-resources department yet: "
                             "positions can be posted once it is."))
    district = _district(district)
    errors: dict[str, list[str]] = {}
    if kind not in Position.Kind.values:
        errors["kind"] = [_("Choose a kind of position.")]
    if not (title or "").strip():
        errors["title"] = [_("Give the position a title.")]
    if capacity is None or capacity < 1:
        errors["capacity"] = [_("A position has at least one place.")]
    if monthly_pay is None or monthly_pay < 0:
        errors["monthly_pay"] = [_("The pay cannot be negative.")]
    if education_required and education_required not in EDUCATION_ORDER:
        errors["education_required"] = [_("Choose an education level.")]
    if kind == Position.Kind.INTERNSHIP:
        if not starts_on:
            errors["starts_on"] = [_("An internship has a start date.")]
        if not ends_on:
            errors["ends_on"] = [_("An internship has an end date.")]
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("The end date is before the start date.")]
    if kind == Position.Kind.INTERNSHIP and starts_on and monthly_pay is not None and "monthly_pay" not in errors:
        floor = internship_floor(district.code, starts_on)
        if floor is not None and monthly_pay < floor:
            errors["monthly_pay"] = [_("An internship pays at least 80%% of the local minimum wage: %(floor)s yuan a month.")
                                     % {"floor": floor}]
    if errors:
        raise ServiceError(422, "invalid", _("Some fields need correcting."), errors)
    position = Position.objects.create(
        employer=employer, kind=kind, title=title.strip(), district=district, industry=industry,
        education_required=education_required or "", starts_on=starts_on, ends_on=ends_on, monthly_pay=monthly_pay,
        capacity=capacity, requirements=requirements or "", posted_by=staff,
        status=Position.Status.PENDING if kind == Position.Kind.INTERNSHIP else Position.Status.PUBLISHED,
        published_at=None if kind == Position.Kind.INTERNSHIP else timezone.now(),
    )
    if kind == Position.Kind.INTERNSHIP:
        position_workflow.submit(applicant=staff, unit=district_hr_department(employer.district),
                                 subject={"position": position}, documents={})
    else:
        live.invalidate()
        push_new_position(position)
    return position


@transaction.atomic
def position_close(*, staff, position: Position) -> Position:
    _employer_staff(staff, position.employer)
    position = Position.objects.select_for_update().get(pk=position.pk)
    if position.status == Position.Status.CLOSED:
        raise ServiceError(409, "closed", _("This position is already closed."))
    position.status = Position.Status.CLOSED
    position.save(update_fields=["status", "updated_at"])
    return position


def position_review_decide(*, reviewer, application, outcome: str, reason: str = ""):
    return position_workflow.decide(reviewer=reviewer, application=application, outcome=outcome, reason=reason)


# --- Applications to positions ---------------------------------------------------------------------


def _profile_snapshot(profile) -> dict:
    return {
        "education_level": profile.education_level, "school": profile.school,
        "graduation_date": profile.graduation_date.isoformat() if profile.graduation_date else "",
        "hukou_city": profile.hukou_city, "current_city": profile.current_city,
        "employment_status": profile.employment_status,
    }


def _employer_people(position: Position) -> list:
    return unit_members(position.employer.unit_id, Role.EMPLOYER)


CV_RULES = UploadRules(kinds=("pdf", "docx"), max_bytes=5 * 1024 * 1024)


def cv_problem(cv) -> None:
    """Refuse a CV that is not a PDF or Word (.docx) file by its content, is empty or over 5 MB."""
    problem = upload_problem(cv, CV_RULES)
    if problem:
        raise ServiceError(422, "invalid", problem, {"cv": [problem]})


@transaction.atomic
def job_apply(*, applicant, position: Position, cover_note: str = "", cv=None) -> JobApplication:
    """A young person applies with their profile (and a CV, optional). Refused when the position
    is not open, the person has no profile or not the education asked for, applied already, works
    for the employer, or the CV is not an acceptable file."""
    if cv is not None:
        cv_problem(cv)
    position = Position.objects.select_for_update().select_related("employer").get(pk=position.pk)
    if position.status != Position.Status.PUBLISHED or not position.employer.is_verified:
        raise ServiceError(409, "not_open", _("This position is not open for applications."))
    profile = youth_profile_of(applicant)
    if profile is None:
        raise ServiceError(403, "no_profile", _("Create your youth profile first: employers see it with your application."))
    if permissions.is_employer_staff(applicant, position.employer.unit_id):
        raise ServiceError(403, "own_employer", _("You cannot apply to a position of the employer you work for."))
    if position.education_required:
        have = profile.education_level
        if have and EDUCATION_ORDER.index(have) < EDUCATION_ORDER.index(position.education_required):
            raise ServiceError(422, "education", _("This position asks for %(level)s or higher.")
                               % {"level": EducationLevel(position.education_required).label})
    try:
        with transaction.atomic():
            application = JobApplication.objects.create(applicant=applicant, position=position,
                                                        cover_note=(cover_note or "")[:1000],
                                                        profile=_profile_snapshot(profile),
                                                        fair=_fair_of_application(applicant, position, timezone.now()))
            if cv is not None:
                application.cv_name = PurePath(cv.name).name[:255]
                application.cv_size, application.cv_content_type = cv.size, CV_RULES.content_type(cv.name)
                application.cv.save(cv.name, cv, save=False)
                application.save(update_fields=["cv", "cv_name", "cv_size", "cv_content_type"])
    except IntegrityError:
        raise ServiceError(409, "already_applied", _("You have already applied to this position.")) from None
    if application.fair_id:
        live.invalidate()
    url = reverse("careers:employer-position", args=[position.pk])
    _notify_all(_employer_people(position), kind="careers.application_received",
                title=lambda: _("New application: %(title)s") % {"title": position.title},
                body=lambda: _("%(person)s applied.") % {"person": applicant}, url=url, key=f"careers.app.{application.pk}")
    return application


TRANSITIONS = {
    "shortlist": ({JobApplication.Status.SUBMITTED}, JobApplication.Status.SHORTLISTED),
    "offer": ({JobApplication.Status.SUBMITTED, JobApplication.Status.SHORTLISTED}, JobApplication.Status.OFFERED),
    "reject": ({JobApplication.Status.SUBMITTED, JobApplication.Status.SHORTLISTED}, JobApplication.Status.REJECTED),
}


def _status_title(status: str, title: str) -> str:
    if status == JobApplication.Status.SHORTLISTED:
        return _("Shortlisted: %(title)s") % {"title": title}
    if status == JobApplication.Status.OFFERED:
        return _("Offer: %(title)s") % {"title": title}
    return _("Not selected: %(title)s") % {"title": title}


@transaction.atomic
def application_decide(*, staff, application: JobApplication, action: str, reason: str = "") -> JobApplication:
    """The employer shortlists, offers or rejects. Never on the staff member's own application;
    a refusal gives a reason; an offer needs a free place."""
    application = (JobApplication.objects.select_for_update().select_related("position__employer", "applicant")
                   .get(pk=application.pk))
    position = application.position
    _employer_staff(staff, position.employer)
    if application.applicant_id == staff.pk:
        raise PermissionDenied(_("Nobody decides their own case."))
    if action not in TRANSITIONS:
        raise ServiceError(422, "invalid", _("Unknown decision."))
    allowed, target = TRANSITIONS[action]
    if application.status not in allowed:
        raise ServiceError(409, "wrong_state", _("This application is %(status)s: that step is not possible now.")
                           % {"status": application.get_status_display()})
    reason = (reason or "").strip()
    if action == "reject" and not reason:
        raise ServiceError(422, "reason_required", _("Give a reason."), {"reason": [_("Give a reason.")]})
    if action == "offer":
        Position.objects.select_for_update().filter(pk=position.pk).first()
        taken = position.applications.filter(status__in=[JobApplication.Status.OFFERED,
                                                         JobApplication.Status.ACCEPTED]).count()
        if taken >= position.capacity:
            raise ServiceError(409, "full", _("Every place of this position is offered or taken."))
        application.offered_at = timezone.now()
    application.status, application.decided_by, application.reason = target, staff, reason
    application.save()
    if application.fair_id:  # the fair's "applications" / "offers" figures move
        live.invalidate()
    person = application.applicant
    with override(person.preferred_language or "zh-hans"):
        notify(recipient=person, kind=f"careers.{action}", title=_status_title(target, position.title),
               body=reason or application.get_status_display(), url=reverse("careers:my-applications"),
               channels=["inbox", "sms"], dedupe_key=f"careers.app.{application.pk}.{target}")
    return application


@transaction.atomic
def offer_respond(*, applicant, application: JobApplication, accept: bool) -> JobApplication:
    """The young person accepts or declines an offer (only their own)."""
    application = (JobApplication.objects.select_for_update().select_related("position__employer")
                   .get(pk=application.pk))
    if application.applicant_id != applicant.pk:
        raise PermissionDenied(_("This is not your application."))
    if application.status != JobApplication.Status.OFFERED:
        raise ServiceError(409, "no_offer", _("There is no offer to answer."))
    position = application.position
    if accept:
        application.status, application.accepted_at = JobApplication.Status.ACCEPTED, timezone.now()
        live.invalidate()
    else:
        application.status = JobApplication.Status.DECLINED
    application.save()
    status = application.status
    _notify_all(_employer_people(position), kind=f"careers.offer_{status}",
                title=lambda: (_("Offer accepted: %(title)s") if accept else _("Offer declined: %(title)s"))
                % {"title": position.title},
                body=lambda: str(applicant), url=reverse("careers:employer-position", args=[position.pk]),
                key=f"careers.offer.{application.pk}.{status}")
    return application


@transaction.atomic
def application_withdraw(*, applicant, application: JobApplication) -> JobApplication:
    application = JobApplication.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id != applicant.pk:
        raise PermissionDenied(_("This is not your application."))
    if application.status not in (JobApplication.Status.SUBMITTED, JobApplication.Status.SHORTLISTED):
        raise ServiceError(409, "wrong_state", _("Only an application not yet decided can be withdrawn."))
    application.status = JobApplication.Status.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    return application


# --- Allowance claims ---------------------------------------------------------------------------


def _month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def working_days_in(start: dt.date, end: dt.date) -> int:
    """Working days from ``start`` to ``end``, both included."""
    return working_days_between(start - dt.timedelta(days=1), end)


@transaction.atomic
def allowance_claim_submit(*, staff, placement: JobApplication, month: dt.date, attendance_days: int,
                           note: str = "") -> AllowanceClaim:
    """The host base claims one month's living allowance for one intern. The amount comes from the
    rule (:mod:`.allowance`); days outside the internship are refused."""
    placement = JobApplication.objects.select_related("position__employer", "position__district").get(pk=placement.pk)
    position = placement.position
    _employer_staff(staff, position.employer)
    if placement.applicant_id == staff.pk:
        raise PermissionDenied(_("Nobody decides their own case."))
    if placement.status != JobApplication.Status.ACCEPTED or position.kind != Position.Kind.INTERNSHIP:
        raise ServiceError(409, "not_an_intern", _("Allowances are claimed only for interns who accepted an internship."))
    first, last = _month_bounds(month)
    start, end = max(first, position.starts_on), min(last, position.ends_on)
    if start > end:
        message = _("The internship runs from %(start)s to %(end)s: this month is outside it.") % {
            "start": position.starts_on, "end": position.ends_on}
        raise ServiceError(422, "outside_internship", message, {"month": [message]})
    if attendance_days is None or attendance_days < 1:
        message = _("Give the days attended (at least one).")
        raise ServiceError(422, "invalid", message, {"attendance_days": [message]})
    possible = working_days_in(start, end)
    if attendance_days > possible:
        message = _("Only %(days)s working days of this month fall within the internship (%(start)s to %(end)s): "
                    "days outside the internship cannot be claimed.") % {"days": possible, "start": start, "end": end}
        raise ServiceError(422, "outside_internship", message, {"attendance_days": [message]})
    table = allowance.wage_table()
    month_days = working_days_in(first, last)
    result = allowance.quote(table, region_code=position.district.code, month=first, attended=attendance_days,
                             working_days=month_days) if table else None
    if result is None:
        raise ServiceError(409, "no_minimum_wage", _("No minimum wage is on record for this month and county."))
    return claim_workflow.submit(
        applicant=staff, unit=district_hr_department(position.employer.district),
        subject={"placement": placement, "month": first}, documents={},
        note=note, fields={"attendance_days": attendance_days, "working_days": month_days,
                           "minimum_wage": result.minimum_wage, "wage_tier": result.tier, "share": result.share,
                           "amount": result.amount})


def claim_decide(*, reviewer, application, outcome: str, reason: str = ""):
    return claim_workflow.decide(reviewer=reviewer, application=application, outcome=outcome, reason=reason)


# --- Matching rounds ------------------------------------------------------------------------------


def _round_staff(user, round_) -> None:
    if not permissions.has_role(user, *permissions.DECIDING_ROLES) or not permissions.can_manage_unit(user, round_.unit):
        raise PermissionDenied(_("You may not manage this matching round."))


@transaction.atomic
def round_create(*, staff, name: str, tie_break_seed: str, positions: dict, max_choices: int = 5):
    """Open a round over published internship positions (``positions``: Position → seats reserved
    for out-of-town graduates). The tie-break seed is fixed and shown before any ranking."""

    unit = hr_department()
    if not permissions.has_role(staff, *permissions.DECIDING_ROLES) or not permissions.can_manage_unit(staff, unit):
        raise PermissionDenied(_("You may not manage this matching round."))
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("Give the round a name.")]
    if not (tie_break_seed or "").strip():
        errors["tie_break_seed"] = [_("Give the tie-break seed (publish it before rankings start).")]
    if not positions:
        errors["positions"] = [_("Choose at least one position.")]
    for position, reserved in positions.items():
        if position.status != Position.Status.PUBLISHED or position.kind != Position.Kind.INTERNSHIP:
            errors.setdefault("positions", []).append(_("%(title)s is not a published internship.") % {"title": position.title})
        elif reserved < 0 or reserved > position.capacity:
            errors.setdefault("positions", []).append(
                _("%(title)s: reserved seats must be between 0 and its %(n)s places.") % {"title": position.title,
                                                                                          "n": position.capacity})
    if errors:
        raise ServiceError(422, "invalid", _("Some fields need correcting."), errors)
    round_ = MatchingRound.objects.create(name=name.strip(), unit=unit, tie_break_seed=tie_break_seed.strip(),
                                          max_choices=max_choices, created_by=staff)
    for position, reserved in positions.items():
        RoundPosition.objects.create(round=round_, position=position, reserved_out_of_town=reserved)
    return round_


def _open_round(round_):
    round_ = MatchingRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status != MatchingRound.Status.OPEN:
        raise ServiceError(409, "round_closed", _("This round has already been matched."))
    return round_


@transaction.atomic
def round_choices_set(*, applicant, round_, position_ids: list[int]):
    """A young person's ranked list of the round's positions (replaces the previous one).
    Refused: unknown or repeated positions, too many, no profile, their own employer's position."""

    round_ = _open_round(round_)
    if youth_profile_of(applicant) is None:
        raise ServiceError(403, "no_profile", _("Create your youth profile first: employers see it with your application."))
    in_round = {rp.position_id: rp.position for rp in round_.round_positions.select_related("position__employer")}
    message = None
    if len(set(position_ids)) != len(position_ids):
        message = _("A position appears twice in your list.")
    elif any(pid not in in_round for pid in position_ids):
        message = _("Your list names a position that is not in this round.")
    elif len(position_ids) > round_.max_choices:
        message = _("Rank at most %(n)s positions.") % {"n": round_.max_choices}
    elif any(permissions.is_employer_staff(applicant, in_round[pid].employer.unit_id) for pid in position_ids):
        message = _("You cannot apply to a position of the employer you work for.")
    if message:
        raise ServiceError(422, "invalid_choices", message, {"choices": [message]})
    RoundChoice.objects.filter(round=round_, applicant=applicant).delete()
    RoundChoice.objects.bulk_create([RoundChoice(round=round_, applicant=applicant, position_id=pid, rank=i)
                                     for i, pid in enumerate(position_ids, start=1)])
    return round_


@transaction.atomic
def round_ranking_set(*, staff, round_, position: Position, applicant_ids: list[int]):
    """The employer's order of the young people who chose ``position`` (best first; the rest are
    not acceptable). Refused: someone who did not choose it, a repeat, staff ranking themselves."""

    round_ = _open_round(round_)
    _employer_staff(staff, position.employer)
    if not round_.round_positions.filter(position=position).exists():
        raise ServiceError.not_found()
    chose = set(RoundChoice.objects.filter(round=round_, position=position).values_list("applicant_id", flat=True))
    message = None
    if len(set(applicant_ids)) != len(applicant_ids):
        message = _("A person appears twice in the ranking.")
    elif any(a not in chose for a in applicant_ids):
        message = _("The ranking names someone who did not choose this position.")
    elif staff.pk in applicant_ids:
        message = _("Nobody decides their own case.")
    if message:
        raise ServiceError(422, "invalid_ranking", message, {"ranking": [message]})
    RoundRanking.objects.filter(round=round_, position=position).delete()
    RoundRanking.objects.bulk_create([RoundRanking(round=round_, position=position, applicant_id=a, rank=i)
                                      for i, a in enumerate(applicant_ids, start=1)])
    return round_


@transaction.atomic
def round_run(*, staff, round_):
    """Run the round: applicant-proposing deferred acceptance with out-of-town reserves; store the
    audit file and its SHA-256; every matched young person gets an offer to accept as usual."""

    round_ = _open_round(round_)
    _round_staff(staff, round_)
    engine_input = adapters.engine_round(round_)
    try:
        result = match(engine_input)
    except MatchingInputError as exc:
        messages = adapters.issue_messages(exc)
        raise ServiceError(422, exc.code, messages[0], {"__all__": messages}) from exc
    audit = make_audit(engine_input, result)
    now = timezone.now()
    positions = {p.pk: p for p in Position.objects.filter(pk__in=[int(a.position_id) for a in result.assignments])}
    for a in result.assignments:
        person_id, position = int(a.applicant_id), positions[int(a.position_id)]
        offer = JobApplication.objects.filter(applicant_id=person_id, position=position,
                                              status__in=JobApplication.ACTIVE).first()
        if offer is None:
            offer = JobApplication(applicant_id=person_id, position=position)
            profile = youth_profile_of(offer.applicant)
            offer.profile = _profile_snapshot(profile) if profile else {}
        offer.status, offer.offered_at, offer.decided_by = JobApplication.Status.OFFERED, now, staff
        offer.reason = round_.name
        offer.save()
        RoundAssignment.objects.create(round=round_, applicant_id=person_id, position=position, seat=a.seat,
                                       choice=a.choice, offer=offer)
        person = offer.applicant
        with override(person.preferred_language or "zh-hans"):
            notify(recipient=person, kind="careers.round_offer", title=_status_title(offer.status, position.title),
                   body=round_.name, url=reverse("careers:my-applications"), channels=["inbox", "sms"],
                   dedupe_key=f"careers.round.{round_.pk}.{person_id}")
    round_.status, round_.run_at, round_.run_by = round_.Status.RUN, now, staff
    round_.audit, round_.audit_sha256 = audit.decode("utf-8"), sha256_hex(audit)
    round_.save()
    return round_


# --- Employer-audience benefits ----------------------------------------------------------------------


def district_hr_department(district: Region) -> Unit:
    """The human-resources department that handles an employer of ``district``: the district's
    (区人社局 / 县人社局) when the city has one, otherwise the city's."""
    generic = ("县" if district.name.endswith("县") else "区") + "人社局"
    found = resolve_unit(generic, district).unit
    if found is not None and found.region_id == district.pk:
        return found
    return hr_department()


def subsidy_policy(policy_id: str):
    """The city pack's policy (the rules engine's) for an employer-audience benefit, or a 404."""

    policy = policy_or_none(policy_id) if policy_id in SubsidyPolicy.values else None
    if policy is None or policy.audience != "employer":
        raise ServiceError.not_found()
    return policy


def _employer_facts(employer: Employer, *, is_private: bool, graduates_hired: int, university: str) -> dict:
    city = region_selectors.city()
    in_city = bool(city and f"/{city.code}/" in (employer.district.path or ""))
    return {"enterprise_is_private": bool(is_private), "enterprise_in_city": in_city,
            "enterprise_hired_graduates": graduates_hired > 0, "enterprise_has_university_base": bool(university)}


def _rules_result(policy, facts: dict, on: dt.date):
    return next(r for r in policy_set().evaluate(facts, on) if r.policy_id == policy.id)


@transaction.atomic
def subsidy_apply(*, staff, employer: Employer, policy_id: str, is_private: bool = False, graduates_hired: int = 0,
                  university: str = "", documents=None, note: str = "", on: dt.date | None = None) -> EmployerSubsidy:
    """A verified employer's HR staff member applies for an employer-audience benefit. The rules
    engine checks the policy's conditions on the employer's facts; the documents the policy asks
    for are required; the district's human-resources department reviews it."""
    _employer_staff(staff, employer)
    employer = Employer.objects.select_for_update().select_related("district").get(pk=employer.pk)
    if not employer.is_verified:
        raise ServiceError(403, "employer_not_verified",
                           _("Your organisation has not been verified by the human-resources department yet: "
                             "it can apply once it is."))
    policy = subsidy_policy(policy_id)
    on = on or timezone.localdate()
    if not policy.in_force(on):
        raise ServiceError(400, "not_in_force", _("This benefit is not in force."))
    university = (university or "").strip()[:150]
    graduates_hired = int(graduates_hired or 0)
    errors: dict[str, list[str]] = {}
    if graduates_hired < 0:
        errors["graduates_hired"] = [_("The number cannot be negative.")]
    if policy_id == SubsidyPolicy.HIRING and graduates_hired < 1:
        errors["graduates_hired"] = [_("Give the number of college graduates hired (at least one).")]
    if policy_id == SubsidyPolicy.UNIVERSITY_BASE and not university:
        errors["university"] = [_("Name the university (or its school) the base is set up with.")]
    if errors:
        raise ServiceError(422, "invalid", _("Some fields need correcting."), errors)
    facts = _employer_facts(employer, is_private=is_private, graduates_hired=graduates_hired, university=university)
    result = _rules_result(policy, facts, on)

    language = benefit_adapters.lang()
    if result.status.value == "not_eligible":
        reasons = "；".join(c.reason.get(language) for c in result.conditions if c.outcome == "fail")
        raise ServiceError(400, "not_eligible", _("The rules say your organisation does not qualify: %(reasons)s")
                           % {"reasons": reasons})
    document_ids = [d.id for d in policy.documents]
    return subsidy_workflow.submit(
        applicant=staff, unit=district_hr_department(employer.district),
        subject={"employer": employer, "policy_id": policy_id}, documents=documents or {},
        required=document_ids, known=document_ids, note=note,
        fields={"is_private": bool(is_private), "graduates_hired": graduates_hired, "university": university,
                "eligibility": {"status": result.status.value, "facts": facts,
                                "conditions": [{"id": c.id, "outcome": c.outcome, "reason": c.reason.get(language)}
                                               for c in result.conditions]},
                "amount_min": result.amount, "amount_max": result.amount_max or result.amount})


def subsidy_decide(*, reviewer, application: EmployerSubsidy, outcome: str, reason: str = "", amount=None):
    """Approve (with the amount paid to the organisation, within the rule's range), reject or ask
    for documents (with a reason). Never by the applicant; only the responsible department."""
    return subsidy_workflow.decide(reviewer=reviewer, application=application, outcome=outcome, reason=reason,
                                   amount=amount)


@transaction.atomic
def subsidy_payment_record(*, staff, application: EmployerSubsidy, paid_on: dt.date, reference: str) -> EmployerSubsidy:
    """Record the transfer of an approved subsidy to the organisation's account."""
    application = EmployerSubsidy.objects.select_for_update().select_related("unit").get(pk=application.pk)
    if not subsidy_workflow.can_decide(staff, application):
        raise PermissionDenied(_("You may not record payments for this application."))
    if application.status != "approved":
        raise ServiceError(409, "not_approved", _("Only an approved application can be paid."))
    if application.paid_on:
        raise ServiceError(409, "already_paid", _("The payment is already recorded."))
    errors: dict[str, list[str]] = {}
    if paid_on is None or paid_on > timezone.localdate():
        errors["paid_on"] = [_("The payment date cannot be in the future.")]
    reference = (reference or "").strip()
    if not reference:
        errors["reference"] = [_("Give the payment reference.")]
    if errors:
        raise ServiceError(422, "invalid", _("Some fields need correcting."), errors)
    application.paid_on, application.payment_reference, application.paid_by = paid_on, reference[:100], staff
    application.save(update_fields=["paid_on", "payment_reference", "paid_by", "updated_at"])
    return application


# --- Job fairs ---------------------------------------------------------------------------------------


def _unit_staff(user, unit: Unit, message) -> None:
    if not permissions.has_role(user, *permissions.DECIDING_ROLES) or not permissions.can_manage_unit(user, unit):
        raise PermissionDenied(message)


def _fair_unit_for(staff, district: Region) -> Unit:
    """The organising unit: the staff member's own human-resources department covering the
    district (the district's, else the city's)."""
    for unit in (district_hr_department(district), hr_department()):
        if permissions.can_manage_unit(staff, unit):
            return unit
    raise PermissionDenied(_("You may not publish fairs for this district."))


@transaction.atomic
def fair_publish(*, staff, name: str, kind: str, district, venue: str, starts_at: dt.datetime, ends_at: dt.datetime,
                 positions, description: str = "", capacity: int | None = None, now: dt.datetime | None = None):
    """Publish a fair with the employers taking part and the positions they bring (a booth per
    employer of the chosen positions). Only published positions of verified employers."""

    now = now or timezone.now()
    district = _district(district)
    unit = _fair_unit_for(staff, district)
    _unit_staff(staff, unit, _("You may not publish fairs for this district."))
    positions = list(positions)
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("Give the fair a name.")]
    if kind not in JobFair.Kind.values:
        errors["kind"] = [_("Choose a kind of fair.")]
    if not (venue or "").strip():
        errors["venue"] = [_("Give the venue.")]
    if not starts_at or not ends_at or ends_at <= starts_at:
        errors["ends_at"] = [_("The fair ends after it starts.")]
    elif ends_at <= now:
        errors["ends_at"] = [_("This time is already past.")]
    if capacity is not None and capacity < 1:
        errors["capacity"] = [_("Give at least one place, or leave it empty for no limit.")]
    if not positions:
        errors["positions"] = [_("Choose the positions the employers bring (at least one).")]
    for p in positions:
        if p.status != Position.Status.PUBLISHED or not p.employer.is_verified:
            errors.setdefault("positions", []).append(_("%(title)s is not a published position.") % {"title": p.title})
    if errors:
        raise ServiceError(422, "invalid", _("Some fields need correcting."), errors)
    fair = JobFair.objects.create(name=name.strip(), kind=kind, unit=unit, district=district, venue=venue.strip(),
                                  starts_at=starts_at, ends_at=ends_at, description=(description or "")[:2000],
                                  capacity=capacity, created_by=staff)
    by_employer: dict[int, list[Position]] = {}
    for p in positions:
        by_employer.setdefault(p.employer_id, []).append(p)
    for employer_id, chosen in by_employer.items():
        FairBooth.objects.create(fair=fair, employer_id=employer_id).positions.set(chosen)
    fairs_live_invalidate()
    return fair


@transaction.atomic
def fair_cancel(*, staff, fair, reason: str):
    fair = JobFair.objects.select_for_update().get(pk=fair.pk)
    _unit_staff(staff, fair.unit, _("You may not manage this fair."))
    if fair.status == JobFair.Status.CANCELLED:
        raise ServiceError(409, "cancelled", _("This fair is already cancelled."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(422, "reason_required", _("Give a reason."), {"reason": [_("Give a reason.")]})
    fair.status = JobFair.Status.CANCELLED
    fair.save(update_fields=["status", "updated_at"])
    signed = FairSignUp.objects.filter(fair=fair, status=FairSignUp.Status.SIGNED_UP).select_related("person")
    _notify_all([s.person for s in signed], kind="careers.fair_cancelled",
                title=lambda: _("Cancelled: %(fair)s") % {"fair": fair.name}, body=lambda: reason,
                url=reverse("careers:fair", args=[fair.pk]), key=f"careers.fair.{fair.pk}.cancelled")
    fairs_live_invalidate()
    return fair


@transaction.atomic
def fair_sign_up(*, person, fair, now: dt.datetime | None = None):
    """A young person signs up. The fair row is locked before the places are counted (as for
    events), so a limited fair is never overfilled; one sign-up per person (a constraint too)."""

    now = now or timezone.now()
    fair = JobFair.objects.select_for_update().get(pk=fair.pk)
    if fair.status != JobFair.Status.PUBLISHED:
        raise ServiceError(409, "cancelled", _("This fair was cancelled."))
    if fair.ends_at <= now:
        raise ServiceError(409, "over", _("This fair is over."))
    if youth_profile_of(person) is None:
        raise ServiceError(403, "no_profile", _("Create your youth profile first: employers see it with your application."))
    holding = FairSignUp.objects.filter(fair=fair, status__in=[FairSignUp.Status.SIGNED_UP, FairSignUp.Status.ATTENDED])
    if holding.filter(person=person).exists():
        raise ServiceError(409, "already_signed_up", _("You have already signed up for this fair."))
    if fair.capacity is not None and holding.count() >= fair.capacity:
        raise ServiceError(409, "full", _("This fair is full."))
    try:
        with transaction.atomic():
            signup = FairSignUp.objects.create(fair=fair, person=person)
    except IntegrityError:
        raise ServiceError(409, "already_signed_up", _("You have already signed up for this fair.")) from None
    fairs_live_invalidate()
    return signup


@transaction.atomic
def fair_sign_up_cancel(*, person, signup):
    signup = FairSignUp.objects.select_for_update().select_related("fair").get(pk=signup.pk)
    if signup.person_id != person.pk:
        raise PermissionDenied(_("This is not your sign-up."))
    if signup.status != FairSignUp.Status.SIGNED_UP:
        raise ServiceError(409, "wrong_state", _("Only a sign-up not yet checked in can be cancelled."))
    signup.status = FairSignUp.Status.CANCELLED
    signup.save(update_fields=["status", "updated_at"])
    fairs_live_invalidate()
    return signup


FAIR_FOLLOW_UP = dt.timedelta(days=30)  # applications this long after a fair still count for it


def _fair_secret() -> bytes:
    return code_secret("youthcity.careers.fair", "FAIR_TICKET_SECRET")


def fair_ticket(signup) -> str:
    """The personal check-in code of a sign-up (``F<fair>-<sign-up>-<mac>``, signed: see
    :mod:`youthcity.engines.events`), shown as a QR code on the young person's phone."""

    return ticket(_fair_secret(), "fair", "F", signup.fair_id, signup.pk)


def _admit(signup, staff, now: dt.datetime) -> None:
    """Check a sign-up in; the person's open applications to positions of the fair's booths
    (sent, shortlisted: not yet offered) are attributed to the fair."""

    fair = signup.fair
    if timezone.localdate(now) != timezone.localdate(fair.starts_at) and not (fair.starts_at <= now <= fair.ends_at):
        raise ServiceError(409, "not_today", _("Check-in is on the day of the fair."))
    signup.status, signup.attended_at, signup.checked_in_by = FairSignUp.Status.ATTENDED, now, staff
    signup.save(update_fields=["status", "attended_at", "checked_in_by", "updated_at"])
    open_ones = JobApplication.objects.select_for_update().filter(  # IN, not a join: FOR UPDATE takes no DISTINCT
        applicant_id=signup.person_id, fair__isnull=True, position__in=Position.objects.filter(fair_booths__fair=fair),
        status__in=[JobApplication.Status.SUBMITTED, JobApplication.Status.SHORTLISTED])
    for application in open_ones:
        application.fair = fair
        application.save(update_fields=["fair", "updated_at"])
    fairs_live_invalidate()


def _already_in(signup) -> ServiceError:
    return ServiceError(409, "already_checked_in", _("Already checked in (at %(time)s).") % {
        "time": timezone.localtime(signup.attended_at).strftime("%H:%M") if signup.attended_at else "—"})


@transaction.atomic
def fair_check_in(*, staff, signup, now: dt.datetime | None = None):
    """Staff of the organising unit record that the person came (on the fair's day)."""

    now = now or timezone.now()
    signup = FairSignUp.objects.select_for_update().select_related("fair__unit").get(pk=signup.pk)
    fair = signup.fair
    _unit_staff(staff, fair.unit, _("You may not manage this fair."))
    if signup.person_id == staff.pk:
        raise PermissionDenied(_("Nobody decides their own case."))
    if signup.status == FairSignUp.Status.ATTENDED:
        raise _already_in(signup)
    if signup.status != FairSignUp.Status.SIGNED_UP:
        raise ServiceError(409, "wrong_state", _("This sign-up is %(status)s.") % {"status": signup.get_status_display()})
    _admit(signup, staff, now)
    return signup


@transaction.atomic
def fair_check_in_code(*, staff, fair, code: str, now: dt.datetime | None = None):
    """Staff of the organising unit scan (or type) the code on the young person's phone. Refused:
    a code of another fair, a forged or edited code, a cancelled sign-up; a second scan says the
    person is already checked in."""

    now = now or timezone.now()
    fair = JobFair.objects.select_related("unit").get(pk=fair.pk)
    _unit_staff(staff, fair.unit, _("You may not manage this fair."))
    if fair.status != JobFair.Status.PUBLISHED:
        raise ServiceError(409, "cancelled", _("This fair was cancelled."))
    check = read_ticket(_fair_secret(), "fair", "F", code, fair.pk)
    if check.status == "wrong_event":
        message = _("This check-in code is for another fair: it cannot be used at this one.")
        raise ServiceError(409, "wrong_fair", message)
    signup = (FairSignUp.objects.select_for_update().select_related("fair__unit", "person")
              .filter(pk=check.item_id, fair=fair).first() if check.status == "valid" else None)
    if signup is None:
        message = _("This is not a valid check-in code: it was typed wrong or altered. Scan it again.")
        raise ServiceError(422, "invalid", message, {"code": [message]})
    if signup.person_id == staff.pk:
        raise PermissionDenied(_("Nobody decides their own case."))
    if signup.status == FairSignUp.Status.ATTENDED:
        raise _already_in(signup)
    if signup.status != FairSignUp.Status.SIGNED_UP:
        message = _("This sign-up was cancelled.")
        raise ServiceError(409, "cancelled", message)
    _admit(signup, staff, now)
    return signup


def _fair_of_application(applicant, position: Position, now: dt.datetime):
    """The fair an application comes from: the latest fair (not cancelled) the person checked in
    at, with the position at a booth, started before ``now`` and ended at most 30 days ago."""

    signup = (FairSignUp.objects.filter(person=applicant, status=FairSignUp.Status.ATTENDED,
                                        fair__status="published", fair__booths__positions=position,
                                        fair__starts_at__lte=now, fair__ends_at__gte=now - FAIR_FOLLOW_UP)
              .order_by("-fair__starts_at").select_related("fair").first())
    return signup.fair if signup else None


def fairs_live_invalidate() -> None:
    live.invalidate()


# --- Service centres and appointments --------------------------------------------------------------


@transaction.atomic
def slots_add(*, staff, service, day: dt.date, start: dt.time, minutes: int, count: int, capacity: int):
    """Open ``count`` consecutive slots of ``minutes`` from ``start`` on ``day``, each with
    ``capacity`` places. Refused: past times, bad sizes, a slot already open at that time."""

    centre = service.centre
    _unit_staff(staff, centre.unit, _("You may not manage this centre."))
    errors: dict[str, list[str]] = {}
    if not minutes or not 10 <= minutes <= 240:
        errors["minutes"] = [_("A slot lasts 10 to 240 minutes.")]
    if not count or not 1 <= count <= 20:
        errors["count"] = [_("Open 1 to 20 slots at a time.")]
    if not capacity or not 1 <= capacity <= 100:
        errors["capacity"] = [_("A slot has 1 to 100 places.")]
    if errors:
        raise ServiceError(422, "invalid", _("Some fields need correcting."), errors)
    tz = timezone.get_current_timezone()
    first = dt.datetime.combine(day, start, tzinfo=tz)
    if first <= timezone.now():
        raise ServiceError(422, "invalid", _("This time is already past."), {"day": [_("This time is already past.")]})
    slots = []
    for i in range(count):
        starts_at = first + dt.timedelta(minutes=minutes * i)
        if ServiceSlot.objects.filter(service=service, starts_at=starts_at).exists():
            message = _("A slot at %(time)s is already open.") % {"time": timezone.localtime(starts_at).strftime("%H:%M")}
            raise ServiceError(409, "slot_exists", message, {"start": [message]})
        slots.append(ServiceSlot.objects.create(service=service, starts_at=starts_at,
                                                ends_at=starts_at + dt.timedelta(minutes=minutes), capacity=capacity,
                                                created_by=staff))
    return slots


@transaction.atomic
def service_book(*, person, slot, note: str = "", now: dt.datetime | None = None):
    """A young person books a place in a slot. The slot row is locked before the places are
    counted (the events/stations approach), so a slot is never overbooked; one booking per
    person and slot (also a database constraint); nobody holds two bookings at the same time."""

    now = now or timezone.now()
    slot = ServiceSlot.objects.select_for_update().select_related("service__centre").get(pk=slot.pk)
    centre = slot.service.centre
    if not (centre.is_active and slot.service.is_active):
        raise ServiceError(409, "closed", _("This service is not taking bookings."))
    if slot.ends_at <= now:  # a started slot takes walk-ins while a place is free (a released no-show's)
        raise ServiceError(409, "past", _("This time is already past."))
    if youth_profile_of(person) is None:
        raise ServiceError(403, "no_profile", _("Create your youth profile first: the centre prepares with it."))
    holding = ServiceBooking.objects.filter(status__in=ServiceBooking.HOLDING)
    if holding.filter(slot=slot, person=person).exists():
        raise ServiceError(409, "already_booked", _("You have already booked this time."))
    if holding.filter(person=person, slot__starts_at__lt=slot.ends_at, slot__ends_at__gt=slot.starts_at).exists():
        raise ServiceError(409, "overlap", _("You already have a booking at this time."))
    if holding.filter(slot=slot).count() >= slot.capacity:
        raise ServiceError(409, "full", _("This time is fully booked: choose another."))
    try:
        with transaction.atomic():
            booking = ServiceBooking.objects.create(slot=slot, person=person, note=(note or "").strip()[:300])
    except IntegrityError:
        raise ServiceError(409, "already_booked", _("You have already booked this time.")) from None
    with override(person.preferred_language or "zh-hans"):
        notify(recipient=person, kind="careers.service_booked",
               title=_("Booked: %(service)s") % {"service": slot.service.get_kind_display()},
               body=_("%(centre)s, %(address)s, %(time)s.") % {
                   "centre": centre.name, "address": centre.address,
                   "time": timezone.localtime(slot.starts_at).strftime("%Y-%m-%d %H:%M")},
               url=reverse("careers:my-bookings"), dedupe_key=f"careers.booking.{booking.pk}")
    return booking


@transaction.atomic
def centre_save(*, staff, unit, name: str, kind: str, district, address: str, phone: str = "",
                opening_hours: str = "", is_active: bool = True, services=(), centre=None):
    """Register a service centre (``centre`` None) or change one: its operating unit must be one
    the staff member manages (for a change, the current one too), its district inside that unit's
    region; the chosen services are offered, the others withdrawn (kept, never deleted: slots and
    bookings refer to them)."""

    if centre is not None:
        centre = ServiceCentre.objects.select_for_update().select_related("unit").get(pk=centre.pk)
        _unit_staff(staff, centre.unit, _("You may not manage this centre."))
    _unit_staff(staff, unit, _("You may not register centres for this unit."))
    errors: dict[str, list[str]] = {}
    if district is None or district.level != Region.Level.DISTRICT:
        errors["district"] = [_("Choose a district or county of the city.")]
    elif unit.region_id and not (district.path or "").startswith(unit.region.path):
        errors["district"] = [_("%(district)s is outside the area of %(unit)s.") % {
            "district": district.name, "unit": unit.name}]
    name, address = (name or "").strip(), (address or "").strip()
    if not name:
        errors["name"] = [_("Give the centre's name.")]
    if not address:
        errors["address"] = [_("Give the address.")]
    if kind not in ServiceCentre.Kind.values:
        errors["kind"] = [_("Choose a kind of centre.")]
    chosen = set(services or ())
    if not chosen:
        errors["services"] = [_("Choose at least one service.")]
    elif chosen - set(CentreService.Kind.values):
        errors["services"] = [_("Choose among the services listed.")]
    if errors:
        raise ServiceError(422, "invalid", _("Some fields need correcting."), errors)
    values = {"unit": unit, "name": name[:120], "kind": kind, "district": district, "address": address[:200],
              "phone": (phone or "").strip()[:30], "opening_hours": (opening_hours or "").strip()[:100],
              "is_active": bool(is_active)}
    if centre is None:
        centre = ServiceCentre.objects.create(**values)
    else:
        for field, value in values.items():
            setattr(centre, field, value)
        centre.save()
    existing = {s.kind: s for s in CentreService.objects.select_for_update().filter(centre=centre)}
    for kind_value in CentreService.Kind.values:
        offered = kind_value in chosen
        service = existing.get(kind_value)
        if service is None and offered:
            CentreService.objects.create(centre=centre, kind=kind_value)
        elif service is not None and service.is_active != offered:
            service.is_active = offered
            service.save(update_fields=["is_active"])
    return centre


NO_SHOW_AFTER_MINUTES = 15  # when the city pack says nothing


def no_show_minutes() -> int:
    """Minutes after a slot's start after which an appointment not checked in is released
    (``service_centres.no_show_after_minutes`` in the city pack's ``careers.yaml``)."""

    data = current_pack().read_yaml("careers.yaml") or {}
    value = (data.get("service_centres") or {}).get("no_show_after_minutes", NO_SHOW_AFTER_MINUTES)
    return max(0, int(value))


@transaction.atomic
def bookings_release_no_shows(*, now: dt.datetime | None = None, minutes: int | None = None) -> int:
    """The periodic job's part (``youthcity careers_tick``): every appointment still booked
    ``minutes`` (the city's setting) or more after its slot started is marked "did not come"
    (no staff member: released by the platform); its place is free again for the rest of the
    slot. The person is told. Staff can still mark a late arrival as came."""

    now = now or timezone.now()
    minutes = no_show_minutes() if minutes is None else minutes
    late = (ServiceBooking.objects.select_for_update()
            .filter(status=ServiceBooking.Status.BOOKED, slot__starts_at__lte=now - dt.timedelta(minutes=minutes))
            .select_related("slot__service__centre", "person"))
    released = 0
    for booking in late:
        booking.status, booking.marked_by, booking.marked_at = ServiceBooking.Status.NO_SHOW, None, now
        booking.save(update_fields=["status", "marked_by", "marked_at", "updated_at"])
        released += 1
        person, slot = booking.person, booking.slot
        with override(person.preferred_language or "zh-hans"):
            notify(recipient=person, kind="careers.service_no_show",
                   title=_("Appointment released: %(service)s") % {"service": slot.service.get_kind_display()},
                   body=_("You were not checked in at %(centre)s within %(minutes)s minutes of %(time)s, so the "
                          "place went to someone else. Book another time if you still need the service.") % {
                       "centre": slot.service.centre.name, "minutes": minutes,
                       "time": timezone.localtime(slot.starts_at).strftime("%Y-%m-%d %H:%M")},
                   url=reverse("careers:my-bookings"), dedupe_key=f"careers.booking.{booking.pk}.no_show")
    if released:
        live.invalidate()
    return released


def careers_tick(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic job (``youthcity careers_tick``, every 5 minutes)."""
    return {"no_shows_released": bookings_release_no_shows(now=now)}


@transaction.atomic
def service_booking_cancel(*, person, booking, now: dt.datetime | None = None):
    """The person cancels before the slot starts; the place is free again at once."""

    now = now or timezone.now()
    booking = ServiceBooking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    if booking.person_id != person.pk:
        raise PermissionDenied(_("This is not your booking."))
    if booking.status != ServiceBooking.Status.BOOKED:
        raise ServiceError(409, "wrong_state", _("Only a booking not yet used can be cancelled."))
    if booking.slot.starts_at <= now:
        raise ServiceError(409, "past", _("The time has started: it can no longer be cancelled."))
    booking.status = ServiceBooking.Status.CANCELLED
    booking.save(update_fields=["status", "updated_at"])
    return booking


@transaction.atomic
def service_booking_mark(*, staff, booking, attended: bool, now: dt.datetime | None = None):
    """Centre staff mark a booking attended or a no-show, from the slot's start on. Never their own."""

    now = now or timezone.now()
    booking = ServiceBooking.objects.select_for_update().select_related("slot__service__centre__unit").get(pk=booking.pk)
    _unit_staff(staff, booking.slot.service.centre.unit, _("You may not manage this centre."))
    if booking.person_id == staff.pk:
        raise PermissionDenied(_("Nobody decides their own case."))
    if booking.status not in (ServiceBooking.Status.BOOKED, ServiceBooking.Status.NO_SHOW, ServiceBooking.Status.ATTENDED):
        raise ServiceError(409, "wrong_state", _("This booking was cancelled."))
    if booking.slot.starts_at > now:
        raise ServiceError(409, "not_yet", _("Attendance is marked once the time has started."))
    booking.status = ServiceBooking.Status.ATTENDED if attended else ServiceBooking.Status.NO_SHOW
    booking.marked_by, booking.marked_at = staff, now
    booking.save(update_fields=["status", "marked_by", "marked_at", "updated_at"])
    live.invalidate()
    return booking


# --- Job push ----------------------------------------------------------------------------------------


def seeker_of(user, preferences=None, profile=None):
    """The engine's view of a young person: education and districts from the youth profile and
    the preferences (the preferences' districts win; else the profile's current district)."""

    profile = profile if profile is not None else youth_profile_of(user)
    if preferences is None:
        preferences = JobPreferences.objects.filter(user=user).prefetch_related("districts").first()
    education = (EDUCATION_ORDER.index(profile.education_level)
                 if profile is not None and profile.education_level in EDUCATION_ORDER else None)
    districts: tuple[str, ...] = ()
    if preferences is not None:
        districts = tuple(r.path for r in preferences.districts.all())
    if not districts and profile is not None and profile.current_region_id:
        districts = (profile.current_region.path,)
    return Seeker(education=education, districts=districts,
                  major=major_terms(preferences.major) if preferences else (),
                  industries=frozenset(preferences.industries or ()) if preferences else frozenset(),
                  kinds=frozenset(preferences.kinds or ()) if preferences else frozenset())


def offer_of(position: Position):
    return Offer(district=position.district.path,
                 education_required=(EDUCATION_ORDER.index(position.education_required)
                                     if position.education_required in EDUCATION_ORDER else None),
                 industry=position.industry, kind=position.kind, text=f"{position.title} {position.requirements}")


@transaction.atomic
def preferences_set(*, user, major: str = "", districts=(), industries=(), kinds=(), notify_me: bool = True):
    """Save what the person looks for. Needs a youth profile (education comes from it)."""

    if youth_profile_of(user) is None:
        raise ServiceError(403, "no_profile", _("Create your youth profile first: recommendations start from it."))
    bad = [i for i in industries if i not in Industry.values] + [k for k in kinds if k not in Position.Kind.values]
    if bad or any(d.level != Region.Level.DISTRICT for d in districts):
        raise ServiceError(422, "invalid", _("Some fields need correcting."))
    preferences, _created = JobPreferences.objects.update_or_create(user=user, defaults={
        "major": (major or "").strip()[:100], "industries": sorted(set(industries)), "kinds": sorted(set(kinds)),
        "notify": bool(notify_me)})
    preferences.districts.set(districts)
    return preferences


GUEST_RECENT_DAYS = 30  # a youth-station stay this recent makes a guest a push target


def push_new_position(position: Position, *, today: dt.date | None = None) -> int:
    """Tell every subscriber the new position matches — and every recent youth-station guest
    (:func:`stations.selectors.recent_guests`) who set no preferences: their profile's education,
    anywhere in the city — never the employer's own staff, never someone who switched push off.
    Returns how many were told."""

    offer = offer_of(position)
    subscribers = list(JobPreferences.objects.filter(notify=True).select_related("user")
                       .prefetch_related("districts"))
    guests = recent_guests(today or timezone.localdate(), GUEST_RECENT_DAYS)
    with_preferences = set(JobPreferences.objects.filter(user_id__in=list(guests)).values_list("user_id", flat=True))
    guest_ids = [g for g in guests if g not in with_preferences]
    profiles = {p.user_id: p for p in YouthProfile.objects.filter(
        user_id__in=[s.user_id for s in subscribers] + guest_ids).select_related("current_region", "user")}
    seekers = [(s.user_id, seeker_of(s.user, s, profiles.get(s.user_id))) for s in subscribers
               if s.user_id in profiles]
    seekers += [(g, Seeker(education=(EDUCATION_ORDER.index(profiles[g].education_level)
                                      if profiles[g].education_level in EDUCATION_ORDER else None)))
                for g in guest_ids if g in profiles]
    chosen = set(push_targets(seekers, offer)) - set(permissions_employer_staff_ids(position))
    users = {s.user_id: s.user for s in subscribers} | {g: profiles[g].user for g in guest_ids if g in profiles}
    people = [users[i] for i in sorted(chosen)]
    url = reverse("careers:position", args=[position.pk])
    _notify_all(people, kind="careers.position_for_you",
                title=lambda: _("A position for you: %(title)s") % {"title": position.title},
                body=lambda: _("%(employer)s, %(district)s. It matches your profile.") % {
                    "employer": position.employer.name, "district": position.district.name},
                url=url, key=f"careers.push.{position.pk}")
    return len(people)


def permissions_employer_staff_ids(position: Position) -> list[int]:
    return [u.pk for u in _employer_people(position)]


# --- CVs ------------------------------------------------------------------------------------------------


@transaction.atomic
def cv_open(*, staff, application: JobApplication):
    """The employer's HR staff open an applicant's CV: only staff of the employer that received
    the application, never their own; recorded for the person ("who looked at my data").
    Returns the stored file, opened for reading."""
    application = JobApplication.objects.select_related("position__employer", "applicant").get(pk=application.pk)
    _employer_staff(staff, application.position.employer)
    if application.applicant_id == staff.pk:
        raise PermissionDenied(_("Nobody decides their own case."))
    if not application.cv:
        raise ServiceError.not_found()
    person = application.applicant
    with override(person.preferred_language or "zh-hans"):
        privacy.personal_data_access_record(
            viewer=staff, subject=person, action="cv_open", fields=["cv"],
            purpose=_("Application to %(title)s at %(employer)s: CV read by the employer") % {
                "title": application.position.title, "employer": application.position.employer.name})
    return application.cv.open("rb")
