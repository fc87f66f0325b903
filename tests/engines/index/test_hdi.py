"""Golden test: the UNDP Human Development Index reproduced from its published components.

Framework: ``data/hdi.yaml``, written only in the YouthCity format (goalposts life expectancy
20–85, expected schooling 0–18, mean schooling 0–15, GNI per capita 100–75,000 PPP $ with log and
cap; education = arithmetic mean; HDI = geometric mean of three dimension indices).

Components and published HDI values for 2022: UNDP Human Development Report 2023/2024, statistical
annex Table 1 ("Human Development Index and its components"), as distributed in full precision in
UNDP's file HDR23-24_Composite_indices_complete_time_series.csv (columns le_2022, eys_2022,
mys_2022, gnipc_2022, hdi_2022). Argentina and Australia exercise the schooling cap (EYS > 18),
Liechtenstein the income cap (GNI > 75,000).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from youthcity.engines.index import compute, load_framework, read_data_csv

DATA = Path(__file__).parent / "data"

PUBLISHED_HDI_2022 = {
    "Afghanistan": 0.462,
    "Albania": 0.789,
    "Antigua and Barbuda": 0.826,
    "Argentina": 0.849,
    "Armenia": 0.786,
    "Australia": 0.946,
    "Austria": 0.926,
    "China": 0.788,
    "Colombia": 0.758,
    "Liechtenstein": 0.942,
}


@pytest.fixture(scope="module")
def result():
    fw = load_framework(DATA / "hdi.yaml")
    ds = read_data_csv(DATA / "hdi_2022.csv", fw)
    return compute(fw, ds)


@pytest.mark.parametrize("country", sorted(PUBLISHED_HDI_2022))
def test_hdi_matches_published_value_to_three_decimals(result, country):
    score = result.score("2022", country)
    assert score is not None
    assert result.rounded(score) == PUBLISHED_HDI_2022[country]
    assert result.to_dict()["scores"]["2022"]["hdi"][country] == PUBLISHED_HDI_2022[country]


def test_hdi_ranks_follow_published_order(result):
    ranking = [unit for _, unit, _ in result.ranking("2022")]
    assert ranking[:3] == ["Australia", "Liechtenstein", "Austria"]
    assert ranking[-1] == "Afghanistan"


def test_hdi_caps_are_applied(result):
    # Australia's expected schooling (21.1 years) is capped at 18 → education sub-index 1.0 part.
    assert result.score("2022", "Australia", "eys") == pytest.approx(1.0)
    assert result.score("2022", "Liechtenstein", "income") == pytest.approx(1.0)
    assert result.score("2022", "China", "health") == pytest.approx((78.587 - 20) / 65)


def test_china_from_rounded_table_values():
    """Table 1 prints China as 0.788 | 78.6 | 15.2 | 8.1 | 18,025; the rounded row gives 0.788 too."""
    fw = load_framework(DATA / "hdi.yaml")
    ds = read_data_csv("unit,period,le,eys,mys,gnipc\nChina,2022,78.6,15.2,8.1,\"18,025\"\n", fw)
    res = compute(fw, ds)
    assert res.rounded(res.score("2022", "China")) == 0.788
