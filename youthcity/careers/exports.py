"""The catalogue as an Excel workbook (openpyxl), saved through :func:`core.spreadsheets.workbook_bytes`,
which writes any text a spreadsheet would read as a formula (= + - @ …) as text."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook

from youthcity.core.spreadsheets import workbook_bytes


def positions_xlsx(positions) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Positions")
    ws.append([_("Position title"), _("Kind"), _("Employer"), _("District"), _("Industry"), _("Education required"),
               _("Starts on"), _("Ends on"), _("Months"), _("Monthly allowance or salary (yuan)"), _("Places"),
               _("Requirements")])
    for p in positions:
        ws.append([p.title, p.get_kind_display(), p.employer.name, p.district.display_name, p.get_industry_display(),
                   p.get_education_required_display() or _("Any"), p.starts_on, p.ends_on, p.duration_months,
                   float(p.monthly_pay), p.capacity, p.requirements])
    return workbook_bytes(wb)
