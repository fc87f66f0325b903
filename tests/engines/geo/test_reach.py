"""15-minute reach: the vectorised computation against a brute-force reference, and its rules."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from youthcity.engines.geo import (
    EARTH_RADIUS_M,
    Community,
    GeoError,
    Home,
    WalkingModel,
    compute_reach,
    haversine_m,
    nearest,
)

LUOYANG = (34.62, 112.45)


def brute_distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine written out with the math module, one pair at a time (the reference)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def test_haversine_known_distances():
    one_degree = EARTH_RADIUS_M * math.pi / 180  # 111,195 m along a meridian or the equator
    assert haversine_m(np.array(0.0), np.array(0.0), np.array(0.0), np.array(1.0)) == pytest.approx(
        one_degree
    )
    assert haversine_m(np.array(34.0), np.array(112.0), np.array(35.0), np.array(112.0)) == pytest.approx(
        one_degree
    )
    # a degree of longitude shrinks with the cosine of the latitude
    assert haversine_m(np.array(60.0), np.array(0.0), np.array(60.0), np.array(1.0)) == pytest.approx(
        one_degree / 2, rel=1e-3
    )


def test_walking_model_is_explicit():
    m = WalkingModel()
    assert (m.minutes, m.speed_kmh, m.detour_factor) == (15.0, 4.5, 1.3)
    assert m.radius_m == pytest.approx(1125 / 1.3)
    assert m.walking_minutes(m.radius_m) == pytest.approx(15.0)
    assert WalkingModel(minutes=10, speed_kmh=5, detour_factor=1).radius_m == pytest.approx(10 * 5000 / 60)
    for bad in ({"minutes": 0}, {"speed_kmh": 40}, {"detour_factor": 0.9}, {"minutes": float("nan")}):
        with pytest.raises(GeoError) as e:
            WalkingModel(**bad)
        assert e.value.code == "bad_model"


def _north_of(lat: float, lon: float, metres: float) -> tuple[float, float]:
    return lat + math.degrees(metres / EARTH_RADIUS_M), lon


def test_shares_per_township_district_and_city():
    lat, lon = LUOYANG
    homes = [Home("h1", lat, lon, "t1")]
    comms = [
        Community(
            "near", *_north_of(lat, lon, 500), young_population=300, township_code="t1", district_code="d1"
        ),
        Community(
            "edge", *_north_of(lat, lon, 860), young_population=100, township_code="t1", district_code="d1"
        ),
        Community(
            "far", *_north_of(lat, lon, 2000), young_population=600, township_code="t2", district_code="d1"
        ),
        Community(
            "empty", *_north_of(lat, lon, 100), young_population=0, township_code="t3", district_code="d2"
        ),
    ]
    res = compute_reach(homes, comms)
    assert [c.reached for c in res.communities] == [True, True, False, True]
    assert res.communities[0].nearest_home_id == "h1"
    assert res.communities[2].walking_minutes == pytest.approx(2000 * 1.3 / 75)
    t = {a.code: a for a in res.townships}
    assert (t["t1"].young_reached, t["t1"].young_population, t["t1"].share) == (400, 400, 1.0)
    assert t["t2"].share == 0.0 and t["t3"].share is None
    d = {a.code: a for a in res.districts}
    assert d["d1"].share == pytest.approx(0.4) and d["d1"].communities_reached == 2
    assert res.city.young_reached == 400 and res.city.young_population == 1000


def test_without_homes_nobody_is_reached():
    res = compute_reach(
        [], [Community("c", *LUOYANG, young_population=5, township_code="t", district_code="d")]
    )
    assert res.city.share == 0.0
    assert res.communities[0].nearest_home_id is None and math.isinf(res.communities[0].distance_m)


@pytest.mark.parametrize(
    ("homes", "comms", "code"),
    [
        ([Home("h", 91, 0)], [], "bad_coordinate"),
        ([Home("h", 0, float("nan"))], [], "bad_coordinate"),
        ([Home("h", 0, 0), Home("h", 1, 1)], [], "duplicate_id"),
        ([], [Community("c", 0, 0, -1, "t", "d")], "bad_population"),
        ([], [Community("c", 0, 0, 2.5, "t", "d")], "bad_population"),  # type: ignore[arg-type]
    ],
)
def test_bad_points_are_refused(homes, comms, code):
    with pytest.raises(GeoError) as e:
        compute_reach(homes, comms)
    assert e.value.code == code and e.value.message_zh and e.value.message_en


# Points within ~25 km of central Luoyang: distances from 0 to far beyond the 15-minute radius.
coords = st.tuples(st.floats(34.45, 34.80), st.floats(112.25, 112.65))


@settings(max_examples=80, deadline=None)
@given(
    homes=st.lists(coords, min_size=0, max_size=8),
    comms=st.lists(st.tuples(coords, st.integers(0, 5000), st.sampled_from("abc")), min_size=1, max_size=40),
    minutes=st.sampled_from([5.0, 15.0, 30.0]),
)
def test_vectorised_reach_equals_brute_force(homes, comms, minutes):
    model = WalkingModel(minutes=minutes)
    hs = [Home(f"h{i}", lat, lon) for i, (lat, lon) in enumerate(homes)]
    cs = [Community(f"c{i}", lat, lon, pop, f"t{t}", "d") for i, ((lat, lon), pop, t) in enumerate(comms)]
    res = compute_reach(hs, cs, model)
    reached_pop: dict[str, int] = {}
    for c, r in zip(cs, res.communities, strict=True):
        dists = [brute_distance(c.lat, c.lon, h.lat, h.lon) for h in hs]
        best = min(dists, default=math.inf)
        if hs:
            assert r.distance_m == pytest.approx(best, rel=1e-9, abs=1e-6)
            assert dists[[h.id for h in hs].index(r.nearest_home_id)] == pytest.approx(best, abs=1e-6)
        if abs(best - model.radius_m) > 1e-6:  # exactly on the circle, rounding may go either way
            assert r.reached == (best <= model.radius_m)
        reached_pop[c.township_code] = reached_pop.get(c.township_code, 0) + (
            c.young_population if r.reached else 0
        )
    assert {a.code: a.young_reached for a in res.townships} == reached_pop


@settings(max_examples=60, deadline=None)
@given(
    homes=st.lists(coords, max_size=6),
    extra=coords,
    comms=st.lists(st.tuples(coords, st.integers(0, 999)), min_size=1, max_size=30),
)
def test_adding_a_home_never_lowers_any_share(homes, extra, comms):
    cs = [
        Community(f"c{i}", lat, lon, pop, f"t{i % 3}", f"d{i % 2}")
        for i, ((lat, lon), pop) in enumerate(comms)
    ]
    hs = [Home(f"h{i}", lat, lon) for i, (lat, lon) in enumerate(homes)]
    before = compute_reach(hs, cs)
    after = compute_reach([*hs, Home("new", *extra)], cs)
    for a, b in zip(before.townships + before.districts, after.townships + after.districts, strict=True):
        assert b.young_reached >= a.young_reached


def test_chunking_does_not_change_the_answer():
    rng = np.random.default_rng(7)
    lat = rng.uniform(34.5, 34.7, 1000)
    lon = rng.uniform(112.3, 112.6, 1000)
    hl, ho = rng.uniform(34.5, 34.7, 30), rng.uniform(112.3, 112.6, 30)
    i1, d1 = nearest(lat, lon, hl, ho, chunk=7)
    i2, d2 = nearest(lat, lon, hl, ho, chunk=4096)
    assert np.array_equal(i1, i2) and np.array_equal(d1, d2)
