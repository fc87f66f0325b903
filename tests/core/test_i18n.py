"""Every user-facing string is translated to Chinese; the interface is Chinese first."""

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
