"""Every write of volunteering: shift sign-up, check-in/out by the project lead, corrections
(append-only, audited), certificates.

Shift sign-up is confirmed directly while places are left (no application case): a shift is a
short open slot with no documents to check, and the project lead's check-in and check-out is
the control point that makes hours count (docs/volunteering.md explains the choice)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from youthcity.accounts.permissions import can_manage_unit, mask_id_number, mask_phone
from youthcity.core.errors import ServiceError
from youthcity.engines import volunteering as engine

from . import adapters, totals
from .models import Certificate, HoursEntry, Project, Shift, ShiftSignUp, Team, TeamMembership
from .selectors import effective_entries


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def require_lead(actor, project: Project) -> None:
    if not (project.lead_id == actor.pk or can_manage_unit(actor, project.unit)):
        raise ServiceError(404, "not_found", _("Not found."))


@transaction.atomic
def shift_signup(*, person, shift: Shift, now: dt.datetime | None = None) -> ShiftSignUp:
    now = _now(now)
    shift = Shift.objects.select_for_update().select_related("project").get(pk=shift.pk)
    if not shift.project.is_active:
        raise ServiceError(409, "project_closed", _("This project is not taking volunteers."))
    if now >= shift.starts_at:
        raise ServiceError(409, "shift_started", _("This shift has already started; sign-up is closed."))
    if ShiftSignUp.objects.filter(shift=shift, person=person, status=ShiftSignUp.Status.CONFIRMED).exists():
        raise ServiceError(409, "already_signed_up", _("You have already signed up for this shift."))
    if ShiftSignUp.objects.filter(shift=shift, status=ShiftSignUp.Status.CONFIRMED).count() >= shift.capacity:
        raise ServiceError(409, "shift_full", _("This shift is full."))
    return ShiftSignUp.objects.create(shift=shift, person=person)


@transaction.atomic
def shift_signup_cancel(*, signup: ShiftSignUp, actor, now: dt.datetime | None = None) -> ShiftSignUp:
    signup = ShiftSignUp.objects.select_for_update().select_related("shift__project").get(pk=signup.pk)
    if signup.person_id != actor.pk:
        require_lead(actor, signup.shift.project)
    if signup.status != ShiftSignUp.Status.CONFIRMED:
        raise ServiceError(409, "already_cancelled", _("This sign-up is already cancelled."))
    if HoursEntry.objects.filter(shift=signup.shift, person_id=signup.person_id).exists():
        raise ServiceError(409, "has_hours", _("Hours are recorded for this shift; it cannot be cancelled."))
    signup.status = ShiftSignUp.Status.CANCELLED
    signup.save(update_fields=["status", "updated_at"])
    return signup


FUTURE_SLACK = dt.timedelta(minutes=5)


def _not_future(at: dt.datetime, field: str) -> None:
    if at > timezone.now() + FUTURE_SLACK:
        msg = _("A time in the future cannot be recorded.")
        raise ServiceError(422, "future_time", msg, {field: [msg]})


def _refuse(error: engine.LedgerError, field: str) -> ServiceError:
    messages = adapters.issue_messages(error)
    return ServiceError(422, error.issues[0].code, messages[0], {field: messages})


def _lock_person(person_id: int) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.select_for_update().filter(pk=person_id).first()


@transaction.atomic
def check_in(*, actor, shift: Shift, person, at: dt.datetime | None = None) -> HoursEntry:
    """The project lead checks a signed-up volunteer in (at ``at``, default now)."""
    at = _now(at)
    _not_future(at, "check_in")
    shift = Shift.objects.select_related("project").get(pk=shift.pk)
    require_lead(actor, shift.project)
    if actor.pk == person.pk:
        raise ServiceError(403, "own_hours", _("Nobody records their own hours; ask another lead."))
    if not ShiftSignUp.objects.filter(
        shift=shift, person=person, status=ShiftSignUp.Status.CONFIRMED
    ).exists():
        raise ServiceError(409, "not_signed_up", _("This person has not signed up for this shift."))
    _lock_person(person.pk)
    if effective_entries().filter(person=person, check_out__isnull=True, void=False).exists():
        raise ServiceError(
            409,
            "already_checked_in",
            _("This volunteer is already checked in; check them out first."),
            {"check_in": [_("Already checked in.")]},
        )
    entry = HoursEntry(
        kind=HoursEntry.Kind.RECORD, person=person, shift=shift, check_in=at, recorded_by=actor
    )
    try:
        adapters.compute(adapters.person_batch(person.pk, at), entry, adapters.rule_of(shift.project))
    except engine.LedgerError as exc:
        raise _refuse(exc, "check_in") from exc
    entry.save()
    return entry


def _credit(entry: HoursEntry, ledger: engine.HoursLedger, key: str) -> int:
    for r in ledger.records:
        if r.history and r.history[-1] == key:
            return r.credited_minutes
    return 0


@transaction.atomic
def check_out(*, actor, entry: HoursEntry, at: dt.datetime | None = None) -> HoursEntry:
    """Close an open attendance record; the credited minutes follow the project's rule."""
    at = _now(at)
    _not_future(at, "check_out")
    entry = HoursEntry.objects.select_for_update(of=("self",)).select_related(
        "shift__project__region", "shift__project__unit", "shift__project__pairing", "shift__project__team"
    ).get(pk=entry.pk)
    require_lead(actor, entry.shift.project)
    if actor.pk == entry.person_id:
        raise ServiceError(403, "own_hours", _("Nobody records their own hours; ask another lead."))
    if entry.kind != HoursEntry.Kind.RECORD or entry.check_out is not None or hasattr(entry, "superseded_by"):
        raise ServiceError(409, "not_open", _("This record is not open; use a correction to change it."))
    if at < entry.check_in:
        msg = _("The check-out is before the check-in.")
        raise ServiceError(422, "checkout_before_checkin", msg, {"check_out": [msg]})
    entry.check_out = at
    try:
        ledger = adapters.compute(
            adapters.person_batch(entry.person_id, entry.check_in),
            entry,
            adapters.rule_of(entry.shift.project),
        )
    except engine.LedgerError as exc:
        raise _refuse(exc, "check_out") from exc
    entry.credited_minutes = _credit(entry, ledger, f"e{entry.pk}")
    entry.save(update_fields=["check_out", "credited_minutes"])
    totals.entry_credit(entry)
    return entry


