"""The ``youthcity index`` command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from youthcity.engines.index.cli import main

DATA = Path(__file__).parent / "data"
FW, CSV = str(DATA / "hdi.yaml"), str(DATA / "hdi_2022.csv")


def test_compute_json(capsys):
    assert main(["compute", FW, CSV]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["scores"]["2022"]["hdi"]["China"] == 0.788
    assert doc["ranks"]["2022"]["hdi"]["Australia"] == 1
    assert doc["engine_version"] and len(doc["input_hash"]) == 64


def test_compute_csv_with_uncertainty(capsys):
    assert main(["compute", FW, CSV, "--format", "csv", "--uncertainty", "100", "--seed", "5", "--period", "2022"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    china = [r for r in rows if r["unit"] == "China" and r["node"] == "hdi"][0]
    assert china["score"] == "0.788" and china["rank"] == "7"
    assert int(china["rank_p05"]) <= int(china["median_rank"]) <= int(china["rank_p95"])
    assert {r["node"] for r in rows} >= {"le", "eys", "mys", "gnipc", "health", "education", "income", "hdi"}


def test_json_uncertainty_block(capsys):
    assert main(["compute", FW, CSV, "--uncertainty", "50"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["uncertainty"]["n"] == 50
    assert {"unit", "median_rank", "rank_p05", "rank_p95"} <= set(doc["uncertainty"]["units"][0])


def test_errors_exit_2_with_message(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,period,le,eys,mys,gnipc\nChina,2022,78.6,abc,8.1,18025\n", encoding="utf-8")
    assert main(["compute", FW, str(bad)]) == 2
    err = capsys.readouterr().err
    assert "row 2, column 'eys': 'abc' is not a number" in err
    assert main(["compute", str(tmp_path / "missing.yaml"), CSV]) == 2
    assert "framework file not found" in capsys.readouterr().err
    assert main(["compute", FW, CSV, "--period", "1999"]) == 2
    assert "period '1999' is not in the data" in capsys.readouterr().err


def test_framework_and_data_paths_are_required(capsys):
    # No city is built in: without both paths the command refuses instead of using a default pack.
    for argv in (["compute"], ["compute", FW]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
        assert "required" in capsys.readouterr().err
