"""Every write of the ledger: imports and their review, publishing, reports, reviews, reminders.

Functions are keyword-only, named ``<entity>_<verb>`` and atomic. They check permissions
themselves (views and the API stay thin) and raise :class:`~youthcity.core.errors.ServiceError` with a message in
the user's language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from youthcity.accounts.models import Role
from youthcity.accounts.permissions import scope_units
from youthcity.accounts.selectors import region_members, unit_members
from youthcity.core import measures as live_measures
from youthcity.core.edge import NARRATIVE_LENGTH
from youthcity.core.errors import ServiceError
from youthcity.core.notifications import notify
from youthcity.core.uploads import zip_problem
from youthcity.engines.plans import PlanParseError, chinese_punctuation, parse_number
from youthcity.organizations.models import Unit
from youthcity.organizations.services import unit_create
from youthcity.regions.models import Region

from . import adapters, bindings, drafts, selectors
from .models import (
    Comparator,
    Evidence,
    FourList,
    LiveSnapshot,
    Measure,
    Milestone,
    Plan,
    PlanImport,
    PlanVersion,
    PolicyDraft,
    ProgressReport,
    Project,
    ReportingPeriod,
    ReportReview,
    Responsibility,
    Schedule,
    Target,
    TargetValue,
)

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
REPORT_GRACE_DAYS = 10  # a period's report is due this many days after it ends
REMIND_DAYS_BEFORE = 7
ESCALATE_DAYS_AFTER = 7


# --- Import and review ----------------------------------------------------------------------

def _require_coordinator(user, region) -> None:
    if not selectors.can_coordinate(user, region):
        raise PermissionDenied(_("Only the coordinating office of this region may do this."))


def _remembered_choices(region) -> dict[str, dict]:
    """Names the coordinator mapped by hand in earlier imports of this region."""
    remembered: dict[str, dict] = {}
    for data in PlanImport.objects.filter(region=region, status=PlanImport.Status.PUBLISHED).values_list("data", flat=True):
        for name, choice in (data.get("units") or {}).items():
            if not choice.get("auto") and (choice.get("unit") or choice.get("not_unit")):
                remembered[name] = {"unit": choice.get("unit"), "not_unit": bool(choice.get("not_unit"))}
    return remembered


def _default_settings(plan: dict, day: dt.date) -> dict:
    issued = plan.get("date")
    starts = dt.date.fromisoformat(issued) if issued else dt.date(day.year, 1, 1)
    deadlines = [dt.date.fromisoformat(t["deadline"]) for p in plan["projects"] for m in p["measures"]
                 for t in m["targets"] if t.get("deadline")]
    ends = max([d for d in deadlines if d > starts], default=dt.date(starts.year + 4, 12, 31))
    return {"schedule": Schedule.QUARTERLY, "starts_on": starts.isoformat(), "ends_on": ends.isoformat()}


@transaction.atomic
def plan_import_create(*, user, region, filename: str, data: bytes, today: dt.date | None = None,
                       documents: set[int] | None = None) -> list[PlanImport]:
    """Parse an uploaded plan file into draft imports (one per plan in the file, or only ``documents``).

    Nothing is stored when the file cannot be read or parsed, or was imported before.
    """
    _require_coordinator(user, region)
    try:
        parsed = adapters.parse_upload(data, filename)
    except PlanParseError as exc:
        raise ServiceError(422, exc.code, adapters.parse_error_message(exc), {"file": adapters.parse_error_message(exc)}) from exc
    previous = PlanImport.objects.filter(region=region).exclude(status=PlanImport.Status.DISCARDED) \
        .filter(Q(file_hash=parsed.file_hash) | Q(text_hash=parsed.text_hash))
    if documents is not None:
        previous = previous.filter(document_index__in=documents)
    previous = previous.order_by("created_at").first()
    if previous is not None:
        same = _("the same file") if previous.file_hash == parsed.file_hash else _("the same text in another file")
        message = _("This document was already imported for %(region)s on %(date)s as “%(title)s” (%(same)s, "
                    "status: %(status)s). Open that import instead, or discard it first to import again.") % {
            "region": region.name, "date": timezone.localtime(previous.created_at).strftime("%Y-%m-%d"),
            "title": previous, "same": same, "status": previous.get_status_display()}
        raise ServiceError(409, "duplicate", message, {"file": message}, detail=previous)
    day = today or selectors.today()
    remembered = _remembered_choices(region)
    created = []
    for index, plan in enumerate(parsed.plans):
        if documents is not None and index not in documents:
            continue
        draft = {**plan, "settings": _default_settings(plan, day), "units": {}}
        for project in draft["projects"]:
            for measure in project["measures"]:
                measure.setdefault("lists", [])
        draft = adapters.resolve_names(draft, region, remembered=remembered)
        created.append(PlanImport.objects.create(
            region=region, uploaded_by=user, filename=PurePath(filename).name[:255], file_hash=parsed.file_hash,
            text_hash=parsed.text_hash, document_index=index, data=draft))
    return created


def _editable(user, plan_import: PlanImport) -> None:
    _require_coordinator(user, plan_import.region)
    if plan_import.status != PlanImport.Status.DRAFT:
        raise ServiceError(409, "not_draft", _("This import is no longer a draft and cannot be changed."))


def _save_draft(plan_import: PlanImport, draft: dict) -> PlanImport:
    plan_import.data = draft
    plan_import.save(update_fields=["data", "updated_at"])
    return plan_import


@transaction.atomic
def plan_import_update_settings(*, user, plan_import: PlanImport, title: str, issuer: str, region,
                                schedule: str, starts_on: dt.date, ends_on: dt.date) -> PlanImport:
    _editable(user, plan_import)
    _require_coordinator(user, region)
    if ends_on <= starts_on:
        raise ServiceError(422, "invalid", _("The end date must be after the start date."), {"ends_on": _("The end date must be after the start date.")})
    if schedule not in Schedule.values:
        raise ServiceError(422, "invalid", _("Choose a reporting schedule."), {"schedule": _("Choose a reporting schedule.")})
    draft = dict(plan_import.data, title=title.strip() or None, issuer=issuer.strip() or None)
    draft["settings"] = {"schedule": schedule, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()}
    if region != plan_import.region:
        # Aliases such as 区人社局 resolve differently in another district: resolve again.
        draft["units"] = {n: c for n, c in draft.get("units", {}).items() if not c.get("auto")}
        draft = adapters.resolve_names(draft, region)
        plan_import.region = region
        plan_import.save(update_fields=["region"])
    return _save_draft(plan_import, draft)


@transaction.atomic
def plan_import_map_units(*, user, plan_import: PlanImport, choices: dict[str, dict]) -> PlanImport:
    """Record the coordinator's decision per unit name: a unit id, or ``not_unit``."""
    _editable(user, plan_import)
    allowed = set(scope_units(user, write=True).values_list("pk", flat=True))
    known = set(drafts.unit_names(plan_import.data))
    clean = {}
    for name, choice in choices.items():
        if name not in known:
            continue
        unit_id = choice.get("unit")
        previous = plan_import.data.get("units", {}).get(name, {})
        # Keeping what the directory resolved is fine even outside the coordinator's own units
        # (a district plan may name a city department); choosing a new unit must be within scope.
        if unit_id and int(unit_id) not in allowed and int(unit_id) != previous.get("unit"):
            raise PermissionDenied(_("You cannot assign measures to that unit."))
        auto = bool(previous.get("auto")) and previous.get("unit") == (int(unit_id) if unit_id else None)
        clean[name] = {"unit": int(unit_id) if unit_id else None, "not_unit": bool(choice.get("not_unit")), "auto": auto}
    return _save_draft(plan_import, drafts.set_unit_choices(plan_import.data, clean))


