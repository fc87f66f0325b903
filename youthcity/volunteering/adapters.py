"""ORM ↔ volunteering engine: a person's ledger rows as engine records and corrections, the
project's rounding rule, certificate content and the server's certificate secret."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from youthcity.engines import volunteering as engine

from .models import Certificate, HoursEntry, Project, Shift

# The ledger checks a person's entries in this window around the day being written: overlaps and
# the per-day limit can only involve entries close in time.
WINDOW = dt.timedelta(days=2)


def rule_of(project: Project) -> engine.RoundingRule:
    return engine.RoundingRule(
        increment_minutes=project.increment_minutes,
        mode=engine.RoundingMode(project.rounding_mode),
        minimum_minutes=project.minimum_minutes,
        outside_shift=engine.OutsideShift(project.outside_shift),
        grace_minutes=project.grace_minutes,
        timezone=settings.TIME_ZONE,
    )


def _sid(pk) -> str:
    return f"s{pk}"


def _eid(pk) -> str:
    return f"e{pk}"


def engine_shift(shift: Shift) -> engine.Shift:
    return engine.Shift(_sid(shift.pk), f"p{shift.project_id}", shift.starts_at, shift.ends_at, shift.place)


def _item(e: HoursEntry, eid: str | None = None):
    eid = eid or _eid(e.pk)
    if e.kind == HoursEntry.Kind.RECORD:
        return engine.AttendanceRecord(
            eid, f"u{e.person_id}", _sid(e.shift_id), e.check_in, e.check_out, engine.Source.LEAD
        )
    return engine.Correction(
        eid,
        _eid(e.supersedes_id),
        by=f"u{e.recorded_by_id}",
        reason=e.reason,
        at=e.created_at or dt.datetime.now(dt.UTC),
        check_in=e.check_in,
        check_out=e.check_out,
        void=e.void,
    )


def person_batch(person_id: int, around: dt.datetime) -> list[HoursEntry]:
    """The person's entries near ``around`` plus every entry their chains reach back to."""
    rows = {
        e.pk: e
        for e in HoursEntry.objects.filter(
            person_id=person_id, check_in__gte=around - WINDOW, check_in__lte=around + WINDOW
        ).select_related("shift")
    }
    missing = {e.supersedes_id for e in rows.values() if e.supersedes_id and e.supersedes_id not in rows}
    while missing:
        found = {e.pk: e for e in HoursEntry.objects.filter(pk__in=missing).select_related("shift")}
        rows.update(found)
        missing = {e.supersedes_id for e in found.values() if e.supersedes_id and e.supersedes_id not in rows}
    # A correction of an entry in the window may lie outside it: take the whole chain forward too.
    forward = set(
        HoursEntry.objects.filter(supersedes_id__in=list(rows))
        .exclude(pk__in=list(rows))
        .values_list("pk", flat=True)
    )
    while forward:
        found = {e.pk: e for e in HoursEntry.objects.filter(pk__in=forward).select_related("shift")}
        rows.update(found)
        forward = set(
            HoursEntry.objects.filter(supersedes_id__in=list(found))
            .exclude(pk__in=list(rows))
            .values_list("pk", flat=True)
        )
    return list(rows.values())


def compute(
    rows: list[HoursEntry], pending: HoursEntry | None, rule: engine.RoundingRule
) -> engine.HoursLedger:
    """Run the engine over ``rows`` with ``pending`` (an unsaved entry, or a saved one with new
    values) in place; raises engine.LedgerError listing every issue."""
    items = {_eid(r.pk): r for r in rows}
    if pending is not None:
        items["new" if pending.pk is None else _eid(pending.pk)] = pending
    shifts = {}
    records, corrections = [], []
    for eid, row in items.items():
        shifts[row.shift_id] = row.shift
        item = _item(row, eid)
        (records if isinstance(item, engine.AttendanceRecord) else corrections).append(item)
    return engine.compute_ledger([engine_shift(s) for s in shifts.values()], records, corrections, rule)


ISSUE_MESSAGES = {
    "overlap": lambda: _("This time overlaps another check-in of the same volunteer."),
    "checkout_before_checkin": lambda: _("The check-out is before the check-in."),
    "day_limit": lambda: _("More than 24 hours would be credited to this volunteer on one day."),
    "outside_shift": lambda: _("This time lies outside the shift; the project's rule refuses it."),
    "wrong_shift": lambda: _("This code belongs to another shift or event."),
    "already_superseded": lambda: _(
        "This entry was already corrected; correct the latest correction instead."
    ),
    "correction_without_reason": lambda: _("A correction needs a reason."),
}


def issue_messages(error: engine.LedgerError) -> list[str]:
    zh = (get_language() or "zh-hans").startswith("zh")
    out = []
    for i in error.issues:
        text = (
            ISSUE_MESSAGES[i.code]() if i.code in ISSUE_MESSAGES else (i.message_zh if zh else i.message_en)
        )
        if text not in out:
            out.append(text)
    return out


def certificate_secret() -> bytes:
    configured = getattr(settings, "VOLUNTEERING_CERTIFICATE_SECRET", "") or ""
    if len(configured.encode()) >= 32:
        return configured.encode()
    return hashlib.sha256(b"youthcity.volunteering.certificates:" + settings.SECRET_KEY.encode()).digest()


def content_of(c: Certificate) -> engine.CertificateContent:
    return engine.CertificateContent(
        c.serial,
        c.volunteer_masked_id,
        c.organisation,
        c.period_start,
        c.period_end,
        c.credited_minutes,
        c.issue_date,
    )
