"""Township coverage ("全覆盖") computed from the homes, on the Luoyang pack's township list."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from youthcity.engines.geo import GeoError, Home, Township, township_coverage

PACK = Path(__file__).resolve().parents[3] / "youthcity" / "cities" / "luoyang" / "city.yaml"


def luoyang_townships() -> list[Township]:
    city = yaml.safe_load(PACK.read_text(encoding="utf-8"))
    # township codes as the city pack builds them: district code + sequence number
    return [
        Township(f"{d['code']}{n:03d}", name, d["code"])
        for d in city["districts"]
        for n, name in enumerate(d["townships"], start=1)
    ]


def test_townships_without_a_home_are_listed_and_full_coverage_is_computed():
    ts = luoyang_townships()
    homes = [Home(f"h-{t.code}", 34.6, 112.4, t.code) for t in ts[1:]]
    homes.append(Home("second", 34.6, 112.4, ts[1].code))
    cov = township_coverage(ts, homes)
    assert cov.townships == len(ts) and cov.with_home == len(ts) - 1
    assert [t.name for t in cov.without_home] == [ts[0].name]
    assert not cov.full and cov.share == pytest.approx((len(ts) - 1) / len(ts))
    assert cov.homes_per_township[ts[1].code] == 2 and cov.homes_per_township[ts[0].code] == 0
    assert township_coverage(ts, [*homes, Home("first", 34.6, 112.4, ts[0].code)]).full


def test_no_homes_and_no_townships():
    ts = luoyang_townships()
    cov = township_coverage(ts, [])
    assert cov.with_home == 0 and len(cov.without_home) == len(ts)
    # sorted by district code, then township code
    assert [t.district_code for t in cov.without_home] == sorted(t.district_code for t in ts)
    empty = township_coverage([], [])
    assert not empty.full and empty.share is None


def test_home_in_an_unknown_township_is_refused():
    with pytest.raises(GeoError) as e:
        township_coverage(luoyang_townships(), [Home("h", 34.6, 112.4, "999999")])
    assert e.value.code == "unknown_township" and "999999" in e.value.message_zh


def test_duplicate_township_codes_are_refused():
    t = Township("1", "甲街道", "d")
    with pytest.raises(GeoError):
        township_coverage([t, t], [])
