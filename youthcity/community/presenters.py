"""Read models for the community pages that combine several selectors and engines' results."""

from __future__ import annotations

from youthcity.regions.models import Region

from . import adapters


def coverage_view(region: Region) -> dict:
    """The coverage page: the “全覆盖” figure, townships without a home, the offline map with home
    markers, coverage per district and the 15-minute reach (one query for the reach districts)."""
    cov, townships, homes = adapters.coverage(region)
    reach = adapters.reach(region)
    svg = adapters.city_map(width=600)
    markers = []
    if svg is not None:
        for h in homes:
            if h.latitude is not None and h.longitude is not None:
                x, y = svg.project(float(h.longitude), float(h.latitude))
                markers.append({"home": h, "x": round(x, 1), "y": round(y, 1)})
    districts = []
    for d in Region.objects.filter(path__startswith=region.path, level=Region.Level.DISTRICT).order_by(
        "path"
    ):
        ts = [t for t in townships.values() if t.path.startswith(d.path)]
        with_home = sum(1 for t in ts if cov.homes_per_township.get(t.code))
        districts.append(
            {
                "district": d,
                "townships": len(ts),
                "with_home": with_home,
                "share": round(100 * with_home / len(ts), 1) if ts else None,
            }
        )
    by_code = {r.code: r for r in Region.objects.filter(code__in=[a.code for a in reach[0].districts])} \
        if reach else {}
    return {
        "region": region,
        "coverage": cov,
        "share": None if cov.share is None else round(100 * cov.share, 1),
        "without": [townships[t.code] for t in cov.without_home],
        "districts": districts,
        "homes": homes,
        "map": svg,
        "markers": markers,
        "reach": reach[0] if reach else None,
        "reach_share": round(100 * reach[0].city.share, 1)
        if reach and reach[0].city.share is not None
        else None,
        "reach_districts": [
            {
                "district": by_code.get(a.code),
                "area": a,
                "share": round(100 * a.share, 1) if a.share is not None else None,
            }
            for a in reach[0].districts
        ]
        if reach
        else [],
    }
