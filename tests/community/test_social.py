"""Social events (联谊): verified identity and a declaration to sign up, profiles seen only by the
other confirmed participants who opted in, phones only after both ask, reports, removal."""

import pytest

from tests.community.conftest import make_event, make_person
from youthcity.community import selectors, services
from youthcity.community.models import Event, SignUp
from youthcity.core.errors import ServiceError

pytestmark = pytest.mark.django_db

PROFILE = {
    "marital_status": "single",
    "nickname": "小林",
    "intro": "喜欢爬山",
    "visible": True,
    "declared_true": True,
}


def verified(name, phone):
    person = make_person(name)
    person.id_number, person.phone = "41030019990101123X"[:-4] + phone[-4:], phone
    person.save()
    return person


def social_event(**kw):
    event = make_event(**kw)
    Event.objects.filter(pk=event.pk).update(kind="social")
    event.refresh_from_db()
    return event


def _refused(expected, fn, **kwargs):
    with pytest.raises(ServiceError) as exc:
        fn(**kwargs)
    assert exc.value.code == expected, exc.value.message
    return exc.value


def test_identity_and_declaration_are_required(city):
    event = social_event()
    err = _refused(
        "identity_required", services.signup_create, person=make_person(), event=event, profile=PROFILE
    )
    assert "实名" in err.message or "身份" in err.message
    person = verified("s1", "13900001001")
    err = _refused(
        "declaration_required",
        services.signup_create,
        person=person,
        event=event,
        profile={**PROFILE, "declared_true": False},
    )
    assert "declared_true" in err.fields
    signup = services.signup_create(person=person, event=event, profile=PROFILE)
    assert signup.social_profile.nickname == "小林"


def test_profiles_visible_only_to_participants_and_phones_only_when_both_ask(client, city):
    event = social_event()
    a, b, c = verified("sa", "13900001002"), verified("sb", "13900001003"), verified("sc", "13900001004")
    sa = services.signup_create(person=a, event=event, profile=PROFILE)
    sb = services.signup_create(person=b, event=event, profile={**PROFILE, "nickname": "阿北"})
    services.signup_create(person=c, event=event, profile={**PROFILE, "nickname": "隐身", "visible": False})
    rows = selectors.social_people(sa)
    assert [r["profile"].nickname for r in rows] == ["阿北"]  # the invisible one is not listed
    assert rows[0]["phone"] == ""
    services.contact_request(person=a, event=event, to_signup_id=sb.pk)
    assert selectors.social_people(sa)[0]["phone"] == ""
    _refused("already_requested", services.contact_request, person=a, event=event, to_signup_id=sb.pk)
    services.contact_request(person=b, event=event, to_signup_id=sa.pk)
    assert selectors.social_people(sa)[0]["phone"] == "13900001003"
    client.force_login(make_person())  # not a participant
    assert client.get(f"/events/{event.pk}/people/").status_code == 404
    client.force_login(a)
    page = client.get(f"/events/{event.pk}/people/").content.decode()
    assert "阿北" in page and "sb" not in page.split("阿北")[0][-200:]


def test_report_and_removal_free_the_place_and_block_a_return(city, organiser):
    event = social_event(capacity=2)
    a, b, w = verified("ra", "13900001005"), verified("rb", "13900001006"), verified("rw", "13900001007")
    sa = services.signup_create(person=a, event=event, profile=PROFILE)
    sb = services.signup_create(person=b, event=event, profile=PROFILE)
    waiting = services.signup_create(person=w, event=event, profile=PROFILE)
    _refused(
        "invalid", services.report_participant, person=a, event=event, reported_signup_id=sb.pk, reason=" "
    )
    services.report_participant(person=a, event=event, reported_signup_id=sb.pk, reason="言语骚扰")
    assert selectors.open_reports(event).count() == 1
    _refused("invalid", services.signup_remove, actor=organiser, signup=sb, reason="")
    services.signup_remove(actor=organiser, signup=sb, reason="经核实存在骚扰行为")
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert not selectors.open_reports(event).exists()
    _refused("removed", services.signup_create, person=b, event=event, profile=PROFILE)
    assert SignUp.objects.get(pk=sa.pk).status == "confirmed"


def test_the_sign_up_page_names_what_the_declaration_lacks(client, city):
    event = social_event()
    client.force_login(verified("sv", "13900001009"))
    page = client.post(f"/events/{event.pk}/", {})
    assert page.status_code == 200
    html = page.content.decode()
    assert "请声明您的婚姻状况。" in html and "请确认您的声明属实。" in html
    assert not SignUp.objects.filter(event=event).exists()
