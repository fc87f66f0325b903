"""Abstract models of the shared application workflow. A domain's concrete models inherit them
and add the subject (a policy, a home, a position, a shift), the link to their application, and
the database constraint "one open application per person and subject" (see
docs/adding-a-domain.md)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from youthcity.core.models import TimeStampedModel


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting review")
    MORE_DOCUMENTS = "more_documents", _("More documents requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_DOCUMENTS)
# A decision's outcome code and the status it leads to (the shared workflow's standard outcomes).
_OUTCOME_STATUS = {"approve": ApplicationStatus.APPROVED, "reject": ApplicationStatus.REJECTED,
                   "request_documents": ApplicationStatus.MORE_DOCUMENTS}


class Application(TimeStampedModel):
    """One person's application about one subject, reviewed by one unit."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("applicant"),
    )
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    note = models.TextField(_("note from the applicant"), blank=True, max_length=1000)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def document_path(instance: ApplicationDocument, filename: str) -> str:
    # The stored name never reuses the uploaded name (privacy, path tricks); the original is kept in a field.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"{instance._meta.app_label}/{instance.application_id}/{uuid.uuid4().hex}{suffix}"


class ApplicationDocument(models.Model):
    """A file sent with an application; the concrete model adds ``application`` (related_name="documents")."""

    document_type = models.SlugField(_("document type"), max_length=80)
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.document_type}: {self.original_name}"


class ApplicationDecision(models.Model):
    """One step of a review; the concrete model adds ``application`` (related_name="decisions")."""

    outcome = models.CharField(_("decision"), max_length=20)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    created_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    @property
    def outcome_label(self) -> str:
        """The decision in words, as the status it led to (已批准, 未通过, 需补充材料)."""
        status = _OUTCOME_STATUS.get(self.outcome)
        return str(status.label) if status is not None else self.outcome
