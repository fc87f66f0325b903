"""Files: the Excel upload template and the published report (Excel and PDF)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from youthcity.core.numbers import fixed
from youthcity.core.pdf import cjk_fonts
from youthcity.core.spreadsheets import workbook_bytes
from youthcity.core.translations import english, join_list

from .presenters import SENSITIVITY_FACTORS


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


def synthetic_notice() -> str:
    return _("Demonstration data: the indicator values behind these figures are invented for the demonstration "
             "city; they were not supplied by any department or approved by a statistics office.")


def report_xlsx(report: dict) -> bytes:
    run = report["run"]
    wb = Workbook()
    ws = wb.active
    ws.title = _("Ranking")
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
    if report.get("synthetic"):
        ws.append([])
        ws.append([synthetic_notice()])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True, color="9C5700")
    series = wb.create_sheet(_("Time series"))
    series.append([_("district"), *report["series"]["labels"]])
    for ds in report["series"]["datasets"]:
        series.append([ds["label"], *ds["data"]])
    ind = wb.create_sheet(_("Indicator scores"))
    res = run.result
    codes = res["indicators"]
    names = {i.code: i.display_name for i in run.framework.indicators.all()}
    ind.append([_("district"), *[names.get(c) or c for c in codes]])
    for d in report["districts"]:
        ind.append([d["name"], *[res["scores"][report["period"]].get(c, {}).get(d["label"]) for c in codes]])
    raw = wb.create_sheet(_("Data"))
    raw.append([_("district"), _("division code"), _("year"), _("indicator code"), _("value"), _("revision")])
    for r in run.snapshot:
        if r["period"] == report["period"]:
            raw.append([r["district"], r["region_code"], r["period"], r["indicator"], float(r["value"]), r["revision"]])
    if report.get("sensitivity"):
        sens = wb.create_sheet(_("Sensitivity"))
        sens.append([_("choice"), _("total effect (%)"), _("interval low"), _("interval high"),
                     _("first-order effect (%)")])
        for f in report["sensitivity"]["rows"]:
            sens.append([str(f["label"]), f["total"], f["ci_low"], f["ci_high"], f["first"]])
    meta = wb.create_sheet(_("Method"))
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
        (_("Uncertain choices"), join_list(SENSITIVITY_FACTORS.get(f, f) for f in ua.get("factors", []))),
        (_("Published"), timezone.localtime(run.published_at).strftime("%Y-%m-%d %H:%M") if run.published_at else "—"),
    ]
    for w in report.get("warnings", []):
        rows.append((_("Note"), w))
    for e in report.get("excluded", []):
        rows.append((_("Excluded"), f"{e['unit']} · {e['node']}: {e['reason']}"))
    return rows


def _summary(report: dict) -> str:
    ranked = [d for d in report["districts"] if d["rank"]]
    if not ranked:
        return _("No district has a score for this year yet.")
    top = join_list(d["name"] for d in ranked[:3])
    last = ranked[-1]
    return _("%(n)s districts and counties are compared. Highest: %(top)s. Lowest: %(last)s (%(score)s). "
             "Ranks whose intervals overlap cannot be told apart with confidence.") % {
        "n": len(ranked), "top": top, "last": last["name"], "score": fixed(last["score"], 1)}



def _ranking_chart(report: dict, font: str, width: float) -> Drawing:
    """Score bars, best first, with each district's rank interval written beside its bar."""
    rows = [d for d in report["districts"] if d["score"] is not None]
    bar_h, gap, label_w, right_w = 5.2 * mm, 1.6 * mm, 34 * mm, 34 * mm
    height = len(rows) * (bar_h + gap) + 8 * mm
    drawing = Drawing(width, height)
    scale = (width - label_w - right_w) / 100.0
    for i, d in enumerate(rows):
        y = height - (i + 1) * (bar_h + gap)
        drawing.add(String(label_w - 2 * mm, y + 1.4 * mm, d["name"], fontName=font, fontSize=8, textAnchor="end"))
        drawing.add(Rect(label_w, y, max(float(d["score"]), 0) * scale, bar_h, fillColor=colors.HexColor("#0b5cad"),
                         strokeColor=None))
        interval = "" if d["rank_p05"] is None else _("rank %(lo)s–%(hi)s") % {"lo": f"{d['rank_p05']:g}",
                                                                             "hi": f"{d['rank_p95']:g}"}
        drawing.add(String(label_w + max(float(d["score"]), 0) * scale + 1.5 * mm, y + 1.4 * mm,
                           f"{fixed(d['score'], 1)}  {interval}", fontName=font, fontSize=7.5))
    for tick in (0, 25, 50, 75, 100):
        x = label_w + tick * scale
        drawing.add(Line(x, 2 * mm, x, height - 2 * mm, strokeColor=colors.HexColor("#d0d5dd"), strokeWidth=0.3))
        drawing.add(String(x, 0, str(tick), fontName=font, fontSize=7, textAnchor="middle"))
    return drawing


def report_pdf(report: dict) -> bytes:
    """An A4 report that reads as one: a cover with a summary, the ranking drawn with rank intervals,
    the table of districts and dimensions, and the method. The CJK font is embedded (core.pdf)."""

    font, bold = cjk_fonts()
    title_style = ParagraphStyle("title", fontName=bold, fontSize=22, leading=30, spaceAfter=8)
    h2 = ParagraphStyle("h2", fontName=bold, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("body", fontName=font, fontSize=8.5, leading=12)
    lead = ParagraphStyle("lead", fontName=font, fontSize=11, leading=17, spaceAfter=6)
    buf = io.BytesIO()
    title = f"{report['framework'].display_name} · {report['period']}"
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=title, lang="zh-CN" if not english() else "en")
    run = report["run"]
    published = timezone.localtime(run.published_at).strftime("%Y-%m-%d") if run.published_at else "—"
    story = [Spacer(1, 30 * mm), Paragraph(title, title_style),
             Paragraph(_("Published %(date)s · framework version %(version)s") % {
                 "date": published, "version": run.framework.version}, lead),
             Spacer(1, 6 * mm), Paragraph(_("Summary"), h2), Paragraph(_summary(report), lead),
             Paragraph(_("Scores 0–100 (higher is better). Rank interval: 5th–95th percentile of the rank over "
                         "%(n)s Monte Carlo replications of weights, normalisation, aggregation and imputation.")
                       % {"n": run.replications}, body)]
    if report.get("synthetic"):
        story.insert(2, Paragraph(synthetic_notice(), lead))
    story += [Paragraph(f"{w}", body) for w in report.get("warnings", [])]
    story += [PageBreak(), Paragraph(_("Ranking of districts"), h2),
              _ranking_chart(report, font, 273 * mm), PageBreak(), Paragraph(_("Index and its dimensions"), h2)]
    dims = report["dimensions"]
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
        story.append(Paragraph(f"{k}{'：' if not english() else ': '}{v}", body))
    doc.build(story)
    return buf.getvalue()
