"""Issue 15 "Done when": on a phone, the coordinator binds a ledger target to a live measure of the
platform and sees its value move after a youth-station booking is checked in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, shot
from tests.stations.conftest import make_station, make_youth


def _stays_target():
    from youthcity.ledger.models import Measure, Plan, Target

    plan = Plan.objects.get(title="洛阳市建设青年友好型城市行动方案")
    measure = Measure.objects.get(project__plan=plan, number="12")
    return Target.objects.create(measure=measure, position=99, subject="青年驿站入住", text="青年驿站年接待入住100人次",
                                 value=Decimal(100), unit="人次", per_year=True)


def _booking_checked_in():
    from youthcity.accounts.models import User
    from youthcity.stations.services import booking_check_in, booking_create

    today = timezone.localdate()
    station = make_station("livebrowser")
    booking, _ = booking_create(person=make_youth(), station=station, check_in=today,
                                check_out=today + dt.timedelta(days=2))
    booking_check_in(booking=booking, staff=User.objects.get(username="station_staff"), identity_confirmed=True)


def test_coordinator_binds_a_target_and_sees_it_move_after_a_booking(page):
    target = _stays_target()
    login(page, "coordinator")
    page.goto(page.base + f"/work/ledger/measures/{target.measure_id}/")
    card = page.locator(f"[data-testid=live-{target.pk}]")
    # 保障性租赁住房 on the same measure gets its suggestion.
    expect(page.locator("[data-testid=suggestion]").first).to_contain_text("配租")
    card.locator("[data-testid=bind-open]").click()
    expect(card.locator("[data-testid=bind-form]")).to_be_visible()
    card.locator("select[name$=-code]").select_option("station_stays")
    card.locator("select[name$=-period]").select_option("year")
    shot(page, "ledger-live-1-bind")
    card.locator("button[type=submit]").click()
    expect(page.locator(".alert-success[role=status]")).to_contain_text("由平台自动取数")
    card = page.locator(f"[data-testid=live-{target.pk}]")
    expect(card.locator("[data-testid=binding]")).to_contain_text("来自平台，截至")
    before = int(card.locator("[data-testid=live-value]").inner_text().split()[0])
    achieved = page.locator(f"[data-testid=achieved-{target.pk}]")
    expect(achieved).to_contain_text("来自平台，截至")
    shot(page, "ledger-live-2-bound")
    assert_accessible(page)

    _booking_checked_in()  # a young person books a bed at a youth station and checks in

    page.reload()
    card = page.locator(f"[data-testid=live-{target.pk}]")
    expect(card.locator("[data-testid=live-value]")).to_contain_text(f"{before + 1} 人次")
    expect(achieved).to_contain_text(f"{before + 1} 人次")
    shot(page, "ledger-live-3-moved")
