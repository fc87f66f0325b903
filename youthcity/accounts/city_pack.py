"""City-pack step: the privacy notice (``privacy.yaml``: version, title, text — every city) and the
demo people listed in ``city.yaml`` (``demo_users``) — only for a demo city; a real city starts with
the administrator its operator creates."""

from __future__ import annotations

from youthcity.core.city_pack import CityPack, LoadReport

from .privacy import notice_publish
from .services import demo_person_sync


def load(pack: CityPack, report: LoadReport) -> None:
    privacy = pack.read_yaml("privacy.yaml")
    for notice in (privacy or {}).get("notices") or []:
        _, created = notice_publish(version=str(notice["version"]), title=notice["title"], text=notice["text"])
        report.count("privacy_notice", True if created else None)
    if not pack.demo:
        return
    for spec in pack.data.get("demo_users") or []:
        demo_person_sync(spec, report)
