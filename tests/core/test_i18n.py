"""Every user-facing string is translated to Chinese; the interface is Chinese first."""

import re
from collections import defaultdict
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2] / "youthcity"
PO_FILES = sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


def test_there_are_chinese_catalogues():
    assert PO_FILES


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(po_path):
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert not missing, f"untranslated in {po_path}: {missing[:10]}"


def test_pages_are_chinese_by_default_and_english_on_request(client, city):
    page = client.get("/").content.decode()
    assert 'lang="zh-hans"' in page and "注册" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert 'lang="en"' in page and "Register" in page


PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sd%]|\{\w*\}")
CHINESE = "\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”"
HALF_WIDTH_NEXT_TO_CHINESE = re.compile(rf"[{CHINESE}]\s*[,:;()!?]|[,:;()!?]\s*[{CHINESE}]")


def half_width_punctuation(text: str) -> bool:
    """True when ``,`` ``:`` ``;`` ``(`` ``)`` ``!`` ``?`` stands next to Chinese (placeholders ignored)."""
    return bool(HALF_WIDTH_NEXT_TO_CHINESE.search(PLACEHOLDER.sub("X", text)))


def test_the_checker_tells_finished_from_unfinished_punctuation():
    assert half_width_punctuation("城市因青年而兴,青年因城市而聚")
    assert half_width_punctuation("完成度(权重 %(c)s)")
    assert not half_width_punctuation("完成度（权重 %(c)s）、时间 10:30，共 1,000 人")
    assert not half_width_punctuation("Youth (18–35), welcome: here")


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_chinese_uses_full_width_punctuation(po_path):
    po = polib.pofile(str(po_path))
    bad = [e.msgstr for e in po if not e.obsolete
           for text in [e.msgstr, *e.msgstr_plural.values()] if text and half_width_punctuation(text)]
    assert not bad, f"half-width punctuation in {po_path}: {bad[:10]}"


def test_one_english_word_has_one_chinese_meaning_unless_a_context_says_otherwise():
    """A msgid shared by several catalogues must translate alike, or carry a context (pgettext)."""
    seen: dict[tuple[str | None, str], dict[str, str]] = defaultdict(dict)
    for po_path in PO_FILES:
        for e in polib.pofile(str(po_path)):
            if e.msgstr and not e.obsolete:
                seen[(e.msgctxt, e.msgid)][e.msgstr] = str(po_path.relative_to(ROOT))
    collisions = {key[1]: places for key, places in seen.items() if len(places) > 1}
    assert not collisions, f"same msgid, different meanings (add a context): {collisions}"
