"""The catalogue as an Excel workbook (openpyxl). A cell that a spreadsheet would read as a
formula (text starting with = + - @) is written as text, so a position's title cannot run code."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook

FORMULA_START = ("=", "+", "-", "@")


def positions_xlsx(positions) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Positions")
    ws.append([_("Position title"), _("Kind"), _("Employer"), _("District"), _("Industry"), _("Education required"),
               _("Starts on"), _("Ends on"), _("Months"), _("Monthly allowance or salary (yuan)"), _("Places"),
               _("Requirements")])
    for p in positions:
        row = [p.title, p.get_kind_display(), p.employer.name, p.district.display_name, p.get_industry_display(),
               p.get_education_required_display() or _("Any"), p.starts_on, p.ends_on, p.duration_months,
               float(p.monthly_pay), p.capacity, p.requirements]
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"  # text, never a formula
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
