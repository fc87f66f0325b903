"""Loading a city pack: regions, organisation units, demo accounts, then each domain's data.

A city is data (``youthcity/cities/<city>/city.yaml`` plus folders the domains read). Loading is
idempotent: rows are looked up by stable keys and written only when something differs, so a
second run changes nothing (and writes nothing to the audit log). Domains add their own steps
with :func:`register_step` from their ``AppConfig.ready``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from django.db import transaction

CITIES_DIR = Path(__file__).resolve().parent.parent / "cities"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def count(self, kind: str, created: bool | None) -> None:
        if created is None:
            return
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass(frozen=True)
class CityPack:
    key: str
    path: Path
    data: dict
    # False for a real city: structure only (regions, units, plans, policies, framework, stations),
    # no demo accounts and no demo records (stays, applications, reports, index data).
    demo: bool = True
    # Who imports the plans when there are no demo accounts (an administrator's username).
    operator: str = ""

    @property
    def city_code(self) -> str:
        return str(self.data["city"]["code"])


Step = Callable[[CityPack, LoadReport], None]
_STEPS: list[tuple[int, str, Step]] = []


def register_step(name: str, step: Step, *, order: int = 100) -> None:
    """Add a domain's loading step (runs after regions, units and demo users, by ``order``)."""
    if all(existing != name for _, existing, _ in _STEPS):
        _STEPS.append((order, name, step))


def open_pack(key: str) -> CityPack:
    path = CITIES_DIR / key
    with open(path / "city.yaml", encoding="utf-8") as fh:
        return CityPack(key=key, path=path, data=yaml.safe_load(fh))