@transaction.atomic
def plan_import_delete_measure(*, user, plan_import: PlanImport, project_index: int, measure_index: int) -> PlanImport:
    """Drop a draft measure the reader got wrong (a heading, a notice paragraph). The draft's data
    change is in the audit trail like every other review edit."""
    _editable(user, plan_import)
    try:
        return _save_draft(plan_import, drafts.delete_measure(plan_import.data, project_index, measure_index))
    except (LookupError, IndexError) as exc:
        raise ServiceError(404, "not_found", _("That measure does not exist.")) from exc


@transaction.atomic
def plan_import_create_unit(*, user, plan_import: PlanImport, name: str, region, official_name: str, kind: str,
                            short_name: str = "") -> PlanImport:
    """Create the unit a document names but the directory lacks, and map the name to it, in one go."""
    _editable(user, plan_import)
    if name not in drafts.unit_names(plan_import.data):
        raise ServiceError(404, "not_found", _("This plan does not name that unit."))
    unit = unit_create(user=user, region=region, name=official_name or name, short_name=short_name, kind=kind,
                       alias=name)
    choice = {"unit": unit.pk, "not_unit": False, "auto": False}
    return _save_draft(plan_import, drafts.set_unit_choices(plan_import.data, {name: choice}))


def _clean_target(raw: dict, index: int) -> dict:
    errors = {}
    try:
        value = Decimal(str(raw.get("value", "")).strip())
        if value < 0 or not value.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors[f"targets-{index}-value"] = _("Enter a number that is zero or more.")
        value = Decimal(0)
    unit = str(raw.get("unit", "")).strip()
    if not unit:
        errors[f"targets-{index}-unit"] = _("Enter the unit of measure, e.g. 套, 个, %, 元.")
    comparator = raw.get("comparator") or ">="
    if comparator not in Comparator.values:
        errors[f"targets-{index}-comparator"] = _("Choose a comparator.")
    deadline = raw.get("deadline") or None
    if deadline:
        try:
            deadline = dt.date.fromisoformat(str(deadline)).isoformat()
        except ValueError:
            errors[f"targets-{index}-deadline"] = _("Enter a date as YYYY-MM-DD.")
    live = None
    try:
        live = _clean_draft_live(raw.get("live"), per_year=raw.get("per") == "year")
    except LookupError:
        errors[f"targets-{index}-live"] = _("Choose a live measure of the platform.")
    if errors:
        raise ServiceError(422, "invalid", _("Some targets are invalid."), errors)
    return {"text": str(raw.get("text", "")).strip(), "subject": str(raw.get("subject", "")).strip(),
            "value": adapters.decimal_json(value), "unit": unit, "comparator": comparator,
            "per": "year" if raw.get("per") == "year" else None, "deadline": deadline,
            "baseline": adapters.decimal_json(Decimal(str(raw.get("baseline") or 0))),
            **({"live": live} if live else {})}


