"""axe-core (WCAG 2.1 A/AA, as GB/T 37668 asks) on every main page, for each role, at phone and
desktop size: no serious or critical violation anywhere."""

from __future__ import annotations

import pytest

from tests.pages import MAIN_PAGES

from .conftest import axe_violations, login

PAGES = MAIN_PAGES
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
