"""City-pack loading step: the indicator framework, the statistics-office demo account, the demo
data as approved submissions, and a published index run. Idempotent: a second load changes nothing."""

from __future__ import annotations

from youthcity.core.city_pack import CityPack, LoadReport, sync

STATISTICS_OFFICE = "市统计局"
STATS_DEMO_USER = {"username": "stats_staff", "password": "YouthCity-demo-2026", "display": "市统计局 周统计",
                   "phone": "13800000006"}
DEMO_REPLICATIONS = 1000
DEMO_SEED = 20261121


def load_monitoring(pack: CityPack, report: LoadReport) -> None:
    from youthcity.accounts.models import Membership, Role, User
    from youthcity.engines.index import read_data_csv
    from youthcity.organizations.selectors import resolve_unit
    from youthcity.regions.models import Region

    from . import services
    from .adapters import engine_framework
    from .models import IndexRun, Submission

    index_dir = pack.path / "index"
    fw_path = index_dir / "framework.yaml"
    if not fw_path.exists():
        return
    city = Region.objects.get(code=pack.city_code)
    office = resolve_unit(STATISTICS_OFFICE, city).unit
    version, created = services.framework_register(city=city, source_text=fw_path.read_text(encoding="utf-8"),
                                                   approver_unit=office)
    report.count("index_framework", True if created else None)
    if not pack.demo:
        return

    if office is not None:
        spec = STATS_DEMO_USER
        user = User.objects.filter(username=spec["username"]).first()
        if user is None:
            user = User(username=spec["username"], display_name=spec["display"], phone=spec["phone"])
            user.set_password(spec["password"])
            user.save()
            report.count("user", True)
        _, c = sync(Membership, {"user": user, "role": Role.UNIT_STAFF, "unit": office, "region": None},
                    {"is_active": True})
        report.count("membership", c)
        report.notes.append(f"statistics office demo account: {spec['username']} / {spec['password']} (unit_staff, "
                            f"{office.short_name or office.name})")

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
            services.submission_approve(user=None, submission=sub, note="demo data")
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
