"""Playwright against Debian's Chromium (no browser download) and pytest-django's live server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "test-artifacts" / "screens"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # npm (package-lock.json), never a CDN
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_PASSWORD = "YouthCity-demo-2026"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
                reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
                if os.environ.get("REQUIRE_BROWSER"):
                    raise pytest.UsageError(reason)  # CI must run the browser tests, never skip them
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server, city):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    # axe-core is injected through the browser's init-script channel: the pages' strict
    # Content-Security-Policy stays on (no inline script is added to them).
    context.add_init_script(path=str(AXE))
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.base = live_server.url
    # Withdrawing or cancelling asks first (data-confirm): the tests answer ``pg.confirm_answer``
    # (yes unless a test says otherwise) and keep the questions asked in ``pg.dialogs``.
    pg.dialogs, pg.confirm_answer = [], True
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.accept() if pg.confirm_answer else d.dismiss()))
    yield pg
    context.close()


def shot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screens/ (look at them)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def logout(page) -> None:
    page.context.clear_cookies()


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations of the current page with the given impacts.

    A click on a link returns before the next page has loaded; axe then runs on a document that
    is being replaced. Wait for the load, and run again once if the page was swapped under it."""
    from playwright.sync_api import Error

    script = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
    page.wait_for_load_state("load")
    try:
        result = page.evaluate(script, AXE_TAGS)
    except Error:
        page.wait_for_load_state("load")
        result = page.evaluate(script, AXE_TAGS)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in impacts]


def assert_accessible(page) -> None:
    """Fail on any serious or critical WCAG 2.1 AA violation axe-core finds on the page."""
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"
