"""Excel exports write formula-like text as text (CSV/formula injection), through one helper."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.ledger.conftest import published  # noqa: F401  (fixture)
from youthcity.core.spreadsheets import FORMULA_STARTS, workbook_bytes

SOURCE = Path(__file__).resolve().parents[2] / "youthcity"
PAYLOADS = [
    '=HYPERLINK("http://evil.example","点此")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "=cmd|' /C calc'!A0",
]


def test_formula_like_text_is_stored_as_text():
    wb = Workbook()
    ws = wb.active
    ws.append([*PAYLOADS, "普通文字", 42, -3.5])
    ws["A2"] = "=1+1"  # set directly, not by append: still neutralised
    loaded = load_workbook(io.BytesIO(workbook_bytes(wb))).active
    cells = list(loaded[1])
    for cell, text in zip(cells, PAYLOADS, strict=False):
        assert cell.value == text and cell.data_type == "s" and cell.quotePrefix, text
    assert cells[len(PAYLOADS)].value == "普通文字" and not cells[len(PAYLOADS)].quotePrefix
    assert cells[-2].value == 42 and cells[-1].value == -3.5  # numbers stay numbers
    assert loaded["A2"].value == "=1+1" and loaded["A2"].data_type == "s"
    raw = workbook_bytes(wb)
    import zipfile

    sheet = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula element anywhere


def test_every_excel_export_saves_through_the_one_helper():
    offenders = []
    for path in SOURCE.rglob("*.py"):
        if "engines" in path.parts or path.name == "spreadsheets.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bwb\.save\(|Workbook\(\)\.save|\.save\(buf\)", text):
            offenders.append(str(path.relative_to(SOURCE)))
        if "Workbook(" in text and "workbook_bytes" not in text:
            offenders.append(str(path.relative_to(SOURCE)))
    assert offenders == []


@pytest.mark.django_db
def test_the_ledger_export_writes_a_narrative_formula_as_text(client, users, published, monkeypatch):  # noqa: F811
    from youthcity.ledger import exports

    monkeypatch.setattr(exports, "progress_text", lambda state: PAYLOADS[0])
    client.force_login(users["coordinator"])
    response = client.get(f"/work/ledger/plans/{published.pk}/export.xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    cells = [
        c for ws in wb.worksheets for row in ws.iter_rows(min_row=4) for c in row if c.value == PAYLOADS[0]
    ]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_formula_starts_cover_the_owasp_list():
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}
