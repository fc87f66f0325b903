"""The positions table on a phone (390 px): short columns (district, kind, pay, places) stay on one
line instead of wrapping one character per line; the table scrolls sideways instead."""

from tests.browser.conftest import shot


def test_short_columns_do_not_wrap_on_a_phone(page):
    page.goto(page.base + "/careers/")
    cells = page.locator("[data-testid=positions] tbody tr td:nth-child(3)")
    assert cells.count() > 0
    line = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('[data-testid=positions] tbody tr td:nth-child(3)')).lineHeight)"
    )
    for i in range(min(cells.count(), 5)):
        text_height = cells.nth(i).evaluate(
            "el => { const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect().height }"
        )
        assert text_height < 1.5 * line, (text_height, line)
    for header in ("县区", "名额"):
        th = page.locator("[data-testid=positions] thead th", has_text=header)
        assert th.evaluate("el => getComputedStyle(el).whiteSpace") == "nowrap"
    shot(page, "careers-catalogue-390")
