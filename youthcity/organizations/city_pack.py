"""City-pack step: organisation units with official names, short names and aliases — city-level
units, every district's own departments from a template, and extra units of a district."""

from __future__ import annotations

from youthcity.core.city_pack import CityPack, LoadReport, sync
from youthcity.regions.models import Region

from .models import Unit, UnitAlias


def _sync_unit(report: LoadReport, *, code, kind, name, short, en, region, aliases) -> None:
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


def load(pack: CityPack, report: LoadReport) -> None:
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
