"""CVs with applications: type and size checked by content; only the receiving employer's staff
read them, through a POST that is recorded for the person."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.careers.conftest import hr_of, make_youth, register, verify
from youthcity.accounts.models import AccessLog
from youthcity.careers import services
from youthcity.careers.models import JobApplication
from youthcity.core.errors import ServiceError

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% cv\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def cv(name="简历.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_cv_is_checked_stored_and_read_only_by_the_employer(internship):
    person = make_youth()
    for bad, why in ((cv("cv.exe"), "file type"), (cv("cv.pdf", b"MZ not a pdf"), "content"),
                     (cv("cv.pdf", b""), "empty"), (cv("cv.pdf", PDF + b"0" * (5 * 1024 * 1024)), "size")):
        with pytest.raises(ServiceError) as exc:
            services.job_apply(applicant=person, position=internship, cv=bad)
        assert "cv" in exc.value.fields, why
    assert not JobApplication.objects.filter(applicant=person).exists()  # nothing half-written
    application = services.job_apply(applicant=person, position=internship, cv=cv())
    assert application.cv_name == "简历.pdf" and application.cv_size == len(PDF)
    assert "简历" not in application.cv.name  # stored under a random name
    hr = hr_of(internship.employer)
    with services.cv_open(staff=hr, application=application) as handle:
        assert handle.read() == PDF
    log = AccessLog.objects.get(subject=person)
    assert log.viewer == hr and log.action == "cv_open" and internship.title in log.purpose
    other = hr_of(verify(register()))
    with pytest.raises(PermissionDenied):
        services.cv_open(staff=other, application=application)
    assert AccessLog.objects.filter(subject=person).count() == 1
    without = services.job_apply(applicant=make_youth(), position=internship)
    with pytest.raises(ServiceError):
        services.cv_open(staff=hr, application=without)


def test_cv_pages(client, internship):
    person = make_youth()
    client.force_login(person)
    sent = client.post(f"/careers/positions/{internship.pk}/", {"cover_note": "", "cv": cv()})
    assert sent.status_code == 302
    application = JobApplication.objects.get(applicant=person)
    mine = client.get(f"/careers/my/cv/{application.pk}/")
    assert mine.status_code == 200 and b"".join(mine.streaming_content) == PDF
    assert not AccessLog.objects.filter(subject=person).exists()  # one's own CV is not recorded
    bad = client.post(f"/careers/positions/{internship.pk}/", {"cv": cv("cv.txt", b"hello")},
                      HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert bad.status_code == 200
    hr = hr_of(internship.employer)
    client.force_login(hr)
    page = client.get(f"/careers/employer/positions/{internship.pk}/")
    assert f"cv-{application.pk}" in page.content.decode()
    assert client.get(f"/careers/employer/cv/{application.pk}/").status_code == 405  # a GET never reads it
    opened = client.post(f"/careers/employer/cv/{application.pk}/")
    assert opened.status_code == 200 and b"".join(opened.streaming_content) == PDF
    assert AccessLog.objects.filter(subject=person, viewer=hr, action="cv_open").count() == 1
    client.force_login(hr_of(verify(register())))
    assert client.post(f"/careers/employer/cv/{application.pk}/").status_code == 404
    client.force_login(make_youth())
    assert client.get(f"/careers/my/cv/{application.pk}/").status_code == 404
