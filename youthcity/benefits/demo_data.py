"""The city-pack step: load the city's policies, and give the demo a review queue.

Idempotent: the policies are only read; two demo applicants (out-of-town graduates) and their
pending interview-subsidy applications are created once and left alone afterwards.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from youthcity.core.city_pack import DEMO_YOUTH_PASSWORD, CityPack, LoadReport, sync

from .registry import registry

# A one-page PDF placeholder (the demo never ships real identity documents).
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

DEMO_APPLICANTS = (
    {"username": "applicant_zheng", "display": "郑一帆", "phone": "13900000011",
     "profile": {"birth_date": dt.date(2001, 9, 2), "education_level": "bachelor", "is_full_time": True,
                 "graduation_date": dt.date(2025, 6, 30), "school": "郑州大学", "hukou_city": "郑州市",
                 "home_city": "郑州市", "current_city": "洛阳市", "employment_status": "job_seeking"}},
    {"username": "applicant_kai", "display": "开心怡", "phone": "13900000012",
     "profile": {"birth_date": dt.date(2000, 3, 14), "education_level": "master", "is_full_time": True,
                 "graduation_date": dt.date(2025, 7, 1), "school": "河南大学", "hukou_city": "开封市",
                 "home_city": "开封市", "current_city": "洛阳市", "employment_status": "job_seeking"}},
)
DEMO_POLICY = "interview_travel_subsidy"


def load_benefits(pack: CityPack, report: LoadReport) -> None:
    from youthcity.accounts.models import User, YouthProfile

    from . import services
    from .models import BenefitApplication

    failure = registry.reload(pack.path / "policies")
    if failure:
        report.notes.append(f"benefits: policies not loaded: {failure.file}:{failure.line}:{failure.column}: "
                            f"{failure.message}")
        return
    ps = registry.get()
    if not pack.demo or DEMO_POLICY not in ps.policies:
        return
    policy = ps.policies[DEMO_POLICY]
    for spec in DEMO_APPLICANTS:
        user = User.objects.filter(username=spec["username"]).first()
        if user is None:
            user = User(username=spec["username"], display_name=spec["display"], phone=spec["phone"])
            user.set_password(DEMO_YOUTH_PASSWORD)
            user.save()
            report.count("user", True)
        _, changed = sync(YouthProfile, {"user": user}, spec["profile"])
        report.count("youth_profile", changed)
        if BenefitApplication.objects.filter(applicant=user, policy_id=DEMO_POLICY).exists():
            continue
        documents = {d.id: SimpleUploadedFile(f"{d.id}.pdf", DEMO_PDF, content_type="application/pdf")
                     for d in policy.documents}
        services.application_submit(applicant=user, policy_id=DEMO_POLICY, documents=documents,
                                    stated_facts={"has_interview_invitation": True},
                                    note="演示数据：面试于中航光电。", notify_unit=False)
        report.count("benefit_application", True)
