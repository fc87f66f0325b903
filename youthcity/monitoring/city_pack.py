"""City-pack step: the indicator framework (approved by the city's statistics office); for a demo
city, the demo data as approved submissions and a published index run (labelled synthetic).
Idempotent: a second load changes nothing."""

from __future__ import annotations

from django.utils.translation import gettext as _

from youthcity.core.city_pack import CityPack, LoadReport
from youthcity.engines.index import read_data_csv
from youthcity.organizations.selectors import resolve_unit
from youthcity.regions.models import Region

from . import services
from .adapters import engine_framework
from .models import IndexRun, Submission

DEMO_REPLICATIONS = 1000
DEMO_SEED = 20261121


def load(pack: CityPack, report: LoadReport) -> None:
    index_dir = pack.path / "index"
    fw_path = index_dir / "framework.yaml"
    if not fw_path.exists():
        return
    city = Region.objects.get(code=pack.city_code)
    approver = (pack.data.get("monitoring") or {}).get("approver")  # the unit that approves indicator data
    office = resolve_unit(approver, city).unit if approver else None
    version, created = services.framework_register(city=city, source_text=fw_path.read_text(encoding="utf-8"),
                                                   approver_unit=office)
    report.count("index_framework", True if created else None)
    if not pack.demo:
        return
    data_path = index_dir / "demo_data.csv"
    if not data_path.exists():
        return
    demo_loaded = Submission.objects.filter(framework__code=version.code, framework__city=city,
                                            source=Submission.Source.CITY_PACK).exists()
    if not demo_loaded:
        fw = engine_framework(version)
        ds = read_data_csv(data_path.read_text(encoding="utf-8"), fw)
        rows = []
        for p, period in enumerate(ds.periods):
            for u, unit in enumerate(ds.units):
                for i, code in enumerate(ds.indicators):
                    v = ds.values[p, u, i]
                    if v == v:  # NaN: not reported in the demo data (the engine imputes and flags it)
                        rows.append(services.ValueRow(indicator=code, district=unit, period=period, value=repr(float(v))))
        subs = services.submission_create(user=None, framework=version, rows=rows,
                                          source=Submission.Source.CITY_PACK, file_name=data_path.name)
        for sub in subs:
            services.submission_approve(user=None, submission=sub, note=_("Synthetic demonstration data"))
            report.count("index_submission", True)

    if IndexRun.objects.filter(framework__code=version.code, framework__city=city,
                               status=IndexRun.Status.PUBLISHED).exists():
        return  # the coordinating office publishes later runs itself
    try:
        run, created = services.index_run_create(user=None, framework=version, replications=DEMO_REPLICATIONS,
                                                 seed=DEMO_SEED)
    except Exception as exc:  # noqa: BLE001 — a broken demo run must not stop the rest of the city pack
        report.notes.append(f"index run not computed: {exc}")
        return
    report.count("index_run", True if created else None)
    if run.status != run.Status.PUBLISHED:
        services.index_run_publish(user=None, run=run)
        report.count("index_publication", True)
