"""City-pack step (demo city): import, review and publish the pack's plan documents, plus a few
progress reports, as the demo coordinating office would.

Reads ``<pack>/plans/plans.yaml``. A real city's coordinating office imports its plan documents
itself (the import review is where it checks what the parser found). Idempotent: a plan already imported for its region (same
normalised text) is skipped, and a demo report is only added when that unit has not reported
on that measure yet — so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import yaml

from youthcity.accounts.models import User
from youthcity.core.city_pack import CityPack, LoadReport
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from . import adapters, drafts, services
from .models import Measure, Plan, PlanImport, ProgressReport


def _publish_one(pack: CityPack, spec: dict, report: LoadReport) -> Plan | None:
    region = Region.objects.get(code=str(spec["region"]))
    user = User.objects.get(username=spec["by"])
    data = (pack.path / "plans" / spec["file"]).read_bytes()
    parsed = adapters.parse_upload(data, spec["file"])
    index = int(spec.get("document", 0))
    existing = PlanImport.objects.filter(region=region, text_hash=parsed.text_hash, document_index=index) \
        .exclude(status=PlanImport.Status.DISCARDED).first()
    if existing is not None:
        return getattr(existing, "plan", None)
    [plan_import] = services.plan_import_create(user=user, region=region, filename=spec["file"], data=data,
                                                documents={index})
    codes = spec.get("units") or {}
    if codes:
        units = {u.code: u.pk for u in Unit.objects.filter(code__in=[c for c in codes.values() if c])}
        choices = {name: ({"unit": units[code]} if code else {"not_unit": True}) for name, code in codes.items()}
        plan_import = services.plan_import_map_units(user=user, plan_import=plan_import, choices=choices)
    lead = Unit.objects.get(code=spec["default_lead"]) if spec.get("default_lead") else None
    lists = {str(k): v for k, v in (spec.get("lists") or {}).items()}
    for p, project in enumerate(plan_import.data["projects"]):
        for m, measure in enumerate(project["measures"]):
            needs_lead = lead is not None and not measure["responsible_units"] and not project["lead_units"]
            tags = lists.get(str(measure.get("number")))
            if needs_lead or tags:
                plan_import = services.plan_import_edit_measure(
                    user=user, plan_import=plan_import, project_index=p, measure_index=m,
                    number=measure.get("number") or "", title=measure.get("title") or "", text=measure["text"],
                    responsible_units=[lead.short_name] if needs_lead else measure["responsible_units"],
                    lists=tags or measure.get("lists", []), targets=measure["targets"])
    settings_ = plan_import.data["settings"]
    wanted = {"schedule": spec.get("schedule") or settings_["schedule"],
              "starts_on": str(spec.get("starts_on") or settings_["starts_on"]),
              "ends_on": str(spec.get("ends_on") or settings_["ends_on"])}
    if wanted != settings_:
        plan_import = services.plan_import_update_settings(
            user=user, plan_import=plan_import, title=plan_import.data.get("title") or "",
            issuer=plan_import.data.get("issuer") or "", region=region, schedule=wanted["schedule"],
            starts_on=dt.date.fromisoformat(wanted["starts_on"]), ends_on=dt.date.fromisoformat(wanted["ends_on"]))
    missing = drafts.unmapped_names(plan_import.data)
    if missing:
        report.notes.append(f"plan {spec['key']}: unmapped unit names {missing}; left as a draft")
        return None
    plan = services.plan_import_publish(user=user, plan_import=plan_import)
    report.count("plan", True)
    return plan


def _demo_report(plans: dict[str, Plan], spec: dict, report: LoadReport) -> None:
    plan = plans.get(spec["plan"])
    if plan is None:
        return
    measure = Measure.objects.filter(project__plan=plan, number=str(spec["measure"])).first()
    unit = Unit.objects.get(code=spec["unit"])
    if measure is None or ProgressReport.objects.filter(measure=measure, unit=unit).exists():
        return
    by_subject = {t.subject: t for t in measure.targets.all()}
    values = {by_subject[s].pk: str(Decimal(str(v))) for s, v in (spec.get("values") or {}).items() if s in by_subject}
    progress = services.progress_report_submit(
        user=User.objects.get(username=spec["by"]), measure=measure, unit=unit, narrative=spec["narrative"],
        values=values, percent_complete=spec.get("percent"))
    report.count("progress_report", True)
    review = spec.get("review")
    if review:
        services.report_review(user=User.objects.get(username=review["by"]), report=progress,
                               decision=review["decision"], comment=review.get("comment", ""),
                               quality=review.get("quality"), notify_unit=False)


def load(pack: CityPack, report: LoadReport) -> None:
    path = pack.path / "plans" / "plans.yaml"
    if not path.exists():
        return
    if not pack.demo:
        report.notes.append(f"ledger: plan documents are in {path.parent}; the coordinating office imports them")
        return
    with open(path, encoding="utf-8") as fh:
        config = yaml.safe_load(fh) or {}
    plans: dict[str, Plan] = {}
    for spec in config.get("plans", []):
        plan = _publish_one(pack, spec, report)
        if plan is not None:
            plans[spec["key"]] = plan
    for spec in config.get("reports", []):
        _demo_report(plans, spec, report)
