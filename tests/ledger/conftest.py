from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
TODAY = dt.date(2026, 11, 21)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def plan_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def luolong(city):
    from youthcity.regions.models import Region

    return Region.objects.get(code="410311")


@pytest.fixture
def published(users, city):
    """Luoyang's Chinese plan, published by the coordinator (English-named units mapped by hand)."""
    from youthcity.ledger import services

    drafts = services.plan_import_create(user=users["coordinator"], region=city, filename="luoyang_zh.txt",
                                         data=plan_bytes("luoyang_zh.txt"), today=TODAY)
    plan = services.plan_import_publish(user=users["coordinator"], plan_import=drafts[0], today=TODAY)
    return plan