def sync(model, lookup: dict, values: dict):
    """Get or create by ``lookup``; write ``values`` only when they differ.
    Returns (obj, True if created / False if updated / None if unchanged)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj, True
    dirty = [k for k, v in values.items() if getattr(obj, k) != v]
    if not dirty:
        return obj, None
    for k in dirty:
        setattr(obj, k, values[k])
    obj.save()
    return obj, False


def load_regions(pack: CityPack, report: LoadReport) -> None:
    from youthcity.regions.models import Region

    city_data = pack.data["city"]
    city, c = sync(Region, {"code": str(city_data["code"])},
                   {"name": city_data["name"], "name_en": city_data.get("name_en", ""), "level": Region.Level.CITY,
                    "parent": None, "sort_order": 0})
    report.count("region", c)
    townships: dict[tuple[str, str], Region] = {}
    for i, d in enumerate(pack.data.get("districts", []), start=1):
        district, c = sync(Region, {"code": str(d["code"])},
                           {"name": d["name"], "name_en": d.get("name_en", ""), "level": Region.Level.DISTRICT,
                            "parent": city, "sort_order": i})
        report.count("region", c)
        for j, t in enumerate(d.get("townships", []), start=1):
            township, c = sync(Region, {"code": f"{d['code']}{j:03d}"},
                               {"name": t, "level": Region.Level.TOWNSHIP, "parent": district, "sort_order": j})
            townships[(str(d["code"]), t)] = township
            report.count("region", c)
    for com in pack.data.get("communities", []):
        township = townships[(str(com["district"]), com["township"])]
        for k, name in enumerate(com["names"], start=1):
            _, c = sync(Region, {"code": f"{township.code}{k:03d}"},
                        {"name": name, "level": Region.Level.COMMUNITY, "parent": township, "sort_order": k})
            report.count("region", c)


def _sync_unit(report: LoadReport, *, code, kind, name, short, en, region, aliases) -> None:
    from youthcity.organizations.models import Unit, UnitAlias

    unit, c = sync(Unit, {"code": code},
                   {"kind": kind, "name": name, "short_name": short or "", "name_en": en or "", "region": region})
    report.count("unit", c)
    for alias in aliases:
        if alias and alias not in (name, short):
            _, c = sync(UnitAlias, {"unit": unit, "alias": alias}, {})
            report.count("unit_alias", c)


def _district_short(district_name: str, generic: str) -> str:
    """'区人社局' in 洛龙区 → '洛龙区人社局'; '团区委' → '洛龙区团委'. The generic form stays an alias,
    so a district plan's '区人社局' resolves to the unit of the plan's own district."""
    level = district_name[-1]
    if generic.startswith(level):
        return district_name + generic[1:]
    if generic == f"团{level}委":
        return f"{district_name}团委"
    return generic


def load_units(pack: CityPack, report: LoadReport) -> None:
    from youthcity.regions.models import Region

    city = Region.objects.get(code=pack.city_code)
    for u in pack.data.get("units", []):
        region = Region.objects.get(code=str(u["region"])) if u.get("region") else city
        _sync_unit(report, code=u["code"], kind=u["kind"], name=u["name"], short=u.get("short"), en=u.get("en"),
                   region=region, aliases=u.get("aliases", []))
    for d in pack.data.get("districts", []):
        district = Region.objects.get(code=str(d["code"]))
        r = "县" if d["name"].endswith("县") else "区"
        for tpl in pack.data.get("district_units", []):
            fmt = {"d": d["name"], "r": r}
            generic = tpl["short"].format(**fmt)
            _sync_unit(report, code=f"{d['code']}-{tpl['code']}", kind=tpl["kind"], name=tpl["name"].format(**fmt),
                       short=_district_short(d["name"], generic), en=None, region=district,
                       aliases=[generic] + [a.format(**fmt) for a in tpl.get("aliases", [])])
    for district_code, units in (pack.data.get("extra_units") or {}).items():
        district = Region.objects.get(code=str(district_code))
        for u in units:
            generic = u.get("short") or ""
            _sync_unit(report, code=f"{district_code}-{u['code']}", kind=u["kind"], name=u["name"],
                       short=_district_short(district.name, generic), en=u.get("en"), region=district,
                       aliases=[generic, *u.get("aliases", [])])


def load_demo_users(pack: CityPack, report: LoadReport) -> None:
    from youthcity.accounts.models import Membership, Role, User, YouthProfile
    from youthcity.organizations.models import Unit
    from youthcity.regions.models import Region

    for spec in pack.data.get("demo_users", []):
        user = User.objects.filter(username=spec["username"]).first()
        values = {"display_name": spec.get("display", ""), "phone": spec.get("phone"),
                  "is_superuser": bool(spec.get("superuser")), "is_staff": bool(spec.get("superuser"))}
        if user is None:
            user = User(username=spec["username"], **values)
            user.set_password(spec["password"])
            user.save()
            report.count("user", True)
        else:
            _, c = sync(User, {"pk": user.pk}, values)
            report.count("user", c)
        role = spec["role"]
        if role == Role.YOUTH:
            profile = dict(spec.get("profile") or {})
            if profile.get("current_region"):
                profile["current_region"] = Region.objects.get(code=str(profile["current_region"]))
            for key in ("birth_date", "graduation_date"):
                if profile.get(key):
                    profile[key] = dt.date.fromisoformat(str(profile[key]))
            _, c = sync(YouthProfile, {"user": user}, profile)
            report.count("youth_profile", c)
        else:
            unit = Unit.objects.get(code=spec["unit"]) if spec.get("unit") else None
            region = Region.objects.get(code=str(spec["region"])) if spec.get("region") else None
            _, c = sync(Membership, {"user": user, "role": role, "unit": unit, "region": region}, {"is_active": True})
            report.count("membership", c)


SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "子涵浩然梓轩欣怡宇航雨桐思远佳琪俊杰一诺晨曦嘉怡博文若汐明轩书瑶天佑语嫣泽宇可馨志强丽娜鹏飞雅婷"
OTHER_CITIES = ["郑州市", "开封市", "南阳市", "平顶山市", "新乡市", "焦作市", "三门峡市", "西安市", "武汉市", "北京市",
                "太原市", "济南市", "合肥市", "石家庄市"]
SCHOOLS = ["河南科技大学", "洛阳理工学院", "洛阳师范学院", "郑州大学", "河南大学", "河南理工大学", "洛阳职业技术学院",
           "西安交通大学", "武汉大学", "洛阳市高级技工学校"]
DEMO_YOUTH_PASSWORD = "YouthCity-demo-2026"


def synthetic_youths(pack: CityPack, n: int, *, seed: int = 20261121, today: dt.date | None = None) -> LoadReport:
    """Add ``n`` synthetic young people (usernames ``youth00001``…) with seeded, realistic profiles.

    Distributions (illustrative, not official statistics): ages uniform 18–35 with a bump at
    22–26; about 58% hold a junior-college degree or more; about 40% registered elsewhere
    (hukou outside Luoyang); districts weighted by rough urban population. The same seed
    always gives the same people, so running twice changes nothing.
    """
    from django.contrib.auth.hashers import make_password

    from youthcity.accounts.models import EducationLevel, EmploymentStatus, User, YouthProfile
    from youthcity.regions.models import Region

    report = LoadReport()
    today = today or dt.date(2026, 11, 1)  # fixed so profiles do not drift between runs
    rng = random.Random(seed)
    districts = list(Region.objects.filter(level=Region.Level.DISTRICT, path__startswith=f"/{pack.city_code}/")
                     .order_by("sort_order"))
    weights = [5 if d.code in ("410311", "410305", "410303") else 2 if d.name.endswith("区") else 1 for d in districts]
    password_hash = make_password(DEMO_YOUTH_PASSWORD)  # one hash for all: argon2 is slow on purpose
    existing = set(User.objects.filter(username__startswith="youth0").values_list("username", flat=True))
    edu_levels = [(EducationLevel.SENIOR_HIGH, 14), (EducationLevel.VOCATIONAL, 12), (EducationLevel.PREPARATORY_TECHNICIAN, 6),
                  (EducationLevel.ASSOCIATE, 24), (EducationLevel.BACHELOR, 34), (EducationLevel.MASTER, 8),
                  (EducationLevel.DOCTORATE, 2)]
    grad_age = {EducationLevel.SENIOR_HIGH: 18, EducationLevel.VOCATIONAL: 18, EducationLevel.PREPARATORY_TECHNICIAN: 21,
                EducationLevel.ASSOCIATE: 21, EducationLevel.BACHELOR: 22, EducationLevel.MASTER: 25,
                EducationLevel.DOCTORATE: 29}
    new_users, profiles = [], []
    for i in range(1, n + 1):
        username = f"youth{i:05d}"
        age = rng.choice([rng.randint(18, 35), rng.randint(21, 27)])
        birth = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        edu = rng.choices([e for e, _ in edu_levels], [w for _, w in edu_levels])[0]
        grad_year = birth.year + grad_age[edu] + rng.choice([0, 0, 1])
        graduation = dt.date(grad_year, 6, 30)
        if graduation > today:
            status = EmploymentStatus.STUDENT
        else:
            status = rng.choices([EmploymentStatus.EMPLOYED, EmploymentStatus.JOB_SEEKING, EmploymentStatus.SELF_EMPLOYED,
                                  EmploymentStatus.INTERN, EmploymentStatus.NOT_WORKING], [62, 16, 8, 6, 8])[0]
        local = rng.random() < 0.6
        hukou = "洛阳市" if local else rng.choice(OTHER_CITIES)
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))
        if username in existing:
            continue
        new_users.append(User(username=username, display_name=name, password=password_hash))
        profiles.append(dict(birth_date=birth, gender=rng.choice(["female", "male"]), education_level=edu,
                             is_full_time=rng.random() < 0.85, graduation_date=graduation, school=rng.choice(SCHOOLS),
                             hukou_city=hukou, home_city=hukou, current_city="洛阳市",
                             current_region=rng.choices(districts, weights)[0], employment_status=status))
    with transaction.atomic():
        created = User.objects.bulk_create(new_users, batch_size=500)
        YouthProfile.objects.bulk_create([YouthProfile(user=u, **p) for u, p in zip(created, profiles, strict=True)],
                                         batch_size=500)
    if created:
        report.created["synthetic_youth"] = len(created)
    return report


@transaction.atomic
def load_city_pack(key: str, *, demo: bool = True, operator: str = "") -> LoadReport:
    """Load (or refresh) a city pack. Safe to run any number of times.

    ``demo=False`` loads the structure only (``youthcity load_city``); the plans are then imported
    by ``operator``, an administrator, and skipped with a note when there is none."""
    pack = replace(open_pack(key), demo=demo, operator=operator)
    report = LoadReport()
    load_regions(pack, report)
    load_units(pack, report)
    if pack.demo:
        load_demo_users(pack, report)
    for _order, _name, step in sorted(_STEPS, key=lambda s: (s[0], s[1])):
        step(pack, report)
    return report
