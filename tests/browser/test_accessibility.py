"""axe-core (WCAG 2.1 A/AA, as GB/T 37668 asks) on every main page, for each role, at phone and
desktop size: no serious or critical violation anywhere."""

from __future__ import annotations

import pytest

from tests.pages import MAIN_PAGES

from .conftest import axe_violations, login

# The edge's error pages (400 for a NUL in a query or an impossible year, the 404 page) are checked too.
ERROR_PAGES = {None: ["/?q=%00", "/no-such-page/"], "coordinator": ["/dashboard/ledger/assessment/?year=10000"]}
PAGES = {who: [*paths, *ERROR_PAGES.get(who, [])] for who, paths in MAIN_PAGES.items()}
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


@pytest.mark.parametrize("who", list(PAGES), ids=lambda w: w or "anonymous")
def test_main_pages_have_no_serious_accessibility_violations(page, who):
    if who:
        login(page, who)
    found = {}
    for path in PAGES[who]:
        for size, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            page.goto(page.base + path)
            violations = axe_violations(page)
            if violations:
                found[f"{path} ({size})"] = violations
    assert not found, found


def test_pages_reflow_at_320_px_and_navigation_survives_200_percent_text(page):
    """WCAG 1.4.10 and 1.4.4: no sideways scrolling on a 320 px phone (the station calendar
    included), and the navigation wraps instead of running off the screen with text at 200 %."""
    from youthcity.stations.models import Station

    login(page, "youth")
    page.set_viewport_size({"width": 320, "height": 700})
    station = Station.objects.filter(is_active=True).order_by("pk").first()
    for path in ["/", f"/stations/{station.pk}/", "/benefits/results/", "/stations/my/", "/accounts/profile/"]:
        page.goto(page.base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(page.base + "/")
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_the_index_trend_legend_works_by_keyboard(page):
    page.goto(page.base + "/index/luoyang_ydi/2024/")
    visible = "(i) => Chart.getChart('trend-chart').isDatasetVisible(i)"
    assert page.evaluate(visible, 0) and not page.evaluate(visible, 5)
    page.locator("#trend-series-5").focus()
    page.keyboard.press("Space")
    assert page.evaluate(visible, 5)
    page.locator("#trend-series-0").focus()
    page.keyboard.press("Space")
    assert not page.evaluate(visible, 0)
