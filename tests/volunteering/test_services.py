"""Volunteering services: shift sign-up, check-in/out by the lead, hours under the project's rule,
append-only corrections, certificates — each refusal with its code."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.volunteering.conftest import day_at, make_person, make_shift, signed_up
from youthcity.core.errors import ServiceError
from youthcity.volunteering import selectors, services
from youthcity.volunteering.models import HoursEntry

pytestmark = pytest.mark.django_db


def _refused(expected, fn, **kwargs):
    with pytest.raises(ServiceError) as exc:
        fn(**kwargs)
    assert exc.value.code == expected, exc.value.message
    return exc.value


def test_shift_sign_up_refuses_full_started_and_twice(project):
    shift = make_shift(project, timezone.now() + dt.timedelta(days=1), capacity=1)
    first = make_person()
    services.shift_signup(person=first, shift=shift)
    _refused("already_signed_up", services.shift_signup, person=first, shift=shift)
    err = _refused("shift_full", services.shift_signup, person=make_person(), shift=shift)
    assert "已满" in err.message
    started = make_shift(project, timezone.now() - dt.timedelta(minutes=5))
    _refused("shift_started", services.shift_signup, person=make_person(), shift=started)


def test_hours_follow_the_rounding_rule(project, lead):
    shift = make_shift(project, day_at(9))
    person = signed_up(shift)
    entry = services.check_in(actor=lead, shift=shift, person=person, at=day_at(9, 7))
    entry = services.check_out(actor=lead, entry=entry, at=day_at(11, 59))
    assert entry.credited_minutes == 165  # 2 h 52 min rounded down to 15 min
    assert selectors.person_minutes(person) == 165


def test_check_out_before_check_in_is_refused(project, lead):
    shift = make_shift(project, day_at(9))
    person = signed_up(shift)
    entry = services.check_in(actor=lead, shift=shift, person=person, at=day_at(10))
    err = _refused("checkout_before_checkin", services.check_out, actor=lead, entry=entry, at=day_at(9, 30))
    assert "签退时间早于签到时间" in err.message


def test_overlapping_check_ins_are_refused(project, lead):
    a, b = make_shift(project, day_at(9)), make_shift(project, day_at(10))
    person = signed_up(a)
    signed_up(b, person)
    entry = services.check_in(actor=lead, shift=a, person=person, at=day_at(9))
    _refused("already_checked_in", services.check_in, actor=lead, shift=b, person=person, at=day_at(10))
    services.check_out(actor=lead, entry=entry, at=day_at(12))
    # a late-recorded check-in inside the finished record overlaps it
    second = services.check_in(actor=lead, shift=b, person=person, at=day_at(11))
    err = _refused("overlap", services.check_out, actor=lead, entry=second, at=day_at(12, 30))
    assert "重叠" in err.message


def test_more_than_24_hours_in_a_day_is_refused(project, lead):
    project.increment_minutes = 1
    project.outside_shift = "count"
    project.save()
    long = make_shift(project, day_at(0), hours=20)
    night = make_shift(project, day_at(20), hours=10)
    person = signed_up(long)
    signed_up(night, person)
    e1 = services.check_in(actor=lead, shift=long, person=person, at=day_at(0))
    services.check_out(actor=lead, entry=e1, at=day_at(20))
    e2 = services.check_in(actor=lead, shift=night, person=person, at=day_at(20))
    err = _refused("day_limit", services.check_out, actor=lead, entry=e2, at=day_at(6, days=-2))
    assert "24" in err.message


def test_nobody_records_their_own_hours(project, lead):
    shift = make_shift(project, day_at(9))
    signed_up(shift, lead)
    _refused("own_hours", services.check_in, actor=lead, shift=shift, person=lead, at=day_at(9))


def test_a_lead_of_another_district_gets_not_found(project):
    from tests.factories import staff
    from youthcity.organizations.models import Unit

    shift = make_shift(project, day_at(9))
    person = signed_up(shift)
    outsider = staff(Unit.objects.get(code="410305-league"))
    _refused("not_found", services.check_in, actor=outsider, shift=shift, person=person, at=day_at(9))


def test_a_correction_supersedes_and_never_overwrites(project, lead):
    shift = make_shift(project, day_at(9))
    person = signed_up(shift)
    entry = services.check_out(
        actor=lead,
        entry=services.check_in(actor=lead, shift=shift, person=person, at=day_at(9)),
        at=day_at(10),
    )
    assert entry.credited_minutes == 60
    _refused("invalid", services.entry_correct, actor=lead, entry=entry, reason=" ", check_out=day_at(12))
    fix = services.entry_correct(
        actor=lead, entry=entry, reason="扫码设备故障，按签到表更正", check_out=day_at(12)
    )
    assert fix.credited_minutes == 180 and fix.supersedes_id == entry.pk
    entry.refresh_from_db()
    assert entry.credited_minutes == 60 and entry.check_out == day_at(10)  # the original is unchanged
    assert selectors.person_minutes(person) == 180  # only the effective entry counts
    _refused(
        "already_superseded",
        services.entry_correct,
        actor=lead,
        entry=entry,
        reason="再改",
        check_out=day_at(11),
    )
    void = services.entry_correct(actor=lead, entry=fix, reason="当天未到岗", void=True)
    assert selectors.person_minutes(person) == 0
    assert [e.pk for e in selectors.entry_history(void)] == [entry.pk, fix.pk, void.pk]
    assert HoursEntry.objects.filter(person=person).count() == 3


def test_certificate_verifies_and_detects_forged_or_edited_codes(project, lead):
    shift = make_shift(project, day_at(9))
    person = signed_up(shift)
    services.check_out(
        actor=lead,
        entry=services.check_in(actor=lead, shift=shift, person=person, at=day_at(9)),
        at=day_at(11, 30),
    )
    cert = services.certificate_issue(person=person, unit=project.unit)
    assert cert.credited_minutes == 150 and "*" in cert.volunteer_masked_id
    _, ok = services.certificate_verify(serial=cert.serial, code=cert.code)
    assert ok.ok
    _, spaced = services.certificate_verify(
        serial=cert.serial.lower(), code=cert.code.replace("-", " ").lower()
    )
    assert spaced.ok
    symbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    raw = cert.code.replace("-", "")
    typo = raw[:3] + symbols[(symbols.index(raw[3]) + 1) % 32] + raw[4:]
    assert services.certificate_verify(serial=cert.serial, code=typo)[1].status == "typo"
    # a forged code with a correct check symbol: recompute the content under another secret
    from youthcity.engines.volunteering import issue_code
    from youthcity.volunteering.adapters import content_of

    forged = issue_code(content_of(cert), b"x" * 32)
    assert services.certificate_verify(serial=cert.serial, code=forged)[1].status == "mismatch"
    assert services.certificate_verify(serial="ZY-0000-NOPE", code=cert.code) == (None, None)
    # an edited certificate (more minutes than recorded) no longer matches its code
    cert.credited_minutes += 600
    cert.save()
    assert services.certificate_verify(serial=cert.serial, code=cert.code)[1].status == "mismatch"


def test_no_certificate_without_hours(project):
    _refused("no_hours", services.certificate_issue, person=make_person(), unit=project.unit)