@transaction.atomic
def entry_correct(
    *,
    actor,
    entry: HoursEntry,
    reason: str,
    check_in: dt.datetime | None = None,
    check_out: dt.datetime | None = None,
    void: bool = False,
) -> HoursEntry:
    """A correction is a new entry that supersedes ``entry``; nothing is overwritten."""
    entry = HoursEntry.objects.select_for_update(of=("self",)).select_related(
        "shift__project__region", "shift__project__unit", "shift__project__pairing", "shift__project__team"
    ).get(pk=entry.pk)
    require_lead(actor, entry.shift.project)
    if actor.pk == entry.person_id:
        raise ServiceError(403, "own_hours", _("Nobody records their own hours; ask another lead."))
    if not reason.strip():
        raise ServiceError(
            422, "invalid", _("A correction needs a reason."), {"reason": [_("Give a reason.")]}
        )
    if HoursEntry.objects.filter(supersedes=entry).exists():
        raise ServiceError(
            409,
            "already_superseded",
            _("This entry was already corrected; correct the latest correction instead."),
        )
    new_in = check_in or entry.check_in
    new_out = check_out if check_out is not None else entry.check_out
    _not_future(new_in, "check_in")
    if new_out is not None:
        _not_future(new_out, "check_out")
    if new_out is not None and new_out < new_in:
        msg = _("The check-out is before the check-in.")
        raise ServiceError(422, "checkout_before_checkin", msg, {"check_out": [msg]})
    _lock_person(entry.person_id)
    fix = HoursEntry(
        kind=HoursEntry.Kind.CORRECTION,
        person_id=entry.person_id,
        shift=entry.shift,
        source=entry.source,
        check_in=new_in,
        check_out=new_out,
        void=void,
        supersedes=entry,
        reason=reason.strip(),
        recorded_by=actor,
        created_at=timezone.now(),
    )
    try:
        ledger = adapters.compute(
            adapters.person_batch(entry.person_id, new_in), fix, adapters.rule_of(entry.shift.project)
        )
    except engine.LedgerError as exc:
        raise _refuse(exc, "check_in") from exc
    fix.credited_minutes = 0 if void else _credit(fix, ledger, "new")
    fix.save()
    totals.entry_credit(entry, -1)
    totals.entry_credit(fix)
    return fix


def _masked_id(person) -> str:
    if person.id_number:
        return mask_id_number(person.id_number)
    if person.phone:
        return mask_phone(person.phone)
    return f"ID****{person.pk:04d}"


@transaction.atomic
def certificate_issue(*, person, unit, now: dt.datetime | None = None) -> Certificate:
    """A certificate of ``person``'s recorded service with ``unit``'s projects (谁记录谁证明):
    generated from the effective ledger entries, never typed."""
    today = timezone.localdate(_now(now))
    rows = effective_entries().filter(
        person=person, void=False, check_out__isnull=False, shift__project__unit=unit
    )
    minutes = sum(r.credited_minutes for r in rows)
    if not minutes:
        raise ServiceError(409, "no_hours", _("No credited hours with this organisation yet."))
    days = [timezone.localdate(r.check_in) for r in rows]
    cert = Certificate(
        serial=f"ZY-{today.year}-{secrets.token_hex(4).upper()}",
        person=person,
        unit=unit,
        organisation=unit.name,
        volunteer_masked_id=_masked_id(person),
        volunteer_name=person.display_name or person.username,
        period_start=min(days),
        period_end=min(max(days), today),
        credited_minutes=minutes,
        issue_date=today,
        issued_by=person,
    )
    cert.code = engine.issue_code(adapters.content_of(cert), adapters.certificate_secret())
    cert.save()
    return cert