def _clean_draft_live(live, *, per_year: bool) -> dict | None:
    """A binding chosen in the import review: ``{"code", "period"}`` (the region is the plan's).
    Raises LookupError for a code that is not a live measure."""
    if not live:
        return None
    code = live.get("code") if isinstance(live, dict) else str(live)
    if live_measures.get(code or "") is None:
        raise LookupError(code)
    period = live.get("period") if isinstance(live, dict) else None
    if period not in bindings.allowed_periods(code):
        period = bindings.default_period(code, per_year=per_year)
    return {"code": code, "period": period}


def _draft_binding(t: dict, plan: Plan, user) -> dict:
    """Target fields of a binding chosen in the import review (skipped if the measure is gone)."""
    live = t.get("live") or {}
    if live_measures.get(live.get("code") or "") is None:
        return {}
    return {"live_measure": live["code"], "live_region": plan.region, "live_bound_by": user,
            "live_bound_at": timezone.now(),
            "live_period": live.get("period") or bindings.default_period(live["code"], per_year=t.get("per") == "year")}


@transaction.atomic
def plan_import_edit_measure(*, user, plan_import: PlanImport, project_index: int, measure_index: int,
                             number: str, title: str, text: str, responsible_units: list[str], lists: list[str],
                             targets: list[dict]) -> PlanImport:
    _editable(user, plan_import)
    if not text.strip():
        raise ServiceError(422, "invalid", _("A measure needs its text."), {"text": _("A measure needs its text.")})
    bad = [code for code in lists if code not in FourList.values]
    if bad:
        raise ServiceError(422, "invalid", _("Unknown list."), {"lists": _("Unknown list.")})
    errors: dict[str, str] = {}
    cleaned = []
    for i, raw in enumerate(targets):
        try:
            cleaned.append(_clean_target(raw, i))
        except ServiceError as exc:
            errors.update(exc.fields)
    if errors:
        raise ServiceError(422, "invalid", _("Some targets are invalid."), errors)
    try:
        draft = drafts.update_measure(plan_import.data, project_index, measure_index, number=number, title=title,
                                      text=text.strip(), responsible_units=responsible_units, lists=lists,
                                      targets=cleaned)
    except LookupError as exc:
        raise ServiceError(404, "not_found", _("That measure does not exist.")) from exc
    draft = adapters.resolve_names(draft, plan_import.region)
    return _save_draft(plan_import, draft)


@transaction.atomic
def plan_import_bind_target(*, user, plan_import: PlanImport, project_index: int, measure_index: int,
                            target_index: int, code: str | None) -> PlanImport:
    """Bind a draft target to a live measure (``code``), or unbind it (``None``); applied on publishing."""
    _editable(user, plan_import)
    draft = {**plan_import.data, "projects": [dict(p, measures=[dict(m, targets=[dict(t) for t in m.get("targets", [])])
                                                               for m in p["measures"]])
                                              for p in plan_import.data["projects"]]}
    try:
        target = draft["projects"][project_index]["measures"][measure_index]["targets"][target_index]
    except (IndexError, KeyError) as exc:
        raise ServiceError(404, "not_found", _("That target does not exist.")) from exc
    if code:
        try:
            target["live"] = _clean_draft_live({"code": code}, per_year=target.get("per") == "year")
        except LookupError as exc:
            raise ServiceError(422, "invalid", _("Choose a live measure of the platform.")) from exc
    else:
        target.pop("live", None)
    return _save_draft(plan_import, draft)


@transaction.atomic
def plan_import_merge_measures(*, user, plan_import: PlanImport, project_index: int, measure_index: int) -> PlanImport:
    _editable(user, plan_import)
    try:
        return _save_draft(plan_import, drafts.merge_with_next(plan_import.data, project_index, measure_index))
    except (LookupError, IndexError) as exc:
        raise ServiceError(404, "not_found", _("There is no next measure to merge with.")) from exc


@transaction.atomic
def plan_import_split_measure(*, user, plan_import: PlanImport, project_index: int, measure_index: int,
                              text_with_markers: str) -> PlanImport:
    _editable(user, plan_import)
    try:
        return _save_draft(plan_import, drafts.split_measure(plan_import.data, project_index, measure_index,
                                                             text_with_markers))
    except ValueError as exc:
        message = _("Put a line containing only --- where the measure should be split.")
        raise ServiceError(422, "invalid", message, {"text": message}) from exc
    except (LookupError, IndexError) as exc:
        raise ServiceError(404, "not_found", _("That measure does not exist.")) from exc


@transaction.atomic
def plan_import_discard(*, user, plan_import: PlanImport) -> PlanImport:
    _editable(user, plan_import)
    plan_import.status = PlanImport.Status.DISCARDED
    plan_import.save(update_fields=["status", "updated_at"])
    return plan_import


