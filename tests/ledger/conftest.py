from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plans"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def today():
    from youthcity.ledger.selectors import today

    return today()


def plan_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def luolong(city):
    from youthcity.regions.models import Region

    return Region.objects.get(code="410311")


@pytest.fixture
def published(city):
    """Luoyang's Chinese plan, imported and published by the city pack's ledger step."""
    from youthcity.ledger.models import Plan

    return Plan.objects.get(region=city, title="洛阳市建设青年友好型城市行动方案")


@pytest.fixture
def empty_ledger(city):
    """No plans or imports (the city pack publishes the demo plans); rolled back after the test."""
    from auditlog.context import disable_auditlog

    from youthcity.ledger.models import Plan, PlanImport, ProgressReport

    with disable_auditlog():  # test set-up, not a staff action: keep it fast
        ProgressReport.objects.all().delete()
        Plan.objects.all().delete()
        PlanImport.objects.all().delete()