def certificate_verify(*, serial: str, code: str) -> tuple[Certificate | None, engine.Verification | None]:
    """Public check (a read): (certificate, verification); (None, None) when the serial is unknown."""
    cert = Certificate.objects.filter(serial=serial.strip().upper()).select_related("unit").first()
    if cert is None:
        return None, None
    return cert, engine.verify(code, adapters.content_of(cert), adapters.certificate_secret())


# --- volunteer teams (志愿服务队) --------------------------------------------------------------------


def may_decide_team(actor, team: Team) -> bool:
    """The team's leader, or staff who may manage the host unit (their unit or region above it)."""
    if not getattr(actor, "is_authenticated", False):
        return False
    return team.leader_id == actor.pk or can_manage_unit(actor, team.host)


@transaction.atomic
def team_create(
    *, actor, code: str, name: str, host, district, leader, brand: str = "", description: str = ""
) -> Team:
    """Staff of the host unit register a team; its leader is its first member."""
    from youthcity.regions.models import Region

    if not can_manage_unit(actor, host):
        raise ServiceError(404, "not_found", _("Not found."))
    if district.level != Region.Level.DISTRICT:
        msg = _("Choose a district or county.")
        raise ServiceError(422, "invalid", msg, {"district": [msg]})
    if not name.strip():
        msg = _("Give the team a name.")
        raise ServiceError(422, "invalid", msg, {"name": [msg]})
    team = Team.objects.create(
        code=code, name=name.strip(), host=host, district=district, leader=leader, brand=brand, description=description
    )
    TeamMembership.objects.create(
        team=team, person=leader, status=TeamMembership.Status.ACTIVE, decided_by=actor, decided_at=timezone.now()
    )
    return team


@transaction.atomic
def team_join(*, person, team: Team) -> TeamMembership:
    """A volunteer asks to join; the leader or the host's staff decide."""
    team = Team.objects.select_for_update().get(pk=team.pk)
    if not team.is_active:
        raise ServiceError(409, "team_closed", _("This team is not taking members."))
    current = TeamMembership.objects.filter(
        team=team, person=person, status__in=[TeamMembership.Status.REQUESTED, TeamMembership.Status.ACTIVE]
    ).first()
    if current is not None:
        if current.status == TeamMembership.Status.ACTIVE:
            raise ServiceError(409, "already_member", _("You are already a member of this team."))
        raise ServiceError(409, "already_requested", _("You have already asked to join this team."))
    return TeamMembership.objects.create(team=team, person=person)


@transaction.atomic
def team_decide(*, actor, membership: TeamMembership, approve: bool, reason: str = "") -> TeamMembership:
    """The team leader or the host's staff approve or refuse a request (a refusal needs a reason)."""
    membership = (
        TeamMembership.objects.select_for_update(of=("self",)).select_related("team__host").get(pk=membership.pk)
    )
    if not may_decide_team(actor, membership.team):
        raise ServiceError(404, "not_found", _("Not found."))
    if membership.person_id == actor.pk:
        raise ServiceError(403, "own_case", _("Nobody decides their own request."))
    if membership.status != TeamMembership.Status.REQUESTED:
        raise ServiceError(409, "already_decided", _("This request was already decided."))
    if not approve and not reason.strip():
        msg = _("Give a reason for the refusal.")
        raise ServiceError(422, "invalid", msg, {"reason": [msg]})
    membership.status = TeamMembership.Status.ACTIVE if approve else TeamMembership.Status.REFUSED
    membership.decided_by, membership.decided_at = actor, timezone.now()
    membership.reason = reason.strip()
    membership.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
    return membership


@transaction.atomic
def team_leave(*, person, team: Team) -> TeamMembership:
    """A member leaves (or withdraws a request). Hours already credited to the team stay there:
    they were served in the team's activities."""
    membership = (
        TeamMembership.objects.select_for_update()
        .filter(
            team=team, person=person, status__in=[TeamMembership.Status.REQUESTED, TeamMembership.Status.ACTIVE]
        )
        .first()
    )
    if membership is None:
        raise ServiceError(409, "not_member", _("You are not a member of this team."))
    if team.leader_id == person.pk:
        raise ServiceError(409, "leader_cannot_leave", _("The team leader cannot leave; hand the team over first."))
    membership.status = TeamMembership.Status.LEFT
    membership.save(update_fields=["status", "updated_at"])
    return membership
