"""What a person reads on a Chinese page is finished Chinese: no English fallback, internal key,
Python value or template expression (issue 19). The test client fetches every main page as each
role; the visible text is checked, scripts and styles excluded."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.pages import MAIN_PAGES

pytestmark = pytest.mark.django_db

# Words a Chinese page may show in Latin letters: file formats, brand and standard names, units.
ALLOWED = {"PDF", "Excel", "Word", "API", "QR", "JSON", "CSV", "XLSX", "xlsx", "docx", "pdf", "txt", "UTF",
           "GBK", "YouthCity", "WCAG", "GB", "ID", "SMS", "MB", "KB", "m²", "km", "CSP", "HTTP", "URL", "GDP",
           "OpenAPI", "ABAB", "ydi", "luoyang", "YDI", "SHA", "RFC", "PPP", "No", "YAML", "Sobol", "NEET", "Monte", "Carlo"}
FILE_NAME = re.compile(r"[\w.-]+\.(?:csv|xlsx|docx|pdf|txt|json|yaml|png|jpg)\b")
HASH = re.compile(r"\b[0-9a-f]{8,64}\b")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_]{2,}")
INTERNAL = re.compile(r"\{\{|\{%|\{'|':|\b[a-z]+_[a-z_]+\b|\bNone\b|\bTrue\b|\bFalse\b")


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        # Data shown as it was entered (codes, user names, file contents) is marked translate="no".
        if tag in ("script", "style", "code", "pre", "kbd", "samp") or ("translate", "no") in attrs:
            self._stack.append(tag)
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "alt", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if self._stack and tag == self._stack[-1]:
            self._stack.pop()
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def unfinished(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    found = []
    for text in parser.parts:
        text = " ".join(text.split())
        if not text or text in ("English",):  # the language menu names English in English, by design
            continue
        text = FILE_NAME.sub("", HASH.sub("", text))  # file names too  # digests (SHA-256 of a file or a data set) are data, shown as such
        words = [w for w in LATIN_WORD.findall(text) if w not in ALLOWED]
        if words or INTERNAL.search(text):
            found.append(text[:120])
    return found


def test_the_checker_finds_what_a_person_should_not_read():
    assert unfinished("<p>规则结果：eligible</p>")
    assert unfinished("<p>{'a': 1}</p>") and unfinished("<p>id_card</p>")
    assert not unfinished("<p>请上传 PDF 或 Excel 文件。</p><script>var x_y = 1</script>")


@pytest.mark.parametrize("who", list(MAIN_PAGES), ids=lambda w: w or "anonymous")
def test_main_pages_read_as_finished_chinese(client, users, who):
    if who:
        client.force_login(users[who] if who in users else _user(who))
    problems = {}
    for path in MAIN_PAGES[who]:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
        assert response.status_code == 200, path
        html = response.content.decode()
        found = unfinished(html)
        ids = set(re.findall(r'\sid="([^"]+)"', html))
        found += [f"aria-describedby points nowhere: {d}" for d in re.findall(r'aria-describedby="([^"]+)"', html)
                  if not set(d.split()) <= ids]
        if found:
            problems[path] = found
    assert not problems, problems


def _user(username):
    from youthcity.accounts.models import User

    return User.objects.get(username=username)


def test_the_home_page_names_the_city_and_every_service_card_has_an_icon_and_a_line(client, city):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "洛阳市" in page
    cards = page.split('class="card h-100')[1:]
    assert len(cards) >= 4
    assert all('class="bi ' in card and 'class="small text-muted' in card for card in cards)
    assert 'rel="icon"' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")


def test_a_failed_submit_says_so_in_the_title_and_lists_each_error_linked_to_its_field(client, city):
    response = client.post("/accounts/register/", {"username": "", "password1": "x"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = response.content.decode()
    assert "<title>出错：" in page
    assert "data-error-summary" in page and 'href="#id_username"' in page
    # every id an input points to exists (help texts and error messages)
    import re

    ids = set(re.findall(r'\sid="([^"]+)"', page))
    for described in re.findall(r'aria-describedby="([^"]+)"', page):
        assert set(described.split()) <= ids, described


def _visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def test_youth_homes_heading_names_full_coverage_as_the_target_and_big_numbers_are_grouped(client, city):
    text = _visible(client.get("/youth-homes/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    assert "（目标：全覆盖）" in text and "覆盖情况（全覆盖）" not in text
    assert not re.findall(r"(?<![\d,.])\d{5,}(?![\d.])", text), "numbers of 10 000 or more are grouped (1,234)"


def test_policy_finder_speaks_plainly_and_tells_a_signed_in_person_what_happens_to_answers(client, city, users):
    policies = _visible(client.get("/benefits/policies/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    assert "政策即代码" not in policies and "本市惠青政策清单" in policies
    anonymous = _visible(client.get("/benefits/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    assert "无需登录" in anonymous
    client.force_login(users["youth"])
    signed_in = _visible(client.get("/benefits/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    assert "无需登录" not in signed_in and "个人资料" in signed_in


def test_results_hide_an_empty_group_instead_of_showing_zero_and_none(client, city):
    html = client.get("/benefits/results/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="group-undetermined"' in html  # nothing answered yet: everything is still open
    assert 'data-testid="group-not-eligible"' not in html and "无。" not in _visible(html)


CJK = r"[\u3400-\u9fff]"
QUOTED = re.compile(r"<q\b.*?</q>|<blockquote\b.*?</blockquote>", re.S)
CHINESE_QUOTE = re.compile(r"“[^”]*”")
HALF_WIDTH_BY_CJK = re.compile(rf"{CJK}\s?[(:]|{CJK}\s?\)|\(\s?{CJK}|{CJK}\.\.\.")


def half_width_by_chinese(html: str) -> list[str]:
    """Half-width ( ) : or ASCII "..." next to a Chinese character in the visible text."""
    parser = VisibleText()
    parser.feed(QUOTED.sub("", html))  # a policy's source text is quoted as the document wrote it
    found = []
    for text in parser.parts:
        text = CHINESE_QUOTE.sub("“”", " ".join(text.split()))  # so is a clause quoted in “…”
        for m in HALF_WIDTH_BY_CJK.finditer(text):
            found.append(text[max(0, m.start() - 20):m.end() + 20])
    return found


def test_the_punctuation_checker_finds_half_width_marks_by_chinese():
    assert half_width_by_chinese("<p>报送: 每季度</p>") and half_width_by_chinese("<p>活跃志愿者 (人)</p>")
    assert half_width_by_chinese("<p>洛龙区建设青年...</p>")
    assert not half_width_by_chinese("<p>报送：每季度（人）…</p><p>Reports: quarterly (people)</p>")


PUNCTUATION_PAGES = {
    "coordinator": ["/work/", "/work/ledger/", "/work/ledger/plans/1/", "/dashboard/ledger/", "/dashboard/",
                    "/dashboard/index/"],
    "hrss_reviewer": ["/work/"],
    "leader": ["/dashboard/", "/dashboard/ledger/"],
    "youth": ["/benefits/results/", "/careers/"],
}


@pytest.mark.parametrize("who", list(PUNCTUATION_PAGES))
def test_chinese_pages_use_full_width_punctuation_around_chinese_text(client, users, who):
    client.force_login(users[who])
    problems = {}
    for path in PUNCTUATION_PAGES[who]:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
        assert response.status_code == 200, path
        found = half_width_by_chinese(response.content.decode())
        if found:
            problems[path] = found
    assert not problems, problems
