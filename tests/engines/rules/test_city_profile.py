"""A city is data: the engine reads a pack's districts and hukou shares, and a second city is a folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

import youthcity
from youthcity.engines.rules import (
    CityProfile,
    PolicyError,
    city_profile,
    load_city_profile,
    load_policy_set,
    simulate,
    synthetic_population,
)
from youthcity.engines.rules.cli import PACK_ENV, main

from .conftest import DEMO_POLICY, LUOYANG

SECOND_CITY = """\
city: {code: "410200", name: 开封市}
cities:
  - {code: kaifeng, name: 开封市, share: 3}
  - {code: zhengzhou, name: 郑州市, share: 1}
districts:
  - {code: "410202", key: longting, name: 龙亭区}
  - {code: "410203", key: shunhe, name: 顺河回族区}
units: []
"""

DISTRICT_POLICY = DEMO_POLICY.replace(
    "expression: education_level in ['bachelor', 'master']",
    "expression: work_district == 'shunhe' and hukou_city == 'kaifeng'",
).replace("id: demo", "id: shunhe_locals")


@pytest.fixture
def second_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "kaifeng"
    (pack / "policies").mkdir(parents=True)
    (pack / "city.yaml").write_text(SECOND_CITY, encoding="utf-8")
    (pack / "policies" / "shunhe_locals.yaml").write_text(DISTRICT_POLICY, encoding="utf-8")
    return pack


def test_luoyang_pack_profile() -> None:
    assert LUOYANG.city == "luoyang" and len(LUOYANG.districts) == 14
    assert LUOYANG.district_for_region("410311") == "luolong"
    assert LUOYANG.district_for_region("410300") is None  # the city itself is not a district
    assert LUOYANG.cities[0] == "luoyang" and "beijing" in LUOYANG.cities
    assert len(LUOYANG.district_weights) == 14


def test_second_city_is_a_folder(second_pack: Path) -> None:
    """Districts, cities and shares all come from the pack: nothing of Luoyang leaks in."""
    city = load_city_profile(second_pack)
    table = synthetic_population(20_000, 1, city)
    assert table.categories["district"] == ("longting", "shunhe")
    assert table.categories["hukou_city"] == ("kaifeng", "zhengzhou")
    local = float((table["hukou_city"] == 0).mean())
    assert 0.72 < local < 0.78  # shares 3:1, normalised
    ps = load_policy_set(second_pack / "policies")
    summary = simulate(ps, table, date(2024, 7, 1))
    figures = summary.policies["shunhe_locals"]
    assert set(figures.by_district) == {"longting", "shunhe"}
    assert figures.by_district["longting"].eligible == 0 < figures.by_district["shunhe"].eligible


def test_the_test_fixture_pack_simulates_from_its_local_share() -> None:
    """A pack without hukou shares: its synthetic.local_share for the city, the rest split evenly."""
    fixture = Path(youthcity.__file__).resolve().parents[1] / "tests" / "fixtures" / "cities" / "minicity"
    city = load_city_profile(fixture)
    assert city.city == "sample" and city.districts == ("east", "west")
    assert dict(city.hukou_shares) == {"sample": 0.5, "zhengzhou": 0.25, "other": 0.25}
    table = synthetic_population(30_000, 2, city)
    east = float((table["district"] == 0).mean())
    assert 0.63 < east < 0.70  # weights 2:1


def test_cli_simulates_the_pack_it_is_given(
    second_pack: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(PACK_ENV, raising=False)
    assert main(["simulate", "--population", "500", "--by-district"]) == 2
    assert PACK_ENV in capsys.readouterr().err
    assert main(["simulate", "--population", "500", "--by-district", "--pack", str(second_pack)]) == 0
    out = capsys.readouterr().out
    assert "shunhe_locals" in out and "longting" in out and "luolong" not in out
    monkeypatch.setenv(PACK_ENV, str(second_pack))
    assert main(["test"]) == 1  # the pack has no policy tests: reported, not passed silently
    assert "no policy tests found" in capsys.readouterr().out
    assert main(["simulate", "--population", "10", "--pack", str(second_pack / "missing")]) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (SECOND_CITY.replace("share: 3", "share: -3"), "positive"),
        (SECOND_CITY.replace("share: 3", "share: many"), "must be a number"),
        (SECOND_CITY.replace("key: shunhe", "key: longting"), "distinct"),
        (SECOND_CITY.replace(", share: 3", "").replace(", share: 1", ""), "no hukou shares"),
        (SECOND_CITY.replace('  - {code: "410203", key: shunhe, name: 顺河回族区}\n', "").replace(
            "districts:\n  - {code: \"410202\", key: longting, name: 龙亭区}\n", "districts: []\n"), "at least one district"),
        ("city: [\n", "YAML syntax error"),
    ],
)
def test_bad_pack_data_names_file_and_problem(second_pack: Path, text: str, message: str) -> None:
    (second_pack / "city.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_city_profile(second_pack)
    assert message in info.value.message and info.value.file.endswith("city.yaml")


def test_profile_from_data_and_its_checks() -> None:
    data = {"city": {"key": "x"}, "cities": [{"code": "y", "share": 1}, {"code": "x", "share": 1}],
            "districts": [{"code": "1", "key": "a"}]}
    assert city_profile(data).city == "x"  # city.key names the city itself when it is not first
    with pytest.raises(ValueError, match="unknown districts"):
        CityProfile("x", ("a",), (("x", 1.0),), (("100", "b"),))
    with pytest.raises(ValueError, match="one per district"):
        CityProfile("x", ("a", "b"), (("x", 1.0),), district_weights=(1.0,))
    one = CityProfile("x", ("a",), (("x", 1.0),))
    table = synthetic_population(100, 2, one)
    assert np.all(table["hukou_city"] == 0) and table.categories["district"] == ("a",)
