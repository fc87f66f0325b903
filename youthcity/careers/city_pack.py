"""City-pack step: the demo employers, positions, a placement and waiting reviews (示例数据).

Only a demo city loads them (a real city's employers register themselves). Users and roles are
made by :func:`accounts.services.demo_person_sync`; every row is found by a stable key and
written only when something differs, so loading twice changes nothing. The minimum-wage table of
``careers.yaml`` is read when an allowance is computed (:mod:`.allowance`), not loaded.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from youthcity.accounts.models import Role, User
from youthcity.accounts.selectors import youth_profile_of
from youthcity.accounts.services import demo_person_sync
from youthcity.core.city_pack import CityPack, LoadReport, sync
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from . import allowance, live
from .models import (
    AllowanceClaim,
    Employer,
    EmployerVerification,
    JobApplication,
    MatchingRound,
    Position,
    PositionReview,
    RoundPosition,
)


def _when(text) -> dt.datetime | None:
    return dt.datetime.fromisoformat(str(text)) if text else None


def _day(text) -> dt.date | None:
    return dt.date.fromisoformat(str(text)) if text else None


def load(pack: CityPack, report: LoadReport) -> None:
    data = pack.read_yaml("careers.yaml")
    if not data or not pack.demo:
        return
    from .services import _profile_snapshot, hr_department, working_days_in

    department = hr_department()
    table = allowance.table_from(data)
    for spec in data.get("demo_employers") or []:
        district = Region.objects.get(code=str(spec["district"]))
        verified = spec.get("status") == "verified"
        unit, changed = sync(Unit, {"code": f"employer-{spec['code'].lower()}"},
                             {"kind": Unit.Kind.ENTERPRISE, "name": spec["name"], "short_name": spec["name"][:60],
                              "region": district, "is_active": verified})
        report.count("unit", changed)
        employer, changed = sync(Employer, {"credit_code": spec["code"]}, {
            "unit": unit, "name": spec["name"], "district": district, "industry": spec["industry"],
            "address": spec.get("address", ""), "status": spec.get("status", "pending"),
            "verified_at": _when(spec.get("verified_at")), "is_internship_base": bool(spec.get("internship_base")),
            "base_quota": spec.get("base_quota"), "is_demo": True})
        report.count("employer", changed)
        staff = [demo_person_sync({"username": s["username"], "display": s["display"], "phone": s.get("phone"),
                                   "role": Role.EMPLOYER, "unit": unit.code}, report) for s in spec.get("staff") or []]
        hr = staff[0]
        if not verified and not EmployerVerification.objects.filter(employer=employer).exists():
            EmployerVerification.objects.create(applicant=hr, unit=department, employer=employer,
                                                note="示例数据：待市人社局核验。")
            report.count("employer_verification", True)
        for p in spec.get("positions") or []:
            status = p.get("status", Position.Status.PUBLISHED)
            position, changed = sync(Position, {"employer": employer, "title": p["title"]}, {
                "kind": p["kind"], "district": Region.objects.get(code=str(p["district"])), "industry": p["industry"],
                "education_required": p.get("education", ""), "starts_on": _day(p.get("starts_on")),
                "ends_on": _day(p.get("ends_on")), "monthly_pay": Decimal(str(p["pay"])), "capacity": p["capacity"],
                "requirements": p.get("requirements", ""), "status": status,
                "published_at": _when(p.get("published_at")), "posted_by": hr, "is_demo": True})
            report.count("position", changed)
            if status == Position.Status.PENDING and not PositionReview.objects.filter(position=position).exists():
                PositionReview.objects.create(applicant=hr, unit=department, position=position,
                                              note="示例数据：待市人社局审核。")
                report.count("position_review", True)
        for pl in spec.get("placements") or []:
            position = Position.objects.get(employer=employer, title=pl["position"])
            person = User.objects.get(username=pl["applicant"])
            profile = youth_profile_of(person)
            placement, changed = sync(JobApplication, {"applicant": person, "position": position}, {
                "status": JobApplication.Status.ACCEPTED, "accepted_at": _when(pl["accepted_at"]),
                "offered_at": _when(pl["accepted_at"]), "decided_by": hr, "is_demo": True,
                "profile": _profile_snapshot(profile) if profile else {}})
            report.count("placement", changed)
            claim = pl.get("claim")
            if claim and table is not None:
                month = dt.date.fromisoformat(claim["month"] + "-01")
                if not AllowanceClaim.objects.filter(placement=placement, month=month).exists():
                    last = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
                    working = working_days_in(month, last)
                    quote = allowance.quote(table, region_code=position.district.code, month=month,
                                            attended=claim["attendance_days"], working_days=working)
                    AllowanceClaim.objects.create(
                        applicant=hr, unit=department, placement=placement, month=month,
                        attendance_days=claim["attendance_days"], working_days=working, minimum_wage=quote.minimum_wage,
                        wage_tier=quote.tier, share=quote.share, amount=quote.amount, is_demo=True,
                        note="示例数据")
                    report.count("allowance_claim", True)
    for spec in data.get("demo_rounds") or []:
        round_, changed = sync(MatchingRound, {"name": spec["name"]}, {
            "unit": department, "tie_break_seed": spec["tie_break_seed"], "max_choices": spec.get("max_choices", 5),
            "created_by": User.objects.get(username=spec["created_by"])})
        report.count("matching_round", changed)
        for p in spec.get("positions") or []:
            position = Position.objects.get(employer__credit_code=p["employer"], title=p["title"])
            _, changed = sync(RoundPosition, {"round": round_, "position": position},
                              {"reserved_out_of_town": p.get("reserved_out_of_town", 0)})
            report.count("round_position", changed)
    _load_fairs_and_centres(data, report)
    live.invalidate()


def _load_fairs_and_centres(data: dict, report: LoadReport) -> None:
    from .models import CentreService, FairBooth, JobFair, ServiceCentre

    department = Unit.objects.get(code="ly-hrss")
    for spec in data.get("demo_fairs") or []:
        fair, changed = sync(JobFair, {"name": spec["name"]}, {
            "kind": spec["kind"], "unit": department, "district": Region.objects.get(code=str(spec["district"])),
            "venue": spec["venue"], "starts_at": _when(spec["starts_at"]), "ends_at": _when(spec["ends_at"]),
            "capacity": spec.get("capacity"), "description": spec.get("description", ""),
            "created_by": User.objects.get(username=spec["created_by"]), "is_demo": True})
        report.count("job_fair", changed)
        for p in spec.get("positions") or []:
            position = Position.objects.get(employer__credit_code=p["employer"], title=p["title"])
            booth, created = FairBooth.objects.get_or_create(fair=fair, employer=position.employer)
            changed: bool | None = True if created else None  # LoadReport: None = unchanged
            if not booth.positions.filter(pk=position.pk).exists():
                booth.positions.add(position)
                changed = changed or False
            report.count("fair_booth", changed)
    for spec in data.get("demo_centres") or []:
        centre, changed = sync(ServiceCentre, {"name": spec["name"]}, {
            "kind": spec["kind"], "unit": Unit.objects.get(code=spec["unit"]),
            "district": Region.objects.get(code=str(spec["district"])), "address": spec["address"],
            "phone": spec.get("phone", ""), "opening_hours": spec.get("opening_hours", ""), "is_demo": True})
        report.count("service_centre", changed)
        for kind in spec.get("services") or []:
            _, created = CentreService.objects.get_or_create(centre=centre, kind=kind)
            report.count("centre_service", True if created else None)
        if spec.get("demo_slots"):
            _demo_slots(centre, spec["demo_slots"], report)


def _demo_slots(centre, spec: dict, report: LoadReport) -> None:
    """示例数据: open slots on the working days of the next ``days`` days after the load date, so the
    demo centre has something to book. Found by (service, start): loading again adds only the days
    that have come into range and changes no existing slot (nor its bookings)."""
    from django.utils import timezone

    from .models import ServiceSlot

    staff = User.objects.get(username=spec["created_by"])
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    for offset in range(1, int(spec.get("days", 14)) + 1):
        day = today + dt.timedelta(days=offset)
        if day.weekday() >= 5:  # 工作日 only, as the centre's opening hours say
            continue
        for text in spec["times"]:
            starts_at = dt.datetime.combine(day, dt.time.fromisoformat(text), tzinfo=tz)
            for service in centre.services.filter(kind__in=spec["services"]):
                _, created = ServiceSlot.objects.get_or_create(
                    service=service, starts_at=starts_at,
                    defaults={"ends_at": starts_at + dt.timedelta(minutes=int(spec["minutes"])),
                              "capacity": int(spec["capacity"]), "created_by": staff})
                report.count("service_slot", True if created else None)
