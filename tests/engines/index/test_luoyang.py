"""The default Luoyang framework loads and computes on the synthetic demo data."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from youthcity.engines.index import analyse, compute, load_framework, read_data_csv, uncertainty

PACK = Path(__file__).resolve().parents[3] / "youthcity" / "cities" / "luoyang" / "index"
DISTRICTS = {"洛龙区", "西工区", "老城区", "瀍河回族区", "涧西区", "偃师区", "孟津区", "新安县", "宜阳县",
             "洛宁县", "伊川县", "汝阳县", "嵩县", "栾川县"}


@pytest.fixture(scope="module")
def fw():
    return load_framework(PACK / "framework.yaml")


@pytest.fixture(scope="module")
def ds(fw):
    return read_data_csv(PACK / "demo_data.csv", fw)


def test_framework_structure(fw):
    assert len(fw.indicators) == 26
    assert len([n for n in fw.nodes if n.code != fw.root]) == 7
    for ind in fw.indicators:
        assert ind.polarity in ("+", "-", "target")
        assert ind.unit and ind.source_unit and ind.origin and ind.rationale, ind.code
        assert ind.name_zh and ind.name_en
        assert ind.normalisation.method in ("goalposts", "target")  # fixed posts: comparable across years
    assert fw.indicator("first_marriage_age").polarity == "target"
    assert fw.indicator("youth_unemployment").polarity == "-"
    assert {i.source_unit for i in fw.indicators} >= {"市统计局", "市人社局", "市住建局", "团市委"}


def test_demo_data_computes(fw, ds):
    assert set(ds.units) == DISTRICTS and ds.periods == ("2022", "2023", "2024")
    res = compute(fw, ds)
    for period in ds.periods:
        ranking = res.ranking(period)
        assert len(ranking) == 14
        assert sorted(r for r, _, _ in ranking) == list(range(1, 15))
    assert res.imputed.sum() == 8 and len(res.imputed_cells) == 8
    excl = [(e.period, e.unit, e.node) for e in res.excluded]
    assert excl == [("2022", "栾川县", "d7_participation")]
    assert res.score("2022", "栾川县") is not None  # still scored on the other six domains
    assert not res.warnings  # fixed goalposts: no cross-year comparability warning
    an = analyse(fw, ds, result=res)
    assert set(an.cronbach_alpha) >= {"d1_population", "ydi"}
    ua = uncertainty(fw, ds, 300, seed=1)
    assert np.all(ua.rank_p05 <= ua.rank_p95)


def test_demo_generator_is_reproducible():
    spec = importlib.util.spec_from_file_location("make_demo_data", PACK / "make_demo_data.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = mod.generate()
    with (PACK / "demo_data.csv").open(encoding="utf-8") as fh:
        committed = list(csv.DictReader(fh))
    assert rows == committed
