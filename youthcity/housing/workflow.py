"""Housing applications on the shared application workflow (:mod:`youthcity.applications`)."""

from __future__ import annotations

from youthcity.applications.workflow import ApplicationWorkflow

from .models import HousingApplication, HousingDecision, HousingDocument


class HousingWorkflow(ApplicationWorkflow):
    """The subject is a housing project: one live application per person and project. An approved
    application waits for the project's next allocation round."""

    domain = "housing"
    application_model = HousingApplication
    document_model = HousingDocument
    decision_model = HousingDecision
    subject_fields = ("project",)
    review_url_name = "housing:review"
    applicant_url_name = "housing:application"

    def subject_label(self, application) -> str:
        return application.project.name

    def open_exists(self, applicant, subject) -> bool:
        # approved applications still wait for a draw: they count as live
        return self.application_model.objects.filter(
            applicant=applicant, status__in=["submitted", "more_documents", "approved"], **subject
        ).exists()


workflow = HousingWorkflow()
