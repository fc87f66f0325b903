"""axe-core (WCAG 2.1 A/AA, as GB/T 37668 asks) on every main page, for each role, at phone and
desktop size: no serious or critical violation anywhere."""

from __future__ import annotations

import pytest

from .conftest import axe_violations, login

PAGES = {
    None: ["/", "/benefits/", "/benefits/policies/", "/stations/", "/index/luoyang_ydi/2024/", "/accounts/login/",
           "/accounts/register/", "/?q=%00", "/no-such-page/"],  # the edge's 400 page, the 404 page
    "youth": ["/accounts/profile/", "/benefits/results/", "/benefits/applications/", "/stations/my/",
              "/accounts/inbox/"],
    "hrss_reviewer": ["/work/", "/work/benefits/", "/work/ledger/"],
    "station_staff": ["/work/stations/"],
    "stats_staff": ["/work/monitoring/"],
    "coordinator": ["/work/", "/work/ledger/", "/work/ledger/import/", "/work/monitoring/runs/", "/dashboard/",
                    "/dashboard/ledger/", "/dashboard/ledger/assessment/", "/dashboard/ledger/assessment/?year=10000", "/dashboard/stations/",
                    "/dashboard/benefits/simulation/", "/dashboard/index/", "/work/audit/"],
    "leader": ["/dashboard/", "/dashboard/ledger/"],
}
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
