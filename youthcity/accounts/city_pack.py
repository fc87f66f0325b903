"""City-pack step: the demo people listed in ``city.yaml`` (``demo_users``) — only for a demo
city; a real city starts with the administrator its operator creates."""

from __future__ import annotations

from youthcity.core.city_pack import CityPack, LoadReport

from .services import demo_person_sync


def load(pack: CityPack, report: LoadReport) -> None:
    if not pack.demo:
        return
    for spec in pack.data.get("demo_users") or []:
        demo_person_sync(spec, report)
