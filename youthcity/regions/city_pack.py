"""City-pack step: the region tree (city → districts/counties → townships/streets → communities).

District and county codes are official administrative division codes; township codes are the
district code plus a sequence number within the pack."""

from __future__ import annotations

from youthcity.core.city_pack import CityPack, LoadReport, sync

from .models import Region


def load(pack: CityPack, report: LoadReport) -> None:
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
