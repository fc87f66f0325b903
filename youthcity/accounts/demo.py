"""Synthetic young people for demos and load tests (``youthcity demo --youths N``).

Every one is labelled synthetic (usernames ``youth00001``…). Distributions are illustrative, not
official statistics; the city-specific parts (districts and their weights, nearby cities people
come from, schools) come from the city pack's ``synthetic`` section. The same seed always gives
the same people, so running twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from youthcity.core.city_pack import CityPack, LoadReport
from youthcity.regions.models import Region

from .models import EducationLevel, EmploymentStatus
from .services import youths_bulk_create

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "子涵浩然梓轩欣怡宇航雨桐思远佳琪俊杰一诺晨曦嘉怡博文若汐明轩书瑶天佑语嫣泽宇可馨志强丽娜鹏飞雅婷"
EDUCATION = [(EducationLevel.SENIOR_HIGH, 14), (EducationLevel.VOCATIONAL, 12), (EducationLevel.PREPARATORY_TECHNICIAN, 6),
             (EducationLevel.ASSOCIATE, 24), (EducationLevel.BACHELOR, 34), (EducationLevel.MASTER, 8),
             (EducationLevel.DOCTORATE, 2)]
GRADUATION_AGE = {EducationLevel.SENIOR_HIGH: 18, EducationLevel.VOCATIONAL: 18,
                  EducationLevel.PREPARATORY_TECHNICIAN: 21, EducationLevel.ASSOCIATE: 21, EducationLevel.BACHELOR: 22,
                  EducationLevel.MASTER: 25, EducationLevel.DOCTORATE: 29}
EMPLOYMENT = [(EmploymentStatus.EMPLOYED, 62), (EmploymentStatus.JOB_SEEKING, 16), (EmploymentStatus.SELF_EMPLOYED, 8),
              (EmploymentStatus.INTERN, 6), (EmploymentStatus.NOT_WORKING, 8)]


def synthetic_youths(pack: CityPack, n: int, *, seed: int = 20261121, today: dt.date | None = None) -> LoadReport:
    """Add ``n`` synthetic young people with seeded, realistic profiles: ages 18–35 with a bump at
    22–26; about 58% with a junior-college degree or more; a share registered elsewhere
    (``synthetic.local_share`` of the pack); districts weighted by the pack's ``weight``."""
    report = LoadReport()
    today = today or dt.date(2026, 11, 1)  # fixed so profiles do not drift between runs
    synthetic = pack.data.get("synthetic") or {}
    local_share = float(synthetic.get("local_share", 0.6))
    other_cities = list(synthetic.get("other_cities") or [])
    schools = list(synthetic.get("schools") or [])
    rng = random.Random(seed)
    weights_by_code = {str(d["code"]): float(d.get("weight", 1)) for d in pack.districts}
    districts = list(Region.objects.filter(level=Region.Level.DISTRICT, code__in=weights_by_code)
                     .order_by("sort_order"))
    weights = [weights_by_code[d.code] for d in districts]
    city_name = pack.city["name"]
    people = []
    for i in range(1, n + 1):
        age = rng.choice([rng.randint(18, 35), rng.randint(21, 27)])
        birth = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        edu = rng.choices([e for e, _ in EDUCATION], [w for _, w in EDUCATION])[0]
        graduation = dt.date(birth.year + GRADUATION_AGE[edu] + rng.choice([0, 0, 1]), 6, 30)
        if graduation > today:
            status = EmploymentStatus.STUDENT
        else:
            status = rng.choices([e for e, _ in EMPLOYMENT], [w for _, w in EMPLOYMENT])[0]
        local = rng.random() < local_share or not other_cities
        hukou = city_name if local else rng.choice(other_cities)
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))
        people.append(({"username": f"youth{i:05d}", "display_name": name},
                       dict(birth_date=birth, gender=rng.choice(["female", "male"]), education_level=edu,
                            is_full_time=rng.random() < 0.85, graduation_date=graduation,
                            school=rng.choice(schools) if schools else "", hukou_city=hukou, home_city=hukou,
                            current_city=city_name, current_region=rng.choices(districts, weights)[0],
                            employment_status=status)))
    created = youths_bulk_create(people)
    if created:
        report.created["synthetic_youth"] = created
    return report
