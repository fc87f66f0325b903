"""City-pack step: housing projects, buildings and homes (``housing.yaml``); for a demo city
also district housing staff and a few applications waiting for review.

Idempotent: projects by code, buildings by name, homes by code; a demo application is created
once per person and project. Users only through :mod:`youthcity.accounts.services`."""

from __future__ import annotations

from decimal import Decimal

from youthcity.accounts.models import User
from youthcity.accounts.services import demo_person_sync
from youthcity.core.city_pack import CityPack, LoadReport, sync
from youthcity.core.errors import ServiceError
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from .models import Building, Home, HousingApplication, HousingProject

FLOORS_PER_HOME_ROW = 4  # homes per floor when numbering 101, 102 … 201 …


def home_numbers(count: int, per_floor: int = FLOORS_PER_HOME_ROW) -> list[str]:
    return [f"{i // per_floor + 1}{i % per_floor + 1:02d}" for i in range(count)]


def load(pack: CityPack, report: LoadReport) -> None:
    data = pack.read_yaml("housing.yaml")
    if not data:
        return
    for spec in data.get("projects", []):
        unit = Unit.objects.filter(code=spec["unit"]).first()
        region = Region.objects.filter(code=str(spec["region"])).first()
        if unit is None or region is None:
            report.notes.append(
                f"housing: unit {spec['unit']} or region {spec['region']} missing, "
                f"project {spec['code']} skipped"
            )
            continue
        project, changed = sync(
            HousingProject,
            {"code": spec["code"]},
            {
                "name": spec["name"],
                "kind": spec["kind"],
                "region": region,
                "unit": unit,
                "address": spec.get("address", ""),
                "description": spec.get("description", ""),
                "max_rent_free_months": int(spec.get("max_rent_free_months", 3)),
                "eligible_categories": list(spec.get("eligible_categories") or []),
                "multiple_categories": bool(spec.get("multiple_categories")),
                "required_documents": list(spec.get("required_documents") or []),
                "shared_ownership": bool(spec.get("shared_ownership")),
                "synthetic": bool(spec.get("synthetic")),
            },
        )
        report.count("housing_project", changed)
        for b in spec.get("buildings", []):
            building, changed = sync(Building, {"project": project, "name": b["name"]}, {})
            report.count("housing_building", changed)
            existing = set(Home.objects.filter(building=building).values_list("number", flat=True))
            for number in home_numbers(int(b["count"])):
                if number in existing:
                    continue  # stock changes after loading (status, rent) belong to staff
                Home.objects.create(
                    project=project,
                    building=building,
                    number=number,
                    code=f"{b['name']}-{number}",
                    area=Decimal(str(b["area"])),
                    layout=b["layout"],
                    monthly_rent=Decimal(str(b["rent"])),
                    furnished=bool(b.get("furnished")),
                )
                report.count("housing_home", True)
    if pack.demo:
        _demo(data.get("demo") or {}, report)


def _demo(demo: dict, report: LoadReport) -> None:
    from . import services

    for spec in demo.get("people", []):
        demo_person_sync(spec, report)
    for spec in demo.get("applications", []):
        user = User.objects.filter(username=spec["applicant"]).first()
        project = HousingProject.objects.filter(code=spec["project"]).first()
        if user is None or project is None:
            report.notes.append(
                f"housing: demo application skipped ({spec['applicant']} / {spec['project']})"
            )
            continue
        if HousingApplication.objects.filter(applicant=user, project=project).exists():
            continue
        try:
            services.application_submit(
                applicant=user,
                project=project,
                household_size=int(spec.get("household_size", 1)),
                note=spec.get("note", ""),
                notify_reviewers=False,
            )
            report.count("housing_application", True)
        except ServiceError as exc:
            report.notes.append(f"housing: demo application refused ({spec['applicant']}): {exc.code}")
