"""Event services: publish, sign-up with capacity and waitlist, cancel, check-in by code, feedback —
each refusal with its code."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.community.conftest import make_event, make_person
from youthcity.community import services
from youthcity.community.models import SignUp, SignUpStatus
from youthcity.core.errors import ServiceError

pytestmark = pytest.mark.django_db


def _refused(expected, fn, **kwargs):
    with pytest.raises(ServiceError) as exc:
        fn(**kwargs)
    assert exc.value.code == expected, exc.value.message
    return exc.value


def test_over_capacity_goes_to_the_waitlist_and_cancel_moves_it_up(city):
    event = make_event(capacity=2)
    a, b, c = make_person(), make_person(), make_person()
    sa = services.signup_create(person=a, event=event)
    sb = services.signup_create(person=b, event=event)
    sc = services.signup_create(person=c, event=event)
    assert (sa.status, sb.status, sc.status) == ("confirmed", "confirmed", "waitlisted")
    assert {sa.place, sb.place} == {1, 2} and sc.place is None
    services.signup_cancel(signup=sa, actor=a)
    sc.refresh_from_db()
    assert sc.status == SignUpStatus.CONFIRMED and sc.place == sa.place
    assert c.notifications.filter(kind="community.waitlist_confirmed").exists()
    assert SignUp.objects.filter(event=event, status="confirmed").count() == 2


def test_sign_up_outside_the_window_is_refused(city):
    closed = make_event(starts_in=dt.timedelta(hours=2), closes_before_start=dt.timedelta(hours=3))
    err = _refused("registration_closed", services.signup_create, person=make_person(), event=closed)
    assert "报名已截止" in err.message
    future = make_event(opens_ago=-dt.timedelta(days=1))
    _refused("registration_not_open", services.signup_create, person=make_person(), event=future)


def test_one_active_sign_up_per_person(city):
    event, person = make_event(), make_person()
    services.signup_create(person=person, event=event)
    _refused("already_signed_up", services.signup_create, person=person, event=event)


def test_check_in_by_code_refuses_another_events_code_and_repeats(city, organiser):
    event, other = (
        make_event(starts_in=dt.timedelta(minutes=30)),
        make_event(starts_in=dt.timedelta(minutes=30)),
    )
    mine = services.signup_create(person=make_person(), event=event)
    theirs = services.signup_create(person=make_person(), event=other)
    err = _refused("wrong_event", services.check_in_by_code, actor=organiser, event=event, code=theirs.code)
    assert "其他活动" in err.message
    _refused("unknown_code", services.check_in_by_code, actor=organiser, event=event, code="ZZZZ-ZZZZ")
    _refused("invalid", services.check_in_by_code, actor=organiser, event=event, code="abc")
    typed = services.display_code(mine.code).lower()  # case and the hyphen do not matter
    done = services.check_in_by_code(actor=organiser, event=event, code=typed)
    assert done.checked_in_at and done.checked_in_by == organiser
    _refused("already_checked_in", services.check_in_by_code, actor=organiser, event=event, code=mine.code)


def test_waitlisted_code_and_too_early_are_refused(city, organiser):
    event = make_event(capacity=1, starts_in=dt.timedelta(minutes=30))
    services.signup_create(person=make_person(), event=event)
    waiting = services.signup_create(person=make_person(), event=event)
    _refused("not_confirmed", services.check_in_by_code, actor=organiser, event=event, code=waiting.code)
    later = make_event(starts_in=dt.timedelta(days=2))
    s = services.signup_create(person=make_person(), event=later)
    _refused("not_check_in_time", services.check_in_by_code, actor=organiser, event=later, code=s.code)


def test_an_organiser_of_another_district_cannot_check_in(city):
    from tests.factories import staff
    from youthcity.organizations.models import Unit

    event = make_event(starts_in=dt.timedelta(minutes=30))
    s = services.signup_create(person=make_person(), event=event)
    outsider = staff(Unit.objects.get(code="410305-league"))
    _refused("not_found", services.check_in_by_code, actor=outsider, event=event, code=s.code)


def test_feedback_only_after_check_in_and_once(city, organiser):
    event = make_event(starts_in=dt.timedelta(minutes=30))
    person = make_person()
    s = services.signup_create(person=person, event=event)
    _refused("not_attended", services.feedback_submit, person=person, signup=s, rating=5)
    services.check_in_by_code(actor=organiser, event=event, code=s.code)
    s.refresh_from_db()
    _refused("not_found", services.feedback_submit, person=make_person(), signup=s, rating=5)
    _refused("invalid", services.feedback_submit, person=person, signup=s, rating=7)
    services.feedback_submit(person=person, signup=s, rating=4, comment="很好")
    _refused("already_given", services.feedback_submit, person=person, signup=s, rating=5)


def test_publish_checks_the_unit_and_the_times(city, organiser):
    from youthcity.organizations.models import Unit
    from youthcity.regions.models import Region

    now = timezone.now()
    base = dict(
        title="夜校",
        kind="night_school",
        region=Region.objects.get(code="410311001"),
        place="青年之家",
        starts_at=now + dt.timedelta(days=3),
        ends_at=now + dt.timedelta(days=3, hours=2),
        capacity=10,
        registration_opens_at=now,
        registration_closes_at=now + dt.timedelta(days=2),
    )
    event = services.event_publish(actor=organiser, unit=Unit.objects.get(code="410311-league"), **base)
    assert event.pk and event.is_free
    _refused(
        "forbidden",
        services.event_publish,
        actor=organiser,
        unit=Unit.objects.get(code="410305-league"),
        **base,
    )
    err = _refused(
        "invalid",
        services.event_publish,
        actor=organiser,
        unit=event.unit,
        **{**base, "ends_at": base["starts_at"]},
    )
    assert "ends_at" in err.fields


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    capacity=st.integers(1, 4),
    actions=st.lists(st.tuples(st.sampled_from(["join", "cancel"]), st.integers(0, 7)), max_size=25),
)
def test_capacity_is_never_exceeded_and_the_waitlist_fills_free_places(city, capacity, actions):
    event = make_event(capacity=capacity)
    people = [make_person() for _ in range(8)]
    for action, i in actions:
        person = people[i]
        active = SignUp.objects.filter(event=event, person=person).exclude(status="cancelled").first()
        if action == "join" and active is None:
            services.signup_create(person=person, event=event)
        elif action == "cancel" and active is not None:
            services.signup_cancel(signup=active, actor=person)
        confirmed = SignUp.objects.filter(event=event, status="confirmed")
        waiting = SignUp.objects.filter(event=event, status="waitlisted")
        assert confirmed.count() <= capacity
        assert not waiting.exists() or confirmed.count() == capacity  # nobody waits while a place is free
        places = list(confirmed.values_list("place", flat=True))
        assert len(places) == len(set(places)) and all(1 <= p <= capacity for p in places)
