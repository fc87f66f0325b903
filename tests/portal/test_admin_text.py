"""The back office (Django admin) reads as Chinese too: headings, app and model names."""

import pytest

from tests.portal.test_finished_text import unfinished

pytestmark = pytest.mark.django_db


def test_the_admin_index_has_no_english_headings(client, users):
    client.force_login(users["admin"])
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "青年城系统管理" in html
    assert not [t for t in unfinished(html) if t not in ("admin",)]  # the signed-in user's name
