"""The shared application workflow: submit with checked documents → one open application per
person and subject → scoped review queue → decision with reasons → notification → audit.

A domain declares one :class:`ApplicationWorkflow` subclass (its models, its subject fields, its
outcomes, where its pages are) and calls it from its services; the rules every domain must keep
live here once:

- only the applicant acts on their application (withdraw, send documents);
- nobody decides their own case, and a case is decided only by the responsible unit's reviewers
  and staff, or coordinators and administrators over it (:func:`accounts.permissions.can_decide`);
- a refusal says why (a reason is required for every outcome that asks for one);
- the review queue is scoped by unit and never shows the reviewer their own application;
- reviewers are told of new applications, applicants of every decision, in their own language,
  after the transaction commits (:func:`core.notifications.notify`); django-auditlog records
  every row written, with its actor.

See docs/adding-a-domain.md for a worked example.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from youthcity.accounts import permissions
from youthcity.accounts.models import Role
from youthcity.accounts.selectors import unit_members
from youthcity.core.errors import ServiceError
from youthcity.core.notifications import notify
from youthcity.core.uploads import DOCUMENTS, UploadRules, upload_problem

from .models import OPEN_STATUSES, ApplicationStatus


@dataclass(frozen=True)
class Outcome:
    """A reviewer's possible decision: the status it leads to, whether it needs a reason, and
    whether it closes the case (``final``: the decider and time are recorded)."""

    code: str
    status: str
    label: Any
    needs_reason: bool = True
    final: bool = True


APPROVE = Outcome("approve", ApplicationStatus.APPROVED, gettext_lazy("Approve"), needs_reason=False)
REJECT = Outcome("reject", ApplicationStatus.REJECTED, gettext_lazy("Reject"))
REQUEST_DOCUMENTS = Outcome("request_documents", ApplicationStatus.MORE_DOCUMENTS,
                            gettext_lazy("Request more documents"), final=False)
STANDARD_OUTCOMES = (APPROVE, REJECT, REQUEST_DOCUMENTS)


def check_documents(documents: Mapping[str, UploadedFile], *, required: Iterable[str], known: Iterable[str],
                    rules: UploadRules = DOCUMENTS) -> dict[str, list[str]]:
    """Field errors for missing, unasked-for or unacceptable documents (empty when all is well)."""
    known = set(known)
    errors: dict[str, list[str]] = {}
    for doc_id in required:
        if doc_id not in documents:
            errors.setdefault(doc_id, []).append(_("This document is required."))
    for doc_id, upload in documents.items():
        if doc_id not in known:
            errors.setdefault(doc_id, []).append(_("This application does not ask for this document."))
            continue
        problem = upload_problem(upload, rules)
        if problem:
            errors.setdefault(doc_id, []).append(problem)
    return errors


class ApplicationWorkflow:
    """One domain's workflow. Subclass, set the class attributes, override the hooks."""

    domain: ClassVar[str]  # notification kinds are "<domain>.<event>"
    application_model: ClassVar[type[models.Model]]
    document_model: ClassVar[type[models.Model]]
    decision_model: ClassVar[type[models.Model]]
    subject_fields: ClassVar[tuple[str, ...]]  # what "the same subject" means for one open application
    outcomes: ClassVar[tuple[Outcome, ...]] = STANDARD_OUTCOMES
    upload_rules: ClassVar[UploadRules] = DOCUMENTS
    reviewer_roles: ClassVar[tuple[str, ...]] = (Role.REVIEWER, Role.UNIT_STAFF)
    review_url_name: ClassVar[str]  # reversed with the application's pk
    applicant_url_name: ClassVar[str]

    # --- hooks ------------------------------------------------------------------------------------

    def subject_label(self, application) -> str:
        """What the application is about, as a person reads it (a benefit's name, a home…)."""
        return str(application)

    def reviewers(self, application) -> list:
        """Who is told of a new application: the unit's reviewers and staff, never the applicant."""
        return [u for u in unit_members(application.unit, *self.reviewer_roles) if u.pk != application.applicant_id]

    def before_decision(self, *, application, outcome: Outcome, reason: str, extra: Mapping[str, Any],
                        on=None) -> tuple[dict[str, Any], dict[str, Any]]:
        """Domain checks at decision time. Returns (fields to set on the application, fields to
        store on the decision); raise :class:`ServiceError` to refuse."""
        return {}, {}

    def decision_message(self, application, decision) -> str:
        return decision.reason or _("Your application has been approved.")

    # --- reads ------------------------------------------------------------------------------------

    def owned_by(self, user) -> QuerySet:
        return self.application_model.objects.filter(applicant=user).select_related("unit")

    def own(self, user, pk: int):
        """The signed-in person's own application (404 for anyone else's)."""
        return get_object_or_404(self.owned_by(user), pk=pk)

    def queue(self, user) -> QuerySet:
        """Applications the user may review: their units' (scoped), never their own."""
        return (self.application_model.objects.filter(unit__in=permissions.scope_units(user))
                .exclude(applicant=user).select_related("applicant", "unit").order_by("created_at", "id"))

    def waiting_count(self, user) -> int:
        """Applications in the user's queue waiting for a decision (sent or re-sent, not those
        waiting for the applicant's documents); 0 for anyone who cannot decide. One query."""
        if not permissions.has_role(user, *permissions.DECIDING_ROLES):
            return 0
        return self.queue(user).filter(status=ApplicationStatus.SUBMITTED).order_by().count()

    def reviewable(self, user, pk: int):
        """One application from the user's queue (404 otherwise: no leak of its existence)."""
        return get_object_or_404(self.queue(user).prefetch_related("documents", "decisions"), pk=pk)

    def can_decide(self, user, application) -> bool:
        return permissions.can_decide(user, applicant=application.applicant_id, unit=application.unit)

    def open_exists(self, applicant, subject: Mapping[str, Any]) -> bool:
        return self.application_model.objects.filter(applicant=applicant, status__in=OPEN_STATUSES,
                                                     **subject).exists()

    # --- writes -----------------------------------------------------------------------------------

    def _already_open(self) -> ServiceError:
        return ServiceError(409, "already_open", _("You already have an open application for this."))

    @transaction.atomic
    def submit(self, *, applicant, unit, subject: Mapping[str, Any], documents: Mapping[str, UploadedFile],
               required: Iterable[str] = (), known: Iterable[str] = (), fields: Mapping[str, Any] | None = None,
               note: str = "", notify_reviewers: bool = True):
        """Create the application with its documents, or refuse with every problem listed.

        The caller has checked that the person may apply for ``subject`` (eligibility is the
        domain's). ``subject`` holds the fields that identify the subject; one open application
        per person and subject (also a database constraint of the concrete model)."""
        if set(subject) != set(self.subject_fields):
            raise ValueError(f"subject must give {self.subject_fields}")
        errors = check_documents(documents, required=required, known=known, rules=self.upload_rules)
        if errors:
            raise ServiceError(422, "invalid_documents", _("Some documents are missing or cannot be accepted."), errors)
        if self.open_exists(applicant, subject):
            raise self._already_open()
        try:
            with transaction.atomic():
                application = self.application_model.objects.create(
                    applicant=applicant, unit=unit, note=(note or "")[:1000], **subject, **dict(fields or {}))
        except IntegrityError:
            raise self._already_open() from None
        self._store(application, documents)
        if notify_reviewers:
            self._notify_reviewers(application)
        self._notify_submitted(application)
        return application

    def _store(self, application, documents: Mapping[str, UploadedFile]) -> None:
        for doc_id, upload in documents.items():
            self.document_model.objects.create(
                application=application, document_type=doc_id, file=upload,
                original_name=PurePath(upload.name).name[:255],
                content_type=self.upload_rules.content_type(upload.name), size=upload.size,
            )

    def _locked(self, application):
        return (self.application_model.objects.select_for_update().select_related("unit", "applicant")
                .get(pk=application.pk))

    @transaction.atomic
    def withdraw(self, *, applicant, application):
        application = self._locked(application)
        if application.applicant_id != applicant.pk:
            raise PermissionDenied(_("This is not your application."))
        if not application.is_open:
            raise ServiceError(409, "not_open", _("Only an open application can be withdrawn."))
        application.status = ApplicationStatus.WITHDRAWN
        application.save(update_fields=["status", "updated_at"])
        return application

    @transaction.atomic
    def add_documents(self, *, applicant, application, documents: Mapping[str, UploadedFile],
                      known: Iterable[str], note: str = ""):
        """The applicant sends the documents a reviewer asked for; the application goes back to review."""
        application = self._locked(application)
        if application.applicant_id != applicant.pk:
            raise PermissionDenied(_("This is not your application."))
        if application.status != ApplicationStatus.MORE_DOCUMENTS:
            raise ServiceError(409, "not_requested", _("No documents were requested for this application."))
        if not documents:
            raise ServiceError(422, "invalid_documents", _("Choose at least one file."),
                               {"__all__": [_("Choose at least one file.")]})
        errors = check_documents(documents, required=(), known=known, rules=self.upload_rules)
        if errors:
            raise ServiceError(422, "invalid_documents", _("Some documents are missing or cannot be accepted."), errors)
        self._store(application, documents)
        application.status = ApplicationStatus.SUBMITTED
        if note:
            application.note = (application.note + "\n" + note).strip()[:1000]
        application.save(update_fields=["status", "note", "updated_at"])
        self._notify_reviewers(application)
        return application

    def outcome(self, code: str) -> Outcome:
        found = next((o for o in self.outcomes if o.code == code), None)
        if found is None:
            raise ServiceError(422, "invalid", _("Unknown decision."), {"outcome": [_("Unknown decision.")]})
        return found

    @transaction.atomic
    def decide(self, *, reviewer, application, outcome: str, reason: str = "", on=None, **extra):
        """Record a decision: checks who decides (never the applicant), the state, the reason and
        the domain's own rules (:meth:`before_decision`), then notifies the applicant."""
        application = self._locked(application)
        if not self.can_decide(reviewer, application):
            raise PermissionDenied(_("You may not decide this application."))
        chosen = self.outcome(outcome)
        if not application.is_open:
            raise ServiceError(409, "not_open", _("This application has already been decided."))
        reason = (reason or "").strip()
        if chosen.needs_reason and not reason:
            raise ServiceError(422, "reason_required", _("Give a reason."), {"reason": [_("Give a reason.")]})
        app_fields, decision_fields = self.before_decision(application=application, outcome=chosen, reason=reason,
                                                           extra=extra, on=on)
        decision = self.decision_model.objects.create(application=application, outcome=chosen.code, reason=reason,
                                                      decided_by=reviewer, **decision_fields)
        application.status = chosen.status
        if chosen.final:
            application.decided_at, application.decided_by, application.decision_reason = timezone.now(), reviewer, reason
        for name, value in app_fields.items():
            setattr(application, name, value)
        application.save()
        self._notify_applicant(application, decision, chosen)
        return decision

    # --- notifications ----------------------------------------------------------------------------

    def _notify_reviewers(self, application) -> None:
        for user in self.reviewers(application):
            with override(user.preferred_language or "zh-hans"):
                notify(
                    recipient=user, kind=f"{self.domain}.application_submitted",
                    title=_("New application: %(subject)s") % {"subject": self.subject_label(application)},
                    body=_("%(person)s applied. Review it in the queue.") % {"person": application.applicant},
                    url=reverse(self.review_url_name, args=[application.pk]),
                    dedupe_key=f"{self.domain}.app.{application.pk}.{application.status}."
                               f"{application.updated_at.timestamp()}",
                )

    def _notify_submitted(self, application) -> None:
        """The applicant's confirmation in their inbox: what was sent, and where to follow it."""
        user = application.applicant
        with override(user.preferred_language or "zh-hans"):
            notify(recipient=user, kind=f"{self.domain}.submitted",
                   title=_("Application received: %(subject)s") % {"subject": self.subject_label(application)},
                   body=_("We received your application and sent it to %(unit)s for review. You will get a message "
                          "here when it is decided.") % {"unit": application.unit},
                   url=reverse(self.applicant_url_name, args=[application.pk]),
                   dedupe_key=f"{self.domain}.submitted.{application.pk}")

    def _notify_applicant(self, application, decision, outcome: Outcome) -> None:
        user = application.applicant
        with override(user.preferred_language or "zh-hans"):
            subject = self.subject_label(application)
            if outcome.status == ApplicationStatus.APPROVED:
                title = _("Approved: %(subject)s") % {"subject": subject}
            elif outcome.status == ApplicationStatus.MORE_DOCUMENTS:
                title = _("More documents needed: %(subject)s") % {"subject": subject}
            elif outcome.status == ApplicationStatus.REJECTED:
                title = _("Not approved: %(subject)s") % {"subject": subject}
            else:
                title = _("%(outcome)s: %(subject)s") % {"outcome": outcome.label, "subject": subject}
            notify(recipient=user, kind=f"{self.domain}.{outcome.code}", title=title,
                   body=self.decision_message(application, decision),
                   url=reverse(self.applicant_url_name, args=[application.pk]), channels=["inbox", "sms"],
                   dedupe_key=f"{self.domain}.decision.{decision.pk}")
