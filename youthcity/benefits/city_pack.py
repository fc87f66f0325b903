"""City-pack step: the city's policies (``policies/``) into the one policy registry; for a demo
city, the pending applications listed under ``demo_applications`` in ``city.yaml`` so the review
queue has work in it.

Idempotent: the policies are only read; a demo application is created once (per applicant and
policy) and left alone afterwards.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from youthcity.accounts.models import User
from youthcity.core.city_pack import CityPack, LoadReport

from . import services
from .models import BenefitApplication
from .registry import registry

# A one-page PDF placeholder (the demo never ships real identity documents).
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def load(pack: CityPack, report: LoadReport) -> None:
    failure = registry.reload(pack.path / "policies")
    if failure:
        report.notes.append(f"benefits: policies not loaded: {failure.file}:{failure.line}:{failure.column}: "
                            f"{failure.message}")
        return
    if pack.demo:
        _demo_applications(pack, report)


def _demo_applications(pack: CityPack, report: LoadReport) -> None:
    ps = registry.get()
    for spec in pack.data.get("demo_applications") or []:
        policy = ps.policies.get(spec["policy"])
        user = User.objects.filter(username=spec["applicant"]).first()
        if policy is None or user is None:
            report.notes.append(f"benefits: demo application skipped ({spec['applicant']} / {spec['policy']})")
            continue
        if BenefitApplication.objects.filter(applicant=user, policy_id=policy.id).exists():
            continue
        documents = {d.id: SimpleUploadedFile(f"{d.id}.pdf", DEMO_PDF, content_type="application/pdf")
                     for d in policy.documents}
        services.application_submit(applicant=user, policy_id=policy.id, documents=documents,
                                    stated_facts=spec.get("facts") or {}, note=spec.get("note", ""),
                                    notify_unit=False)
        report.count("benefit_application", True)
