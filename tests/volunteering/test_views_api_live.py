"""Volunteering pages and API: happy paths, scoped 404s, the public verify page, live measures; and a
property: whatever the corrections, the stored totals equal the engine's ledger of the same rows."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import bearer
from tests.volunteering.conftest import day_at, make_person, make_shift, signed_up
from youthcity.core import measures
from youthcity.core.errors import ServiceError
from youthcity.regions.models import Region
from youthcity.volunteering import adapters, selectors, services, totals
from youthcity.volunteering.models import HoursEntry, Project

pytestmark = pytest.mark.django_db


def _served(project, lead, minutes=150):
    shift = make_shift(project, day_at(9))
    person = signed_up(shift)
    entry = services.check_in(actor=lead, shift=shift, person=person, at=day_at(9))
    services.check_out(actor=lead, entry=entry, at=day_at(9) + dt.timedelta(minutes=minutes))
    return person, shift


def test_public_verify_page_says_valid_or_forged_in_chinese(client, project, lead):
    person, _ = _served(project, lead)
    cert = services.certificate_issue(person=person, unit=project.unit)
    ok = client.get("/volunteering/verify/", {"serial": cert.serial, "code": cert.code}).content.decode()
    assert "验证通过" in ok and "2.50" in ok
    raw = cert.code.replace("-", "")
    # Two different neighbouring symbols swapped (equal ones would leave the code unchanged):
    # the check symbol notices, or the HMAC does.
    i = next(k for k in range(len(raw) - 1) if raw[k] != raw[k + 1])
    swapped = raw[:i] + raw[i + 1] + raw[i] + raw[i + 2 :]
    bad = client.get("/volunteering/verify/", {"serial": cert.serial, "code": swapped}).content.decode()
    assert "验证通过" not in bad and ("可能输入有误" in bad or "伪造或篡改" in bad)
    unknown = client.get(
        "/volunteering/verify/", {"serial": "ZY-2026-FFFFFFFF", "code": cert.code}
    ).content.decode()
    assert "没有该编号的证明" in unknown
    api = client.get("/api/v1/volunteering/verify", {"serial": cert.serial, "code": cert.code}).json()
    assert api == {"found": True, "status": "valid", "message": "验证通过：证明内容与验证码一致。"}


def test_a_certificate_page_is_only_for_its_volunteer(client, project, lead):
    person, _ = _served(project, lead)
    cert = services.certificate_issue(person=person, unit=project.unit)
    client.force_login(make_person())
    assert client.get(f"/volunteering/certificates/{cert.pk}/").status_code == 404
    assert client.get(f"/volunteering/certificates/{cert.pk}/pdf/").status_code == 404
    client.force_login(person)
    assert client.get(f"/volunteering/certificates/{cert.pk}/").status_code == 200
    pdf = client.get(f"/volunteering/certificates/{cert.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_one_day_certificate_names_one_date_not_a_range_from_the_day_to_itself(client, project, lead):
    person, _ = _served(project, lead)
    cert = services.certificate_issue(person=person, unit=project.unit)
    assert cert.period_start == cert.period_end
    client.force_login(person)
    page = client.get(f"/volunteering/certificates/{cert.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "至" not in page.split('data-testid="certificate"')[1].split("</p>")[1]
    assert "参加志愿服务" in page
    verify = client.get("/volunteering/verify/", {"serial": cert.serial, "code": cert.code}).content.decode()
    assert " – " not in verify


def test_lead_pages_are_scoped(client, project, lead):
    from tests.factories import staff
    from youthcity.organizations.models import Unit

    _, shift = _served(project, lead)
    entry = HoursEntry.objects.get(shift=shift)
    client.force_login(staff(Unit.objects.get(code="410305-league")))
    assert client.get(f"/work/volunteering/shifts/{shift.pk}/").status_code == 404
    assert client.get(f"/work/volunteering/entries/{entry.pk}/correct/").status_code == 404
    client.force_login(lead)
    assert client.get(f"/work/volunteering/shifts/{shift.pk}/").status_code == 200
    assert client.get(f"/work/volunteering/entries/{entry.pk}/correct/").status_code == 200


def test_lead_refusal_shows_in_chinese(client, project, lead):
    shift = make_shift(project, day_at(9))
    person = signed_up(shift)
    client.force_login(lead)
    client.post(
        f"/work/volunteering/shifts/{shift.pk}/",
        {"action": "check_in", "person": person.pk, "at": day_at(10).strftime("%Y-%m-%dT%H:%M")},
    )
    entry = HoursEntry.objects.get(shift=shift)
    page = client.post(
        f"/work/volunteering/shifts/{shift.pk}/",
        {"action": "check_out", "entry": entry.pk, "at": day_at(9).strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert "签退时间早于签到时间。" in page.content.decode()
    future = (timezone.localtime() + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(
        f"/work/volunteering/shifts/{shift.pk}/",
        {"action": "check_out", "entry": entry.pk, "at": future},
        follow=True,
    )
    assert "不能登记将来的时间。" in page.content.decode()


def test_api_lead_check_in_and_out(client, project, lead):
    shift = make_shift(project, timezone.now() - dt.timedelta(hours=1))
    person = signed_up(shift)
    r = client.post(
        f"/api/v1/volunteering/shifts/{shift.pk}/check-in",
        {"person": person.pk},
        content_type="application/json",
        **bearer(lead),
    )
    assert r.status_code == 201, r.content
    out = client.post(f"/api/v1/volunteering/entries/{r.json()['id']}/check-out", **bearer(lead))
    assert out.status_code == 200 and out.json()["check_out"]
    me = client.get("/api/v1/volunteering/me", **bearer(person)).json()
    assert len(me["entries"]) == 1
    other = client.post(
        f"/api/v1/volunteering/shifts/{shift.pk}/check-in",
        {"person": person.pk},
        content_type="application/json",
        **bearer(make_person()),
    )
    assert other.status_code == 404


def test_live_measures_per_region_and_year(project, lead):
    _served(project, lead, minutes=90)
    year = str(timezone.localdate(day_at(9)).year)
    luolong, jianxi = Region.objects.get(code="410311"), Region.objects.get(code="410305")
    assert measures.get("volunteer_hours").value(luolong, year) >= 1.5
    assert measures.get("active_volunteers").value(luolong, year) >= 1
    assert measures.get("registered_volunteers").value(luolong, year) >= 1
    before = measures.get("volunteer_hours").value(jianxi, year)
    _served(project, lead, minutes=60)  # another Luolong volunteer does not change Jianxi
    assert measures.get("volunteer_hours").value(jianxi, year) == before
    assert measures.get("volunteer_hours").value(luolong, "abc") is None


MINUTES = st.integers(0, 180)


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=MINUTES, fixes=st.lists(st.tuples(MINUTES, st.booleans()), max_size=4))
def test_stored_totals_equal_the_engine_ledger_of_the_corrected_records(city, first, fixes):
    from youthcity.accounts.models import User
    from youthcity.organizations.models import Unit

    lead = User.objects.get(username="vol_lead")
    project = Project.objects.create(
        code=f"h-{Project.objects.count()}",
        title="性质测试",
        lead=lead,
        unit=Unit.objects.get(code="410311-league"),
        region=Region.objects.get(code="410311001"),
        increment_minutes=30,
        rounding_mode="nearest_half_down",
        outside_shift="trim",
    )
    shift = make_shift(project, day_at(9), hours=3)
    person = signed_up(shift)
    entry = services.check_in(actor=lead, shift=shift, person=person, at=day_at(9))
    entry = services.check_out(actor=lead, entry=entry, at=day_at(9) + dt.timedelta(minutes=first))
    for minutes, void in fixes:
        try:
            entry = services.entry_correct(
                actor=lead,
                entry=entry,
                reason="核对签到表",
                void=void,
                check_out=day_at(9) + dt.timedelta(minutes=minutes),
            )
        except ServiceError:
            pass
    rows = list(HoursEntry.objects.filter(person=person).select_related("shift"))
    ledger = adapters.compute(rows, None, adapters.rule_of(project))
    assert selectors.person_minutes(person) == sum(r.credited_minutes for r in ledger.records)
    assert totals.person_total(person.pk) == selectors.person_minutes(person)  # the summary keeps step
    assert totals.check() == []
    assert len(rows) == 1 + len(fixes)  # nothing overwritten, every correction kept


def test_leaderboard_sums_effective_hours_and_masks_names(client, project, lead):
    from youthcity.accounts.models import User

    person, shift = _served(project, lead, minutes=120)
    person.display_name = "张三丰"
    person.save()
    entry = HoursEntry.objects.get(shift=shift)
    services.entry_correct(
        actor=lead, entry=entry, reason="核对签到表", check_out=day_at(9) + dt.timedelta(minutes=60)
    )
    board = selectors.leaderboard(timezone.localdate(day_at(9)).year)
    mine = [r for r in board["people"] if r["name"] == "张**"]
    assert mine and mine[0]["minutes"] == 60  # the correction counts, the original does not
    assert any(r["name"] == "洛龙区" for r in board["districts"])
    page = client.get("/volunteering/leaderboard/").content.decode()
    assert "张三丰" not in page
    assert User.objects.filter(display_name="张三丰").exists()
