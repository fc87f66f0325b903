"""A city is data: the engine reads a pack's districts and hukou shares, and a second city is a folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from youthcity.engines.rules import (
    CityProfile,
    PolicyError,
    load_city_profile,
    load_policy_set,
    simulate,
    synthetic_population,
)
from youthcity.engines.rules.cli import PACK_ENV, main

from .conftest import DEMO_POLICY, LUOYANG

SECOND_CITY = """\
city: kaifeng
districts:
  "410202": longting
  "410203": shunhe
hukou_shares:
  kaifeng: 3
  zhengzhou: 1
"""

DISTRICT_POLICY = DEMO_POLICY.replace(
    "expression: education_level in ['bachelor', 'master']",
    "expression: work_district == 'shunhe' and hukou_city == 'kaifeng'",
).replace("id: demo", "id: shunhe_locals")


@pytest.fixture
def second_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "kaifeng"
    (pack / "policies").mkdir(parents=True)
    (pack / "population.yaml").write_text(SECOND_CITY, encoding="utf-8")
    (pack / "policies" / "shunhe_locals.yaml").write_text(DISTRICT_POLICY, encoding="utf-8")
    return pack


def test_luoyang_pack_profile() -> None:
    assert LUOYANG.city == "luoyang" and len(LUOYANG.districts) == 14
    assert LUOYANG.district_for_region("410311") == "luolong"
    assert LUOYANG.district_for_region("410300") is None  # the city itself is not a district
    assert LUOYANG.cities[0] == "luoyang" and "beijing" in LUOYANG.cities


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
        (SECOND_CITY.replace("kaifeng: 3", "kaifeng: -3"), "positive"),
        (SECOND_CITY.replace("  kaifeng: 3\n", ""), "include the city itself"),
        (SECOND_CITY.replace('  "410203": shunhe\n', '  "410203": longting\n'), "distinct"),
        (SECOND_CITY + "weights: {}\n", "unknown key 'weights'"),
        (SECOND_CITY.replace("city: kaifeng\n", ""), "missing the required key 'city'"),
    ],
)
def test_bad_population_file_names_file_and_place(second_pack: Path, text: str, message: str) -> None:
    (second_pack / "population.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_city_profile(second_pack)
    assert message in info.value.message and info.value.file.endswith("population.yaml")
    assert info.value.line >= 1


def test_profile_checks_itself() -> None:
    with pytest.raises(ValueError, match="at least one district"):
        CityProfile("x", (), (("x", 1.0),))
    with pytest.raises(ValueError, match="unknown districts"):
        CityProfile("x", ("a",), (("x", 1.0),), (("100", "b"),))
    one = CityProfile("x", ("a",), (("x", 1.0),))
    table = synthetic_population(100, 2, one)
    assert np.all(table["hukou_city"] == 0) and table.categories["district"] == ("a",)
