"""Content-Security-Policy without inline script, Permissions-Policy, and pages that keep to them."""

from __future__ import annotations

import re

import pytest

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+=\"", re.I)

PAGES = {
    None: ["/", "/benefits/", "/stations/", "/index/luoyang_ydi/2024/", "/accounts/login/", "/accounts/register/"],
    "youth": ["/accounts/profile/", "/benefits/applications/", "/stations/my/", "/accounts/inbox/"],
    "coordinator": ["/work/", "/dashboard/", "/work/ledger/", "/dashboard/ledger/", "/dashboard/stations/",
                    "/dashboard/benefits/simulation/", "/work/monitoring/", "/dashboard/index/"],
    "station_staff": ["/work/stations/"],
}


@pytest.mark.parametrize("who,path", [(who, path) for who, paths in PAGES.items() for path in paths])
def test_pages_send_a_strict_policy_and_carry_no_inline_script(client, users, who, path):
    if who:
        client.force_login(users[who])
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    policy = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'" and "unsafe" not in directives["style-src"]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), (path, INLINE_SCRIPT.search(html).group(0))
    assert not EVENT_HANDLER.search(html), (path, EVENT_HANDLER.search(html).group(0))


def test_the_language_menu_names_each_language_in_itself_and_needs_a_press(client, city):
    html = client.get("/").content.decode()
    menu = re.search(r'data-testid="language-menu".*?</form>', html, re.S).group(0)
    assert 'value="zh-hans"' in menu and ">简体中文<" in menu and ">English<" in menu
    assert "<select" not in menu  # switching is an explicit press, never a change of a select


INLINE_STYLE_ELEMENT = re.compile(r"<style\b", re.I)


def test_no_template_carries_inline_script_handlers_or_style_elements():
    """Every template, not only the pages above: the policy blocks inline script, event handlers
    and <style> elements in production, so a button wired that way silently does nothing (the
    policy package's print button did)."""
    from pathlib import Path

    import youthcity

    offenders = []
    for path in Path(youthcity.__file__).parent.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, INLINE_STYLE_ELEMENT):
            if m := pattern.search(text):
                offenders.append(f"{path.name}: {m.group(0)}")
    assert offenders == []
