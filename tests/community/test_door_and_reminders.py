"""Self check-in by the event's door code (a code of another event is refused), reminders the day
before and feedback requests after the event."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.community.conftest import make_event, make_person
from youthcity.community import services
from youthcity.core.errors import ServiceError
from youthcity.core.models import Notification

pytestmark = pytest.mark.django_db


def _refused(expected, fn, **kwargs):
    with pytest.raises(ServiceError) as exc:
        fn(**kwargs)
    assert exc.value.code == expected, exc.value.message
    return exc.value


def test_self_check_in_with_the_door_code_of_this_event_only(city):
    event = make_event(starts_in=dt.timedelta(minutes=30), closes_before_start=dt.timedelta(minutes=5))
    other = make_event(starts_in=dt.timedelta(minutes=30), closes_before_start=dt.timedelta(minutes=5))
    person = make_person()
    services.signup_create(person=person, event=event)
    err = _refused("wrong_event", services.self_check_in, person=person, event=event, code=services.door_code_of(other))
    assert "其他活动" in err.message
    code = services.door_code_of(event)
    forged = code[:-1] + ("0" if code[-1] != "0" else "1")
    _refused("invalid", services.self_check_in, person=person, event=event, code=forged)
    _refused("not_signed_up", services.self_check_in, person=make_person(), event=event, code=code)
    signup = services.self_check_in(person=person, event=event, code=code.lower())
    assert signup.checked_in_at and signup.checked_in_by_id == person.pk
    _refused("already_checked_in", services.self_check_in, person=person, event=event, code=code)


def test_self_check_in_keeps_the_door_times_and_the_waitlist_out(city):
    later = make_event(capacity=1, starts_in=dt.timedelta(days=2))
    a, b = make_person(), make_person()
    services.signup_create(person=a, event=later)
    services.signup_create(person=b, event=later)  # waitlisted
    code = services.door_code_of(later)
    _refused("not_check_in_time", services.self_check_in, person=a, event=later, code=code)
    _refused("not_confirmed", services.self_check_in, person=b, event=later, code=code)


def test_door_page_prefills_from_the_qr_link_and_checks_in_on_post_only(client, city, organiser):
    event = make_event(starts_in=dt.timedelta(minutes=30), closes_before_start=dt.timedelta(minutes=5))
    person = make_person()
    signup = services.signup_create(person=person, event=event)
    client.force_login(organiser)
    staff_page = client.get(f"/work/events/{event.pk}/").content.decode()
    code = services.door_code_of(event)
    assert code in staff_page and f"/events/{event.pk}/door/?c=" in staff_page
    client.force_login(person)
    page = client.get(f"/events/{event.pk}/door/", {"c": code})
    assert page.status_code == 200 and code in page.content.decode()
    signup.refresh_from_db()
    assert signup.checked_in_at is None  # a GET never writes
    other = make_event(starts_in=dt.timedelta(minutes=30), closes_before_start=dt.timedelta(minutes=5))
    wrong = client.post(f"/events/{event.pk}/door/", {"code": services.door_code_of(other)})
    assert wrong.status_code == 200 and "其他活动" in wrong.content.decode()
    r = client.post(f"/events/{event.pk}/door/", {"code": code})
    assert r.status_code == 302
    signup.refresh_from_db()
    assert signup.checked_in_at is not None


def test_reminders_the_day_before_and_feedback_requests_once(city):
    from django.core.management import call_command

    tomorrow_noon = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time(12))
    )
    event = make_event(starts_in=tomorrow_noon - timezone.now(), title="明天的夜校")
    far = make_event(starts_in=dt.timedelta(days=5), title="下周的活动")
    a, b = make_person(), make_person()
    services.signup_create(person=a, event=event)
    services.signup_create(person=b, event=far)
    call_command("community_remind")
    notes = Notification.objects.filter(kind="event_reminder")
    assert list(notes.values_list("recipient_id", flat=True)) == [a.pk]
    assert "明天的夜校" in notes.get().title
    # attended yesterday, no feedback yet
    past = make_event(starts_in=dt.timedelta(hours=-5), opens_ago=dt.timedelta(days=3),
                      closes_before_start=dt.timedelta(hours=1), title="昨天的讲座")
    s = services.signup_create(person=b, event=past, now=past.registration_opens_at + dt.timedelta(minutes=1))
    services.check_in_by_code(actor=_staff(), event=past, code=s.code, now=past.starts_at)
    sent = services.reminders_send()
    assert sent == {"reminded": 0, "feedback_asked": 1}  # the reminder to a is not sent twice
    assert services.reminders_send() == {"reminded": 0, "feedback_asked": 0}


def _staff():
    from tests.factories import staff
    from youthcity.organizations.models import Unit

    return staff(Unit.objects.get(code="410311-league"))
