"""Files: the Excel upload template and the published report (Excel and PDF)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from youthcity.core.numbers import fixed
from youthcity.core.spreadsheets import workbook_bytes


def upload_template(*, framework, indicators, districts, period: str) -> bytes:
    """An .xlsx with one row per district for ``period`` and one column per indicator the unit
    supplies; row 2 explains each column (name, unit, plausible range) and is skipped on upload."""

    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(["district", "period", *[i.code for i in indicators]])
    ws.append(["# " + _("district or county"), _("year"),
               *[f"{i.display_name} ({i.unit_label}; {_range(i)})" for i in indicators]])
    for region in districts:
        ws.append([region.name, int(period)] + [None] * len(indicators))
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    for cell in ws[2]:
        cell.font = Font(italic=True, color="666666")
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
    ws.freeze_panes = "C3"
    ws.column_dimensions["A"].width = 14
    for c in range(3, len(indicators) + 3):
        ws.column_dimensions[get_column_letter(c)].width = 22
    info = wb.create_sheet("indicators")
    info.append([_("code"), _("indicator"), _("unit of measure"), _("polarity"), _("lowest plausible value"),
                 _("highest plausible value"), _("supplying department"), _("origin")])
    for i in indicators:
        info.append([i.code, i.display_name, i.unit_label, i.get_polarity_display(), i.valid_min, i.valid_max,
                     i.supplier.display_name if i.supplier else i.source_unit_name, i.origin])
    for cell in info[1]:
        cell.font = bold
    info.append([])
    info.append([_("Fill in the “data” sheet: one row per district, numbers only, empty when not available. "
                   "Row 2 (starting with #) is ignored.")])
    info.append([f"{framework.display_name} {framework.version} · {framework.content_hash[:12]}"])
    return workbook_bytes(wb)


def _range(i) -> str:
    lo = "…" if i.valid_min is None else f"{i.valid_min:g}"
    hi = "…" if i.valid_max is None else f"{i.valid_max:g}"
    return f"{lo}–{hi}"


def report_xlsx(report: dict) -> bytes:
    run = report["run"]
    wb = Workbook()
    ws = wb.active
    ws.title = "ranking"
    dims = report["dimensions"]
    ws.append([f"{report['framework'].display_name} {report['period']}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_("rank"), _("district"), _("index score"), _("median rank"), _("rank interval 5%"),
               _("rank interval 95%"), *[d["name"] for d in dims], _("imputed indicators")])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for d in report["districts"]:
        ws.append([d["rank"], d["name"], d["score"], d["median_rank"], d["rank_p05"], d["rank_p95"], *d["dims"],
                   ", ".join(d["imputed"])])
    series = wb.create_sheet("time series")
    series.append([_("district"), *report["series"]["labels"]])
    for ds in report["series"]["datasets"]:
        series.append([ds["label"], *ds["data"]])
    ind = wb.create_sheet("indicator scores")
    res = run.result
    codes = res["indicators"]
    ind.append([_("district"), *codes])
    for d in report["districts"]:
        ind.append([d["name"], *[res["scores"][report["period"]].get(c, {}).get(d["label"]) for c in codes]])
    raw = wb.create_sheet("data")
    raw.append(["district", "division code", "period", "indicator", "value", "revision"])
    for r in run.snapshot:
        if r["period"] == report["period"]:
            raw.append([r["district"], r["region_code"], r["period"], r["indicator"], float(r["value"]), r["revision"]])
    if report.get("sensitivity"):
        sens = wb.create_sheet("sensitivity")
        sens.append([_("choice"), _("total effect (%)"), _("interval low"), _("interval high"),
                     _("first-order effect (%)")])
        for f in report["sensitivity"]["rows"]:
            sens.append([str(f["label"]), f["total"], f["ci_low"], f["ci_high"], f["first"]])
    meta = wb.create_sheet("method")
    for k, v in _meta_rows(report):
        meta.append([k, v])
    return workbook_bytes(wb)


def _meta_rows(report: dict) -> list[tuple[str, str]]:
    run = report["run"]
    ua = report.get("ua") or {}
    rows = [
        (_("Framework"), f"{run.framework.display_name} {run.framework.version}"),
        (_("Framework hash"), run.framework_hash),
        (_("Data snapshot hash"), run.data_hash),
        (_("Engine version"), run.engine_version),
        (_("Engine input hash"), run.input_hash),
        (_("Base period"), run.base_period or _("none (fixed goalposts)")),
        (_("Monte Carlo replications"), str(run.replications)),
        (_("Random seed"), str(run.seed)),
        (_("Uncertain choices"), ", ".join(ua.get("factors", []))),
        (_("Published"), timezone.localtime(run.published_at).strftime("%Y-%m-%d %H:%M") if run.published_at else "—"),
    ]
    for w in report.get("warnings", []):
        rows.append((_("Note"), w))
    for e in report.get("excluded", []):
        rows.append((_("Excluded"), f"{e['unit']} · {e['node']}: {e['reason']}"))
    return rows


def report_pdf(report: dict) -> bytes:
    """A4 report with the ranking, dimensions and uncertainty intervals, in Chinese (STSong-Light)."""

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    h1 = ParagraphStyle("h1", fontName=font, fontSize=16, leading=22, spaceAfter=6)
    h2 = ParagraphStyle("h2", fontName=font, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("body", fontName=font, fontSize=8.5, leading=12)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm,
                            title=f"{report['framework'].display_name} {report['period']}")
    dims = report["dimensions"]
    story = [Paragraph(f"{report['framework'].display_name} · {report['period']}", h1),
             Paragraph(_("Scores 0–100 (higher is better). Rank interval: 5th–95th percentile of the rank over "
                         "%(n)s Monte Carlo replications of weights, normalisation, aggregation and imputation.")
                       % {"n": report["run"].replications}, body),
             Spacer(1, 4 * mm), Paragraph(_("Ranking of districts"), h2)]
    head = [_("Rank"), _("District"), _("Index"), _("Rank interval"), *[d["name"] for d in dims]]
    data = [[Paragraph(str(h), body) for h in head]]
    for d in report["districts"]:
        interval = "" if d["rank_p05"] is None else f"{d['rank_p05']:g}–{d['rank_p95']:g}"
        data.append([str(d["rank"] or "—"), Paragraph(d["name"], body), fixed(d["score"], 2), interval,
                     *[fixed(v, 1) for v in d["dims"]]])
    widths = [12 * mm, 28 * mm, 16 * mm, 20 * mm] + [(273 - 76) * mm / max(len(dims), 1)] * len(dims)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7f0fb")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#b0b7c3")),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f7f9fc")]),
    ]))
    story += [table, Spacer(1, 4 * mm), Paragraph(_("Method and reproducibility"), h2)]
    for k, v in _meta_rows(report):
        story.append(Paragraph(f"{k}: {v}", body))
    doc.build(story)
    return buf.getvalue()
