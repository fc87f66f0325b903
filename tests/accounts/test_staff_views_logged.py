"""Every staff view of a young person's personal data is logged and shown to the person
("who looked at my data"): review pages and documents opened, once per half hour, never for the
person's own look and never for a refused look."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.benefits.conftest import INTERVIEW, interview_documents, make_youth
from youthcity.accounts.models import AccessLog


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def submitted(city):
    from youthcity.benefits import services

    person = make_youth("looked_at")
    return services.application_submit(applicant=person, policy_id=INTERVIEW, documents=interview_documents(),
                                       stated_facts={"has_interview_invitation": True})


def test_a_reviewer_opening_an_application_is_logged_once_per_half_hour(client, users, submitted):
    person = submitted.applicant
    client.force_login(users["hrss_reviewer"])
    assert client.get(f"/work/benefits/{submitted.pk}/").status_code == 200
    assert client.get(f"/work/benefits/{submitted.pk}/").status_code == 200  # a reload is the same look
    entries = list(AccessLog.objects.filter(subject=person))
    assert len(entries) == 1
    assert entries[0].viewer == users["hrss_reviewer"] and entries[0].action == "benefits.review"
    assert submitted.policy_name in entries[0].purpose and "审核" in entries[0].purpose  # in the person's language
    AccessLog.objects.filter(subject=person).update(created_at=timezone.now() - dt.timedelta(minutes=31))
    client.get(f"/work/benefits/{submitted.pk}/")
    assert AccessLog.objects.filter(subject=person).count() == 2


def test_opening_a_document_is_logged_and_the_person_sees_who_looked(client, users, submitted):
    person = submitted.applicant
    doc = submitted.documents.first()
    client.force_login(users["hrss_reviewer"])
    assert client.get(f"/work/benefits/documents/{doc.pk}/").status_code == 200
    assert AccessLog.objects.filter(subject=person, action="benefits.document").count() == 1
    client.force_login(person)
    page = client.get("/accounts/privacy/").content.decode()
    assert str(users["hrss_reviewer"]) in page and submitted.policy_name in page


def test_the_persons_own_look_and_a_refused_look_are_not_logged(client, users, submitted):
    person = submitted.applicant
    client.force_login(person)
    client.get(f"/benefits/applications/{submitted.pk}/")
    client.force_login(users["housing_staff"])  # another unit: 404, nothing shown
    assert client.get(f"/work/benefits/{submitted.pk}/").status_code == 404
    assert not AccessLog.objects.filter(subject=person).exists()


def test_a_housing_review_page_is_logged(client, city):
    from tests.factories import staff
    from tests.housing.conftest import make_applicant, make_project
    from youthcity.housing import services
    from youthcity.organizations.models import Unit

    project = make_project()
    person = make_applicant()
    app = services.application_submit(applicant=person, project=project, notify_reviewers=False)
    reviewer = staff(Unit.objects.get(code="410311-housing"), username="t_housing_looker")
    client.force_login(reviewer)
    assert client.get(f"/work/housing/applications/{app.pk}/").status_code == 200
    entry = AccessLog.objects.get(subject=person)
    assert entry.viewer == reviewer and project.name in entry.purpose


def test_an_employers_applicant_list_is_logged_for_each_applicant_once(client, city):
    from tests.careers.conftest import hr_of, post_internship, register, verify
    from tests.careers.conftest import make_youth as careers_youth
    from youthcity.careers import services as careers

    employer = verify(register())
    position = post_internship(employer)
    people = [careers_youth() for _ in range(3)]
    for person in people:
        careers.job_apply(applicant=person, position=position)
    hr = hr_of(employer)
    client.force_login(hr)
    assert client.get(f"/careers/employer/positions/{position.pk}/").status_code == 200
    assert client.get(f"/careers/employer/positions/{position.pk}/").status_code == 200  # a reload: no new entries
    logged = AccessLog.objects.filter(viewer=hr, action="careers.applicants")
    assert sorted(logged.values_list("subject_id", flat=True)) == sorted(p.pk for p in people)
    assert all(position.title in e.purpose and employer.name in e.purpose for e in logged)
