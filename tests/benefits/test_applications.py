import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from youthcity.benefits import services
from youthcity.benefits.models import ApplicationDocument, BenefitApplication
from youthcity.core.errors import ServiceError
from youthcity.core.models import Notification
from youthcity.core.uploads import DOCUMENTS

from .conftest import INTERVIEW, PNG, interview_documents, make_youth, pdf


def test_apply_on_the_web_with_documents(client, graduate, users):
    client.force_login(graduate)
    client.post("/benefits/finder/", {"fact": "has_interview_invitation", "answer": "true"})
    page = client.get(f"/benefits/apply/{INTERVIEW}/").content.decode()
    assert "居民身份证" in page and "您符合" in page
    r = client.post(f"/benefits/apply/{INTERVIEW}/", {**interview_documents(), "note": "面试单位：中航光电"})
    app = BenefitApplication.objects.get(applicant=graduate)
    assert r.status_code == 302 and r["Location"] == f"/benefits/applications/{app.pk}/"
    assert app.unit.code == "ly-hrss" and app.status == "submitted"
    assert app.stated_facts["has_interview_invitation"] is True
    assert app.documents.count() == 4
    assert Notification.objects.filter(recipient=users["hrss_reviewer"], kind="benefits.application_submitted").exists()
    status = client.get(f"/benefits/applications/{app.pk}/").content.decode()
    assert "已提交，等待审核" in status
    # Each document under the name the policy gives it, never its internal key.
    assert "<strong>居民身份证</strong>" in status and "(id_card)" not in status


def test_a_missing_or_wrong_document_writes_nothing(client, graduate):
    client.force_login(graduate)
    docs = interview_documents()
    del docs["travel_tickets"]
    docs["id_card"] = SimpleUploadedFile("id.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    r = client.post(f"/benefits/apply/{INTERVIEW}/", docs)
    html = r.content.decode()
    assert r.status_code == 200 and "此材料为必交材料" in html and "文件类型不被接受，请上传PDF、JPG、PNG文件" in html
    assert not BenefitApplication.objects.filter(applicant=graduate).exists()
    assert not ApplicationDocument.objects.filter(application__applicant=graduate).exists()


def test_content_must_match_the_type_and_size_is_limited(graduate):
    docs = interview_documents()
    docs["id_card"] = pdf("id.pdf", PNG)  # a PNG named .pdf
    docs["travel_tickets"] = pdf("t.pdf", b"%PDF-" + b"0" * (DOCUMENTS.max_bytes + 1))
    with pytest.raises(ServiceError) as exc:
        services.application_submit(applicant=graduate, policy_id=INTERVIEW, documents=docs,
                                    stated_facts={"has_interview_invitation": True})
    assert set(exc.value.fields) == {"id_card", "travel_tickets"}
    assert not BenefitApplication.objects.filter(applicant=graduate).exists()


def test_one_open_application_per_person_and_benefit(graduate, submitted):
    with pytest.raises(ServiceError) as exc:
        services.application_submit(applicant=graduate, policy_id=INTERVIEW, documents=interview_documents(),
                                    stated_facts={"has_interview_invitation": True})
    assert exc.value.code == "already_open"
    # The database enforces it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        BenefitApplication.objects.create(applicant=graduate, policy_id=INTERVIEW, policy_name="x", unit=submitted.unit)
    services.application_withdraw(applicant=graduate, application=submitted)
    again = services.application_submit(applicant=graduate, policy_id=INTERVIEW, documents=interview_documents(),
                                        stated_facts={"has_interview_invitation": True})
    assert again.pk != submitted.pk


def test_a_local_youth_is_refused_with_the_reason(city):
    local = make_youth("local_youth", hukou_city="洛阳市", home_city="洛阳市")
    with pytest.raises(ServiceError) as exc:
        services.application_submit(applicant=local, policy_id=INTERVIEW, documents=interview_documents(),
                                    stated_facts={"has_interview_invitation": True})
    assert exc.value.code == "not_eligible" and "户籍或家在洛阳" in exc.value.message


def test_staff_and_anonymous_cannot_apply(client, users):
    with pytest.raises(services.PermissionDenied):
        services.application_submit(applicant=users["hrss_staff"], policy_id=INTERVIEW, documents=interview_documents())
    r = client.get(f"/benefits/apply/{INTERVIEW}/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_someone_elses_application_is_not_found(client, submitted, city):
    other = make_youth("other_youth")
    client.force_login(other)
    assert client.get(f"/benefits/applications/{submitted.pk}/").status_code == 404
    doc = submitted.documents.first()
    assert client.get(f"/benefits/documents/{doc.pk}/").status_code == 404


def test_withdraw_and_more_documents_round_trip(client, graduate, submitted, users):
    services.application_decide(reviewer=users["hrss_reviewer"], application=submitted, outcome="request_documents",
                                reason="请补充来洛火车票")
    client.force_login(graduate)
    r = client.post(f"/benefits/applications/{submitted.pk}/", {"action": "documents", "travel_tickets": pdf("ticket.pdf")})
    assert r.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.documents.count() == 5
    client.post(f"/benefits/applications/{submitted.pk}/", {"action": "withdraw"})
    submitted.refresh_from_db()
    assert submitted.status == "withdrawn"
