"""Snapshot hashing and the ORM → engine dataset bridge (property tests)."""

import math

from hypothesis import given
from hypothesis import strategies as st

from youthcity.monitoring.adapters import dataset_from_snapshot, framework_from_text, snapshot_hash

FW = framework_from_text("""
framework: {code: t, name: {zh: 测试, en: Test}, version: "1", root: idx}
nodes:
  - {code: idx, name: {zh: 指数, en: Index}, children: [a, b]}
indicators:
  - {code: a, name: {zh: 甲, en: A}, unit: "%", polarity: "+", source_unit: 市统计局, normalisation: {method: minmax}}
  - {code: b, name: {zh: 乙, en: B}, unit: "%", polarity: "-", source_unit: 市统计局, normalisation: {method: minmax}}
""")
DISTRICTS = ["甲区", "乙区", "丙县"]

cells = st.lists(st.tuples(st.sampled_from(DISTRICTS), st.sampled_from(["2023", "2024"]), st.sampled_from(["a", "b"]),
                           st.integers(0, 10**6)), min_size=1, max_size=12, unique_by=lambda c: c[:3])


def _rows(items):
    return [{"district": d, "region_code": f"c{DISTRICTS.index(d)}", "period": p, "indicator": i,
             "value": f"{v / 1000:.6f}", "value_id": n, "revision": 1} for n, (d, p, i, v) in enumerate(items)]


@given(cells, st.randoms())
def test_snapshot_hash_ignores_row_order_and_ids(items, rnd):
    rows = _rows(items)
    shuffled = [dict(r, value_id=r["value_id"] + 100) for r in rows]
    rnd.shuffle(shuffled)
    assert snapshot_hash(rows) == snapshot_hash(shuffled)


@given(cells)
def test_changing_any_value_changes_the_hash(items):
    rows = _rows(items)
    changed = [dict(r) for r in rows]
    changed[0]["value"] = f"{float(changed[0]['value']) + 1:.6f}"
    assert snapshot_hash(rows) != snapshot_hash(changed)


@given(cells)
def test_dataset_holds_exactly_the_snapshot_values(items):
    rows = _rows(items)
    ds = dataset_from_snapshot(FW, rows, DISTRICTS)
    assert list(ds.periods) == sorted({r["period"] for r in rows})
    assert [u for u in DISTRICTS if u in ds.units] == list(ds.units)  # district order kept
    for r in rows:
        v = ds.values[ds.periods.index(r["period"]), ds.units.index(r["district"]), ds.indicators.index(r["indicator"])]
        assert math.isclose(v, float(r["value"]))
    assert int((~__import__("numpy").isnan(ds.values)).sum()) == len(rows)
