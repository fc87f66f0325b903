"""Personal information (PIPL): the privacy notice and consent, the person's data export, account
closure, and the log of staff looking at a person's data. See docs/privacy.md.

- The notice has versions (:class:`.models.PrivacyNotice`, loaded from the city pack's
  ``privacy.yaml``; a built-in default otherwise). Consent records the version and the purposes.
  A person whose latest consent is for an older version is asked again at their next sign-in.
- Export: every row of every model that belongs to the person (a foreign key named ``user``,
  ``applicant``, ``person``, ``recipient``, ``subject``), with the rows that hang off those rows
  (decisions, documents, nights …), as JSON or as an Excel workbook.
- Closure anonymises the account and profile and keeps the records the law requires (decisions,
  payments, bookings) linked to the anonymous account.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import secrets
import uuid
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from youthcity.core.errors import ServiceError

from .models import AccessLog, Consent, Membership, OneTimeCode, PrivacyNotice, User, YouthProfile
from .services import api_tokens_revoke_all

# --- Notice and consent ------------------------------------------------------------------------------

DEFAULT_VERSION = "default-1"


@dataclass(frozen=True)
class Purpose:
    code: str
    label: object
    required: bool


PURPOSES = (
    Purpose("services", gettext_lazy("Providing the services I use or apply for (required)"), True),
    Purpose("notifications", gettext_lazy("Sending me notices by SMS or e-mail"), False),
    Purpose("statistics", gettext_lazy("Using my data, without my name, in the city's youth-development statistics"),
            False),
)
PURPOSE_CODES = {p.code for p in PURPOSES}


def default_notice() -> PrivacyNotice:
    """The notice used when the city pack brings none (not saved)."""
    return PrivacyNotice(version=DEFAULT_VERSION, title=_("YouthCity privacy notice"), text=_(
        "YouthCity collects only the facts the services you use need: your account (username, name, "
        "mobile number, e-mail), your profile (age, education, employment, district) and what you apply "
        "for or book. Your ID number is collected only where a service must verify identity (e.g. a youth "
        "station's check-in); it is masked everywhere and shown in full only by a logged action.\n\n"
        "Staff see your data only in the units and districts they work for; you can see who looked at it "
        "on your privacy page. You can download all your data (JSON or Excel) and close your account at "
        "any time; closing removes your personal details and keeps only the decisions and payments the "
        "law requires, without your name.\n\n"
        "Questions: contact the youth league of your city (团市委)."))


def current_notice() -> PrivacyNotice:
    return PrivacyNotice.objects.order_by("-published_at", "-pk").first() or default_notice()


def notice_by_version(version: str) -> PrivacyNotice | None:
    if version == DEFAULT_VERSION:
        return default_notice()
    return PrivacyNotice.objects.filter(version=version).first()


def consent_needed(user) -> bool:
    """Asked again at sign-in: the person's latest consent is for an older notice version. (Accounts
    created before consent was recorded, staff accounts and demo people are not interrupted.)"""
    latest = Consent.objects.filter(user=user).order_by("-given_at", "-pk").values_list("notice_version", flat=True)
    version = latest.first()
    return version is not None and version != current_notice().version


@transaction.atomic
def consent_record(*, user: User, purposes, notice_version: str | None = None) -> Consent:
    chosen = sorted(set(purposes or []))
    unknown = set(chosen) - PURPOSE_CODES
    if unknown:
        raise ServiceError(422, "invalid", _("Unknown purpose."), {"purposes": [_("Unknown purpose.")]})
    missing = [p.code for p in PURPOSES if p.required and p.code not in chosen]
    if missing:
        message = _("The services cannot work without this purpose: please accept it to continue.")
        raise ServiceError(422, "purpose_required", message, {"purposes": [message]})
    version = notice_version or current_notice().version
    if notice_by_version(version) is None:
        raise ServiceError(422, "invalid", _("Unknown privacy notice version."))
    return Consent.objects.create(user=user, notice_version=version, purposes=chosen)


@transaction.atomic
def notice_publish(*, version: str, title: str, text: str, published_at=None) -> tuple[PrivacyNotice, bool]:
    """Publish a notice version (idempotent: a known version is left as it is)."""
    notice, created = PrivacyNotice.objects.get_or_create(
        version=str(version), defaults={"title": title, "text": text, "published_at": published_at or timezone.now()})
    return notice, created


# --- Who looked at my data ----------------------------------------------------------------------------


def personal_data_access_record(*, viewer, subject, action: str, purpose: str, fields=()) -> AccessLog | None:
    """Record that ``viewer`` (staff) saw ``subject``'s personal data, and why. Looking at your
    own data is not recorded. Call it inside the write that reveals the data (a POST)."""
    if subject is None or getattr(viewer, "pk", None) == getattr(subject, "pk", subject):
        return None
    label = str(viewer) if viewer is not None else ""
    return AccessLog.objects.create(subject_id=getattr(subject, "pk", subject), viewer=viewer,
                                    viewer_label=label[:120], action=action[:40], purpose=str(purpose)[:200],
                                    fields=list(fields))


VIEW_LOG_WINDOW = dt.timedelta(minutes=30)


def personal_data_viewed(*, viewer, subject, action: str, purpose, purpose_params: dict | None = None,
                         fields=()) -> AccessLog | None:
    """Record that a staff page showed ``subject``'s personal data to ``viewer`` (a review page,
    a document opened). This is the one write a GET makes, on purpose: the PIPL asks that the person
    can see who looked at their data, and looking is a GET. It changes no domain state, and repeated
    views of the same record by the same person within 30 minutes are one entry (a reload or the
    page after a decision is not a second look). ``purpose`` is a lazy translation, filled with
    ``purpose_params`` in the language of the person concerned."""
    if subject is None or viewer is None or getattr(viewer, "pk", None) == getattr(subject, "pk", subject):
        return None
    subject_id = getattr(subject, "pk", subject)
    recent = AccessLog.objects.filter(subject_id=subject_id, viewer=viewer, action=action[:40],
                                      created_at__gte=timezone.now() - VIEW_LOG_WINDOW)
    if recent.exists():
        return None
    language = getattr(subject, "preferred_language", "") or "zh-hans"
    with translation.override(language):  # the person concerned reads it
        text = str(purpose) % purpose_params if purpose_params else str(purpose)
        return personal_data_access_record(viewer=viewer, subject=subject_id, action=action, purpose=text,
                                           fields=fields)


def personal_data_viewed_many(*, viewer, subjects, action: str, purpose, purpose_params: dict | None = None,
                              fields=()) -> int:
    """:func:`personal_data_viewed` for a page that lists several people (an employer's applicants):
    one query for the recent entries, one insert for the rest. Returns the entries written."""
    if viewer is None:
        return 0
    people = {s.pk: s for s in subjects if s is not None and s.pk != viewer.pk}
    if not people:
        return 0
    recent = set(AccessLog.objects.filter(subject_id__in=people, viewer=viewer, action=action[:40],
                                          created_at__gte=timezone.now() - VIEW_LOG_WINDOW)
                 .values_list("subject_id", flat=True))
    label = str(viewer)[:120]
    entries = []
    for pk, person in people.items():
        if pk in recent:
            continue
        with translation.override(getattr(person, "preferred_language", "") or "zh-hans"):
            text = str(purpose) % purpose_params if purpose_params else str(purpose)
        entries.append(AccessLog(subject_id=pk, viewer=viewer, viewer_label=label, action=action[:40],
                                 purpose=text[:200], fields=list(fields)))
    AccessLog.objects.bulk_create(entries)
    return len(entries)


# --- Export -------------------------------------------------------------------------------------------

OWNER_FIELDS = ("user", "applicant", "person", "recipient", "subject")
NEVER_EXPORTED_MODELS = {OneTimeCode, LogEntry}
NEVER_EXPORTED_APPS = {"auditlog", "axes", "sessions", "admin", "contenttypes", "django_tasks_database", "ninja"}
SECRET_FIELDS = ("password", "key_hash", "code_hash", "destination_hash")
ACCOUNT_FIELDS = ("username", "display_name", "first_name", "last_name", "email", "phone", "phone_verified_at",
                  "id_number", "preferred_language", "date_joined", "last_login", "is_active")


def _value(obj, field: models.Field):
    value = getattr(obj, field.attname)
    if isinstance(field, models.FileField):
        return value.name if value else ""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return ""
    return value


def _row(obj) -> dict:
    return {f.attname: _value(obj, f) for f in obj._meta.concrete_fields
            if not any(secret in f.name for secret in SECRET_FIELDS)}


def _exportable(model) -> bool:
    return model not in NEVER_EXPORTED_MODELS and model._meta.app_label not in NEVER_EXPORTED_APPS \
        and model is not User and not model._meta.auto_created


def personal_data(user: User) -> dict:
    """Everything stored about ``user``: {"account": {…}, "<app>.<model>": [rows…], …}."""
    data: dict = {"account": {name: _value(user, User._meta.get_field(name)) for name in ACCOUNT_FIELDS},
                  "exported_at": timezone.now().isoformat()}
    owned: dict[type, list[int]] = {}
    for model in apps.get_models():
        if not _exportable(model):
            continue
        owner = [f for f in model._meta.concrete_fields
                 if f.is_relation and f.related_model is User and f.name in OWNER_FIELDS]
        if not owner:
            continue
        q = models.Q()
        for field in owner:
            q |= models.Q(**{field.name: user})
        rows = list(model._default_manager.filter(q).order_by("pk"))
        if rows:
            data[model._meta.label_lower] = [_row(r) for r in rows]
            owned[model] = [r.pk for r in rows]
    # One level below: what hangs off the person's rows (decisions, documents, nights …).
    for model in apps.get_models():
        if not _exportable(model) or model._meta.label_lower in data:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.many_to_one and field.related_model in owned:
                rows = list(model._default_manager.filter(**{f"{field.name}__in": owned[field.related_model]})
                            .order_by("pk")[:10000])
                if rows:
                    data.setdefault(model._meta.label_lower, []).extend(_row(r) for r in rows)
                break
    return data


def export_json(user: User) -> bytes:
    return json.dumps(personal_data(user), ensure_ascii=False, indent=2, default=str).encode()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # text, never a formula
    return value


def export_xlsx(user: User) -> bytes:
    from openpyxl import Workbook

    from youthcity.core.spreadsheets import workbook_bytes

    data = personal_data(user)
    book = Workbook()
    sheet = book.active
    sheet.title = "account"
    sheet.append([_("field"), _("recorded value")])
    for key, value in data["account"].items():
        sheet.append([key, _cell(value)])
    for name, rows in data.items():
        if name in ("account", "exported_at") or not rows:
            continue
        sheet = book.create_sheet(name.replace(".", "-")[:31])
        columns = list(rows[0])
        sheet.append(columns)
        for row in rows:
            sheet.append([_cell(row.get(c)) for c in columns])
    return workbook_bytes(book)  # every export saves through the one helper (formula-like text as text)


# --- Closure ------------------------------------------------------------------------------------------

PROFILE_CLEARED = ("birth_date", "gender", "education_level", "is_full_time", "graduation_date", "school",
                   "is_student", "study_level", "expected_graduation_date",
                   "hukou_city", "home_city", "current_city", "employment_status")


def _open_applications(user: User) -> bool:
    """Applications of any domain (the shared workflow's models) still waiting for a decision."""
    from youthcity.applications.models import OPEN_STATUSES, Application

    return any(model._default_manager.filter(applicant=user, status__in=OPEN_STATUSES).exists()
               for model in apps.get_models() if issubclass(model, Application))


@transaction.atomic
def account_close(*, user: User, password: str) -> User:
    """Close the person's own account: anonymise the account and profile, delete messages, codes
    and sign-in tokens; keep decisions, payments and bookings (linked to the anonymous account)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(password or ""):
        message = _("Your password is wrong.")
        raise ServiceError(422, "wrong_password", message, {"password": [message]})
    if Membership.objects.filter(user=user, is_active=True).exists():
        raise PermissionDenied(_("A staff account is closed by the coordinator who manages it."))
    if _open_applications(user):
        raise ServiceError(409, "open_applications", _(
            "You have applications still under review. Withdraw them (or wait for the decision) before closing "
            "your account."))
    pk = user.pk
    user.username = f"closed-{pk}-{secrets.token_hex(4)}"
    user.first_name = user.last_name = user.email = user.id_number = ""
    user.display_name = _("Closed account")
    user.phone = None
    user.phone_verified_at = None
    user.must_change_password = False
    user.is_active = False
    user.closed_at = timezone.now()
    user.set_unusable_password()
    user.save()
    profile = YouthProfile.objects.filter(user=user).first()
    if profile is not None:
        for name in PROFILE_CLEARED:
            field = YouthProfile._meta.get_field(name)
            setattr(profile, name, None if field.null else "")
        profile.save()
    api_tokens_revoke_all(user=user)
    OneTimeCode.objects.filter(user=user).delete()
    apps.get_model("core", "Notification").objects.filter(recipient=user).delete()
    # The audit trail keeps who did what, but not the closed person's old details.
    for model in (User, YouthProfile):
        ct = ContentType.objects.get_for_model(model)
        object_pk = str(pk) if model is User else str(getattr(profile, "pk", ""))
        LogEntry.objects.filter(content_type=ct, object_pk=object_pk).update(
            changes=None, changes_text="", object_repr=_("Closed account"), serialized_data=None)
    # Sessions end on their next request: Django signs an inactive account out.
    return user