def reporting_periods(starts_on: dt.date, ends_on: dt.date, schedule: str, first_day: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Calendar months or quarters from the one containing ``first_day`` to the plan's end."""
    step = 1 if schedule == Schedule.MONTHLY else 3
    # A plan published after its end still gets its last period, so units can report the outcome.
    day = min(max(starts_on, first_day), ends_on)
    month = ((day.month - 1) // step) * step + 1
    start = dt.date(day.year, month, 1)
    periods = []
    while start <= ends_on:
        nxt_month = start.month + step
        nxt = dt.date(start.year + (nxt_month - 1) // 12, (nxt_month - 1) % 12 + 1, 1)
        periods.append((start, nxt - dt.timedelta(days=1)))
        start = nxt
    return periods


def _words(text: str | None) -> str:
    """What the ledger shows people: the plan's words with Chinese punctuation restored."""
    return chinese_punctuation(text or "")


@transaction.atomic
def plan_import_publish(*, user, plan_import: PlanImport, today: dt.date | None = None) -> Plan:
    """Write the reviewed draft to the ledger in one transaction."""
    _editable(user, plan_import)
    missing = drafts.unmapped_names(plan_import.data)
    if missing:
        raise ServiceError(422, "unmapped_units", _("Map every unit name to a unit, or mark it as not a unit, before "
                                              "publishing: %(names)s") % {"names": "、".join(missing)})
    draft = plan_import.data
    if not draft.get("title"):
        raise ServiceError(422, "invalid", _("Give the plan a title before publishing."), {"title": _("Enter a title.")})
    day = today or selectors.today()
    settings_ = draft["settings"]
    starts_on, ends_on = dt.date.fromisoformat(settings_["starts_on"]), dt.date.fromisoformat(settings_["ends_on"])
    unit_ids = {n: c["unit"] for n, c in draft.get("units", {}).items() if c.get("unit")}
    units = Unit.objects.in_bulk(set(unit_ids.values()))
    plan = Plan.objects.create(
        region=plan_import.region, source=plan_import, title=_words(draft["title"])[:300], issuer=(draft.get("issuer") or "")[:300],
        issued_on=dt.date.fromisoformat(draft["date"]) if draft.get("date") else None, schedule=settings_["schedule"],
        starts_on=starts_on, ends_on=ends_on, published_by=user, published_at=timezone.now())
    for p_index, p in enumerate(draft["projects"], start=1):
        project = Project.objects.create(plan=plan, position=p_index, title=_words(p.get("title"))[:300])
        leads = [units[unit_ids[n]] for n in p.get("lead_units", []) if n in unit_ids]
        project.lead_units.set(leads)
        for m_index, m in enumerate(p["measures"], start=1):
            measure = Measure.objects.create(project=project, position=m_index, number=(m.get("number") or "")[:20],
                                             title=_words(m.get("title"))[:300], text=_words(m["text"]), lists=m.get("lists", []))
            named = list(dict.fromkeys(units[unit_ids[n]] for n in m.get("responsible_units", []) if n in unit_ids))
            # The first unit named for a measure leads it; without any, the project's lead units lead it.
            roles = [(u, Responsibility.Role.LEAD if i == 0 else Responsibility.Role.CO) for i, u in enumerate(named)] \
                or [(u, Responsibility.Role.LEAD) for u in dict.fromkeys(leads)]
            Responsibility.objects.bulk_create([Responsibility(measure=measure, unit=u, role=r) for u, r in roles])
            Target.objects.bulk_create([Target(
                measure=measure, position=t_index, text=_words(t.get("text"))[:500], subject=t.get("subject", "")[:200],
                baseline=Decimal(str(t.get("baseline") or 0)), value=Decimal(str(t["value"])), unit=t["unit"][:20],
                comparator=t.get("comparator") or ">=", per_year=t.get("per") == "year",
                deadline=dt.date.fromisoformat(t["deadline"]) if t.get("deadline") else None,
                **_draft_binding(t, plan, user),
            ) for t_index, t in enumerate(m.get("targets", []), start=1)])
    ReportingPeriod.objects.bulk_create([
        ReportingPeriod(plan=plan, starts_on=s, ends_on=e, due_on=e + dt.timedelta(days=REPORT_GRACE_DAYS))
        for s, e in reporting_periods(starts_on, ends_on, plan.schedule, day)])
    _store_policy_drafts(plan, draft)
    plan_import.status = PlanImport.Status.PUBLISHED
    plan_import.save(update_fields=["status", "updated_at"])
    return plan


def _store_policy_drafts(plan: Plan, draft: dict) -> None:
    """Policy files drafted from the plan's benefit clauses, for the coordinator to take up
    (docs/policy-drafting.md). Part of publishing: same transaction, nothing granted by them."""
    PolicyDraft.objects.bulk_create([PolicyDraft(
        plan=plan, position=i, policy_id=d.id[:100], label=d.label[:100], name=d.name[:200], audience=d.audience,
        clause=_words(d.clause), yaml_text=d.yaml_text, open_parts=[p.zh for p in d.open_parts],
        why=[{"field": w.field, "value": w.value, "words": w.words} for w in d.why],
    ) for i, d in enumerate(adapters.policy_drafts(draft, plan_tag=f"plan{plan.pk}"), start=1)])


# --- Work ledger ----------------------------------------------------------------------------

@transaction.atomic
def measure_update(*, user, measure: Measure, lists: list[str]) -> Measure:
    _require_coordinator(user, measure.project.plan.region)
    if any(code not in FourList.values for code in lists):
        raise ServiceError(422, "invalid", _("Unknown list."), {"lists": _("Unknown list.")})
    measure.lists = list(dict.fromkeys(lists))
    measure.save(update_fields=["lists"])
    return measure


@transaction.atomic
def target_update(*, user, target: Target, baseline: Decimal, value: Decimal, deadline: dt.date | None) -> Target:
    _require_coordinator(user, target.measure.project.plan.region)
    if baseline < 0 or value < 0:
        raise ServiceError(422, "invalid", _("Values cannot be negative."))
    target.baseline, target.value, target.deadline = baseline, value, deadline
    target.save(update_fields=["baseline", "value", "deadline"])
    return target


@transaction.atomic
def target_bind(*, user, target: Target, code: str, region: Region | None = None, period: str | None = None) -> Target:
    """Bind a target to a live measure of the platform: from now on its achieved value, progress and
    status come from the platform for ``region`` (default: the plan's), read by ``period`` rule;
    the responsible units only explain. Coordinators of the plan's region only (audited)."""
    plan = target.measure.project.plan
    _require_coordinator(user, plan.region)
    if live_measures.get(code or "") is None:
        message = _("Choose a live measure of the platform.")
        raise ServiceError(422, "invalid", message, {"code": message})
    region = region or plan.region
    if not region.path.startswith(plan.region.path) or not selectors.can_coordinate(user, region):
        message = _("Choose the plan's region or a region within it.")
        raise ServiceError(422, "invalid", message, {"region": message})
    period = period or bindings.default_period(code, per_year=target.per_year)
    if period not in bindings.allowed_periods(code):
        message = _("This measure's yearly figures do not add up over several years: read this year's figure.")
        raise ServiceError(422, "invalid", message, {"period": message})
    target.live_measure, target.live_region, target.live_period = code, region, period
    target.live_bound_by, target.live_bound_at = user, timezone.now()
    target.save(update_fields=["live_measure", "live_region", "live_period", "live_bound_by", "live_bound_at"])
    return target


@transaction.atomic
def target_unbind(*, user, target: Target) -> Target:
    """Stop reading a target from the platform: units report its value again. Snapshots stay as history."""
    _require_coordinator(user, target.measure.project.plan.region)
    if not target.live_measure:
        raise ServiceError(409, "not_bound", _("This target is not bound to a live measure."))
    target.live_measure, target.live_region, target.live_period = "", None, ""
    target.live_bound_by, target.live_bound_at = user, timezone.now()
    target.save(update_fields=["live_measure", "live_region", "live_period", "live_bound_by", "live_bound_at"])
    return target


@transaction.atomic
def live_snapshots_take(*, today: dt.date | None = None) -> dict[str, int]:
    """Record today's platform value of every bound target (run daily; once a day per target and
    measure, a second run the same day updates the value)."""
    reader = bindings.Reader(today)
    counts = {"taken": 0, "unknown": 0}
    targets = Target.objects.exclude(live_measure="").select_related("measure__project__plan", "live_region")
    for target in targets:
        reading = reader.read(target, target.measure.project.plan)
        if reading is None or reading.value is None:
            counts["unknown"] += 1
            continue
        LiveSnapshot.objects.update_or_create(
            target=target, measure_code=target.live_measure, taken_on=reader.day,
            defaults={"value": reading.value, "measured_at": reading.as_of})
        counts["taken"] += 1
    return counts


@transaction.atomic
def milestone_create(*, user, measure: Measure, title: str, due_on: dt.date) -> Milestone:
    _require_coordinator(user, measure.project.plan.region)
    if not title.strip():
        raise ServiceError(422, "invalid", _("Enter a title."), {"title": _("Enter a title.")})
    return Milestone.objects.create(measure=measure, title=title.strip(), due_on=due_on)


# --- Plan amendments (versions) ------------------------------------------------------------

REASON_LENGTH = 2000


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _target_changes(plan: Plan, targets: dict[int, dict], changes: list, errors: dict) -> list[tuple[Target, dict]]:
    by_id = {t.pk: t for t in Target.objects.filter(measure__project__plan=plan, pk__in=list(targets))
             .select_related("measure")}
    updates = []
    for target_id, wanted in targets.items():
        target = by_id.get(int(target_id))
        if target is None:
            errors[f"target_{target_id}"] = _("That target does not belong to this plan.")
            continue
        value, deadline = wanted.get("value", target.value), wanted.get("deadline", target.deadline)
        if value is None or value < 0 or not value.is_finite() or value >= MAX_ACHIEVED:
            errors[f"target_{target_id}"] = _("Enter a number that is zero or more.")
            continue
        label = f"{target.measure.number or ''} {target.subject or target.text}".strip()
        fields = {}
        if value != target.value:
            changes.append({"object": label, "field": str(_("Target value")),
                            "before": f"{_fmt(target.value)}{target.unit}", "after": f"{_fmt(value)}{target.unit}"})
            fields["value"] = value
        if deadline != target.deadline:
            changes.append({"object": label, "field": str(_("Deadline")), "before": _fmt(target.deadline),
                            "after": _fmt(deadline)})
            fields["deadline"] = deadline
        if fields:
            updates.append((target, fields))
    return updates


def _lead_changes(user, plan: Plan, leads: dict[int, int], changes: list, errors: dict) -> list[tuple[Measure, Unit]]:
    measures = {m.pk: m for m in Measure.objects.filter(project__plan=plan, pk__in=list(leads))}
    current: dict[int, list[Responsibility]] = {}
    for r in Responsibility.objects.filter(measure__in=list(measures.values())).select_related("unit"):
        current.setdefault(r.measure_id, []).append(r)
    allowed = set(scope_units(user, write=True).values_list("pk", flat=True))
    units = Unit.objects.in_bulk([int(u) for u in leads.values() if u])
    updates = []
    for measure_id, unit_id in leads.items():
        measure = measures.get(int(measure_id))
        unit = units.get(int(unit_id)) if unit_id else None
        if measure is None or unit is None:
            errors[f"lead_{measure_id}"] = _("Choose a unit.")
            continue
        old = [r.unit for r in current.get(measure.pk, []) if r.role == Responsibility.Role.LEAD]
        if unit in old:  # already leads it (a measure led by its project's several lead units keeps them)
            continue
        if unit.pk not in allowed and unit.pk not in {r.unit_id for r in current.get(measure.pk, [])}:
            raise PermissionDenied(_("You cannot assign measures to that unit."))
        changes.append({"object": str(measure), "field": str(_("Lead unit")),
                        "before": "、".join(u.display_name for u in old) or "—", "after": unit.display_name})
        updates.append((measure, unit))
    return updates


@transaction.atomic
def plan_amend(*, user, plan: Plan, reason: str, targets: dict[int, dict] | None = None,
               leads: dict[int, int] | None = None, ends_on: dt.date | None = None) -> PlanVersion:
    """Amend a published plan: targets' values and deadlines, measures' lead units, the plan's end.
    Writes the changes and a new :class:`PlanVersion` (what changed, before → after, and why) in one
    transaction; reports made from now on name the new version. Nothing unchanged is recorded."""
    _require_coordinator(user, plan.region)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Say why the plan is amended.")
    elif len(reason) > REASON_LENGTH:
        errors["reason"] = _("Keep the reason to at most %(n)s characters.") % {"n": REASON_LENGTH}
    changes: list[dict] = []
    target_updates = _target_changes(plan, targets or {}, changes, errors)
    lead_updates = _lead_changes(user, plan, leads or {}, changes, errors)
    if ends_on is not None and ends_on != plan.ends_on:
        if ends_on <= plan.starts_on:
            errors["ends_on"] = _("The end date must be after the start date.")
        else:
            changes.append({"object": plan.title, "field": str(_("Plan ends on")), "before": _fmt(plan.ends_on),
                            "after": _fmt(ends_on)})
    if errors:
        raise ServiceError(422, "invalid", _("The amendment was not saved: please correct the marked fields."), errors)
    if not changes:
        raise ServiceError(422, "unchanged", _("Nothing was changed, so there is no amendment to record."))
    for target, fields in target_updates:
        for name, value in fields.items():
            setattr(target, name, value)
        target.save(update_fields=list(fields))
    for measure, unit in lead_updates:
        measure.responsibilities.filter(role=Responsibility.Role.LEAD).exclude(unit=unit).update(role=Responsibility.Role.CO)
        Responsibility.objects.update_or_create(measure=measure, unit=unit, defaults={"role": Responsibility.Role.LEAD})
    if ends_on is not None and ends_on != plan.ends_on:
        last = plan.periods.order_by("-ends_on").first()
        plan.periods.filter(starts_on__gt=ends_on, reports__isnull=True).delete()  # a shortened plan
        plan.ends_on = ends_on
        if last is not None and ends_on > last.ends_on:
            ReportingPeriod.objects.bulk_create([
                ReportingPeriod(plan=plan, starts_on=s, ends_on=e, due_on=e + dt.timedelta(days=REPORT_GRACE_DAYS))
                for s, e in reporting_periods(plan.starts_on, ends_on, plan.schedule, last.ends_on + dt.timedelta(days=1))])
    plan.version += 1
    plan.save(update_fields=["version", "ends_on", "updated_at"])
    return PlanVersion.objects.create(plan=plan, number=plan.version, reason=reason.strip(), changes=changes,
                                      created_by=user)


# --- Progress reports -----------------------------------------------------------------------

_VALUE = re.compile(r"^\s*(?P<number>[-+]?[\d,.]+(?:\s*[万亿千百])?|[零〇一二两三四五六七八九十百千万亿]+)\s*(?P<unit>\S*)\s*$")


MAX_ACHIEVED = Decimal(10) ** 16  # TargetValue.achieved: 20 digits, 4 of them decimals


def parse_achieved(raw: str, target: Target) -> Decimal:
    """Read a reported value for ``target``: a number, optionally followed by the target's own unit
    (``1.2万套`` for a target in 套). Another unit, or a negative number, is refused with the reason."""
    text = str(raw).strip().replace(",", "")
    match = _VALUE.match(text)
    if not match:
        raise ServiceError(422, "invalid", _("Enter a number in %(unit)s.") % {"unit": target.unit})
    unit = match.group("unit")
    if unit and unit != target.unit:
        raise ServiceError(422, "wrong_unit", _("This target is counted in %(unit)s, so a value in %(given)s cannot be "
                                          "accepted. Enter a number of %(unit)s.") % {"unit": target.unit, "given": unit})
    number = match.group("number").replace(" ", "")
    if number.startswith("-"):
        raise ServiceError(422, "negative", _("A value cannot be negative: %(unit)s are counted from zero.")
                          % {"unit": target.unit})
    value = parse_number(number.lstrip("+"))
    if value is None:
        raise ServiceError(422, "invalid", _("Enter a number in %(unit)s.") % {"unit": target.unit})
    value = Decimal(str(value))
    if not value.is_finite() or value >= MAX_ACHIEVED:
        raise ServiceError(422, "too_large", _("This value is too large: enter at most %(max)s.")
                           % {"max": "9,999,999,999,999,999"})
    if target.unit == "%" and value > 100 and target.comparator != ">":
        raise ServiceError(422, "invalid", _("A percentage cannot be more than 100."))
    return value


def _check_evidence(upload) -> tuple[str, bytes]:
    name = PurePath(upload.name).name
    suffix = PurePath(name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise ServiceError(422, "bad_file", _("“%(name)s” is not an accepted file type. Attach PDF, JPG, PNG, Word (.docx) "
                                        "or Excel (.xlsx) files.") % {"name": name})
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ServiceError(422, "bad_file", _("“%(name)s” is larger than 10 MB.") % {"name": name})
    problem = zip_problem(upload) if suffix in (".docx", ".xlsx") else None
    if problem:
        raise ServiceError(422, "bad_file", problem)
    data = upload.read()
    if not data.startswith(EVIDENCE_TYPES[suffix]):
        raise ServiceError(422, "bad_file", _("“%(name)s” does not look like a %(type)s file.")
                          % {"name": name, "type": suffix.lstrip(".").upper()})
    return name, data


@transaction.atomic
def progress_report_submit(*, user, measure: Measure, unit: Unit, narrative: str, values: dict[int, str],
                           percent_complete: int | None = None, files=(), period: ReportingPeriod | None = None,
                           today: dt.date | None = None) -> ProgressReport:
    """A unit reports on a measure: narrative, achieved value per target, evidence files."""
    if not selectors.reportable_units(user, measure).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You cannot report for this unit on this measure."))
    day = today or selectors.today()
    period = period or selectors.current_period(measure.project.plan, day)
    if period is None or period.plan_id != measure.project.plan_id:
        raise ServiceError(422, "no_period", _("This plan has no open reporting period."))
    errors: dict[str, str] = {}
    if not narrative.strip():
        errors["narrative"] = _("Describe the progress made.")
    elif len(narrative) > NARRATIVE_LENGTH:
        errors["narrative"] = _("Keep the narrative to at most %(n)s characters.") % {"n": NARRATIVE_LENGTH}
    if percent_complete is not None and not 0 <= percent_complete <= 100:
        errors["percent_complete"] = _("Enter a percentage between 0 and 100.")
    parsed: dict[int, Decimal] = {}
    targets = {t.pk: t for t in measure.targets.all()}
    for target_id, raw in values.items():
        if str(raw).strip() == "":
            continue
        target = targets.get(int(target_id))
        if target is None:
            errors[f"target_{target_id}"] = _("That target does not belong to this measure.")
            continue
        if target.live_measure:
            errors[f"target_{target.pk}"] = _("This target is read from the platform; explain the progress in the "
                                             "narrative instead of entering a number.")
            continue
        try:
            parsed[target.pk] = parse_achieved(raw, target)
        except ServiceError as exc:
            errors[f"target_{target.pk}"] = exc.message
    checked = []
    for upload in files:
        try:
            checked.append(_check_evidence(upload))
        except ServiceError as exc:
            errors["evidence"] = exc.message
    if errors:
        raise ServiceError(422, "invalid", _("The report was not saved: please correct the marked fields."), errors)
    report = ProgressReport.objects.create(measure=measure, period=period, unit=unit, submitted_by=user,
                                           narrative=narrative.strip(), percent_complete=percent_complete,
                                           plan_version=measure.project.plan.version)
    TargetValue.objects.bulk_create([TargetValue(report=report, target_id=k, achieved=v) for k, v in parsed.items()])

    for name, data in checked:
        evidence = Evidence(report=report, original_name=name[:255], size=len(data),
                            sha256=hashlib.sha256(data).hexdigest())
        evidence.file.save(name, ContentFile(data), save=True)
    return report


@transaction.atomic
def report_review(*, user, report: ProgressReport, decision: str, comment: str = "", quality: int | None = None,
                  notify_unit: bool = True) -> ReportReview:
    """The coordinator accepts a report (optionally rating its quality 1–5) or returns it with a comment.
    ``notify_unit=False`` is for loading past history (demo data), which is not news to anyone."""
    _require_coordinator(user, report.measure.project.plan.region)
    if ReportReview.objects.filter(report=report).exists():
        raise ServiceError(409, "already_reviewed", _("This report has already been reviewed."))
    if decision not in ReportReview.Decision.values:
        raise ServiceError(422, "invalid", _("Choose accept or return."), {"decision": _("Choose accept or return.")})
    if decision == ReportReview.Decision.RETURNED and not comment.strip():
        raise ServiceError(422, "invalid", _("Say what needs correcting when returning a report."), {"comment": _("Say what needs correcting when returning a report.")})
    if quality is not None and not 1 <= quality <= 5:
        raise ServiceError(422, "invalid", _("Rate quality from 1 to 5."), {"quality": _("Rate quality from 1 to 5.")})
    try:
        with transaction.atomic():
            review = ReportReview.objects.create(report=report, decision=decision, comment=comment.strip(),
                                                 quality=quality if decision == ReportReview.Decision.ACCEPTED else None,
                                                 reviewer=user)
    except IntegrityError as exc:
        raise ServiceError(409, "already_reviewed", _("This report has already been reviewed.")) from exc
    url = reverse("ledger:measure", args=[report.measure_id])
    if report.submitted_by_id and notify_unit:
        if decision == ReportReview.Decision.ACCEPTED:
            notify(recipient=report.submitted_by, kind="ledger.report_accepted",
                   title=_("Your progress report was accepted"), body=str(report.measure), url=url,
                   dedupe_key=f"ledger.review:{report.pk}")
        else:
            notify(recipient=report.submitted_by, kind="ledger.report_returned",
                   title=_("Your progress report was returned for correction"), body=comment.strip(), url=url,
                   dedupe_key=f"ledger.review:{report.pk}")
    return review


# --- Reminders and escalation ----------------------------------------------------------------



def _missing(period: ReportingPeriod) -> dict[int, list[Measure]]:
    """Lead units without a (not returned) report for a measure in this period."""
    missing: dict[int, list[Measure]] = {}
    measures = Measure.objects.filter(project__plan=period.plan_id).prefetch_related("responsibilities")
    reported = set(ProgressReport.objects.filter(period=period).exclude(review__decision=ReportReview.Decision.RETURNED)
                   .values_list("measure_id", "unit_id"))
    for measure in measures:
        for r in measure.responsibilities.all():
            if r.role == Responsibility.Role.LEAD and (measure.pk, r.unit_id) not in reported:
                missing.setdefault(r.unit_id, []).append(measure)
    return missing


@transaction.atomic
def reminders_send(*, today: dt.date | None = None, before_days: int = REMIND_DAYS_BEFORE,
                   escalate_after: int = ESCALATE_DAYS_AFTER) -> dict[str, int]:
    """Remind lead units before a report is due and after it is overdue; escalate to the
    coordinators after ``escalate_after`` days. Dedupe keys make it safe to run as often as cron likes."""
    day = today or selectors.today()
    sent = {"due_soon": 0, "overdue": 0, "escalated": 0}
    url = reverse("ledger:my-ledger")
    upcoming = ReportingPeriod.objects.filter(due_on__gte=day, due_on__lte=day + dt.timedelta(days=before_days))
    for period in upcoming.select_related("plan"):
        for unit_id, measures in _missing(period).items():
            for user in unit_members(unit_id):
                if notify(recipient=user, kind="ledger.report_due", url=url,
                          title=_("Progress reports due on %(date)s") % {"date": period.due_on.isoformat()},
                          body=_("%(plan)s: %(count)d measures still need a progress report for %(period)s.")
                          % {"plan": period.plan.title, "count": len(measures), "period": period},
                          dedupe_key=f"ledger.due:{period.pk}:{unit_id}"):
                    sent["due_soon"] += 1
    # Only the latest past-due period of each plan: older gaps were already chased.
    for plan in Plan.objects.filter(periods__due_on__lt=day).distinct():
        period = plan.periods.filter(due_on__lt=day).order_by("-due_on").first()
        late_days = (day - period.due_on).days
        for unit_id, measures in _missing(period).items():
            for user in unit_members(unit_id):
                if notify(recipient=user, kind="ledger.report_overdue", url=url,
                          title=_("Progress reports overdue since %(date)s") % {"date": period.due_on.isoformat()},
                          body=_("%(plan)s: %(count)d measures have no progress report for %(period)s.")
                          % {"plan": plan.title, "count": len(measures), "period": period},
                          dedupe_key=f"ledger.overdue:{period.pk}:{unit_id}"):
                    sent["overdue"] += 1
            if late_days >= escalate_after:
                unit = Unit.objects.get(pk=unit_id)
                for user in region_members(plan.region, Role.COORDINATOR):
                    if notify(recipient=user, kind="ledger.report_escalated",
                              url=reverse("ledger:plan", args=[plan.pk]),
                              title=_("%(unit)s is %(days)d days late with progress reports")
                              % {"unit": unit, "days": late_days},
                              body=_("%(plan)s: %(count)d measures without a report for %(period)s.")
                              % {"plan": plan.title, "count": len(measures), "period": period},
                              dedupe_key=f"ledger.escalate:{period.pk}:{unit_id}"):
                        sent["escalated"] += 1
    return sent
