"""Every chart has its figures as a table (issue 19)."""

import pytest
from django.template import Context, Template

from tests.pages import MAIN_PAGES


def _render(data):
    return Template('{% load charts %}{% chart_table data "Stays" "District" %}').render(Context({"data": data}))


def test_one_series_becomes_rows_with_header_cells():
    html = _render({"labels": ["老城区", "西工区"], "values": [1200, None]})
    assert ('<th scope="row" class="fw-normal">老城区</th><td class="text-end">1,200</td>' in html
            or '<th scope="row" class="fw-normal">老城区</th><td class="text-end">1200</td>' in html)
    assert "<td class=\"text-end\">—</td>" in html and '<th scope="col">District</th>' in html


def test_several_series_become_columns():
    html = _render({"labels": ["2023", "2024"], "datasets": [{"label": "A", "data": [1.256, 2]},
                                                             {"label": "B", "data": [3]}]})
    assert '<th scope="col" class="text-end">A</th><th scope="col" class="text-end">B</th>' in html
    assert "1.26" in html and html.count("—") == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", [w for w in MAIN_PAGES if w in ("coordinator", "leader", None)])
def test_every_chart_on_a_main_page_has_a_table(client, users, who):
    if who:
        client.force_login(users[who])
    for path in MAIN_PAGES[who]:
        page = client.get(path, follow=True).content.decode()
        assert page.count("<table") >= page.count("<canvas"), path
