from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n% test document\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
INTERVIEW = "interview_travel_subsidy"


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Uploaded documents go to a temporary folder; the API throttle starts empty."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
    yield
    cache.clear()


def pdf(name: str = "doc.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def interview_documents() -> dict[str, SimpleUploadedFile]:
    return {d: pdf(f"{d}.pdf") for d in ("id_card", "degree_certificate", "interview_invitation", "travel_tickets")}


def make_youth(username: str, **profile):
    from youthcity.accounts.models import User, YouthProfile

    user = User.objects.create_user(username=username, password="Test-pass-2026", display_name=username)
    defaults = {"birth_date": dt.date(2002, 5, 18), "education_level": "bachelor", "is_full_time": True,
                "graduation_date": dt.date(2026, 6, 30), "hukou_city": "郑州市", "home_city": "郑州市",
                "current_city": "洛阳市", "employment_status": "job_seeking"}
    defaults.update(profile)
    YouthProfile.objects.create(user=user, **defaults)
    return user


@pytest.fixture
def graduate(city):
    """An out-of-town bachelor graduate looking for work (like the demo youth)."""
    return make_youth("grad_test")


@pytest.fixture
def submitted(graduate):
    from youthcity.benefits import services

    return services.application_submit(applicant=graduate, policy_id=INTERVIEW, documents=interview_documents(),
                                       stated_facts={"has_interview_invitation": True})
