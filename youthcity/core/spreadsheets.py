"""Every Excel file the platform writes goes through :func:`workbook_bytes`.

A spreadsheet cell whose text starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return)
is a formula to Excel and WPS: a progress narrative ``=HYPERLINK("http://…","点此")`` would become a
live link, ``=cmd|…`` worse (CSV/formula injection, OWASP). No export of ours writes a formula on
purpose, so before saving, every text cell that would be read as one is stored as text (a string
cell with Excel's quote prefix, shown exactly as typed and never evaluated, even after editing).
"""

from __future__ import annotations

import io

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell) -> bool:
    """Store ``cell`` as text if its value would be read as a formula; True when it changed."""
    value = cell.value
    if isinstance(value, str) and (cell.data_type == "f" or value.startswith(FORMULA_STARTS)):
        cell.data_type = "s"
        cell.quotePrefix = True
        return True
    return False


def workbook_bytes(wb: Workbook) -> bytes:
    """``wb`` saved as .xlsx bytes, with every formula-like text stored as text."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                neutralise(cell)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
